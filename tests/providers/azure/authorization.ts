/**
 * TEST DOUBLES. Azure RBAC role assignments, as the stand-in reproduces them.
 *
 * ARM refuses an assignment whose `principalType` differs from the directory's type of that
 * principal: `UnmatchedPrincipalType`, "The PrincipalId '<id>' has type 'ServicePrincipal' , which
 * is different from specified PrinciaplType 'User'." (Azure's spelling; reported in
 * Azure/modern-web-app-pattern-dotnet#129).
 *
 * The stand-in has no Entra ID, so it reads a small directory FIXTURE: a JSON object of object id ->
 * `User` | `Group` | `ServicePrincipal`, from the file named by the environment variable
 * DP100_STANDIN_DIRECTORY (the integration harness sets it to tests/fixtures/standin-directory.json).
 * Object ids it does not list are users. It is made-up test data, not a directory.
 */
import * as fs from "fs";
import type { AzureBehaviour } from "./behaviour";

export const DIRECTORY_ENV = "DP100_STANDIN_DIRECTORY";

let cached: { file: string | undefined; types: Record<string, string> } | undefined;

/** The fixture directory's type of `objectId` (case-insensitive), User when it is not listed. */
export function directoryType(objectId: string): string {
  const file = process.env[DIRECTORY_ENV];
  if (!cached || cached.file !== file) {
    const raw = file ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>) : {};
    const types = Object.fromEntries(
      Object.entries(raw)
        .filter(([k]) => !k.startsWith("$"))
        .map(([k, v]) => [k.toLowerCase(), v]),
    );
    cached = { file, types };
  }
  return cached.types[objectId.toLowerCase()] ?? "User";
}

export const unmatchedPrincipalType: AzureBehaviour = {
  id: "unmatched-principal-type",
  source: "Azure/modern-web-app-pattern-dotnet#129 (ARM error UnmatchedPrincipalType)",
  types: ["azure-native:authorization:RoleAssignment"],
  refuse({ inputs }) {
    const id = inputs.principalId;
    const given = inputs.principalType;
    // Unknown values (a preview) and an unset type (ARM then looks the principal up) pass.
    if (typeof id !== "string" || typeof given !== "string") return undefined;
    const actual = directoryType(id);
    if (actual === given) return undefined;
    return (
      `UnmatchedPrincipalType: The PrincipalId '${id}' has type '${actual}' , which is different ` +
      `from specified PrinciaplType '${given}'.`
    );
  },
};
