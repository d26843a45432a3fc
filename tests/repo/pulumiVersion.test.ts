import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

describe("scripts/pulumi-version.js", () => {
  it("prints the @pulumi/pulumi version package-lock.json pins", () => {
    const root = path.join(__dirname, "..", "..");
    const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
    const out = execFileSync(process.execPath, [path.join(root, "scripts", "pulumi-version.js")], {
      encoding: "utf8",
    });
    expect(out).toBe(`${lock.packages["node_modules/@pulumi/pulumi"].version}\n`);
    expect(out).toMatch(/^3\.\d+\.\d+\n$/);
  });
});
