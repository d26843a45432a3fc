import { execFileSync } from "child_process";
import * as path from "path";
import { byType, one, promiseOf, settle, setupMocks } from "../helpers/mocks";
import {
  CODE_FOLDERS,
  codeFolderDir,
  codeFolderFiles,
  codeFolderHash,
  DESIGNER_CODE,
  DESIGNER_COMPONENTS,
  SKLEARN_ENVIRONMENT,
} from "../../labs/components";
import type { ComponentNeed } from "../../labs/types";
import { DIABETES_FEATURES } from "../../labs/data/diabetes";

setupMocks();

type Module = typeof import("../../components/labComponents");
let mod: Module;

const CODE = "azure-native:machinelearningservices:CodeVersion";
const COMPONENT = "azure-native:machinelearningservices:ComponentVersion";
const BLOB = "azure-native:storage:Blob";

beforeAll(async () => {
  mod = await import("../../components/labComponents");
});

const designerFolder = () => ({
  id: DESIGNER_CODE.id,
  version: DESIGNER_CODE.version,
  files: codeFolderFiles(DESIGNER_CODE.id),
});

const args = (over: Partial<import("../../components/labComponents").LabComponentsArgs> = {}) => ({
  resourceGroupName: "rg",
  storageAccountName: "stabcde",
  workspaceName: "mlw-abcde",
  codeFolders: [designerFolder()],
  components: DESIGNER_COMPONENTS,
  environment: SKLEARN_ENVIRONMENT,
  tags: { owner: "t" },
  ...over,
});

describe("LabComponents", () => {
  let spec: Record<string, Record<string, unknown>>;
  beforeAll(async () => {
    const c = new mod.LabComponents("designer", args());
    await settle();
    spec = {};
    for (const [key, v] of Object.entries(c.componentVersions)) {
      const props = await promiseOf(
        (v as unknown as { properties: import("@pulumi/pulumi").Output<{ componentSpec: never }> })
          .properties,
      );
      spec[key] = props.componentSpec;
    }
  });

  test("uploads the code folder as block blobs into a private container, under <id>/v<version>", () => {
    const container = one("azure-native:storage:BlobContainer", "designer-container");
    expect(container.inputs).toMatchObject({ containerName: "lab-code", publicAccess: "None" });
    const blobs = byType(BLOB).filter((b) => b.name.startsWith("designer-blob-"));
    expect(blobs.map((b) => b.inputs.blobName).sort()).toEqual([
      "designer/v1/diabetes_common.py",
      "designer/v1/fix-missing-data.py",
      "designer/v1/normalize-data.py",
      "designer/v1/train-decision-tree.py",
      "designer/v1/train-logistic-regression.py",
    ]);
    for (const b of blobs) expect(b.inputs.type).toBe("Block");
  });

  test("registers the code asset version with codeUri the blob folder", () => {
    const code = one(CODE, "designer-code-designer");
    expect(code.inputs).toMatchObject({
      workspaceName: "mlw-abcde",
      name: "dp100-designer-src",
      version: "1",
    });
    expect(code.inputs.properties.codeUri).toBe(
      "https://stabcde.blob.core.windows.net/lab-code/designer/v1",
    );
  });

  test("registers the four Designer components, version 1, with the instructions' names", () => {
    const names = byType(COMPONENT).map((c) => `${c.inputs.name}:${c.inputs.version}`);
    expect(names.sort()).toEqual([
      "normalize_data:1",
      "remove_empty_rows:1",
      "train_decision_tree_classifier_model:1",
      "train_logistic_regression_classifier_model:1",
    ]);
  });

  test("each componentSpec is the command component YAML with code and environment as ids", () => {
    const lr = spec["train_logistic_regression_classifier_model@1"];
    expect(lr).toMatchObject({
      name: "train_logistic_regression_classifier_model",
      version: "1",
      type: "command",
      display_name: "Train a Logistic Regression Classifier Model",
      environment: SKLEARN_ENVIRONMENT,
      inputs: {
        training_data: { type: "uri_folder" },
        regularization_rate: { type: "number", default: 0.01 },
      },
      outputs: { model_output: { type: "uri_folder" } },
    });
    // The code version's ARM id (the mock answers `<logical name>-id`), prefixed as the
    // New-AzMLWorkspaceComponentVersion example body has it.
    for (const s of Object.values(spec)) expect(s.code).toBe("azureml:designer-code-designer-id");
    expect(spec["remove_empty_rows@1"]).toMatchObject({
      display_name: "Remove Empty Rows",
      inputs: { input_data: { type: "uri_folder" } },
      outputs: { output_data: { type: "uri_folder" } },
    });
  });
});

