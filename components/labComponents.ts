import * as pulumi from "@pulumi/pulumi";
import * as ml from "@pulumi/azure-native/machinelearningservices";
import * as storage from "@pulumi/azure-native/storage";
import type { ComponentNeed, ComponentPort } from "../labs/types";
import type { CodeFile } from "../labs/components";

/** A code folder to upload and register as a code asset (labs/components gives its files). */
export interface CodeFolderInput {
  /** Folder id, e.g. `designer`; the code asset is `<codeAssetPrefix><id>`. */
  readonly id: string;
  /** Code asset version, e.g. "1". */
  readonly version: string;
  /** The folder's files (labs/components codeFolderFiles). At least one. */
  readonly files: readonly CodeFile[];
}

export interface LabComponentsArgs {
  /** Resource group of the workspace and its storage account. Required. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** The workspace's storage account (MlWorkspace.storageAccountName). Required. */
  readonly storageAccountName: pulumi.Input<string>;
  /** The workspace the code and components are registered in. Required. */
  readonly workspaceName: pulumi.Input<string>;
  /** Code folders the components use. Required, one per `codeFolder` the components name. */
  readonly codeFolders: readonly CodeFolderInput[];
  /** Components to register. Required, at least one. */
  readonly components: readonly ComponentNeed[];
  /** Environment every component runs in (a registry or workspace environment id). Required. */
  readonly environment: string;
  /** Blob container the code is uploaded into (created here). Default `lab-code`. */
  readonly container?: string;
  /**
   * Blob endpoint of the storage account, with a trailing '/'. Default
   * `https://<account>.blob.core.windows.net/` (Azure public cloud).
   */
  readonly blobEndpoint?: pulumi.Input<string>;
  /** Tags put on the code and component versions. Default: none. */
  readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/**
 * Command components registered before the learner starts, as `az ml component create --file`
 * would: each code folder uploaded as block blobs into a private container of the workspace's
 * storage account and registered as a code asset version (`codes/{name}/versions/{version}`, its
 * `codeUri` the blob folder), then one component version per component
 * (`components/{name}/versions/{version}`) whose `componentSpec` is the command component YAML as
 * JSON with `code` and `environment` as ids. Shapes: the REST specification's
 * `CodeVersion`/`ComponentVersion` and the body of `New-AzMLWorkspaceComponentVersion`
 * (Azure/azure-powershell src/MachineLearningServices examples), which passes
 * `azureml:/subscriptions/.../codes/<name>/versions/<v>` as `code`.
 *
 * Self-contained: it takes the workspace's and storage account's names, so it can live in any stack
 * that can name them. Logical names come from the folder id, the file name and `name@version`.
 */
export class LabComponents extends pulumi.ComponentResource {
  /** Code versions by folder id. */
  readonly codeVersions: Readonly<Record<string, ml.CodeVersion>>;
  /** Component versions by `name@version`. */
  readonly componentVersions: Readonly<Record<string, ml.ComponentVersion>>;

  constructor(name: string, args: LabComponentsArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validation comes first, so bad input registers nothing.
    validateLabComponents(args);
    const container = args.container ?? LAB_CODE_CONTAINER;

    super("dp100:ml:LabComponents", name, {}, opts);
    const endpoint =
      args.blobEndpoint ??
      pulumi.interpolate`https://${args.storageAccountName}.blob.core.windows.net/`;
    const blobContainer = new storage.BlobContainer(
      `${name}-container`,
      {
        resourceGroupName: args.resourceGroupName,
        accountName: args.storageAccountName,
        containerName: container,
        publicAccess: storage.PublicAccess.None,
      },
      { parent: this },
    );
    const codeVersions: Record<string, ml.CodeVersion> = {};
    for (const folder of args.codeFolders) {
      codeVersions[folder.id] = this.createCodeVersion(name, args, folder, blobContainer, endpoint);
    }
    const componentVersions: Record<string, ml.ComponentVersion> = {};
    for (const c of args.components) {
      componentVersions[`${c.name}@${c.version}`] = this.createComponentVersion(
        name,
        args,
        c,
        codeVersions[c.codeFolder],
      );
    }

    this.codeVersions = codeVersions;
    this.componentVersions = componentVersions;
    this.registerOutputs({});
  }

  /** One code folder: its files uploaded as block blobs, then registered as a code asset version. */
  private createCodeVersion(
    name: string,
    args: LabComponentsArgs,
    folder: CodeFolderInput,
    blobContainer: storage.BlobContainer,
    endpoint: pulumi.Input<string>,
  ): ml.CodeVersion {
    const prefix = codeBlobPrefix(folder.id, folder.version);
    const blobs = folder.files.map(
      (file) =>
        new storage.Blob(
          `${name}-blob-${folder.id}/${file.name}`,
          {
            resourceGroupName: args.resourceGroupName,
            accountName: args.storageAccountName,
            containerName: blobContainer.name,
            blobName: `${prefix}/${file.name}`,
            type: storage.BlobType.Block,
            contentType: "text/x-python",
            source: new pulumi.asset.StringAsset(file.content),
          },
          { parent: this },
        ),
    );
    return new ml.CodeVersion(
      `${name}-code-${folder.id}`,
      {
        resourceGroupName: args.resourceGroupName,
        workspaceName: args.workspaceName,
        name: codeAssetName(folder.id),
        version: folder.version,
        properties: {
          codeUri: pulumi.interpolate`${endpoint}${blobContainer.name}/${prefix}`,
          description: `Code of the lab components (${folder.files.map((f) => f.name).join(", ")})`,
          tags: args.tags,
        },
      },
      {
        parent: this,
        dependsOn: blobs,
        // An asset version is immutable and Azure ML keeps it (it is archived, not deleted, in
        // the studio); it goes away with its workspace. New content needs a new version.
        retainOnDelete: true,
      },
    );
  }

