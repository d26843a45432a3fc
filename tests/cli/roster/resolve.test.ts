import * as fs from "fs";
import * as path from "path";
import { RestClient } from "../../../cli/http/client";
import { GraphDirectory, INVITE_REDIRECT_URL, mailFilter } from "../../../cli/roster/graph";
import { runRosterCli } from "../../../cli/roster/main";
import { readRosterCsv } from "../../../stacks/roster";
import { tempFile } from "../../helpers/plan";
import { Exchange, recorded } from "../../helpers/recorded";

/**
 * Roster resolution through Microsoft Graph (cli/roster) on recorded Graph responses: members by
 * UPN, guests by mail/otherMails, invitations, every unresolved row reported with its line.
 */

const MEMBER = "4782e723-f4f4-4af3-a76e-25e3bab0d896";
const GUEST = "c03e6eaa-b6ab-46d7-905b-73ec7ea1f755";
const INVITED = "243b1de4-ad9f-421c-a933-d55305fb165d";

const notFound = (who: string): Exchange => ({
  method: "GET",
  url: `/users/${who}?`,
  status: 404,
  fixture: "error-404.json",
});

function graph(exchanges: Exchange[]) {
  const r = recorded(exchanges);
  const directory = new GraphDirectory(
    new RestClient({
      baseUrl: "https://graph.microsoft.com/v1.0",
      service: "Microsoft Graph",
      getToken: async () => "token",
      httpClient: r.client,
      retryDelayInMs: 1,
    }),
  );
  return { directory, sent: r.sent };
}

async function run(argv: string[], exchanges: Exchange[]) {
  const { directory, sent } = graph(exchanges);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runRosterCli(argv, {
    cwd: process.cwd(),
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    makeDirectory: () => directory,
  });
  return { code, out: out.join("\n"), err: err.join("\n"), sent };
}

const ROSTER = [
  "Email,ID,DisplayName",
  "ada@contoso.com,ada,Ada Lovelace",
  "grace@example.com,grace,Grace Hopper",
  "alan@example.org,alan,Alan Turing",
  "",
].join("\n");

describe("GraphDirectory", () => {
  it("finds a member by user principal name", async () => {
    const { directory, sent } = graph([
      { method: "GET", url: "/users/ada@contoso.com?", status: 200, fixture: "user-member.json" },
    ]);
    expect((await directory.findUsers("ada@contoso.com")).map((u) => u.id)).toEqual([MEMBER]);
    expect(sent[0].url).toBe(
      "https://graph.microsoft.com/v1.0/users/ada%40contoso.com?$select=id,userPrincipalName,mail,userType",
    );
  });

  it("finds a guest by mail or otherMails with the advanced-query header", async () => {
    const { directory, sent } = graph([
      notFound("grace@example.com"),
      { method: "GET", url: "/users?$filter=", status: 200, fixture: "users-guest.json" },
    ]);
    const users = await directory.findUsers("grace@example.com");
    expect(users.map((u) => [u.id, u.userType])).toEqual([[GUEST, "Guest"]]);
    expect(decodeURIComponent(sent[1].url)).toContain(
      "$filter=mail eq 'grace@example.com' or otherMails/any(m:m eq 'grace@example.com')&$count=true",
    );
    expect(sent[1].headers.consistencylevel).toBe("eventual");
  });

  it("escapes quotes in the OData filter", () => {
    expect(mailFilter("o'brien@x.ie")).toBe(
      "mail eq 'o''brien@x.ie' or otherMails/any(m:m eq 'o''brien@x.ie')",
    );
  });

  it("invites a guest with the studio as the redirect and returns invitedUser.id", async () => {
    const { directory, sent } = graph([
      { method: "POST", url: "/invitations", status: 201, fixture: "invitation.json" },
    ]);
    expect((await directory.invite("alan@example.org", "Alan Turing")).id).toBe(INVITED);
    expect(sent[0].body).toEqual({
      invitedUserEmailAddress: "alan@example.org",
      invitedUserDisplayName: "Alan Turing",
      inviteRedirectUrl: INVITE_REDIRECT_URL,
      sendInvitationMessage: true,
    });
    expect(INVITE_REDIRECT_URL).toBe("https://ml.azure.com");
  });
});

