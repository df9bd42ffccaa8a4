import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** Every Markdown file of the repository outside node_modules. */
function markdownFiles(dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "coverage") return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? markdownFiles(full) : entry.name.endsWith(".md") ? [full] : [];
  });
}

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .replace(/ /g, "-");
}

function anchors(file: string): Set<string> {
  const text = fs.readFileSync(file, "utf8");
  return new Set([...text.matchAll(/^#+ (.*)$/gm)].map((m) => anchorOf(m[1])));
}

describe("the documentation", () => {
  it("makes anchors the way GitHub does", () => {
    expect(anchorOf("Operator's guide: deploying for real")).toBe("operators-guide-deploying-for-real");
    expect(anchorOf("Systems (presets)")).toBe("systems-presets");
    expect(anchorOf("What a request does: the request walk")).toBe("what-a-request-does-the-request-walk");
  });

  it("links only to files and headings that exist", () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      const text = fs.readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [relative, anchor] = target.split("#");
        const linked = relative === "" ? file : path.resolve(path.dirname(file), relative);
        if (!fs.existsSync(linked)) broken.push(`${path.relative(ROOT, file)}: ${target} (no such file)`);
        else if (anchor !== undefined && linked.endsWith(".md") && !anchors(linked).has(anchor))
          broken.push(`${path.relative(ROOT, file)}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("keeps the README short enough to read in five minutes, everything else one link away", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme.split("\n").length).toBeLessThanOrEqual(300);
    for (const doc of fs.readdirSync(path.join(ROOT, "docs"))) expect(readme).toContain(`(docs/${doc})`);
  });
});
