import { HttpError, RestClient } from "../../../cli/http/client";
import { azCliToken, azTokenArgs } from "../../../cli/http/azToken";
import { recorded, Exchange } from "../../helpers/recorded";

/** The one HTTP client (cli/http/client.ts) on recorded Microsoft Graph responses. */

function client(exchanges: Exchange[], tokens: string[] = ["t1"]) {
  const r = recorded(exchanges);
  let n = 0;
  const rest = new RestClient({
    baseUrl: "https://graph.microsoft.com/v1.0",
    service: "Microsoft Graph",
    getToken: async () => tokens[Math.min(n++, tokens.length - 1)],
    httpClient: r.client,
    retryDelayInMs: 1,
    maxRetryDelayInMs: 2,
  });
  return { rest, sent: r.sent };
}

describe("RestClient", () => {
  it("sends the bearer token and JSON, and parses the answer", async () => {
    const { rest, sent } = client([
      { method: "GET", url: "/users/ada", status: 200, fixture: "user-member.json" },
    ]);
    const user = await rest.get<{ id: string }>("/users/ada@contoso.com");
    expect(user.id).toBe("4782e723-f4f4-4af3-a76e-25e3bab0d896");
    expect(sent[0].url).toBe("https://graph.microsoft.com/v1.0/users/ada@contoso.com");
    expect(sent[0].headers.authorization).toBe("Bearer t1");
  });

  it("follows @odata.nextLink through every page", async () => {
    const { rest, sent } = client([
      { method: "GET", url: "$skiptoken", status: 200, fixture: "users-page2.json" },
      { method: "GET", url: "/users?$select", status: 200, fixture: "users-page1.json" },
    ]);
    const users = await rest.list<{ userType: string }>(
      "/users?$select=id,userPrincipalName,mail,userType",
    );
    expect(users.map((u) => u.userType)).toEqual(["Member", "Guest"]);
    expect(sent).toHaveLength(2);
    expect(sent[1].url).toContain("$skiptoken=");
  });

  it("retries a 429 after its Retry-After header, with a fresh token per attempt", async () => {
    const { rest, sent } = client(
      [
        {
          method: "GET",
          url: "/users/ada",
          status: 429,
          headers: { "Retry-After": "0" },
          fixture: "error-429.json",
        },
        { method: "GET", url: "/users/ada", status: 200, fixture: "user-member.json" },
      ],
      ["t1", "t2"],
    );
    await expect(rest.get("/users/ada@contoso.com")).resolves.toMatchObject({ userType: "Member" });
    expect(sent.map((s) => s.headers.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
  });

  it("retries 5xx answers with backoff and gives up after three retries, naming the call", async () => {
    const unavailable: Exchange = {
      method: "GET",
      url: "/users/ada",
      status: 503,
      fixture: "error-503.json",
    };
    const { rest, sent } = client([unavailable, unavailable, unavailable, unavailable]);
    const e = (await rest.get("/users/ada@contoso.com").catch((x) => x)) as HttpError;
    expect(e).toBeInstanceOf(HttpError);
    expect(e.message).toBe(
      "Microsoft Graph GET /users/ada@contoso.com failed: 503 serviceNotAvailable: The service is temporarily unavailable.",
    );
    expect(sent).toHaveLength(4);
  });

  it("retries a 429 without Retry-After with backoff, as Graph and ARM ask", async () => {
    const { rest, sent } = client([
      { method: "GET", url: "/users/ada", status: 429, fixture: "error-429.json" },
      { method: "GET", url: "/users/ada", status: 429, fixture: "error-429.json" },
      { method: "GET", url: "/users/ada", status: 200, fixture: "user-member.json" },
    ]);
    await expect(rest.get("/users/ada@contoso.com")).resolves.toMatchObject({ userType: "Member" });
    expect(sent).toHaveLength(3);
  });

  it("stops paging that does not end, naming the call", async () => {
    const { rest } = client(
      Array.from({ length: 3 }, () => ({
        method: "GET",
        url: "/users",
        status: 200,
        body: { value: [{}], "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?page=n" },
      })),
    );
    await expect(rest.list("/users", { maxPages: 2 })).rejects.toThrow(
      "Microsoft Graph GET /users failed: TooManyPages: paging did not end after 2 pages",
    );
  });

  it("does not retry a 403 and reports Graph's error code", async () => {
    const { rest, sent } = client([
      { method: "GET", url: "/users/ada", status: 403, fixture: "error-403.json" },
    ]);
    const e = (await rest.get("/users/ada@contoso.com").catch((x) => x)) as HttpError;
    expect([e.status, e.code, e.call]).toEqual([
      403,
      "Authorization_RequestDenied",
      "GET /users/ada@contoso.com",
    ]);
    expect(sent).toHaveLength(1);
  });

  it("returns an accepted error status instead of throwing", async () => {
    const { rest } = client([
      { method: "GET", url: "/users/x", status: 404, fixture: "error-404.json" },
    ]);
    const res = await rest.send("GET", "/users/x@y.z", { accept: [404] });
    expect(res.status).toBe(404);
  });
});

describe("azCliToken", () => {
  it("asks the Azure CLI for a Graph token once and reuses it", async () => {
    const calls: string[][] = [];
    const get = azCliToken(
      { resourceType: "ms-graph" },
      { run: async (_f, args) => (calls.push([...args]), "tok\n"), clock: () => 0 },
    );
    expect(await get()).toBe("tok");
    expect(await get()).toBe("tok");
    expect(calls).toEqual([azTokenArgs({ resourceType: "ms-graph" })]);
    expect(calls[0]).toEqual([
      "account",
      "get-access-token",
      "--resource-type",
      "ms-graph",
      "--query",
      "accessToken",
      "-o",
      "tsv",
    ]);
  });

  it("says to run az login when the CLI fails", async () => {
    const get = azCliToken(
      { resourceType: "ms-graph" },
      {
        run: async () => {
          throw new Error("Please run 'az login'");
        },
      },
    );
    await expect(get()).rejects.toThrow(/run 'az login' first/);
  });
});

describe("no Azure token", () => {
  it("says the Azure CLI is missing when az is not on PATH, and to log in when its call fails", async () => {
    const { azCliToken } = await import("../../../cli/http/azToken");
    const missing = azCliToken(
      { resource: "https://management.azure.com/" },
      {
        run: () => Promise.reject(Object.assign(new Error("spawn az ENOENT"), { code: "ENOENT" })),
      },
    );
    await expect(missing()).rejects.toThrow(
      /the Azure CLI \('az'\) is not installed or not on PATH/,
    );
    const loggedOut = azCliToken(
      { resource: "https://management.azure.com/" },
      {
        run: () => Promise.reject(new Error("Please run 'az login' to setup account.")),
      },
    );
    await expect(loggedOut()).rejects.toThrow(
      /failed \(Please run 'az login'.*\); run 'az login' first/,
    );
  });
});
