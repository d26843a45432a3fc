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
