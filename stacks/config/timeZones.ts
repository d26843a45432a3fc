import { AZURE_REGIONS, azureRegion } from "../../azure/regions";

/**
 * Windows time zone ids accepted by Azure ML compute schedules (a common subset plus the zone of
 * every region in components/regions.ts; Azure takes the Windows ids, not IANA names).
 */
const COMMON_TIME_ZONES: readonly string[] = [
  "UTC",
  "GMT Standard Time",
  "W. Europe Standard Time",
  "Central Europe Standard Time",
  "Romance Standard Time",
  "Central European Standard Time",
  "E. Europe Standard Time",
  "FLE Standard Time",
  "GTB Standard Time",
  "Russian Standard Time",
  "Turkey Standard Time",
  "South Africa Standard Time",
  "Egypt Standard Time",
  "Arabian Standard Time",
  "India Standard Time",
  "Singapore Standard Time",
  "China Standard Time",
  "Tokyo Standard Time",
  "Korea Standard Time",
  "AUS Eastern Standard Time",
  "E. Australia Standard Time",
  "New Zealand Standard Time",
  "Eastern Standard Time",
  "Central Standard Time",
  "Mountain Standard Time",
  "US Mountain Standard Time",
  "Pacific Standard Time",
  "Alaskan Standard Time",
  "Hawaiian Standard Time",
  "Atlantic Standard Time",
  "E. South America Standard Time",
  "Argentina Standard Time",
  "SA Pacific Standard Time",
  "Central America Standard Time",
];
export const TIME_ZONES: readonly string[] = [
  ...new Set([...COMMON_TIME_ZONES, ...AZURE_REGIONS.map((r) => r.windowsTimeZone)]),
];

/** The stop schedule's time zone when `timeZone` is not set: the region's, else UTC. */
export function defaultTimeZone(location: string): string {
  return azureRegion(location)?.windowsTimeZone ?? "UTC";
}
