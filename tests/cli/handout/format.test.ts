import { formatHandout, handoutRows, HandoutError } from "../../../cli/handout";

const outputs = {
  cohort: "c24",
  labs: ["script-command-job"],
  location: "westeurope",
  expiresOn: "2026-12-18",
  learners: {
    grace: {
      studioUrl: "https://ml.azure.com/?wsid=/x&tid=t",
      workspace: "dp100-c24-mlw-abcde",
      computeInstance: "c24-ci-grace-abcde",
      expiresOn: "2026-12-18",
      email: "grace@example.com",
      displayName: "Grace Hopper",
    },
    ada: {
      studioUrl: "https://ml.azure.com/?wsid=/x&tid=t",
      workspace: "dp100-c24-mlw-abcde",
      computeInstance: "c24-ci-ada-abcde",
      expiresOn: "2026-12-18",
      email: null,
      displayName: 'Lovelace, Ada | "the first"',
    },
  },
};

test("one row per learner, sorted by id", () => {
  expect(handoutRows(outputs).map((r) => r.learner)).toEqual(["ada", "grace"]);
});

test("markdown table with clickable studio links and escaped cells", () => {
  const { markdown } = formatHandout(outputs);
  expect(markdown).toContain(
    "| Learner | Name | E-mail | Workspace | Compute instance | Studio | Available until |",
  );
  expect(markdown).toContain(
    "| grace | Grace Hopper | grace@example.com | dp100-c24-mlw-abcde | c24-ci-grace-abcde | [open](https://ml.azure.com/?wsid=/x&tid=t) | 2026-12-18 |",
  );
  expect(markdown).toContain('Lovelace, Ada \\| "the first"');
});

test("CSV quotes fields with commas and quotes, and defuses formulas", () => {
  const { csv } = formatHandout({
    ...outputs,
    learners: { ...outputs.learners, "=cmd": { workspace: "w" } },
  });
  const lines = csv.trim().split("\r\n");
  // UTF-8 with a byte-order mark, so that a spreadsheet reads it as UTF-8 (trim() drops the mark).
  expect(csv.startsWith("\uFEFFlearner,")).toBe(true);
  expect(lines[0]).toBe("learner,displayName,email,workspace,computeInstance,studioUrl,expiresOn");
  expect(lines).toContain("'=cmd,,,w,,,2026-12-18");
  expect(csv).toContain('"Lovelace, Ada | ""the first"""');
});

test("outputs without learners are refused with a clear error", () => {
  expect(() => formatHandout({})).toThrow(HandoutError);
  expect(() => formatHandout({})).toThrow("no 'learners' map");
});

test("an offline plan's handout says on its face that it is a placeholder", () => {
  const { markdown, csv } = formatHandout(outputs, "T", { placeholder: true });
  expect(markdown.split("\n")[2]).toMatch(/^> \*\*PLACEHOLDER \(offline plan\): not deployed/);
  const lines = csv
    .replace(/^\uFEFF/, "")
    .trimEnd()
    .split("\r\n");
  expect(lines[0]).toMatch(/,note$/);
  for (const line of lines.slice(1)) expect(line).toMatch(/,"?PLACEHOLDER \(offline plan\): /);
  expect(formatHandout(outputs).csv).not.toContain("PLACEHOLDER");
});
