import { parseArgs } from "util";

/** The flags a command accepts: a value, a switch, or a value that may repeat. */
export type Flags = Readonly<Record<string, "string" | "boolean" | "strings">>;

type ValueOf<T> = T extends "boolean" ? boolean : T extends "strings" ? string[] : string | undefined;

/** What a command line says: each flag's value (a switch false, a repeated flag [] when absent) and the other arguments. */
export interface CommandLine<F extends Flags> {
  readonly values: { readonly [K in keyof F]: ValueOf<F[K]> };
  readonly positionals: readonly string[];
}

/**
 * Reads a command line with Node's `util.parseArgs` (strict: an unknown flag,
 * a missing value or an argument the command does not take is an error),
 * the one parser of every command of the repository. `fail` turns a message
 * into the command's own error, which adds its usage:
 * `unexpected argument "<arg>"`, `<flag> needs a value`, `<flag> takes no
 * value`, `<flag> is given twice` (for a flag that does not repeat).
 */
export function readCommandLine<F extends Flags>(
  argv: readonly string[],
  flags: F,
  fail: (message: string) => never,
  allowPositionals = false,
): CommandLine<F> {
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, kind]) => [name, kind === "strings" ? { type: "string" as const, multiple: true } : { type: kind }]),
  );
  let parsed: ReturnType<typeof parseArgs<{ options: typeof options; strict: true; allowPositionals: boolean; tokens: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals, tokens: true });
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    const quoted = /'([^' ]+)/.exec(message)?.[1] ?? message;
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
      return fail(message.includes("does not take an argument") ? `${quoted} takes no value` : `${quoted} needs a value`);
    return fail(`unexpected argument "${quoted}"`);
  }
  for (const [name, kind] of Object.entries(flags)) {
    if (kind !== "strings" && parsed.tokens.filter((t) => t.kind === "option" && t.name === name).length > 1)
      fail(`--${name} is given twice`);
  }
  const values = Object.fromEntries(
    Object.entries(flags).map(([name, kind]) => [
      name,
      parsed.values[name] ?? (kind === "boolean" ? false : kind === "strings" ? [] : undefined),
    ]),
  );
  return { values: values as CommandLine<F>["values"], positionals: parsed.positionals };
}

/** `--set key=value` pairs as `platform` config overrides (the `platform:` prefix optional). */
export function readOverrides(pairs: readonly string[], fail: (message: string) => never): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) fail(`--set takes key=value, got "${pair}"`);
    overrides[pair.slice(0, eq).replace(/^platform:/, "")] = pair.slice(eq + 1);
  }
  return overrides;
}
