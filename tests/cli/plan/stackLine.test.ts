import { planMain } from "../../../cli/plan/main";

/**
 * The "Stack '...'" line of `npm run plan` without --stack (cli/plan/main.ts), run in this
 * process with the stack choice given: on stderr with --json too, and never before a
 * configuration error, which names the chosen stack itself.
 */

async function run(argv: string[], stack: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await planMain(argv, { out: (t) => out.push(t), err: (t) => err.push(t) }, () => ({
    stack,
    why: "chosen for the test",
  }));
  return { code, stdout: out.join(""), stderr: err.join("") };
}

test("--json names the chosen stack on stderr and keeps stdout the document", async () => {
  const r = await run(["--json"], "example-sandbox");
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("Stack 'example-sandbox' (chosen for the test).\n");
  expect(JSON.parse(r.stdout).stack).toBe("example-sandbox");
});

test("a configuration error of the chosen stack names it in its one line", async () => {
  const r = await run([], "no-such-stack");
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toContain("Stack 'no-such-stack'");
  expect(r.stderr).toMatch(
    /^configuration error: stack 'no-such-stack' \(chosen for the test\): .*stacks with a file here are/,
  );
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
});
