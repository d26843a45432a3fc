import { ArmAzureMlUsageApi, armToken, subscriptionId } from "../../../cli/preflight";
import { recorded } from "../../helpers/recorded";
import { SUB } from "./fakeApi";

/** The ARM client of `npm run preflight` (cli/preflight/armApi.ts): URLs, token, paging, errors. */

describe("the ARM client", () => {
  test("builds the documented URLs, sends the token and follows nextLink", async () => {
    const usages = `/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/eastus/usages?api-version=2024-04-01`;
    const { client, sent } = recorded([
      {
        method: "GET",
        url: usages,
        status: 200,
        body: {
          value: [{ name: { value: "a" }, currentValue: 1, limit: 2 }],
          nextLink: "https://management.azure.com/next-page",
        },
      },
      {
        method: "GET",
        url: "/next-page",
        status: 200,
        body: { value: [{ name: { value: "b" }, currentValue: 0, limit: 2 }] },
      },
      {
        method: "GET",
        url: "/vmSizes",
        status: 404,
        body: { error: { code: "NotFound", message: "nope" } },
      },
    ]);
    const api = new ArmAzureMlUsageApi({ getToken: async () => "tok", httpClient: client });
    const u = await api.listUsages(SUB, "eastus");
    expect(u.value.map((x) => x.name.value)).toEqual(["a", "b"]);
    expect(sent.map((s) => s.headers.authorization)).toEqual(["Bearer tok", "Bearer tok"]);
    expect(sent[0].url).toBe(`https://management.azure.com${usages}`);
    // The one HTTP client's error: the service, the call, the status, ARM's code and message.
    await expect(api.listVmSizes(SUB, "eastus")).rejects.toThrow(
      /Azure Resource Manager GET \/subscriptions\/.*\/vmSizes\?api-version=2024-04-01 failed: 404 NotFound: nope/,
    );
    expect(sent.at(-1)?.url).toBe(
      `https://management.azure.com/subscriptions/${SUB}/providers/Microsoft.MachineLearningServices/locations/eastus/vmSizes?api-version=2024-04-01`,
    );
  });

  test("token and subscription: environment first, then the az CLI", async () => {
    const calls: string[] = [];
    const exec = async (cmd: string, args: readonly string[]) => {
      calls.push(`${cmd} ${args.join(" ")}`);
      return "from-az";
    };
    expect(await armToken({ AZURE_ACCESS_TOKEN: "env-tok" }, exec)).toBe("env-tok");
    expect(await armToken({}, exec)).toBe("from-az");
    expect(calls[0]).toMatch(
      /^az account get-access-token --resource https:\/\/management.azure.com\//,
    );
    expect(await subscriptionId("flag", { AZURE_SUBSCRIPTION_ID: "env" }, exec)).toBe("flag");
    expect(await subscriptionId(undefined, { AZURE_SUBSCRIPTION_ID: "env" }, exec)).toBe("env");
    expect(await subscriptionId(undefined, {}, exec)).toBe("from-az");
  });
});
