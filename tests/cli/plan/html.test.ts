import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planCli } from "../../helpers/plan";

/** `npm run plan -- --html FILE`, run as a user would (the built script). */

const plan = planCli;

test("--html FILE writes the report, says so on stderr, and keeps stdout the plan", () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dp100-html-")), "r", "plan.html");
  const r = plan("--stack", "example-day1", "--html", file);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("Offline plan of stack 'example-day1'");
  expect(r.stderr).toMatch(/^wrote .*plan\.html \(\d+ KiB, self-contained HTML\)\n$/);
  const html = fs.readFileSync(file, "utf8");
  expect(html).toContain("<title>DP-100 lab plan: example-day1</title>");
  expect(html).toContain("Offline plan: names are placeholders.");
});

test("--html without a file, or to a place that cannot be written, is a usage error (exit 2)", () => {
  const r = plan("--html");
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/configuration error: --html: \(missing value\)/);
  const blocked = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dp100-html-")), "file");
  fs.writeFileSync(blocked, "");
  const w = plan("--html", path.join(blocked, "sub", "plan.html"));
  expect(w.code).toBe(2);
  expect(w.stdout).toBe("");
  expect(w.stderr).toMatch(
    /configuration error: --html: '.*plan\.html' is not accepted; a file that can be written/,
  );
});
