import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  defaultStack,
  NO_SELECTION,
  pulumiCliSelection,
  pulumiWorkspaceFile,
} from "../../plan/stackSelection";

/** Which stack `npm run plan` looks at without --stack (plan/stackSelection.ts). */

function project(stacks: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dp100-project-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: dp100-labs\nruntime: nodejs\n");
  for (const s of stacks) fs.writeFileSync(path.join(dir, `Pulumi.${s}.yaml`), "config: {}\n");
  return dir;
}

function select(dir: string, home: string, stack: string) {
  const file = pulumiWorkspaceFile("dp100-labs", path.join(dir, "Pulumi.yaml"), home);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ stack }));
}

describe("the Pulumi CLI's selected stack", () => {
  it("is read from $PULUMI_HOME/workspaces/<project>-<sha1 of Pulumi.yaml's path>-workspace.json", () => {
    const dir = project(["dev", "example-sandbox"]);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-home-"));
    const sha = crypto.createHash("sha1").update(path.join(dir, "Pulumi.yaml")).digest("hex");
    expect(pulumiWorkspaceFile("dp100-labs", path.join(dir, "Pulumi.yaml"), home)).toBe(
      path.join(home, "workspaces", `dp100-labs-${sha}-workspace.json`),
    );
    select(dir, home, "my-org/dp100-labs/dev");
    expect(pulumiCliSelection(dir, { PULUMI_HOME: home }).selectedStack()).toBe("dev");
  });

  it("falls back to ~/.pulumi and to nothing when there is no workspace file", () => {
    const dir = project([]);
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "home-"));
    expect(pulumiCliSelection(dir, {}, home).selectedStack()).toBeUndefined();
    select(dir, path.join(home, ".pulumi"), "example-day1");
    expect(pulumiCliSelection(dir, {}, home).selectedStack()).toBe("example-day1");
  });
});

describe("defaultStack", () => {
  const selecting = (stack: string) => ({ selectedStack: () => stack });

  it("takes the selected stack when it has a stack file", () => {
    const dir = project(["dev", "example-day1", "example-sandbox"]);
    expect(defaultStack(dir, selecting("example-day1"))).toEqual({
      stack: "example-day1",
      why: "the Pulumi CLI's selected stack",
    });
  });

  it("else dev when Pulumi.dev.yaml exists, else the committed example", () => {
    expect(defaultStack(project(["dev", "example-sandbox"]), selecting("gone")).stack).toBe("dev");
    expect(defaultStack(project(["example-sandbox"]), NO_SELECTION).stack).toBe("example-sandbox");
  });
});
