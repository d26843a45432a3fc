import { UNKNOWN, baseType, lookup, show } from "./inputs";
import { allowListed, compact, is, requireBool, type Rule } from "./rule";
import { TYPES } from "./typeTokens";

// Storage accounts and blob containers.

export const storageTls12: Rule = {
  id: "storage-tls-1-2",
  description: "Storage accounts require TLS 1.2 or later (minimumTlsVersion TLS1_2).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.storageAccount),
  check({ inputs }) {
    const v = lookup(inputs, ["minimumTlsVersion"]);
    if (v === UNKNOWN || v === "TLS1_2" || v === "TLS1_3") return [];
    return [`storage account minimumTlsVersion is ${show(v)}; set minimumTlsVersion to 'TLS1_2'`];
  },
};

export const storageHttpsOnly: Rule = {
  id: "storage-https-only",
  description: "Storage accounts accept HTTPS only (enableHttpsTrafficOnly true).",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.storageAccount),
  check({ inputs }) {
    return compact([
      requireBool(
        inputs,
        ["enableHttpsTrafficOnly"],
        true,
        "storage account may accept plain HTTP",
        "set enableHttpsTrafficOnly to true",
      ),
    ]);
  },
};

export const storageNoPublicBlob: Rule = {
  id: "storage-no-public-blob-access",
  description:
    "No anonymous blob access: storage accounts set allowBlobPublicAccess false and containers keep publicAccess 'None'.",
  level: "mandatory",
  configKeys: [],
  appliesTo: is(TYPES.storageAccount, TYPES.blobContainer),
  check({ type, inputs }) {
    if (baseType(type) === TYPES.storageAccount) {
      return compact([
        requireBool(
          inputs,
          ["allowBlobPublicAccess"],
          false,
          "storage account may allow anonymous blob access",
          "set allowBlobPublicAccess to false (lab data is read with the learner's identity)",
        ),
      ]);
    }
    const v = lookup(inputs, ["publicAccess"]);
    if (v === UNKNOWN || v === undefined || v === "None") return [];
    return [
      `blob container is readable anonymously: publicAccess is ${show(v)}; remove publicAccess ` +
        `or set it to 'None'`,
    ];
  },
};

export const storageSkuAllowed: Rule = {
  id: "storage-sku-allowed",
  description: "Storage accounts use an allowed SKU (Standard_LRS unless configured).",
  level: "advisory",
  configKeys: ["allowedStorageSkus"],
  appliesTo: is(TYPES.storageAccount),
  check({ inputs }, config) {
    return allowListed(
      lookup(inputs, ["sku", "name"]),
      config.allowedStorageSkus,
      "sku.name",
      "storage account",
      "allowedStorageSkus",
    );
  },
};

/** The storage rules, in the order reports list them. */
export const STORAGE_RULES: readonly Rule[] = [
  storageTls12,
  storageHttpsOnly,
  storageNoPublicBlob,
  storageSkuAllowed,
];
