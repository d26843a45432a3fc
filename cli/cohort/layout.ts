import { UsageError } from "./args";
import { stackNameFor } from "./config";

/**
 * A cohort's stacks: one course-long foundation (`<cohort>-foundation`) and light lab stacks, one
 * per lab (`<cohort>-<lab>`) or one per day's group of labs (`<cohort>-<day>`). Pure functions:
 * `init` derives the layout from its flags, the other commands from the manifest.
 */

/** The key of the foundation among a cohort's stack keys. */
export const FOUNDATION_KEY = "foundation";

export function foundationStackName(cohort: string): string {
  return stackNameFor(cohort, FOUNDATION_KEY);
}

/** One lab stack: its key (a lab id or a day's name) and its labs. */
export interface LabStackSpec {
  readonly key: string;
  readonly labs: readonly string[];
}

/** Day names: lower-case letters, digits and '-', never a lab id or `foundation`. */
const DAY_NAME = /^[a-z][a-z0-9-]{0,23}$/;

/**
 * The lab stacks of `init --labs ... --day NAME=LAB,LAB ...`: each day's labs in one stack, every
 * other lab in its own. Throws UsageError (exit 2, nothing created) for a malformed day, a day
 * named like a lab or the foundation, a lab asked for twice in one day or in two days, or a day's
 * lab that is not a lab id.
 */
export function labStacksOf(
  labs: readonly string[],
  days: readonly string[],
  labIds: readonly string[],
): LabStackSpec[] {
  const specs: LabStackSpec[] = [];
  const dayOf = new Map<string, string>();
  for (const item of days) {
    const m = /^([^=]+)=(.+)$/.exec(item);
    if (!m) {
      throw new UsageError(
        `--day '${item}' is not NAME=LAB,LAB...: e.g. --day day1=explore-workspace,make-data-available`,
      );
    }
    const name = m[1].trim();
    if (!DAY_NAME.test(name) || labIds.includes(name) || name === FOUNDATION_KEY) {
      throw new UsageError(
        `--day '${name}' is not accepted as a day's name: use 1-24 lower-case letters, digits and '-', starting with a letter, and neither a lab id nor '${FOUNDATION_KEY}' (e.g. day1)`,
      );
    }
    if (specs.some((s) => s.key === name)) {
      throw new UsageError(`--day '${name}' is given twice: give each day once, with all its labs`);
    }
    const dayLabs = m[2]
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const seen = new Set<string>();
    for (const lab of dayLabs) {
      if (!labIds.includes(lab)) {
        throw new UsageError(
          `--day ${name}: '${lab}' is not a lab id; known labs: ${labIds.join(", ")}`,
        );
      }
      if (seen.has(lab)) {
        throw new UsageError(
          `--day ${name}: lab '${lab}' is asked for twice in one day's group; list it once`,
        );
      }
      seen.add(lab);
      const other = dayOf.get(lab);
      if (other !== undefined) {
        throw new UsageError(
          `--day ${name}: lab '${lab}' is already in day '${other}'; a lab belongs to one lab stack`,
        );
      }
      dayOf.set(lab, name);
    }
    specs.push({ key: name, labs: dayLabs });
  }
  for (const lab of labs) if (!dayOf.has(lab)) specs.push({ key: lab, labs: [lab] });
  return specs;
}

/** The course's labs: every lab of every lab stack, in the order given. */
export function courseLabs(specs: readonly LabStackSpec[]): string[] {
  return [...new Set(specs.flatMap((s) => s.labs))];
}
