/** Guardrails of storage (guardrails/storage.ts), rule by rule. */
import { STORAGE_RULES } from "../../guardrails/storage";
import {
  type Case,
  containerInputs,
  describeRuleCases,
  res,
  set,
  storageInputs,
  TYPES,
} from "./fixtures";

const CASES: Case[] = [
  {
    rule: "storage-tls-1-2",
    level: "mandatory",
    good: res(TYPES.storageAccount, storageInputs),
    bad: [
      {
        what: "TLS 1.0",
        resource: res(TYPES.storageAccount, set(storageInputs, "minimumTlsVersion", "TLS1_0")),
        message: /storage account minimumTlsVersion is 'TLS1_0'; set minimumTlsVersion to 'TLS1_2'/,
      },
      {
        what: "unset",
        resource: res(TYPES.storageAccount, set(storageInputs, "minimumTlsVersion", undefined)),
        message: /minimumTlsVersion is not set; set minimumTlsVersion to 'TLS1_2'/,
      },
    ],
  },
  {
    rule: "storage-https-only",
    level: "mandatory",
    good: res(TYPES.storageAccount, storageInputs),
    bad: [
      {
        what: "HTTP allowed",
        resource: res(TYPES.storageAccount, set(storageInputs, "enableHttpsTrafficOnly", false)),
        message:
          /storage account may accept plain HTTP: enableHttpsTrafficOnly is false; set enableHttpsTrafficOnly to true/,
      },
    ],
  },
  {
    rule: "storage-no-public-blob-access",
    level: "mandatory",
    good: res(TYPES.storageAccount, storageInputs),
    bad: [
      {
        what: "account allows public blobs",
        resource: res(TYPES.storageAccount, set(storageInputs, "allowBlobPublicAccess", true)),
        message:
          /storage account may allow anonymous blob access: allowBlobPublicAccess is true; set allowBlobPublicAccess to false/,
      },
      {
        what: "account leaves it unset",
        resource: res(TYPES.storageAccount, set(storageInputs, "allowBlobPublicAccess", undefined)),
        message: /allowBlobPublicAccess is not set; set allowBlobPublicAccess to false/,
      },
      {
        what: "public container",
        resource: res(TYPES.blobContainer, set(containerInputs, "publicAccess", "Blob")),
        message:
          /blob container is readable anonymously: publicAccess is 'Blob'; remove publicAccess or set it to 'None'/,
      },
    ],
  },
  {
    rule: "storage-sku-allowed",
    level: "advisory",
    good: res(TYPES.storageAccount, storageInputs),
    bad: [
      {
        what: "geo-redundant",
        resource: res(TYPES.storageAccount, set(storageInputs, "sku.name", "Standard_GRS")),
        message:
          /storage account sku\.name is 'Standard_GRS', not one of Standard_LRS; set sku\.name to an allowed value, or add it to the policy config 'allowedStorageSkus'/,
      },
    ],
  },
];

describeRuleCases(STORAGE_RULES, CASES);
