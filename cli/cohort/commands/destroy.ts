import { commonOptions, ParsedArgs, UsageError } from "../args";
import { cohortContext } from "../context";
import type { CliDeps } from "../deps";
import { selectExpired, utcDate } from "../expired";
import { clearedFoundations, splitFoundations } from "../destroyOrder";
import { renderTable } from "../../shared/table";
import { errorSummary, runStacks, StackTarget, TaskContext, TaskResult } from "../orchestrate";
import { describePurgeItem, PurgeItem, purgeTargets, purgeVaults, purgeWorkspaces } from "../purge";
import { connect, counted, finish, loadManifest, runOptions, SetupError } from "../run";
import { DestroyOptions, SoftDeletePurger, StackDriver } from "../types";

/**
 * Destroys one stack and purges what Azure keeps soft-deleted. Azure ML purges a soft-deleted
 * workspace only through its resource group, so the workspaces (and what depends on them) are
 * destroyed first and purged while their group still exists; then the rest is destroyed and the key
 * vaults are purged from the subscription's list of deleted vaults. Only what the stack had before
 * and no longer has after a destroy step is purged, so a partial failure still purges what went,
 * and never touches what is still there.
 */
async function destroyStack(
  driver: StackDriver,
  purger: () => SoftDeletePurger,
  stack: string,
  task: TaskContext,
): Promise<TaskResult> {
  const notes: string[] = [];
  const problems: string[] = [];
  const record = (items: PurgeItem[]) => {
    for (const item of items) {
      const line = describePurgeItem(item);
      task.note(line);
      (item.status === "failed" ? problems : notes).push(line);
    }
  };
  const step = async (opts?: DestroyOptions): Promise<boolean> => {
    const known = task.progress.errors.length;
    try {
      await counted(task.progress, () => driver.destroy(stack, task.onEvent, opts));
      return true;
    } catch (e) {
      problems.push(task.progress.errors[known] ?? errorSummary(e));
      return false;
    }
  };
  /** URNs still in the state; after a failure, undefined when the state cannot be read. */
  const remaining = async (ok: boolean): Promise<Set<string> | undefined> => {
    try {
      return new Set((await driver.resources(stack)).map((r) => r.urn));
    } catch {
      return ok ? new Set() : undefined;
    }
  };
  const notPurged = (names: string[]) => {
    if (names.length > 0) problems.push(`not purged (still in the stack): ${names.join(", ")}`);
  };

  const resources = await driver.resources(stack);
  task.progress.expect(resources.length);
  const { workspaces, vaults } = purgeTargets(resources);

  if (workspaces.length > 0) {
    task.note(
      `destroying ${workspaces.map((w) => w.name).join(", ")} and what depends on it first`,
    );
    const ok = await step({ target: workspaces.map((w) => w.urn), targetDependents: true });
    const left = await remaining(ok);
    const gone = left ? workspaces.filter((w) => !left.has(w.urn)) : [];
    if (gone.length > 0) record(await purgeWorkspaces(purger(), gone));
    const kept = workspaces.filter((w) => !gone.includes(w)).map((w) => `workspace ${w.name}`);
    if (!ok) {
      notPurged([...kept, ...vaults.map((v) => `key vault ${v.name}`)]);
      return { notes, problems };
    }
    notPurged(kept);
  }

  const ok = await step();
  const left = await remaining(ok);
  const gone = left ? vaults.filter((v) => !left.has(v.urn)) : [];
  if (gone.length > 0) record(await purgeVaults(purger(), gone));
  notPurged(vaults.filter((v) => !gone.includes(v)).map((v) => `key vault ${v.name}`));
  return { notes, problems };
}

export async function destroy(args: ParsedArgs, deps: CliDeps): Promise<number> {
  const confirmed = args.bools.has("yes");
  let driver: StackDriver;
  let targets: StackTarget[];
  let foundationsLast: StackTarget[] = [];
  let selectionFailed = false;
  if (args.bools.has("expired")) {
    if (args.values.lab !== undefined) {
      throw new UsageError("--expired selects stacks by date: it does not combine with --lab");
    }
    const common = commonOptions(args, deps.cwd, deps.home);
    const manifest = loadManifest(common.stateDir);
    const record = common.cohort ? manifest.cohorts[common.cohort] : undefined;
    const connected = connect(deps, common, record);
    driver = connected.driver;
    const today = utcDate(deps.clock());
    const listing = await driver.listStacks();
    const decisions = await selectExpired(driver, listing, today, common.cohort);
    deps.out(`Stacks in ${connected.backendUrl} on ${today} (UTC):`);
    for (const line of renderTable(
      ["Stack", "Decision", "Why"],
      decisions.map((d) => [d.stack, d.action, d.reason]),
    )) {
      deps.out(line);
    }
    selectionFailed = decisions.some((d) => d.action === "error");
    // Lab stacks first, each foundation after its cohort's lab stacks (destroyOrder.ts).
    ({ first: targets, foundations: foundationsLast } = splitFoundations(
      decisions
        .filter((d) => d.action === "destroy")
        .map((d) => ({
          stack: d.stack,
          expected: listing.find((s) => s.name === d.stack)?.resourceCount,
        })),
    ));
    if (targets.length + foundationsLast.length === 0) {
      deps.out("Nothing to destroy.");
      return selectionFailed ? 1 : 0;
    }
  } else {
    const ctx = await cohortContext(args, deps);
    driver = ctx.driver;
    targets = ctx.targets;
    // Everything of a cohort: the lab stacks first, the foundation last (their StackReferences
    // read it until they are gone). With --lab or --day, only those lab stacks.
    if (ctx.foundation && (!ctx.selected || ctx.onlyStack === "foundation")) {
      foundationsLast = [ctx.foundation];
    }
  }
  if (!confirmed) {
    throw new SetupError(
      `destroy deletes every resource of ${[...targets, ...foundationsLast].map((t) => t.stack).join(", ")} and purges their soft-deleted workspaces and key vaults.\nRe-run with --yes to confirm.`,
    );
  }
  let purger: SoftDeletePurger | undefined;
  const getPurger = () => (purger ??= deps.makePurger());
  const destroyAll = (ts: StackTarget[]) =>
    runStacks(
      ts,
      "destroy",
      (t, task) => destroyStack(driver, getPurger, t.stack, task),
      runOptions(args, deps),
    );
  let results = await destroyAll(targets);
  if (foundationsLast.length > 0) {
    const { go, kept } = clearedFoundations(foundationsLast, results);
    if (go.length > 0) results = [...results, ...(await destroyAll(go))];
    for (const f of kept) deps.out(`${f.stack} kept: a lab stack on it was not destroyed.`);
  }
  const code = finish("destroy", results, deps);
  return selectionFailed ? 1 : code;
}
