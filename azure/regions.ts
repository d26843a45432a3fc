/**
 * Azure's public regions, written once: the programmatic name (as `az account list-locations
 * --query "[].name"` prints it and ARM's `location` takes it), where the datacenters are, and the
 * Windows time zone of that place (Azure ML compute schedules take Windows time zone ids, not IANA
 * names: "TimeZone should follow Windows time zone format", Azure ML REST `Cron.timeZone`).
 * Pure data and helpers: no Pulumi, so the program, the plan and the command line share it.
 *
 * Sources: https://learn.microsoft.com/azure/reliability/regions-list (regions, programmatic names,
 * physical locations; restricted-access regions included, "coming soon" ones left out) and
 * https://learn.microsoft.com/windows-hardware/manufacture/desktop/default-time-zones (Windows time
 * zone ids), with the IANA zone of the same place for showing local times.
 * Checked 2026-11; a region Azure adds later is refused until it is added here.
 */

export interface AzureRegion {
  /** Programmatic name, e.g. `westeurope`. */
  readonly name: string;
  /** Where the region's datacenters are. */
  readonly location: string;
  /** Windows time zone id of that place, e.g. `W. Europe Standard Time`. */
  readonly windowsTimeZone: string;
  /** IANA time zone of that place, e.g. `Europe/Amsterdam`. */
  readonly ianaTimeZone: string;
}

const R = (
  name: string,
  location: string,
  windowsTimeZone: string,
  ianaTimeZone: string,
): AzureRegion => ({ name, location, windowsTimeZone, ianaTimeZone });

export const AZURE_REGIONS: readonly AzureRegion[] = [
  R("australiacentral", "Canberra", "AUS Eastern Standard Time", "Australia/Sydney"),
  R("australiacentral2", "Canberra", "AUS Eastern Standard Time", "Australia/Sydney"),
  R("australiaeast", "New South Wales", "AUS Eastern Standard Time", "Australia/Sydney"),
  R("australiasoutheast", "Victoria", "AUS Eastern Standard Time", "Australia/Melbourne"),
  R("austriaeast", "Vienna", "W. Europe Standard Time", "Europe/Vienna"),
  R("belgiumcentral", "Brussels", "Romance Standard Time", "Europe/Brussels"),
  R("brazilsouth", "Sao Paulo State", "E. South America Standard Time", "America/Sao_Paulo"),
  R("brazilsoutheast", "Rio", "E. South America Standard Time", "America/Sao_Paulo"),
  R("canadacentral", "Toronto", "Eastern Standard Time", "America/Toronto"),
  R("canadaeast", "Quebec City", "Eastern Standard Time", "America/Toronto"),
  R("centralindia", "Pune", "India Standard Time", "Asia/Kolkata"),
  R("centralus", "Iowa", "Central Standard Time", "America/Chicago"),
  R("chilecentral", "Santiago", "Pacific SA Standard Time", "America/Santiago"),
  R("eastasia", "Hong Kong", "China Standard Time", "Asia/Hong_Kong"),
  R("eastus", "Virginia", "Eastern Standard Time", "America/New_York"),
  R("eastus2", "Virginia", "Eastern Standard Time", "America/New_York"),
  R("francecentral", "Paris", "Romance Standard Time", "Europe/Paris"),
  R("francesouth", "Marseille", "Romance Standard Time", "Europe/Paris"),
  R("germanynorth", "Berlin", "W. Europe Standard Time", "Europe/Berlin"),
  R("germanywestcentral", "Frankfurt", "W. Europe Standard Time", "Europe/Berlin"),
  R("indonesiacentral", "Jakarta", "SE Asia Standard Time", "Asia/Jakarta"),
  R("israelcentral", "Israel", "Israel Standard Time", "Asia/Jerusalem"),
  R("italynorth", "Milan", "W. Europe Standard Time", "Europe/Rome"),
  R("japaneast", "Tokyo, Saitama", "Tokyo Standard Time", "Asia/Tokyo"),
  R("japanwest", "Osaka", "Tokyo Standard Time", "Asia/Tokyo"),
  R("jioindiacentral", "Nagpur", "India Standard Time", "Asia/Kolkata"),
  R("jioindiawest", "Jamnagar", "India Standard Time", "Asia/Kolkata"),
  R("koreacentral", "Seoul", "Korea Standard Time", "Asia/Seoul"),
  R("koreasouth", "Busan", "Korea Standard Time", "Asia/Seoul"),
  R("malaysiawest", "Kuala Lumpur", "Singapore Standard Time", "Asia/Kuala_Lumpur"),
  R("mexicocentral", "Querétaro State", "Central Standard Time (Mexico)", "America/Mexico_City"),
  R("newzealandnorth", "Auckland", "New Zealand Standard Time", "Pacific/Auckland"),
  R("northcentralus", "Illinois", "Central Standard Time", "America/Chicago"),
  R("northeurope", "Ireland", "GMT Standard Time", "Europe/Dublin"),
  R("norwayeast", "Oslo", "W. Europe Standard Time", "Europe/Oslo"),
  R("norwaywest", "Stavanger", "W. Europe Standard Time", "Europe/Oslo"),
  R("polandcentral", "Warsaw", "Central European Standard Time", "Europe/Warsaw"),
  R("qatarcentral", "Doha", "Arab Standard Time", "Asia/Qatar"),
  R("southafricanorth", "Johannesburg", "South Africa Standard Time", "Africa/Johannesburg"),
  R("southafricawest", "Cape Town", "South Africa Standard Time", "Africa/Johannesburg"),
  R("southcentralus", "Texas", "Central Standard Time", "America/Chicago"),
  R("southeastasia", "Singapore", "Singapore Standard Time", "Asia/Singapore"),
  R("southindia", "Chennai", "India Standard Time", "Asia/Kolkata"),
  R("spaincentral", "Madrid", "Romance Standard Time", "Europe/Madrid"),
  R("swedencentral", "Gävle", "W. Europe Standard Time", "Europe/Stockholm"),
  R("swedensouth", "Malmö", "W. Europe Standard Time", "Europe/Stockholm"),
  R("switzerlandnorth", "Zurich", "W. Europe Standard Time", "Europe/Zurich"),
  R("switzerlandwest", "Geneva", "W. Europe Standard Time", "Europe/Zurich"),
  R("uaecentral", "Abu Dhabi", "Arabian Standard Time", "Asia/Dubai"),
  R("uaenorth", "Dubai", "Arabian Standard Time", "Asia/Dubai"),
  R("uksouth", "London", "GMT Standard Time", "Europe/London"),
  R("ukwest", "Cardiff", "GMT Standard Time", "Europe/London"),
  R("westcentralus", "Wyoming", "Mountain Standard Time", "America/Denver"),
  R("westeurope", "Netherlands", "W. Europe Standard Time", "Europe/Amsterdam"),
  R("westindia", "Mumbai", "India Standard Time", "Asia/Kolkata"),
  R("westus", "California", "Pacific Standard Time", "America/Los_Angeles"),
  R("westus2", "Washington", "Pacific Standard Time", "America/Los_Angeles"),
  R("westus3", "Phoenix", "US Mountain Standard Time", "America/Phoenix"),
];

