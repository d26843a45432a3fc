/**
 * TEST DOUBLES. Azure's own rules for resource names, as the stand-in azure-native provider applies
 * them. Written from Azure's sources only, never from the project's naming rules (which this judges):
 *
 * - At check time (preview), the azure-native provider validates every PUT parameter against the
 *   REST specification's `minLength`, `maxLength` and `pattern`, and fails with its own wording
 *   ("'vaultName' does not match expression '^[a-zA-Z0-9-]{3,24}$'"), without naming a property:
 *   pulumi/pulumi-azure-native provider/pkg/provider/provider.go (Check, validateProperty).
 * - At create time, the service refuses what the specification lets through, with its error code
 *   and text as the cited reports show them (azure-native prints `Code="..." Message="..."`).
 *
 * Only the rules with a public source for both the rule and Azure's answer are modelled; a type
 * missing here is not checked at all (not "valid").
 */
import type { AzureBehaviour, CheckFailure, Props } from "./behaviour";

/** A REST specification constraint on a PUT path parameter, as azure-native checks it. */
interface SpecRule {
  readonly minLength?: number;
  readonly maxLength?: number;
  /** The specification's pattern (a Go regular expression in azure-native; these are also JS). */
  readonly pattern?: string;
  readonly source: string;
}

/** A rule the service applies to the PUT, with the error it returns. */
interface ServiceRule {
  /** Whether the service accepts `name`, for the resource's `inputs`. */
  accepts(name: string, inputs: Props): boolean;
  /** Azure's error for a refused name, as azure-native prints it. */
  error(name: string): string;
  readonly source: string;
}

interface NameRules {
  /** The PUT path parameter (and azure-native input) that holds the name. */
  readonly input: string;
  readonly spec?: SpecRule;
  readonly service?: ServiceRule;
}

const LEARN_NAME_RULES = "learn azure-resource-manager/management/resource-name-rules";

/** Key Vault's service rule (resource-name-rules, Microsoft.KeyVault vaults). */
const VAULT_NAME = /^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/;

/**
 * A compute instance name: 3-24 letters, digits and '-', starting with a letter, and a '-' must be
 * followed later by a letter (learn machine-learning/how-to-create-compute-instance, "Name").
 */
const INSTANCE_NAME = /^[a-zA-Z][a-zA-Z0-9-]{2,23}$/;

const computeType = (inputs: Props) => {
  const p = inputs.properties;
  return p && typeof p === "object" ? (p as Props).computeType : undefined;
};

