import { cohortNamePart, nameViolation, SHORT_COHORT_ID } from "../../components/naming";
import { stackNameFor } from "../../cli/cohort/config";
import { PlanDocument } from "../../plan/types";
import { guid, ofType, planWith } from "../helpers/plan";

/**
 * Cohort names as people write them (`dp100-mar27`, `March 2027 London`): kept as written in tags
 * and outputs, a short part of them in Azure and stack names; short ids keep the names they had.
 */

describe("cohortNamePart", () => {
  it.each(["c1", "may25", "c24", "abcdefgh", "sandbox"])(
    "keeps the short id %s as it is, so existing cohorts keep their Azure and stack names",
    (id) => {
      expect(cohortNamePart(id)).toBe(id);
      expect(stackNameFor(id, "run-pipelines")).toBe(`${id}-run-pipelines`);
    },
  );

  it.each([
    ["dp100-mar27", /^dp10[a-z0-9]{4}$/],
    ["March 2027 London", /^marc[a-z0-9]{4}$/],
    ["2027 spring", /^c202[a-z0-9]{4}$/],
    ["李雷班", /^c[a-z0-9]{7}$/],
    ["Zoë's class", /^zoes[a-z0-9]{4}$/],
    ["x".repeat(64), /^xxxx[a-z0-9]{4}$/],
  ])("folds %j to a short part with a hash (%s)", (name, shape) => {
    const part = cohortNamePart(name);
    expect(part).toMatch(shape);
    // Every short part has the shape of the old ids: it fits wherever they fitted.
    expect(part).toMatch(SHORT_COHORT_ID);
    expect(nameViolation("keyVault", `kv-dp100-${part}-abcde`)).toBeUndefined();
  });

  it("keeps names that fold alike apart", () => {
    const parts = ["Spring", "spring!", "SPRING 2027", "spring-2027", "spring 2027"].map(
      cohortNamePart,
    );
    expect(new Set(parts).size).toBe(parts.length);
  });
});

describe("a cohort named 'March 2027 London'", () => {
  let doc: PlanDocument;
  const name = "March 2027 London";
  beforeAll(async () => {
    doc = await planWith({
      "azure-native:location": "uksouth",
      "dp100-labs:mode": "cohort",
      "dp100-labs:cohort": name,
      "dp100-labs:learners": [{ id: "ada", objectId: guid(1) }],
    });
  });

  test("is kept as written in tags and outputs", () => {
    expect(doc.violations).toEqual([]);
    expect(doc.outputs.cohort).toBe(name);
    const [rg] = ofType(doc, "azure-native:resources:ResourceGroup");
    expect((rg.inputs.tags as Record<string, string>).cohort).toBe(name);
    const [ws] = ofType(doc, "azure-native:machinelearningservices:Workspace");
    expect(ws.inputs.friendlyName).toBe(`DP-100 ${name}`);
  });

  test("puts its short part in Azure names", () => {
    const part = cohortNamePart(name);
    const [rg] = ofType(doc, "azure-native:resources:ResourceGroup");
    expect(String(rg.inputs.resourceGroupName)).toContain(`dp100-${part}-`);
    const [ws] = ofType(doc, "azure-native:machinelearningservices:Workspace");
    expect(String(ws.inputs.workspaceName)).toContain(part);
  });
});
