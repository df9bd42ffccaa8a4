import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface DomainCertificateArgs {
  /** The name the certificate is for, e.g. `api.example.com`. */
  readonly domainName: string;
  /** The Route 53 hosted zone that serves `domainName`; the validation record goes there. */
  readonly hostedZoneId: string;
}

/**
 * An ACM certificate for one domain, validated through DNS: the validation
 * CNAME in the hosted zone, and a CertificateValidation that waits until ACM
 * has issued the certificate, so listeners never use a pending one.
 */
export class DomainCertificate extends pulumi.ComponentResource {
  /** The certificate's ARN, resolved only once ACM has issued it. */
  public readonly certificateArn: pulumi.Output<string>;

  constructor(name: string, args: DomainCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("platform:edge:DomainCertificate", name, {}, opts);
    const certificate = new aws.acm.Certificate(
      `${name}-cert`,
      { domainName: args.domainName, validationMethod: "DNS", keyAlgorithm: "RSA_2048" },
      { parent: this },
    );
    const option = certificate.domainValidationOptions.apply((options) => options[0]);
    const record = new aws.route53.Record(
      `${name}-validation`,
      {
        zoneId: args.hostedZoneId,
        name: option.resourceRecordName,
        type: option.resourceRecordType,
        records: [option.resourceRecordValue],
        ttl: 300,
        allowOverwrite: true,
      },
      { parent: this },
    );
    const validation = new aws.acm.CertificateValidation(
      `${name}-validated`,
      { certificateArn: certificate.arn, validationRecordFqdns: [record.fqdn] },
      { parent: this },
    );
    this.certificateArn = validation.certificateArn;
    this.registerOutputs({ certificateArn: this.certificateArn });
  }
}
