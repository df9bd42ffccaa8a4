import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { LAYERS, PROJECTS } from "../../shared/layers";
import { describeConfig } from "../../shared/config";
import { qualify } from "../../shared/config/errors";
import { ROOT } from "../fixtures/run";

interface ProjectFile {
  name: string;
  description: string;
  runtime: { name: string; options: { typescript: boolean } };
  stackConfigDir: string;
}

describe.each([...LAYERS])("the %s project", (layer) => {
  const text = fs.readFileSync(path.join(ROOT, "stacks", layer, "Pulumi.yaml"), "utf8");

  it("is a valid Pulumi.yaml: named for its layer, a TypeScript nodejs program, reading the shared stack settings", () => {
    const project = yaml.load(text) as ProjectFile;
    expect(project.name).toBe(PROJECTS[layer]);
    expect(project.description.length).toBeGreaterThan(20);
    expect(project.runtime).toMatchObject({ name: "nodejs", options: { typescript: true } });
    expect(path.resolve(ROOT, "stacks", layer, project.stackConfigDir)).toBe(path.join(ROOT, "stacks"));
  });

  it("documents every config key", () => {
    for (const doc of describeConfig()) expect(text).toContain(`#   ${qualify(doc.key)} (`);
  });
});
