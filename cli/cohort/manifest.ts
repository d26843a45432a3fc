import * as fs from "fs";
import * as path from "path";

/**
 * The cohort manifest: a small JSON file in the state folder that remembers, per cohort, which labs
 * (hence which stacks) it has and where its state lives. Commands other than `init` read it to know
 * the cohort's stacks; when it is missing (another machine, CI) they derive them from stack names.
 */

export interface CohortRecord {
  /** The lab stacks' keys: a lab id, or a day's name (see `days`). */
  readonly labs: readonly string[];
  /**
   * The foundation stack of a cohort `init` made as a foundation plus lab stacks. Absent on a
   * cohort recorded before: its stacks are one whole stack per lab, handled as before.
   */
  readonly foundation?: string;
  /** Days' names -> their labs, for lab stacks that group a day's labs. */
  readonly days?: Readonly<Record<string, readonly string[]>>;
  readonly location: string;
  /** Absolute path of the roster CSV. */
  readonly rosterFile: string;
  /** The Pulumi backend URL the stacks live in. */
  readonly backend: string;
  readonly expiresOn?: string;
  readonly topology?: string;
  readonly updatedAt: string;
}

export interface Manifest {
  readonly version: 1;
  readonly cohorts: Readonly<Record<string, CohortRecord>>;
}

export const MANIFEST_FILE = "dp100-cohorts.json";

export function manifestPath(stateDir: string): string {
  return path.join(stateDir, MANIFEST_FILE);
}

export function emptyManifest(): Manifest {
  return { version: 1, cohorts: {} };
}

/** Reads the manifest; a missing file is an empty manifest, a damaged one an error naming the file. */
export function readManifest(stateDir: string): Manifest {
  const file = manifestPath(stateDir);
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return emptyManifest();
    throw new Error(`cannot read the cohort manifest ${file}: ${(e as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`the cohort manifest ${file} is not valid JSON: ${(e as Error).message}`);
  }
  const m = data as Partial<Manifest> | null;
  if (!m || m.version !== 1 || typeof m.cohorts !== "object" || m.cohorts === null) {
    throw new Error(
      `the cohort manifest ${file} is not a version 1 manifest ({"version": 1, "cohorts": {...}})`,
    );
  }
  return m as Manifest;
}

/** Writes the manifest atomically (temporary file, then rename), creating the folder. */
export function writeManifest(stateDir: string, manifest: Manifest): void {
  fs.mkdirSync(stateDir, { recursive: true });
  const file = manifestPath(stateDir);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2) + "\n", "utf8");
  fs.renameSync(tmp, file);
}

/**
 * Adds or updates a cohort. Labs are merged with those already recorded, never dropped: a stack
 * that exists keeps being managed (and destroyed) until the trainer removes it.
 */
export function upsertCohort(
  manifest: Manifest,
  cohort: string,
  record: Omit<CohortRecord, "labs"> & { readonly labs: readonly string[] },
): Manifest {
  const previous = manifest.cohorts[cohort];
  const labs = [...(previous?.labs ?? [])];
  for (const lab of record.labs) if (!labs.includes(lab)) labs.push(lab);
  const days = { ...(previous?.days ?? {}), ...(record.days ?? {}) };
  return {
    version: 1,
    cohorts: {
      ...manifest.cohorts,
      [cohort]: {
        ...record,
        labs,
        ...((record.foundation ?? previous?.foundation)
          ? { foundation: record.foundation ?? previous?.foundation }
          : {}),
        ...(Object.keys(days).length > 0 ? { days } : {}),
      },
    },
  };
}
