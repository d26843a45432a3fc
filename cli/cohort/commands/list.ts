import { commonOptions, ParsedArgs } from "../args";
import type { CliDeps } from "../deps";
import { renderTable } from "../../shared/table";
import { loadManifest } from "../run";

/** `list`: the cohorts recorded in the state folder. */
export function listCohorts(args: ParsedArgs, deps: CliDeps): number {
  const { stateDir } = commonOptions(args, deps.cwd, deps.home);
  const manifest = loadManifest(stateDir);
  const ids = Object.keys(manifest.cohorts).sort();
  if (ids.length === 0) {
    deps.out(`No cohorts recorded in ${stateDir}. Start one with 'npm run cohort -- init'.`);
    return 0;
  }
  const rows = ids.map((id) => {
    const c = manifest.cohorts[id];
    return [id, c.labs.join(" "), c.location, c.expiresOn ?? "-", c.backend];
  });
  for (const line of renderTable(["Cohort", "Labs", "Location", "Expires", "Backend"], rows)) {
    deps.out(line);
  }
  return 0;
}