describe("npm run roster -- resolve", () => {
  const found: Exchange[] = [
    { method: "GET", url: "/users/ada@contoso.com?", status: 200, fixture: "user-member.json" },
    notFound("grace@example.com"),
    { method: "GET", url: "'grace@example.com'", status: 200, fixture: "users-guest.json" },
    notFound("alan@example.org"),
    { method: "GET", url: "'alan@example.org'", status: 200, fixture: "users-empty.json" },
  ];

  it("with --invite, writes the roster with every objectId: member, guest and invited", async () => {
    const file = tempFile("roster.csv", ROSTER);
    const outFile = path.join(path.dirname(file), "resolved.csv");
    const r = await run(
      ["resolve", "--roster", file, "--invite", "--out", outFile],
      [...found, { method: "POST", url: "/invitations", status: 201, fixture: "invitation.json" }],
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("3 learner(s); resolved by e-mail: 1 member, 1 guest, 1 invited");
    const rows = readRosterCsv(fs.readFileSync(outFile, "utf8"), "resolved.csv");
    expect(rows.map((x) => [x.id, x.objectId])).toEqual([
      ["ada", MEMBER],
      ["grace", GUEST],
      ["alan", INVITED],
    ]);
  });

  it("refuses a roster the program would refuse (a repeated id) before any Graph call", async () => {
    const file = tempFile("roster.csv", ROSTER + "ada2@contoso.com,ADA,Ada Again\n");
    const outFile = path.join(path.dirname(file), "resolved.csv");
    const r = await run(["resolve", "--roster", file, "--invite", "--out", outFile], []);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/line 5.*'ADA'.*unique/);
    expect(r.sent).toHaveLength(0); // nobody looked up, nobody invited
    expect(fs.existsSync(outFile)).toBe(false);
  });

  it("reports every unresolved row with its file line, exits 2 and writes nothing", async () => {
    const file = tempFile("roster.csv", ROSTER + "nobody@example.net,nobody,\n");
    const outFile = path.join(path.dirname(file), "resolved.csv");
    const r = await run(
      ["resolve", "--roster", file, "--out", outFile],
      [
        ...found,
        notFound("nobody@example.net"),
        { method: "GET", url: "'nobody@example.net'", status: 200, fixture: "users-empty.json" },
      ],
    );
    expect(r.code).toBe(2);
    expect(r.err).toContain("2 address(es) in");
    expect(r.err).toMatch(/line 4 \(alan, alan@example\.org\): no user or guest .* --invite/);
    expect(r.err).toMatch(/line 5 \(nobody, nobody@example\.net\)/);
    expect(fs.existsSync(outFile)).toBe(false);
  });

  it("explains a Graph permission error (403 Authorization_RequestDenied) once, exit 2", async () => {
    const file = tempFile("roster.csv", ROSTER);
    const denied: Exchange = {
      method: "GET",
      url: "/users/",
      status: 403,
      fixture: "error-403.json",
    };
    const r = await run(["resolve", "--roster", file], [denied, denied, denied]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("Microsoft Graph refused GET /users/");
    expect(r.err).toContain("403 Authorization_RequestDenied: Insufficient privileges");
    expect(r.err).toContain("User.ReadBasic.All");
    expect(r.out).toBe("");
  });

  it("refuses a malformed roster with its line before calling Graph", async () => {
    const file = tempFile("roster.csv", "id,email\nada,a@x.com,extra\n");
    const r = await run(["resolve", "--roster", file], []);
    expect(r.code).toBe(2);
    expect(r.err).toContain("line 2");
    expect(r.sent).toHaveLength(0);
  });

  it("prints usage for a missing --roster or an unknown command", async () => {
    expect((await run(["resolve"], [])).err).toContain("resolve needs --roster FILE");
    expect((await run(["fetch", "--roster", "x"], [])).code).toBe(2);
  });
});
