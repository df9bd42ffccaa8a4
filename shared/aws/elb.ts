import { fact } from "./fact";

/** Elastic Load Balancing's account per region (regions opened before August 2022), from the ELB user guide. */
export const ELB_LOG_ACCOUNT_TABLE = fact({
  value: {
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-southeast-3": "589379963580",
    "ap-south-1": "718504428378",
    "ap-northeast-3": "383597477331",
    "ap-northeast-2": "600734575887",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-northeast-1": "582318560864",
    "ca-central-1": "985666609251",
    "eu-central-1": "054676820928",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-south-1": "635631232127",
    "eu-west-3": "009996457667",
    "eu-north-1": "897822967062",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "us-gov-west-1": "048591011584",
    "us-gov-east-1": "190560391635",
  } as Readonly<Record<string, string>>,
  source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
  read: "2026-12-03",
});

export const ELB_LOG_ACCOUNTS = ELB_LOG_ACCOUNT_TABLE.value;

/** Regions opened in or after August 2022, where ELB delivers logs as a service principal. */
export const ELB_LOG_SERVICE_REGION_LIST = fact({
  value: [
    "ap-south-2",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-7",
    "ap-east-2",
    "ca-west-1",
    "eu-central-2",
    "eu-south-2",
    "il-central-1",
    "me-central-1",
    "mx-central-1",
  ] as readonly string[],
  source: "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html",
  read: "2026-12-03",
  note: "these regions take the service principal logdelivery.elasticloadbalancing.amazonaws.com instead of an account",
});

export const ELB_LOG_SERVICE_REGIONS = ELB_LOG_SERVICE_REGION_LIST.value;
