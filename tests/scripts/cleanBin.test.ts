import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** scripts/clean-bin.js: compiled files whose source is gone leave bin/ before each build. */
describe("scripts/clean-bin.js", () => {
  const script = path.join(__dirname, "..", "..", "scripts", "clean-bin.js");

  it("removes a compiled file (and its map) whose .ts source is gone, and keeps the rest", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "clean-bin-"));
    const write = (rel: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), "");
    };
    write("stacks/config/index.ts");
    write("bin/stacks/config/index.js");
    write("bin/stacks/config.js"); // stacks/config.ts became a folder: this one would shadow it
    write("bin/stacks/config.js.map");
    write("bin/plan/prices.json"); // not compiled output of a .ts file: left alone
    execFileSync(process.execPath, [script, root], { stdio: "pipe" });
    expect(fs.existsSync(path.join(root, "bin/stacks/config.js"))).toBe(false);
    expect(fs.existsSync(path.join(root, "bin/stacks/config.js.map"))).toBe(false);
    expect(fs.existsSync(path.join(root, "bin/stacks/config/index.js"))).toBe(true);
    expect(fs.existsSync(path.join(root, "bin/plan/prices.json"))).toBe(true);
  });
});
