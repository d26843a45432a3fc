import type { RosterCliDeps } from "./main";
import { azCliToken } from "../http/azToken";
import { RestClient } from "../http/client";
import { GRAPH_BASE_URL, GraphDirectory } from "./graph";

/**
 * The real directory: Microsoft Graph v1.0 with a token from the Azure CLI login
 * (`az account get-access-token --resource-type ms-graph`), or GRAPH_ACCESS_TOKEN when set.
 */
export function graphDirectory(
  env: Readonly<Record<string, string | undefined>> = process.env,
): GraphDirectory {
  return new GraphDirectory(
    new RestClient({
      baseUrl: GRAPH_BASE_URL,
      service: "Microsoft Graph",
      getToken: azCliToken({ resourceType: "ms-graph" }, { envToken: env.GRAPH_ACCESS_TOKEN }),
    }),
  );
}

/** The real dependencies of `npm run roster`: the console, Graph, and where npm was run. */
export function realRosterDeps(): RosterCliDeps {
  return {
    // npm run sets INIT_CWD to where the command was typed; relative paths mean that.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    out: (line) => process.stdout.write(line + "\n"),
    err: (line) => process.stderr.write(line + "\n"),
    makeDirectory: () => graphDirectory(),
  };
}
