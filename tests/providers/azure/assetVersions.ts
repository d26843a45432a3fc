/**
 * TEST DOUBLES. Azure ML asset versions are immutable: "Once you create a data asset version, it
 * is immutable. It cannot be modified or deleted." (MicrosoftDocs/azure-docs
 * articles/machine-learning/how-to-create-data-assets.md, "Versioning"/"Reproducibility"). What
 * may still change on an existing version is its metadata (description, tags, isArchived:
 * `az ml data update` and archiving), not what it points at. So a PUT on an existing version that
 * changes its content (a data asset's `dataUri`/`dataType`, a code asset's `codeUri`, a component's
 * `componentSpec`) fails, and the stack must register a new version instead.
 *
 * Code and component versions are the same kind of versioned asset (workspaces/codes/versions,
 * workspaces/components/versions in the REST specification); the page above states the rule for
 * data assets only, and no public page was found stating it for code and components, so for those
 * two it is modelled by analogy (unconfirmed).
 */
import type { AzureBehaviour, Props } from "./behaviour";

const CONTENT: Readonly<Record<string, readonly string[]>> = {
  "azure-native:machinelearningservices:DataVersion": ["dataUri", "dataType"],
  "azure-native:machinelearningservices:CodeVersion": ["codeUri"],
  "azure-native:machinelearningservices:ComponentVersion": ["componentSpec"],
};

const props = (p: Props | undefined) => (p?.properties ?? {}) as Props;

export const assetVersionsImmutable: AzureBehaviour = {
  id: "ml-asset-version-immutable",
  source:
    "MicrosoftDocs/azure-docs articles/machine-learning/how-to-create-data-assets.md (a data asset version is immutable); code and component versions by analogy",
  types: Object.keys(CONTENT),
  refuse(ctx) {
    if (ctx.op !== "update" || ctx.olds === undefined) return undefined;
    const changed = CONTENT[ctx.type].filter(
      (k) => JSON.stringify(props(ctx.olds)[k]) !== JSON.stringify(props(ctx.inputs)[k]),
    );
    if (changed.length === 0) return undefined;
    return (
      `Conflict: version '${String(ctx.inputs.version)}' of '${String(ctx.inputs.name)}' ` +
      `already exists and is immutable; its ${changed.map((k) => `properties.${k}`).join(", ")} ` +
      `cannot be changed: register a new version`
    );
  },
};
