import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Which stack `npm run plan` (and the handout and preflight commands) look at when no --stack is
 * given: the stack the Pulumi CLI has selected for this project (`pulumi stack select` or
 * `pulumi stack init`), when it has a stack file here; else `dev` when Pulumi.dev.yaml exists (a
 * learner's copy of the example); else the committed example, `example-sandbox`.
 *
 * The Pulumi CLI keeps the selected stack in `$PULUMI_HOME/workspaces/<project>-<sha1 of the
 * Pulumi.yaml path>-workspace.json` as `{"stack": "<name>"}` (PULUMI_HOME defaults to ~/.pulumi;
 * pulumi/pulumi pkg/workspace/workspace.go `settingsPath`). That file is read behind the small
 * StackSelection interface, so tests give it a folder of their own.
 */

/** The committed sandbox example, which a learner copies to Pulumi.dev.yaml. */
export const SANDBOX_EXAMPLE_STACK = "example-sandbox";

export interface StackSelection {
  /** The stack the Pulumi CLI has selected for this project, if any (short name). */
  selectedStack(): string | undefined;
}

/** No selection (tests, or no Pulumi CLI). */
export const NO_SELECTION: StackSelection = { selectedStack: () => undefined };

/** Path of the Pulumi CLI's workspace settings of a project. */
export function pulumiWorkspaceFile(
  projectName: string,
  pulumiYamlPath: string,
  pulumiHome: string,
): string {
  const hash = crypto.createHash("sha1").update(pulumiYamlPath, "utf8").digest("hex");
  return path.join(pulumiHome, "workspaces", `${projectName}-${hash}-workspace.json`);
}

/** The Pulumi CLI's selection for the project in `projectDir` (reads its workspace file). */
export function pulumiCliSelection(
  projectDir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
  home: string = os.homedir(),
): StackSelection {
  return {
    selectedStack: () => {
      try {
        const yaml = path.join(projectDir, "Pulumi.yaml");
        const name = /^name:\s*["']?([^"'\s#]+)/m.exec(fs.readFileSync(yaml, "utf8"))?.[1];
        if (!name) return undefined;
        const file = pulumiWorkspaceFile(name, yaml, env.PULUMI_HOME || path.join(home, ".pulumi"));
        const stack = (JSON.parse(fs.readFileSync(file, "utf8")) as { stack?: unknown }).stack;
        // Pulumi Cloud stacks are `org/project/stack`; the stack file is named by the last part.
        return typeof stack === "string" && stack ? stack.split("/").pop() : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** The stack to use when none is named, and why (for a one-line note). */
export function defaultStack(
  projectDir: string,
  selection: StackSelection,
): { stack: string; why: string } {
  const has = (stack: string) => fs.existsSync(path.join(projectDir, `Pulumi.${stack}.yaml`));
  const selected = selection.selectedStack();
  if (selected && has(selected)) return { stack: selected, why: "the Pulumi CLI's selected stack" };
  if (has("dev")) return { stack: "dev", why: "Pulumi.dev.yaml" };
  return {
    stack: SANDBOX_EXAMPLE_STACK,
    why: `the committed example; copy it to Pulumi.dev.yaml to make your own`,
  };
}

/** The project folder: the nearest folder upwards that holds Pulumi.yaml. */
export function findProjectDir(from: string = __dirname): string {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no Pulumi.yaml above ${from}`);
    dir = up;
  }
}

/** The default stack of this project, with the Pulumi CLI's selection. */
export function defaultStackHere(): string {
  const dir = findProjectDir();
  return defaultStack(dir, pulumiCliSelection(dir)).stack;
}
