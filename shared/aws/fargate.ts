import { fact } from "./fact";

function steps(min: number, max: number, step: number): readonly number[] {
  const values: number[] = [];
  for (let m = min; m <= max; m += step) values.push(m);
  return values;
}

/** Memory sizes (MiB) Fargate accepts for each task CPU size (Linux, platform 1.4.0). */
export const FARGATE_SIZES = fact({
  value: {
    256: [512, 1024, 2048],
    512: steps(1024, 4096, 1024),
    1024: steps(2048, 8192, 1024),
    2048: steps(4096, 16384, 1024),
    4096: steps(8192, 30720, 1024),
    8192: steps(16384, 61440, 4096),
    16384: steps(32768, 122880, 8192),
  } as Readonly<Record<number, readonly number[]>>,
  source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html",
  read: "2026-12-03",
  note: "8 and 16 vCPU need Linux platform 1.4.0 or later; Windows tasks start at 1 vCPU",
});

export const FARGATE_MEMORY = FARGATE_SIZES.value;

/**
 * The CPU architectures a Linux task on Fargate runs on (the task
 * definition's `runtimePlatform.cpuArchitecture`): X86_64 (the default) or
 * ARM64 (AWS Graviton). The image must be built for the architecture, or be
 * a multi-architecture image index that has it: an amd64-only image does not
 * start on ARM64.
 */
export const FARGATE_CPU_ARCHITECTURES = fact({
  value: ["X86_64", "ARM64"] as const,
  source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RuntimePlatform.html",
  read: "2026-12-03",
  note: "the ECS developer guide's page on ARM task definitions (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-arm-specifying.html) shows the same runtimePlatform",
});

/**
 * The platform version a service on `LATEST` runs on Linux: 1.4.0 ("The
 * LATEST Linux platform version is 1.4.0"). ARM64 tasks on FARGATE and on
 * FARGATE_SPOT run on it: AWS announced Graviton-based Fargate Spot on
 * 2024-09-06 ("Amazon ECS now supports AWS Graviton-based Spot compute with
 * AWS Fargate": a task definition with `cpuArchitecture: ARM64` and the
 * FARGATE_SPOT capacity provider).
 */
export const FARGATE_LINUX_LATEST_PLATFORM = fact({
  value: "1.4.0",
  source: "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-linux-fargate.html",
  read: "2026-12-03",
  note: "the announcement (https://aws.amazon.com/about-aws/whats-new/2024/09/amazon-ecs-graviton-based-spot-compute-fargate/) was read only as quoted in aws/copilot-cli issue 5934; the copies of the capacity provider page (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-capacity-providers.html) the search reached predate it and still say Fargate Spot runs X86_64 only",
});
