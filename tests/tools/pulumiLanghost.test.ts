/**
 * The stand-in Node.js language host of the CLI build (tools/pulumi-langhost) is real Go source:
 * gofmt-clean, `go vet`-clean and its own `go test` passing, built by scripts/pulumi-cli.sh against
 * the @pulumi/pulumi version of package-lock.json. The Go checks run when `go` is on PATH (CI sets
 * it up in pr.yml's check job) and are skipped with a notice otherwise.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..", "..");
const HOST = path.join(ROOT, "tools", "pulumi-langhost");
const SCRIPT = fs.readFileSync(path.join(ROOT, "scripts", "pulumi-cli.sh"), "utf8");

/** Runs `go` in the host's module; GOWORK off and the module files read-only (go.sum must be tidy). */
const go = (...args: string[]) =>
  spawnSync("go", args, {
    cwd: HOST,
    encoding: "utf8",
    env: { ...process.env, GOWORK: "off", GOFLAGS: "-mod=readonly" },
  });

const haveGo = spawnSync("go", ["version"], { encoding: "utf8" }).status === 0;
if (!haveGo) {
  console.warn(
    "tests/tools/pulumiLanghost.test.ts: go is not on PATH: gofmt, go vet and go test of tools/pulumi-langhost are SKIPPED (CI runs them)",
  );
}
const withGo = haveGo ? it : it.skip;

/** Go checks download modules and compile: minutes on a cold cache, never a time assertion. */
const GO_TIMEOUT_MS = 15 * 60 * 1000;

describe("tools/pulumi-langhost", () => {
  it("is built by scripts/pulumi-cli.sh, which holds no Go program of its own", () => {
    expect(SCRIPT).not.toMatch(/^package main$/m);
    expect(SCRIPT).toContain("langhost_dir=$repo_root/tools/pulumi-langhost");
    expect(fs.readdirSync(HOST).filter((f) => f.endsWith(".go")).length).toBeGreaterThan(1);
  });

  it("requires sdk/v3 at the @pulumi/pulumi version the CLI is built from", () => {
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
    const version = lock.packages["node_modules/@pulumi/pulumi"].version as string;
    const mod = fs.readFileSync(path.join(HOST, "go.mod"), "utf8");
    expect(mod).toMatch(
      new RegExp(`github\\.com/pulumi/pulumi/sdk/v3 v${version.replace(/\./g, "\\.")}\\b`),
    );
  });

  withGo(
    "is gofmt-clean",
    () => {
      const r = spawnSync("gofmt", ["-l", "."], { cwd: HOST, encoding: "utf8" });
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe("");
    },
    GO_TIMEOUT_MS,
  );

  withGo(
    "passes go vet",
    () => {
      const r = go("vet", "./...");
      // stderr may list module downloads; it only matters when vet fails.
      expect({ status: r.status, output: r.status === 0 ? "" : r.stderr }).toEqual({
        status: 0,
        output: "",
      });
    },
    GO_TIMEOUT_MS,
  );

  withGo(
    "passes its go test",
    () => {
      const r = go("test", "./...");
      expect({ status: r.status, output: r.status === 0 ? "" : r.stdout + r.stderr }).toEqual({
        status: 0,
        output: "",
      });
    },
    GO_TIMEOUT_MS,
  );

  it("is checked in CI: pr.yml's check job sets Go up from its go.mod before the tests", () => {
    const wf = parse(fs.readFileSync(path.join(ROOT, ".github", "workflows", "pr.yml"), "utf8"));
    const steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] =
      wf.jobs.check.steps;
    const setupGo = steps.findIndex((s) => s.uses?.startsWith("actions/setup-go@"));
    const tests = steps.findIndex((s) => s.run?.includes("jest"));
    expect(setupGo).toBeGreaterThanOrEqual(0);
    expect(setupGo).toBeLessThan(tests);
    expect(steps[setupGo].with?.["go-version-file"]).toBe("tools/pulumi-langhost/go.mod");
  });
});