  /** One component version, its spec pointing at its folder's code version. */
  private createComponentVersion(
    name: string,
    args: LabComponentsArgs,
    c: ComponentNeed,
    code: ml.CodeVersion,
  ): ml.ComponentVersion {
    return new ml.ComponentVersion(
      `${name}-component-${c.name}@${c.version}`,
      {
        resourceGroupName: args.resourceGroupName,
        workspaceName: args.workspaceName,
        name: c.name,
        version: c.version,
        properties: {
          description: c.description,
          tags: args.tags,
          componentSpec: code.id.apply((codeId) => componentSpec(c, codeId, args.environment)),
        },
      },
      // Immutable like the code version; kept for the same reason.
      { parent: this, retainOnDelete: true },
    );
  }
}

/** The container the code folders are uploaded into. */
export const LAB_CODE_CONTAINER = "lab-code";

/** Name of the code asset of a folder, e.g. `dp100-designer-src`. */
export function codeAssetName(folderId: string): string {
  return `dp100-${folderId}-src`;
}

/** Blob folder of a code folder version: `<id>/v<version>` (a new version never overwrites). */
export function codeBlobPrefix(folderId: string, version: string): string {
  return `${folderId}/v${version}`;
}

/**
 * The command component YAML of `c` as the JSON object ARM takes in `componentSpec`, with `code`
 * the code version's ARM id (`azureml:` + id) and `environment` as given. Pure.
 */
export function componentSpec(
  c: ComponentNeed,
  codeArmId: string,
  environment: string,
): Record<string, unknown> {
  const ports = (p: Readonly<Record<string, ComponentPort>>) =>
    Object.fromEntries(Object.entries(p).map(([k, v]) => [k, { ...v }]));
  return {
    $schema: "https://azuremlschemas.azureedge.net/latest/commandComponent.schema.json",
    name: c.name,
    version: c.version,
    display_name: c.displayName,
    description: c.description,
    type: "command",
    inputs: ports(c.inputs),
    outputs: ports(c.outputs),
    code: `azureml:${codeArmId}`,
    environment,
    command: c.command,
  };
}

const COMPONENT_NAME = /^[a-z_][a-z0-9_]{0,254}$/;
const VERSION = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,29}$/;
const PLACEHOLDER = /\$\{\{(inputs|outputs)\.([A-Za-z0-9_]+)\}\}/g;

/**
 * Checks LabComponents' arguments: component names as Azure ML accepts them (lower-case letters,
 * digits and '_', starting with a letter or '_'; reference-yaml-component-command), versions,
 * no `name@version` twice, a known code folder with at least one file, and a command whose
 * `${{inputs.x}}`/`${{outputs.y}}` placeholders name declared ports. Errors name the key and value.
 */
export function validateLabComponents(
  args: Pick<LabComponentsArgs, "codeFolders" | "components" | "environment">,
): void {
  if (args.components.length === 0) {
    throw new Error("components: none given; LabComponents registers at least one component");
  }
  const folders = new Map(args.codeFolders.map((f) => [f.id, f]));
  for (const f of args.codeFolders) {
    if (!VERSION.test(f.version)) {
      throw new Error(`codeFolders: '${f.id}' has version '${f.version}'; use e.g. "1"`);
    }
    if (f.files.length === 0) throw new Error(`codeFolders: '${f.id}' has no files`);
  }
  const seen = new Set<string>();
  for (const c of args.components) {
    const key = `${c.name}@${c.version}`;
    if (!COMPONENT_NAME.test(c.name)) {
      throw new Error(
        `components: '${c.name}' is not a valid component name; Azure ML accepts lower-case letters, digits and '_', starting with a letter or '_'`,
      );
    }
    if (!VERSION.test(c.version)) {
      throw new Error(`components: '${c.name}' has version '${c.version}'; use e.g. "1"`);
    }
    if (seen.has(key)) throw new Error(`components: '${key}' is listed twice`);
    seen.add(key);
    const folder = folders.get(c.codeFolder);
    if (!folder) {
      throw new Error(
        `components: '${c.name}' uses code folder '${c.codeFolder}', which is not in codeFolders (${[...folders.keys()].join(", ") || "none"})`,
      );
    }
    const script = /^python\s+(\S+)/.exec(c.command)?.[1];
    if (script !== undefined && !folder.files.some((f) => f.name === script)) {
      throw new Error(
        `components: '${c.name}' runs '${script}', which is not a file of code folder '${c.codeFolder}'`,
      );
    }
    for (const [, kind, port] of c.command.matchAll(PLACEHOLDER)) {
      const ports = kind === "inputs" ? c.inputs : c.outputs;
      if (!(port in ports)) {
        throw new Error(
          `components: '${c.name}' command uses \${{${kind}.${port}}}, which is not among its ${kind} (${Object.keys(ports).join(", ")})`,
        );
      }
    }
  }
  if (args.environment.trim() === "") {
    throw new Error("environment: empty; give the environment id the components run in");
  }
}
