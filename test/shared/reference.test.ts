import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { configReferenceMarkdown, configReferenceYamlComment, replaceBlock, syncReference } from "../../shared/config/reference";

const docs = [{ key: "a", type: "string", default: "(required)", allowed: "x | y", description: "An a." }];

describe("config reference generation", () => {
  it("renders a Markdown row and a YAML comment per key, escaping table pipes", () => {
    expect(configReferenceMarkdown(docs)).toContain("| `platform:a` | string | (required) | x \\| y | An a. |");
    expect(configReferenceYamlComment(docs)).toBe("#   platform:a (string, default (required)): An a.");
  });

  it("replaces only the text between the markers, and refuses a file without them", () => {
    const block = { file: "f", start: "<!-- s -->", end: "<!-- e -->", body: "new" };
    expect(replaceBlock("before\n<!-- s -->\nold\n<!-- e -->\nafter", block)).toBe("before\n<!-- s -->\nnew\n<!-- e -->\nafter");
    expect(() => replaceBlock("no markers", block)).toThrow("f lacks the markers <!-- s --> ... <!-- e -->");
  });

  it("rewrites stale blocks in write mode and only reports them in check mode", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "docs-"));
    fs.mkdirSync(path.join(root, "docs"));
    fs.writeFileSync(path.join(root, "docs", "configuration.md"), "<!-- config-reference:start -->\nold\n<!-- config-reference:end -->\n");
    for (const layer of ["network", "data", "edge", "compute"]) {
      fs.mkdirSync(path.join(root, "stacks", layer), { recursive: true });
      fs.writeFileSync(path.join(root, "stacks", layer, "Pulumi.yaml"), "# config-reference:start\n# config-reference:end\n");
    }
    expect(syncReference(root, "check")).toHaveLength(5);
    expect(fs.readFileSync(path.join(root, "docs", "configuration.md"), "utf8")).toContain("old");
    expect(syncReference(root, "write")).toHaveLength(5);
    expect(syncReference(root, "check")).toEqual([]);
    expect(fs.readFileSync(path.join(root, "docs", "configuration.md"), "utf8")).toContain("`platform:environmentSuffix`");
  });
});
