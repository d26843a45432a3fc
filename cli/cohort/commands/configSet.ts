import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { ParsedArgs } from "../args";
import { cohortContext } from "../context";
import type { CliDeps } from "../deps";
import { runStacks } from "../orchestrate";
import { again, canRead, finish, runOptions } from "../run";
import { checkWithProgram, configSetEntry } from "../settings";
import { StackConfig } from "../types";
import { expiryTags } from "../portable";
import { EXPIRES_ON_KEY } from "../../../stacks/expiry";

/**
 * `config set KEY VALUE`: checks the value with the program's rules (in a cohort stack's context),
 * then writes it to every stack of the cohort (or the one of --lab). Nothing is written when the
 * check fails.
 */
export async function configSet(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const [, key, value] = args.positionals;
  const entry = configSetEntry(key, value);
  const ctx = await cohortContext(args, deps);
  // Checked with each stack's own configuration where its stack file is on this machine (init
  // wrote it), so a value is judged with the stack's other settings; else in a cohort's context.
  const stackConfigs = [...(ctx.foundation ? [ctx.foundation] : []), ...ctx.targets].flatMap(
    (t) => {
      const file = path.join(deps.repoRoot, `Pulumi.${t.stack}.yaml`);
      if (!(deps.fileReadable ?? canRead)(file)) return [];
      const doc = YAML.parse(fs.readFileSync(file, "utf8")) as { config?: StackConfig } | null;
      return [doc?.config ?? {}];
    },
  );
  const contexts: StackConfig[] =
    stackConfigs.length > 0
      ? stackConfigs
      : [
          {
            "dp100-labs:mode": "cohort",
            "dp100-labs:cohort": ctx.cohort,
            "dp100-labs:learners": JSON.stringify([
              { id: "check", objectId: "00000000-0000-0000-0000-000000000000" },
            ]),
            ...(ctx.record ? { "azure-native:location": ctx.record.location } : {}),
          },
        ];
  for (const config of contexts) checkWithProgram({ ...config, ...entry }, deps.repoRoot);
  // A cohort with a foundation: the roster's and trainers' keys live on the foundation only (a lab
  // stack refuses them); any other key goes to the foundation and the chosen lab stacks.
  const foundationOnly = ["learners", "rosterFile", "trainers", "learnerObjectIds"].some(
    (k) => `dp100-labs:${k}` in entry,
  );
  const targets = ctx.foundation
    ? foundationOnly || ctx.selected
      ? foundationOnly
        ? [ctx.foundation]
        : ctx.targets
      : [ctx.foundation, ...ctx.targets]
    : ctx.targets;
  const results = await runStacks(
    targets,
    "config set",
    async (t) => {
      // The expiry's stack tag follows its configuration (portable.ts).
      await ctx.driver.init(t.stack, entry, expiryTags(entry[EXPIRES_ON_KEY] as string));
    },
    runOptions(args, deps),
  );
  const code = finish("config set", results, deps);
  if (code === 0) deps.out(`Next: npm run cohort -- preview ${again(args, ctx.cohort)}`);
  return code;
}