const BY_NAME = new Map(AZURE_REGIONS.map((r) => [r.name, r]));

/** The region of a programmatic name, or undefined. */
export function azureRegion(name: string): AzureRegion | undefined {
  return BY_NAME.get(name);
}

/** Optimal string alignment distance (Levenshtein plus swapping two neighbours). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The region a mistyped name most likely meant: the display form folded (`West Europe` ->
 * `westeurope`), or the nearest name within two edits (`westeurpoe` -> `westeurope`).
 */
export function suggestRegion(value: string): string | undefined {
  const folded = value.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (BY_NAME.has(folded)) return folded;
  let best: { name: string; d: number } | undefined;
  for (const r of AZURE_REGIONS) {
    const d = editDistance(folded, r.name);
    if (d <= 2 && (!best || d < best.d)) best = { name: r.name, d };
  }
  return best?.name;
}

/** Why `value` is not an Azure region (with a did-you-mean), or undefined when it is one. */
export function regionProblem(value: string): string | undefined {
  if (BY_NAME.has(value)) return undefined;
  const guess = suggestRegion(value);
  return `${guess ? `did you mean '${guess}'? ` : ""}use an Azure region's programmatic name such as eastus or westeurope ('az account list-locations -o table' lists your subscription's)`;
}

/**
 * The IANA zone of a Windows time zone id: the region's own when it uses that zone, else that of
 * the first region of the table that does (undefined when none does).
 */
export function ianaOfWindowsZone(windowsTimeZone: string, region?: string): string | undefined {
  if (windowsTimeZone === "UTC") return "UTC";
  const own = region === undefined ? undefined : azureRegion(region);
  if (own?.windowsTimeZone === windowsTimeZone) return own.ianaTimeZone;
  return AZURE_REGIONS.find((r) => r.windowsTimeZone === windowsTimeZone)?.ianaTimeZone;
}

/** The daily stop, as the schedule runs it and as people read it. */
export interface StopSchedule {
  /** `HH:MM`, on the clock of `timeZone`. */
  readonly time: string;
  /** Windows time zone id, as the compute schedule takes it. */
  readonly timeZone: string;
  /** The IANA zone of the same clock (e.g. `America/New_York`), when known. */
  readonly ianaTimeZone: string | null;
  /** True when the time zone is the region's default (no `timeZone` set). */
  readonly fromRegion: boolean;
}

/**
 * The stop time in local terms, e.g. `18:00 Eastern Standard Time (America/New_York, the region's
 * time zone)`.
 */
export function describeStop(s: StopSchedule): string {
  const where = [s.ianaTimeZone && s.ianaTimeZone !== s.timeZone ? s.ianaTimeZone : undefined]
    .concat(s.fromRegion ? ["the region's time zone"] : [])
    .filter(Boolean);
  return `${s.time} ${s.timeZone}${where.length ? ` (${where.join(", ")})` : ""}`;
}
