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
