/**
 * TEST DOUBLES. The Azure behaviours the stand-in azure-native provider reproduces, one module per
 * behaviour (or per service) in this folder, each with its public source. Add a behaviour by
 * writing its module and listing it here.
 */
import { assetVersionsImmutable } from "./assetVersions";
import type { AzureBehaviour, CheckFailure, Props, RefuseContext } from "./behaviour";
import { aksDnsPrefixImmutable } from "./containerservice";
import { kubernetesAttach } from "./kubernetesAttach";
import { subscriptionRegistration } from "./subscriptionRegistration";
import { unmatchedPrincipalType } from "./authorization";
import { budgetNotificationCollapse, budgetNotificationLimit } from "./consumption";
import { computeInstanceScheduleUpdate, mlVmSizeUpperCase } from "./machinelearning";
import { azureNameRules } from "./names";

export type { AzureBehaviour, CheckFailure, Props, RefuseContext } from "./behaviour";

export const BEHAVIOURS: readonly AzureBehaviour[] = [
  subscriptionRegistration,
  azureNameRules,
  assetVersionsImmutable,
  budgetNotificationLimit,
  budgetNotificationCollapse,
  unmatchedPrincipalType,
  mlVmSizeUpperCase,
  computeInstanceScheduleUpdate,
  kubernetesAttach,
  aksDnsPrefixImmutable,
];

const applies = (b: AzureBehaviour, type: string) => b.types.includes(type);

/** What the azure-native provider's check reports for these inputs. */
export function azureCheckFailures(
  type: string,
  inputs: Props,
  behaviours: readonly AzureBehaviour[] = BEHAVIOURS,
): CheckFailure[] {
  return behaviours.flatMap((b) => (applies(b, type) && b.check ? b.check(type, inputs) : []));
}

/** The first refusal Azure would give for this PUT, prefixed with the behaviour's id. */
export function azureRefusal(
  ctx: RefuseContext,
  behaviours: readonly AzureBehaviour[] = BEHAVIOURS,
): string | undefined {
  for (const b of behaviours) {
    if (!applies(b, ctx.type) || !b.refuse) continue;
    const message = b.refuse(ctx);
    if (message !== undefined) return `${message} [stand-in: ${b.id}; source: ${b.source}]`;
  }
  return undefined;
}

/** `props` as Azure returns them for a resource of `type`. */
export function azureReturned(
  type: string,
  props: Props,
  behaviours: readonly AzureBehaviour[] = BEHAVIOURS,
): Props {
  return behaviours.reduce(
    (p, b) => (applies(b, type) && b.returned ? b.returned(type, p) : p),
    props,
  );
}

/** Top-level inputs whose change Azure cannot apply in place for `type`. */
export function azureReplaceKeys(
  type: string,
  behaviours: readonly AzureBehaviour[] = BEHAVIOURS,
): string[] {
  return behaviours.flatMap((b) => (applies(b, type) && b.replaceOn ? b.replaceOn(type) : []));
}
