import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  cohortLearnerIds,
  cohortPackConfigs,
  withLearnerIds,
} from "../../../cli/cohort/packConfig";
import { policyPackOptions } from "../../../cli/cohort/policyPack";

const ADA = "00000000-0000-4000-8000-00000000000a";
const GRACE = "00000000-0000-4000-8000-00000000000b";

describe("the policy pack's learners on the cohort path", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-config-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const stackFile = (name: string, config: Record<string, string>) =>
    fs.writeFileSync(
      path.join(dir, `Pulumi.${name}.yaml`),
      "config:\n" +
        Object.entries(config)
          .map(([k, v]) => `  ${k}: '${v.replace(/'/g, "''")}'`)
          .join("\n") +
        "\n",
    );
  const learners = (...ids: string[]) =>
    JSON.stringify(ids.map((objectId, i) => ({ id: `l${i}`, objectId })));

  it("reads the learners of this cohort's stack files only", () => {
    stackFile("c1-foundation", {
      "dp100-labs:mode": "cohort",
      "dp100-labs:part": "foundation",
      "dp100-labs:cohort": "c1",
      "dp100-labs:learners": learners(GRACE, ADA),
    });
    stackFile("c1-explore-workspace", {
      "dp100-labs:mode": "cohort",
      "dp100-labs:part": "lab",
      "dp100-labs:cohort": "c1",
      "dp100-labs:foundation": "c1-foundation",
    });
    // Another cohort whose name shares the prefix, and a stack the program refuses.
    stackFile("c1-x-foundation", {
      "dp100-labs:mode": "cohort",
      "dp100-labs:cohort": "c1-x",
      "dp100-labs:learners": learners("00000000-0000-4000-8000-0000000000ff"),
    });
    stackFile("c1-broken", { "dp100-labs:mode": "cohort", "dp100-labs:cohort": "c1" });
    expect(cohortLearnerIds(dir, "c1")).toEqual([ADA, GRACE]);
    expect(cohortLearnerIds(path.join(dir, "missing"), "c1")).toEqual([]);
  });

  it("adds them to the trainer's configuration, keeping its level and ids; a disabled rule stays off", () => {
    expect(withLearnerIds({}, [ADA])).toEqual({
      "role-no-privileged-learner": { learnerPrincipalIds: [ADA] },
    });
    expect(
      withLearnerIds(
        {
          "vm-size-allowed": { allowedVmSizes: ["Standard_DS11_v2"] },
          "role-no-privileged-learner": {
            enforcementLevel: "advisory",
            learnerPrincipalIds: [GRACE],
          },
        },
        [ADA, GRACE],
      ),
    ).toEqual({
      "vm-size-allowed": { allowedVmSizes: ["Standard_DS11_v2"] },
      "role-no-privileged-learner": {
        enforcementLevel: "advisory",
        learnerPrincipalIds: [GRACE, ADA],
      },
    });
    expect(withLearnerIds({ "role-no-privileged-learner": "advisory" }, [ADA])).toEqual({
      "role-no-privileged-learner": { enforcementLevel: "advisory", learnerPrincipalIds: [ADA] },
    });
    expect(withLearnerIds({ "role-no-privileged-learner": "disabled" }, [ADA])).toEqual({
      "role-no-privileged-learner": "disabled",
    });
  });

  it("writes the merged file into the state folder, else passes the trainer's file as it is", () => {
    const state = path.join(dir, "state");
    const user = path.join(dir, "pack.json");
    fs.writeFileSync(user, JSON.stringify({ "storage-sku-allowed": "disabled" }));
    const none = { repoRoot: dir, stateDir: state, cohort: "c1", userFile: user };
    expect(cohortPackConfigs(none)).toEqual([user]);
    expect(cohortPackConfigs({ ...none, userFile: undefined })).toEqual([]);
    stackFile("c1-foundation", {
      "dp100-labs:mode": "cohort",
      "dp100-labs:cohort": "c1",
      "dp100-labs:learners": learners(ADA),
    });
    const [file] = cohortPackConfigs(none);
    expect(file).toBe(path.join(state, "c1.policy-config.json"));
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({
      "storage-sku-allowed": "disabled",
      "role-no-privileged-learner": { learnerPrincipalIds: [ADA] },
    });
  });

  it("a --policy-pack-config that is not JSON is reported, naming the file (exit 2)", () => {
    stackFile("c1-foundation", {
      "dp100-labs:mode": "cohort",
      "dp100-labs:cohort": "c1",
      "dp100-labs:learners": learners(ADA),
    });
    const bad = path.join(dir, "pack.yaml");
    fs.writeFileSync(bad, "vm-size-allowed: disabled\n");
    const common = { stateDir: path.join(dir, "state"), cohort: "c1", policyPackConfig: bad };
    expect(policyPackOptions(common, dir, () => true)).toMatch(
      /the policy pack's configuration for cohort 'c1' could not be written: .*is --policy-pack-config '.*pack\.yaml' JSON\?/,
    );
    expect(policyPackOptions({ ...common, policyPackConfig: undefined }, dir, () => true)).toEqual({
      policyPacks: [path.join(dir, "policy")],
      policyPackConfigs: [path.join(dir, "state", "c1.policy-config.json")],
    });
  });
});
