import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import { LAYERS } from "../../shared/layers";

const ROOT = path.resolve(__dirname, "..", "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const VALIDATOR = path.join(__dirname, "validate-workflows.mjs");

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly env?: Readonly<Record<string, string>>;
}
interface Job {
  readonly needs?: string | readonly string[];
  readonly if?: string;
  readonly environment?: string;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly uses?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly secrets?: Readonly<Record<string, string>>;
  readonly strategy?: { readonly matrix?: Readonly<Record<string, unknown>>; readonly "fail-fast"?: boolean };
  readonly outputs?: Readonly<Record<string, string>>;
  readonly container?: string;
  readonly steps?: readonly Step[];
}
interface Workflow {
  readonly on: Readonly<Record<string, unknown>>;
  readonly permissions?: Readonly<Record<string, string>>;
  readonly concurrency?: { readonly group: string; readonly "cancel-in-progress": boolean };
  readonly jobs: Readonly<Record<string, Job>>;
}

function text(file: string): string {
  return fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
}

function load(file: string): Workflow {
  return yaml.load(text(file)) as Workflow;
}

/** GitHub's parser over the given files, in one child process: the errors of each file. */
function validate(files: readonly string[]): Record<string, string[]> {
  const run = spawnSync(process.execPath, [VALIDATOR, ...files], { cwd: ROOT, encoding: "utf8" });
  if (run.stdout === "") throw new Error(`the validator printed nothing: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, string[]>;
}

/** Workflows broken on purpose, each from a real one by one edit, and what the parser must say. */
const BROKEN: readonly { name: string; from: string; edit: (s: string) => string; error: RegExp }[] = [
  {
    name: "unknown-key",
    from: "deploy-stack.yml",
    edit: (s) => s.replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    enviroment: typo\n"),
    error: /Unexpected value 'enviroment'/,
  },
  {
    name: "needs-missing-job",
    from: "deploy-stack.yml",
    edit: (s) => s.replace("    needs: network\n", "    needs: netwrk\n"),
    error: /Job 'data' depends on unknown job 'netwrk'/,
  },
  {
    name: "bad-permission",
    from: "pull-request.yml",
    edit: (s) => s.replace("pull-requests: write", "pull-requests: writ"),
    error: /Unexpected value 'writ'/,
  },
  {
    name: "unknown-context",
    from: "deploy-stack.yml",
    edit: (s) => s.replace("if: ${{ inputs.data", "if: ${{ input.data"),
    error: /Unrecognized named-value: 'input'/,
  },
  {
    name: "undeclared-input",
    from: "deploy.yml",
    edit: (s) => s.replace("      compute: ${{ matrix.compute }}\n", "      compute: ${{ matrix.compute }}\n      colour: blue\n"),
    error: /Invalid input, colour is not defined in the referenced workflow/,
  },
  {
    name: "missing-reusable-workflow",
    from: "deploy.yml",
    edit: (s) => s.replace("uses: ./.github/workflows/deploy-stack.yml", "uses: ./.github/workflows/deploy-stacks.yml"),
    error: /Unable to find reusable workflow/,
  },
];

const files = fs.readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));
let results: Record<string, string[]>;
let brokenDir: string;

beforeAll(() => {
  brokenDir = fs.mkdtempSync(path.join(os.tmpdir(), "workflows-"));
  for (const b of BROKEN) {
    const original = text(b.from);
    const broken = b.edit(original);
    if (broken === original) throw new Error(`the edit of ${b.name} changed nothing in ${b.from}`);
    fs.writeFileSync(path.join(brokenDir, `${b.name}.yml`), broken);
  }
  results = validate([...files.map((f) => path.join(WORKFLOWS, f)), ...BROKEN.map((b) => path.join(brokenDir, `${b.name}.yml`))]);
});

afterAll(() => fs.rmSync(brokenDir, { recursive: true, force: true }));

describe("the workflow files, as GitHub's parser (@actions/workflow-parser) reads them", () => {
  it("are the pull request, deploy and per-stack deploy workflows", () => {
    expect(files.sort()).toEqual(["deploy-stack.yml", "deploy.yml", "pull-request.yml"]);
  });

  it.each(files)("%s has no error", (file) => {
    expect(results[path.join(WORKFLOWS, file)]).toEqual([]);
  });

  it.each(BROKEN.map((b) => [b.name, b] as const))("reports a workflow broken on purpose: %s", (_name, b) => {
    const errors = results[path.join(brokenDir, `${b.name}.yml`)];
    expect(errors.some((e) => b.error.test(e))).toBe(true);
  });
});

describe("every workflow", () => {
  const all = files.map((f) => [f, text(f)] as const);

  it.each(all)("%s stores no AWS key and never passes one", (_file, source) => {
    expect(source).not.toMatch(
      /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN|aws-access-key-id|aws-secret-access-key|aws-session-token/i,
    );
  });

  it.each(all)("%s pins every third-party action by its full commit, or uses a local file", (_file, source) => {
    const uses = [...source.matchAll(/uses:\s*(\S+)/g)].map((m) => m[1]);
    expect(uses.length).toBeGreaterThan(0);
    for (const ref of uses) expect(ref).toMatch(/^(\.\/.+|[\w.-]+\/[\w.-]+@[0-9a-f]{40})$/);
  });

  it.each(files)("%s grants nothing at the top and asks per job", (file) => {
    expect(load(file).permissions).toEqual({});
  });
});

describe("the deploy workflow", () => {
  const deploy = load("deploy.yml");
  const stack = load("deploy-stack.yml");

  it("runs on a push to main and by hand for one stack", () => {
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    const dispatch = deploy.on.workflow_dispatch as { inputs: Record<string, { type: string }> };
    expect(Object.keys(dispatch.inputs)).toEqual(["stack", "all-layers"]);
    expect(deploy.jobs.plan.if).toBe("github.ref == 'refs/heads/main'");
  });

  it("runs one at a time and never cancels a run halfway", () => {
    expect(deploy.concurrency).toEqual({ group: "deploy", "cancel-in-progress": false });
  });

  it("plans with a read-only token that may read the environments' deployments", () => {
    expect(deploy.jobs.plan.permissions).toEqual({ contents: "read", deployments: "read" });
    const run = deploy.jobs.plan.steps?.map((s) => s.run ?? "").join("\n");
    expect(run).toContain("node -r ./shared/register.js .github/scripts/deploy-plan.ts");
    expect(deploy.jobs.plan.steps?.[0].with).toEqual({ "fetch-depth": 0, "persist-credentials": false });
  });

  it("deploys the stacks that read others after those they read, each stack through deploy-stack.yml", () => {
    for (const [job, output] of [
      ["deploy", "matrix"],
      ["deploy-dependents", "dependents"],
    ] as const) {
      const j = deploy.jobs[job];
      expect(j.uses).toBe("./.github/workflows/deploy-stack.yml");
      expect(j.strategy).toEqual({ "fail-fast": false, matrix: { include: `\${{ fromJSON(needs.plan.outputs.${output}) }}` } });
      expect(j.permissions).toEqual({ contents: "read", "id-token": "write" });
      expect(j.with).toEqual({
        stack: "${{ matrix.stack }}",
        region: "${{ matrix.region }}",
        ...Object.fromEntries(LAYERS.map((l) => [l, `\${{ matrix.${l} }}`])),
      });
    }
    expect(deploy.jobs["deploy-dependents"].needs).toEqual(["plan", "deploy"]);
    expect(deploy.jobs["deploy-dependents"].if).toBe(
      "${{ !failure() && !cancelled() && needs.plan.result == 'success' && needs.plan.outputs.dependents != '[]' }}",
    );
    expect(deploy.jobs.deploy.if).toBe("needs.plan.outputs.matrix != '[]'");
  });

  it("has one job per layer, network → data → edge → compute, each needing the one before", () => {
    expect(Object.keys(stack.jobs)).toEqual([...LAYERS]);
    LAYERS.forEach((layer, i) => expect(stack.jobs[layer].needs).toEqual(i === 0 ? undefined : LAYERS[i - 1]));
  });

  it.each([...LAYERS])("runs %s only when asked, and after no failure upstream", (layer) => {
    expect(stack.jobs[layer].if).toBe(`\${{ inputs.${layer} && !failure() && !cancelled() }}`);
  });

  it.each([...LAYERS])("runs %s in its own environment with an OIDC token and nothing else", (layer) => {
    const job = stack.jobs[layer];
    expect(job.environment).toBe(`\${{ inputs.stack }}-${layer}`);
    expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  it.each([...LAYERS])("assumes the %s layer's own role through OIDC, after installing and before deploying", (layer) => {
    const steps = stack.jobs[layer].steps ?? [];
    const assume = steps.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
    expect(steps[assume].with).toEqual({
      "role-to-assume": `\${{ vars.${layer.toUpperCase()}_DEPLOY_ROLE_ARN }}`,
      "aws-region": "${{ inputs.region }}",
      "role-session-name": `\${{ inputs.stack }}-${layer}-\${{ github.run_id }}`,
    });
    const npmCi = steps.findIndex((s) => s.run?.startsWith("npm ci"));
    const deploy = steps.findIndex((s) => s.run?.includes("npm run deploy"));
    expect(npmCi).toBeLessThan(assume);
    expect(assume).toBeLessThan(deploy);
    expect(deploy).toBe(steps.length - 1);
    expect(steps[deploy].run).toMatch(new RegExp(`^npm run deploy -- --stack "\\$STACK" --layer ${layer}( |$)`));
  });

  it.each([...LAYERS])("checks the %s environment before it installs the CLI or assumes the role", (layer) => {
    const steps = stack.jobs[layer].steps ?? [];
    const check = steps.findIndex((s) => s.run?.includes(".github/scripts/check-deploy-env.ts"));
    expect(steps[check].run).toContain(`--layer ${layer}`);
    expect(steps[check].env?.ROLE_ARN).toBe(`\${{ vars.${layer.toUpperCase()}_DEPLOY_ROLE_ARN }}`);
    expect(check).toBeLessThan(steps.findIndex((s) => s.run?.includes("install-pulumi.sh")));
  });

  it("gives secrets only to the steps that use them, never to npm ci", () => {
    const offenders = LAYERS.flatMap((layer) =>
      (stack.jobs[layer].steps ?? [])
        .filter((s) => JSON.stringify(s).includes("secrets.") !== /check-deploy-env|npm run deploy/.test(s.run ?? ""))
        .map((s) => `${layer}: ${s.name ?? s.uses ?? s.run}`),
    );
    expect(offenders).toEqual([]);
  });

  it("keeps the four layer jobs the same but for the layer", () => {
    const normalized = LAYERS.map((layer) => {
      const { needs: _needs, ["timeout-minutes"]: _timeout, ...job } = stack.jobs[layer] as Job & { "timeout-minutes"?: number };
      return JSON.stringify(job)
        .replace(new RegExp(`\\b${layer}\\b`, "g"), "LAYER")
        .replace(new RegExp(layer.toUpperCase(), "g"), "LAYER");
    });
    for (const job of normalized.slice(1)) expect(job).toBe(normalized[0]);
  });

  it("takes exactly the inputs the plan's matrix gives", () => {
    const call = stack.on.workflow_call as { inputs: Record<string, unknown>; secrets: Record<string, unknown> };
    expect(Object.keys(call.inputs)).toEqual(["stack", "region", ...LAYERS]);
    expect(Object.keys(call.secrets)).toEqual(Object.keys(deploy.jobs.deploy.secrets ?? {}));
  });
});

describe("the pull request workflow", () => {
  const pr = load("pull-request.yml");

  it("runs on every pull request, a newer push cancelling the older run", () => {
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    expect(pr.concurrency).toEqual({ group: "pull-request-${{ github.event.pull_request.number }}", "cancel-in-progress": true });
  });

  it("runs what CI runs (npm ci, then npm test) on Debian 12 with a read-only token", () => {
    const test = pr.jobs.test;
    expect(test.container).toBe("node:20-bookworm");
    expect(test.permissions).toEqual({ contents: "read" });
    expect(test.steps?.map((s) => s.run).filter(Boolean)).toEqual(["bash .ci/run"]);
    const ci = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    expect(ci).toMatch(/npm ci /);
    expect(ci).toMatch(/npm test/);
  });

  it("runs npm run changes for every committed stack against the target branch, with a read-only token", () => {
    const changes = pr.jobs.changes;
    expect(changes.permissions).toEqual({ contents: "read" });
    expect(changes.steps?.[0].with).toEqual({ "fetch-depth": 0, "persist-credentials": false });
    const step = changes.steps?.find((s) => s.id === "changes") as Step;
    expect(step.run).toBe("bash .github/scripts/changes-comment.sh");
    expect(step.env?.BASE).toBe("origin/${{ github.base_ref }}");
    expect(changes.outputs).toEqual({ comment: "${{ steps.changes.outputs.comment }}" });
    const script = fs.readFileSync(path.join(ROOT, ".github", "scripts", "changes-comment.sh"), "utf8");
    expect(script).toContain('npm run -s changes -- --stack "$stack" --base "$BASE"');
    expect(script).toContain("for file in stacks/Pulumi.*.yaml");
  });

  it("posts the comment from a job that may write pull requests only and runs none of the pull request's code", () => {
    const comment = pr.jobs.comment;
    expect(comment.permissions).toEqual({ "pull-requests": "write" });
    expect(comment.needs).toBe("changes");
    expect(comment.steps?.every((s) => s.uses === undefined)).toBe(true);
    const run = comment.steps?.map((s) => s.run).join("\n") ?? "";
    expect(run).toContain('gh api --method POST "repos/$REPO/issues/$PR/comments"');
    expect(run).toContain('gh api --method PATCH "repos/$REPO/issues/comments/$id"');
    expect(run).not.toMatch(/npm|node|bash \./);
    expect(comment.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
  });

  it("grants no other write permission, no OIDC token and no secret", () => {
    const writes = Object.entries(pr.jobs).flatMap(([name, job]) =>
      Object.entries(job.permissions ?? {})
        .filter(([, level]) => level === "write")
        .map(([scope]) => `${name}:${scope}`),
    );
    expect(writes).toEqual(["comment:pull-requests"]);
    expect(text("pull-request.yml")).not.toMatch(/id-token|secrets\./);
  });
});
