import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { assertBuildCurrent, PROGRAM_SOURCES, staleSource } from "../../stacks/compiled";

/** Pulumi runs the compiled program, and refuses a build older than its sources (stacks/compiled.ts). */

const ROOT = path.join(__dirname, "..", "..");

describe("the compiled program", () => {
  it("is what Pulumi.yaml runs, where tsconfig.json compiles it, and npm ci builds it", () => {
    const project = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
    expect(project.main).toBe("bin/index.js");
    expect(project.runtime.options.typescript).toBe(false);
    const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8"));
    expect(tsconfig.compilerOptions.outDir).toBe("bin");
    for (const src of PROGRAM_SOURCES) {
      expect(tsconfig.include.some((i: string) => i === src || i.startsWith(`${src}/`))).toBe(true);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(pkg.scripts.postinstall).toMatch(/&& tsc -p tsconfig\.json$/);
  });

  function project(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "compiled-"));
    fs.mkdirSync(path.join(root, "bin", "components"), { recursive: true });
    fs.mkdirSync(path.join(root, "components"));
    const at = (file: string, seconds: number) => {
      fs.writeFileSync(path.join(root, file), "");
      fs.utimesSync(path.join(root, file), seconds, seconds);
    };
    at("index.ts", 100);
    at("components/a.ts", 100);
    at("components/types.d.ts", 900);
    at("bin/index.js", 200);
    at("bin/components/a.js", 200);
    at("bin/.tsbuildinfo", 200);
    return root;
  }

  it("is current when every source is older than its output or the build info", () => {
    const root = project();
    expect(staleSource(root)).toBeUndefined();
    expect(() => assertBuildCurrent(path.join(root, "bin"))).not.toThrow();
    // tsc leaves an output alone when only the source's time changed: the build info counts.
    fs.utimesSync(path.join(root, "bin", "components", "a.js"), 50, 50);
    expect(staleSource(root)).toBeUndefined();
  });

  it("refuses to run, naming the source and the fix, when a source is newer than the build", () => {
    const root = project();
    fs.utimesSync(path.join(root, "components", "a.ts"), 300, 300);
    expect(staleSource(root)).toBe(path.join("components", "a.ts"));
    expect(() => assertBuildCurrent(path.join(root, "bin"))).toThrow(
      /components\/a\.ts is newer than its compiled program in bin\/: run 'npm run build' first/,
    );
  });

  it("is not checked when the program runs from its TypeScript (jest, the offline plan's tests)", () => {
    const root = project();
    fs.utimesSync(path.join(root, "index.ts"), 300, 300);
    expect(() => assertBuildCurrent(root)).not.toThrow();
  });
});
