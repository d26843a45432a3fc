import {
  AML_CLUSTER_NODES,
  describeRange,
  IDLE_SHUTDOWN_MINUTES,
  inRange,
  KEY_VAULT_SOFT_DELETE_DAYS,
} from "../../azure/limits";
import { DEFAULT_POLICY_CONFIG } from "../../guardrails/config";

describe("Azure's limits", () => {
  test("idle shutdown: 15 minutes to 3 days", () => {
    expect([IDLE_SHUTDOWN_MINUTES.min, IDLE_SHUTDOWN_MINUTES.max]).toEqual([15, 4320]);
    expect(describeRange(IDLE_SHUTDOWN_MINUTES)).toBe("whole minutes from 15 to 4320");
  });

  test("key vault soft-delete retention: 7 to 90 days", () => {
    expect(inRange(KEY_VAULT_SOFT_DELETE_DAYS, 7)).toBe(true);
    expect(inRange(KEY_VAULT_SOFT_DELETE_DAYS, 90)).toBe(true);
    expect(inRange(KEY_VAULT_SOFT_DELETE_DAYS, 6)).toBe(false);
    expect(inRange(KEY_VAULT_SOFT_DELETE_DAYS, 91)).toBe(false);
    expect(inRange(KEY_VAULT_SOFT_DELETE_DAYS, 7.5)).toBe(false);
  });

  test("the classroom's cluster policy is within Azure's limit, not a second copy of it", () => {
    expect(AML_CLUSTER_NODES.max).toBe(100);
    expect(DEFAULT_POLICY_CONFIG.maxClusterNodes).toBeLessThan(AML_CLUSTER_NODES.max);
  });
});