describe("validateLabComponents", () => {
  const base = { codeFolders: [designerFolder()], environment: SKLEARN_ENVIRONMENT };
  const lr = DESIGNER_COMPONENTS[3];
  const bad = (c: Partial<ComponentNeed>) => ({ ...base, components: [{ ...lr, ...c }] });

  test("accepts the catalog's components", () => {
    expect(() =>
      mod.validateLabComponents({ ...base, components: DESIGNER_COMPONENTS }),
    ).not.toThrow();
  });
  test("refuses a name Azure ML refuses, naming it", () => {
    expect(() => mod.validateLabComponents(bad({ name: "Train-LR" }))).toThrow(
      /components: 'Train-LR' is not a valid component name/,
    );
  });
  test("refuses a component listed twice", () => {
    expect(() => mod.validateLabComponents({ ...base, components: [lr, lr] })).toThrow(
      /'train_logistic_regression_classifier_model@1' is listed twice/,
    );
  });
  test("refuses an unknown code folder, a missing script and an undeclared port", () => {
    expect(() => mod.validateLabComponents(bad({ codeFolder: "nope" }))).toThrow(
      /code folder 'nope', which is not in codeFolders \(designer\)/,
    );
    expect(() => mod.validateLabComponents(bad({ command: "python missing.py" }))).toThrow(
      /runs 'missing.py', which is not a file of code folder 'designer'/,
    );
    expect(() =>
      mod.validateLabComponents(bad({ command: `${lr.command} --x \${{inputs.rate}}` })),
    ).toThrow(/\$\{\{inputs.rate\}\}, which is not among its inputs/);
  });
  test("bad input registers nothing", async () => {
    const before = byType(COMPONENT).length;
    expect(() => new mod.LabComponents("bad", { ...args(), components: [] })).toThrow(
      /components: none given/,
    );
    await settle();
    expect(byType(COMPONENT)).toHaveLength(before);
    expect(byType("dp100:ml:LabComponents").filter((r) => r.name === "bad")).toHaveLength(0);
  });
});

describe("the Designer code folder", () => {
  test("its content is pinned: a change needs a new code and component version", () => {
    // A registered version is immutable (tests/providers/azure/assetVersions.ts): changed
    // scripts under the same version would be refused by Azure on the next update.
    expect(codeFolderHash(codeFolderFiles(DESIGNER_CODE.id))).toBe(DESIGNER_CODE.sha256);
    expect(Object.keys(CODE_FOLDERS)).toEqual(["designer"]);
  });

  test("every script parses, and takes exactly the flags its component's command passes", () => {
    const dir = codeFolderDir(DESIGNER_CODE.id);
    // Python's own parser reads each script and lists its argparse flags (no imports run).
    const out = execFileSync(
      "python3",
      [
        "-c",
        [
          "import ast, json, sys, os",
          "res = {}",
          "for f in sorted(os.listdir(sys.argv[1])):",
          "    if not f.endswith('.py'): continue",
          "    tree = ast.parse(open(os.path.join(sys.argv[1], f)).read(), f)",
          "    res[f] = sorted(n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call)",
          "        and getattr(n.func, 'attr', '') == 'add_argument')",
          "    for n in tree.body:",
          "        if isinstance(n, ast.Assign) and getattr(n.targets[0], 'id', '') == 'FEATURES':",
          "            res['FEATURES'] = ast.literal_eval(n.value)",
          "print(json.dumps(res))",
        ].join("\n"),
        dir,
      ],
      { encoding: "utf8" },
    );
    const flags = JSON.parse(out) as Record<string, string[]>;
    // The scripts read the columns labs/data generates.
    expect(flags.FEATURES).toEqual([...DIABETES_FEATURES]);
    for (const c of DESIGNER_COMPONENTS) {
      const [, script, rest] = /^python\s+(\S+)(.*)$/.exec(c.command)!;
      const passed = [...rest.matchAll(/(--[a-z_]+)\s/g)].map((m) => m[1]).sort();
      expect({ script, flags: flags[script] }).toEqual({ script, flags: passed });
    }
    expect(path.basename(dir)).toBe("designer");
  });
});
