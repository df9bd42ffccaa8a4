import * as fs from "fs";
import * as path from "path";
import { qualify } from "./errors";
import { KeyDoc } from "./spec";
import { describeConfig } from "./schema";

const escape = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The config reference as a Markdown table: every key, its type, default, allowed values and meaning. */
export function configReferenceMarkdown(docs: readonly KeyDoc[] = describeConfig()): string {
  const rows = docs.map(
    (d) => `| \`${qualify(d.key)}\` | ${d.type} | ${escape(d.default)} | ${escape(d.allowed)} | ${escape(d.description)} |`,
  );
  return ["| key | type | default | allowed | description |", "| --- | --- | --- | --- | --- |", ...rows].join("\n");
}

/** The config reference as YAML comment lines, for each layer's Pulumi.yaml. */
export function configReferenceYamlComment(docs: readonly KeyDoc[] = describeConfig()): string {
  return docs.map((d) => `#   ${qualify(d.key)} (${d.type}, default ${d.default}): ${d.description}`).join("\n");
}

/** A generated block of a file, between a start and an end marker line. */
interface Block {
  readonly file: string;
  readonly start: string;
  readonly end: string;
  readonly body: string;
}

/** Every generated config-reference block: the table of docs/configuration.md and each layer's Pulumi.yaml comment. */
export function referenceBlocks(root: string): Block[] {
  const yamlBody = configReferenceYamlComment();
  return [
    {
      file: path.join(root, "docs", "configuration.md"),
      start: "<!-- config-reference:start -->",
      end: "<!-- config-reference:end -->",
      body: configReferenceMarkdown(),
    },
    ...["network", "data", "edge", "compute"].map((layer) => ({
      file: path.join(root, "stacks", layer, "Pulumi.yaml"),
      start: "# config-reference:start",
      end: "# config-reference:end",
      body: yamlBody,
    })),
  ];
}

/** The file's text with the block's body replaced; throws when a marker is missing. */
export function replaceBlock(text: string, block: Block): string {
  const from = text.indexOf(block.start);
  const to = text.indexOf(block.end);
  if (from < 0 || to < from) throw new Error(`${block.file} lacks the markers ${block.start} ... ${block.end}`);
  return `${text.slice(0, from + block.start.length)}\n${block.body}\n${text.slice(to)}`;
}

/**
 * Rewrites the generated blocks (`write`) or lists the files whose blocks are
 * out of date (`check`). Returns the out-of-date files.
 */
export function syncReference(root: string, mode: "write" | "check"): string[] {
  const stale: string[] = [];
  for (const block of referenceBlocks(root)) {
    const text = fs.readFileSync(block.file, "utf8");
    const updated = replaceBlock(text, block);
    if (updated !== text) {
      stale.push(path.relative(root, block.file));
      if (mode === "write") fs.writeFileSync(block.file, updated);
    }
  }
  return stale;
}
