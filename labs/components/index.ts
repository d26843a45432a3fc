import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import type { ComponentNeed } from "../types";

/**
 * The code folders of the components the labs register, and the components themselves. A code
 * folder is a directory next to this file holding the scripts (labs/components/<id>/*.py); the
 * files are read as they are and uploaded byte for byte.
 *
 * The Designer lab's setup (MicrosoftLearning/mslearn-azure-ml Labs/05/setup.sh with
 * fix-missing-data.yml, normalize-data.yml, train-decision-tree.yml, train-logistic-regression.yml)
 * registers four command components, version 1, from one code folder `./src`. The scripts here are
 * this project's own, with the interfaces those YAML files give (component names, version, input
 * and output names and types, command-line flags), reading the diabetes columns of labs/data.
 */

/** A code folder: its id (the directory name) and the version its code asset is registered as. */
export interface CodeFolder {
  readonly id: string;
  /** Code asset version. A registered version is immutable: new content needs a new version. */
  readonly version: string;
  /** SHA-256 of the folder's files (see codeFolderHash), pinned so a change cannot go unnoticed. */
  readonly sha256: string;
}

export const DESIGNER_CODE: CodeFolder = {
  id: "designer",
  version: "1",
  sha256: "15459b6a693ea1c3923481699092a9c820258c372f52abcca8e78a0ec2120abe",
};

/**
 * The curated scikit-learn environment the components run in. The lab's own
 * `AzureML-sklearn-0.24-ubuntu18.04-py37-cpu` is built on Ubuntu 18.04 and Python 3.7, both out of
 * support; whether it still resolves in a new workspace is not documented. Its successor is the
 * curated `sklearn-1.5` in the `azureml` registry (Azure/azureml-assets
 * assets/training/general/environments/sklearn-1.5/spec.yaml: scikit-learn 1.5, Python 3.10,
 * MLflow and the Azure ML SDK), referenced by its registry id as component YAML accepts it
 * (learn.microsoft.com/azure/machine-learning/reference-yaml-component-command, `environment`).
 */
export const SKLEARN_ENVIRONMENT =
  "azureml://registries/azureml/environments/sklearn-1.5/labels/latest";

const folder = (input: string) => ({ type: "uri_folder" as const, description: input });

/** The Designer lab's four components, as its setup registers them (version 1, code ./src). */
export const DESIGNER_COMPONENTS: readonly ComponentNeed[] = [
  {
    name: "remove_empty_rows",
    version: "1",
    displayName: "Remove Empty Rows",
    description: "Removes the rows that have an empty cell from every CSV file of a folder",
    codeFolder: DESIGNER_CODE.id,
    command:
      "python fix-missing-data.py --input_data ${{inputs.input_data}} --output_data ${{outputs.output_data}}",
    inputs: { input_data: folder("Folder of CSV files") },
    outputs: { output_data: folder("The files without empty rows") },
  },
  {
    name: "normalize_data",
    version: "1",
    displayName: "Normalize Numerical Columns",
    description: "Scales the diabetes feature columns to 0-1 (min-max)",
    codeFolder: DESIGNER_CODE.id,
    command:
      "python normalize-data.py --input_data ${{inputs.input_data}} --output_data ${{outputs.output_data}}",
    inputs: { input_data: folder("Folder of CSV files") },
    outputs: { output_data: folder("The normalized data") },
  },
  {
    name: "train_decision_tree_classifier_model",
    version: "1",
    displayName: "Train a Decision Tree Classifier Model",
    description: "Trains a decision tree on the diabetes data and logs Accuracy and AUC",
    codeFolder: DESIGNER_CODE.id,
    command:
      "python train-decision-tree.py --training_data ${{inputs.training_data}} --model_output ${{outputs.model_output}}",
    inputs: { training_data: folder("Folder of CSV files with the Diabetic label") },
    outputs: { model_output: folder("The trained model (model.sav)") },
  },
  {
    name: "train_logistic_regression_classifier_model",
    version: "1",
    displayName: "Train a Logistic Regression Classifier Model",
    description: "Trains a logistic regression on the diabetes data and logs Accuracy and AUC",
    codeFolder: DESIGNER_CODE.id,
    command:
      "python train-logistic-regression.py --training_data ${{inputs.training_data}} --reg_rate ${{inputs.regularization_rate}} --model_output ${{outputs.model_output}}",
    inputs: {
      training_data: folder("Folder of CSV files with the Diabetic label"),
      regularization_rate: { type: "number", default: 0.01, description: "Regularization rate" },
    },
    outputs: { model_output: folder("The trained model (model.sav)") },
  },
];

/** Every code folder by id. */
export const CODE_FOLDERS: Readonly<Record<string, CodeFolder>> = {
  [DESIGNER_CODE.id]: DESIGNER_CODE,
};

/** One file of a code folder: its name in the folder and its text. */
export interface CodeFile {
  readonly name: string;
  readonly content: string;
}

/**
 * The directory of a code folder's sources. Found from this module upwards, so it works from the
 * TypeScript sources and from the compiled bin/ (tsc does not copy the .py files).
 */
export function codeFolderDir(id: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, "labs", "components", id);
    if (fs.existsSync(candidate)) return candidate;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`code folder '${id}': labs/components/${id} not found`);
    dir = up;
  }
}

/** The files of a code folder, sorted by name; an unknown id is an error listing the known ones. */
export function codeFolderFiles(id: string): CodeFile[] {
  if (!(id in CODE_FOLDERS)) {
    throw new Error(
      `code folder '${id}' is not known; known: ${Object.keys(CODE_FOLDERS).join(", ")}`,
    );
  }
  const dir = codeFolderDir(id);
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".py"))
    .sort()
    .map((name) => ({ name, content: fs.readFileSync(path.join(dir, name), "utf8") }));
}

/** SHA-256 over the folder's file names and contents, in name order (hex). */
export function codeFolderHash(files: readonly CodeFile[]): string {
  const h = createHash("sha256");
  for (const f of files) h.update(`${f.name}\0${f.content}\0`);
  return h.digest("hex");
}
