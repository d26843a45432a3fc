import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, describe } from "node:test";
import { formatRosterCsv, readRosterCsv } from "../../stacks/roster";
import { REPO_ROOT, Sandbox, sequence } from "./harness";

/**
 * The README's cohort walkthrough (the block after `<!-- cohort-walkthrough -->` in "Running a
 * cohort"), run as written in a copy of the project with the pinned CLI and a file backend
 * (`~/.dp100-labs/state` under the sandbox's private HOME): from a roster of e-mail addresses to
 * the HTML report. The one command that needs Azure, `roster resolve` (Microsoft Graph with the
 * trainer's `az login`), runs too and must fail as the README's Troubleshooting says; the test then
 * writes the file it would have written, with made-up object ids.
 */

const sandbox = new Sandbox("walkthrough");
after(() => sandbox.dispose());

/**
 * `npm run X -- args` as npm runs it here: `node bin/scripts/X.js args` (the build is done). Each
 * command runs in its own bash, which reads this through BASH_ENV; the walkthrough's `export` of
 * the passphrase is therefore a no-op here, where the sandbox's environment has one.
 */
const SHIM = `npm() {
  [ "$1" = run ] || { echo "npm $1: not in the walkthrough shim" >&2; return 99; }
  local script=$2; shift 2; [ "\${1:-}" = "--" ] && shift
  node "bin/scripts/$script.js" "$@"
}
`;

/** The walkthrough's commands: comments dropped, a heredoc kept with its command. */
function walkthroughCommands(readme: string): string[] {
  const marker = readme.indexOf("<!-- cohort-walkthrough");
  assert.ok(marker >= 0, "README.md has the cohort walkthrough marker");
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(marker))?.[1] ?? "";
  const commands: string[] = [];
  const lines = block.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim() || line.startsWith("#")) continue;
    const heredoc = /<<'(\w+)'$/.exec(line)?.[1];
    if (!heredoc) {
      commands.push(line);
      continue;
    }
    const end = lines.indexOf(heredoc, i + 1);
    commands.push(lines.slice(i, end + 1).join("\n"));
    i = end;
  }
  return commands;
}

describe("the README's cohort walkthrough, offline", () => {
  const step = sequence();
  const commands = walkthroughCommands(fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8"));

  const shim = path.join(sandbox.root, "npm-shim.sh");
  fs.writeFileSync(shim, SHIM);

  step("starts from e-mail addresses and ends with the HTML report", async () => {
    assert.match(commands[0], /^cat > roster\.csv <<'CSV'\nid,email/);
    assert.match(commands.at(-1)!, /^npm run cohort -- plan .*--html /);
    for (const command of commands) {
      const graph = command.startsWith("npm run roster -- resolve");
      const r = await sandbox.run("bash", ["-euo", "pipefail", "-c", command], {
        expect: graph ? [2] : [0],
        env: { BASH_ENV: shim },
      });
      if (!graph) continue;
      // No Graph here: the failure the README's Troubleshooting shows, and nothing written.
      assert.match(r.stderr + r.stdout, /no Azure token: .*run 'az login' first/);
      const out = /--out (\S+)/.exec(command)![1];
      assert.equal(fs.existsSync(path.join(sandbox.project, out)), false);
      const rows = readRosterCsv(
        fs.readFileSync(path.join(sandbox.project, "roster.csv"), "utf8"),
        "roster.csv",
      );
      fs.writeFileSync(
        path.join(sandbox.project, out),
        formatRosterCsv(
          rows.map(({ line: _line, ...row }, i) => ({
            ...row,
            objectId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
          })),
        ),
      );
    }
    const html = /--html (\S+)/.exec(commands.at(-1)!)![1];
    const page = fs.readFileSync(path.join(sandbox.project, html), "utf8");
    assert.match(page, /^<!DOCTYPE html>/i);
    assert.match(page, /may25/);
    // The stack files init wrote carry the learners, not the roster's path.
    const foundation = fs.readFileSync(
      path.join(sandbox.project, "Pulumi.may25-foundation.yaml"),
      "utf8",
    );
    assert.match(foundation, /dp100-labs:learners:.*ada@contoso\.com/);
    assert.doesNotMatch(foundation, /rosterFile|roster\.resolved\.csv/);
  });
});
