import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { formatRosterCsv } from "../../stacks/roster";
import { Directory } from "./graph";
import { prepareRoster, RosterProblem } from "./rosterFile";

/**
 * `npm run roster -- resolve --roster FILE [--invite] [--out FILE]`: fills in the objectId of every
 * row that gives only an e-mail (a UPN or e-mail address), through Microsoft Graph with the Azure CLI
 * login; with --invite, addresses not in the tenant are invited as guests first. Writes the roster
 * with every objectId to --out (or prints it). Exit status: 0 done, 2 bad input or an address that
 * could not be resolved (all are listed with their file lines; nothing is written).
 */

export const ROSTER_USAGE = `Usage: npm run roster -- resolve --roster FILE [--invite] [--out FILE]

  --roster FILE  a roster CSV (columns id, objectId, email, displayName in any order); rows with
                 only an email are looked up in Microsoft Graph with your Azure CLI login (az login)
  --invite       invite addresses that are not in the tenant as guests (they get an e-mail that
                 leads to the Azure Machine Learning studio)
  --out FILE     write the roster with every objectId there (default: print it)

Rosters hold personal data: keep them out of git (.gitignore ignores *.csv outside examples/).`;

export interface RosterCliDeps {
  readonly cwd: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly makeDirectory: () => Directory;
}

export async function runRosterCli(argv: readonly string[], deps: RosterCliDeps): Promise<number> {
  let values: { roster?: string; invite?: boolean; out?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: {
        roster: { type: "string" },
        invite: { type: "boolean" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      allowPositionals: true,
    }));
  } catch (e) {
    deps.err(`error: ${(e as Error).message}`);
    deps.err(ROSTER_USAGE);
    return 2;
  }
  if (values.help || positionals.length === 0) {
    deps.out(ROSTER_USAGE);
    return values.help ? 0 : 2;
  }
  if (positionals[0] !== "resolve" || positionals.length > 1 || !values.roster) {
    deps.err(
      positionals[0] !== "resolve"
        ? `error: unknown command '${positionals[0]}': use resolve`
        : "error: resolve needs --roster FILE",
    );
    deps.err(ROSTER_USAGE);
    return 2;
  }
  const file = path.resolve(deps.cwd, values.roster);
  try {
    const prepared = await prepareRoster(file, values.roster, deps.makeDirectory, {
      invite: values.invite,
    });
    const csv = formatRosterCsv(
      prepared.rows.map(({ line: _line, ...r }) => ({
        ...r,
        objectId: r.objectId ?? (r.email ? prepared.resolved[r.email.toLowerCase()] : undefined),
      })),
    );
    const how = prepared.resolution?.how ?? {};
    const counts = (["member", "guest", "invited"] as const).map(
      (k) => `${Object.values(how).filter((h) => h === k).length} ${k}`,
    );
    const summary = `${prepared.learners.length} learner(s); resolved by e-mail: ${counts.join(", ")}`;
    if (values.out) {
      const outFile = path.resolve(deps.cwd, values.out);
      fs.writeFileSync(outFile, csv, "utf8");
      deps.out(`${summary}. Wrote ${values.out}`);
    } else {
      deps.err(summary);
      deps.out(csv.replace(/\r\n$/, ""));
    }
    return 0;
  } catch (e) {
    if (e instanceof RosterProblem) {
      deps.err(e.message);
      return 2;
    }
    throw e;
  }
}