/** Azure's name rules per azure-native type token. */
export const AZURE_NAME_RULES: Readonly<Record<string, NameRules>> = {
  "azure-native:resources:ResourceGroup": {
    input: "resourceGroupName",
    spec: {
      minLength: 1,
      maxLength: 90,
      pattern: "^[-\\w\\._\\(\\)]+$",
      source:
        "Azure/azure-rest-api-specs common-types resource-management ResourceGroupNameParameter",
    },
  },
  "azure-native:storage:StorageAccount": {
    input: "accountName",
    service: {
      accepts: (name) => /^[a-z0-9]{3,24}$/.test(name),
      error: (name) =>
        `Code="AccountNameInvalid" Message="${name} is not a valid storage account ` +
        `name. Storage account name must be between 3 and 24 characters in length and use ` +
        `numbers and lower-case letters only."`,
      source: `${LEARN_NAME_RULES} (Microsoft.Storage storageAccounts); pulumi/templates#274; Azure/AzureMonitorStarterPacks#171`,
    },
  },
  "azure-native:keyvault:Vault": {
    input: "vaultName",
    spec: {
      pattern: "^[a-zA-Z0-9-]{3,24}$",
      source: "Azure/azure-rest-api-specs keyvault Vaults_CreateOrUpdate (vaultName)",
    },
    service: {
      accepts: (name) => VAULT_NAME.test(name) && !name.includes("--"),
      error: (name) =>
        `Code="VaultNameNotValid" Message="The vault name '${name}' is invalid. A ` +
        `vault's name must be between 3-24 alphanumeric characters. The name must begin with a ` +
        `letter, end with a letter or digit, and not contain consecutive hyphens. Follow this ` +
        `link for more information: https://go.microsoft.com/fwlink/?linkid=2147742"`,
      source: `${LEARN_NAME_RULES} (Microsoft.KeyVault vaults); MicrosoftDocs/azure-docs#92981; OfficeDev/microsoft-teams-apps-newemployeeonboarding#28; Azure/AI-in-a-Box#104`,
    },
  },
  // Only their id segment (no rule modelled yet).
  "azure-native:containerservice:ManagedCluster": { input: "resourceName" },
  "azure-native:containerservice:AgentPool": { input: "agentPoolName" },
  "azure-native:machinelearningservices:Workspace": {
    input: "workspaceName",
    spec: {
      pattern: "^[a-zA-Z0-9][a-zA-Z0-9_-]{2,32}$",
      source:
        "Azure/azure-rest-api-specs machinelearningservices WorkspaceNameParameter, as quoted in Azure/Azure-Verified-Modules#2071",
    },
  },
  "azure-native:machinelearningservices:Compute": {
    input: "computeName",
    service: {
      // Only the compute instance's rule and answer are public; other compute types pass.
      accepts: (name, inputs) => {
        if (computeType(inputs) !== "ComputeInstance") return true;
        const last = name.lastIndexOf("-");
        return INSTANCE_NAME.test(name) && (last < 0 || /[a-zA-Z]/.test(name.slice(last + 1)));
      },
      // The issue shows the service's message only (no code).
      error: (name) =>
        `Compute name '${name}' is not available. ` +
        `Reason: Invalid. Message: A name for an Azure ML Compute Instance must be between 3 ` +
        `and 24 characters in length and must use only numbers, letters and minus symbol (-), ` +
        `must start with letters. Numbers cannot be the ending of the name if the previous ` +
        `character is a minus symbol (-). Please specify a different Azure ML Instance name`,
      source:
        "learn machine-learning/how-to-create-compute-instance; microsoftdocs/pipelines-azureml#19",
    },
  },
};

/** azure-native's check failures for a string against a specification rule (its wording). */
export function specFailures(input: string, value: string, spec: SpecRule): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const length = value.length;
  if (spec.minLength !== undefined && length < spec.minLength) {
    failures.push({
      property: "",
      reason: `'${input}' is too short (${length}): at least ${spec.minLength} characters required`,
    });
  }
  if (spec.maxLength !== undefined && length > spec.maxLength) {
    failures.push({
      property: "",
      reason: `'${input}' is too long (${length}): at most ${spec.maxLength} characters allowed`,
    });
  }
  if (spec.pattern !== undefined && !new RegExp(spec.pattern).test(value)) {
    failures.push({
      property: "",
      reason: `'${input}' does not match expression '${spec.pattern}'`,
    });
  }
  return failures;
}

export const azureNameRules: AzureBehaviour = {
  id: "azure-name-rules",
  source: `${LEARN_NAME_RULES}; pulumi/pulumi-azure-native provider.go validateProperty; each type's source in tests/providers/azure/names.ts`,
  types: Object.keys(AZURE_NAME_RULES),
  check(type, inputs) {
    const rules = AZURE_NAME_RULES[type];
    const name = inputs[rules.input];
    // An unknown (not yet computed) or absent name is not judged, as azure-native skips it.
    if (!rules.spec || typeof name !== "string") return [];
    return specFailures(rules.input, name, rules.spec);
  },
  refuse({ type, inputs }) {
    const rules = AZURE_NAME_RULES[type];
    const name = inputs[rules.input];
    if (!rules.service || typeof name !== "string") return undefined;
    return rules.service.accepts(name, inputs) ? undefined : rules.service.error(name);
  },
  // The name is a segment of the resource's ARM id: a new name is a new resource.
  replaceOn: (type) => [AZURE_NAME_RULES[type].input],
};
