import * as fs from "fs";
import * as path from "path";

/** Finding the Pulumi CLI, and what to say when it is not there. */

/** Commands that never call the Pulumi CLI. */
export const COMMANDS_WITHOUT_PULUMI: readonly string[] = [
  "help",
  "list",
  "matrix",
  "plan",
  "preflight",
];

/** The path of `pulumi` on PATH, or undefined. */
export function findOnPath(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform = process.platform,
  isExecutable: (p: string) => boolean = defaultIsExecutable,
): string | undefined {
  const dirs = (env.PATH ?? env.Path ?? "").split(path.delimiter).filter((d) => d !== "");
  const exts =
    platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").concat([""]) : [""];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

function defaultIsExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return false;
    if (process.platform === "win32") return true;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function missingPulumiMessage(command: string): string {
  return [
    `The Pulumi CLI ('pulumi') is not on PATH, and 'npm run cohort -- ${command}' needs it.`,
    "Install it and make sure `pulumi` is on PATH:",
    "  - https://www.pulumi.com/docs/install/ (e.g. 'curl -fsSL https://get.pulumi.com | sh', 'brew install pulumi/tap/pulumi', 'winget install pulumi')",
    "  - at the version package-lock.json pins: 'curl -fsSL https://get.pulumi.com | sh -s -- --version \"$(node scripts/pulumi-version.js)\"'",
    "(scripts/pulumi-cli.sh builds a CLI for this repository's tests only: its language host is a stand-in.)",
    "No Pulumi Cloud account is needed: the cohort's state stays in a local folder by default.",
  ].join("\n");
}
