import type { ResourceTypeToken } from "../../azure/resourceTypes";
import { get, num, str } from "../inputs";
import type { PlannedResource } from "../types";
import type { PricingContext } from "./context";
import { fmtH, isoMinutes, round, vmMeter } from "./numbers";

/**
 * Azure ML compute instances and clusters, and the capacity learners create during the labs. Not
 * priced resource by resource: clusters share the cohort's jobs, and "a learner's working hour"
 * takes the priciest instance and cluster of the plan. Other compute kinds (attached AKS) are the
 * Compute row of plan/cost/byType.ts.
 */

export const COMPUTE = "azure-native:machinelearningservices:Compute" satisfies ResourceTypeToken;

interface InstanceInfo {
  readonly name: string;
  readonly vmSize: string;
  readonly idleMinutes?: number;
  readonly stopSchedule: boolean;
  readonly alwaysOn: boolean;
  readonly publicIp: boolean;
  /** Hours it runs after work ends (idle shutdown delay or until the scheduled stop). */
  readonly tailHours: number;
}

interface ClusterInfo {
  readonly name: string;
  readonly vmSize: string;
  readonly min: number;
  readonly max: number;
  readonly lowPriority: boolean;
}

/** Prices the plan's instances and clusters and what the learners create, in that order. */
export function priceMlCompute(resources: readonly PlannedResource[], ctx: PricingContext): void {
  const { a, needs } = ctx;
  const computes = resources.filter((r) => r.custom && r.type === COMPUTE);
  const instances = computes.flatMap((r) => readInstance(r, a.hoursUntilScheduledStop) ?? []);
  const clusters = computes.flatMap((r) => readCluster(r) ?? []);
  const courseHours = a.hoursPerDay * a.courseDays;
  const perHourShare =
    needs.typicalClusterHours !== undefined
      ? needs.typicalClusterHours / courseHours
      : a.clusterNodeHoursPerLearnerHour;
  priceInstances(instances, ctx);
  if (clusters.length > 0) priceClusters(clusters, perHourShare, ctx);
  // Labs whose cluster the learners create themselves: its busy time is typicalClusterHours too.
  if (clusters.length === 0 && needs.typicalClusterHours !== undefined && perHourShare > 0) {
    priceLearnersCluster(perHourShare, ctx);
  }
  pricePerLearnerHour(instances, clusters, perHourShare, ctx);
  priceLearnerCreations(courseHours, ctx);
}

function priceInstances(instances: InstanceInfo[], { acc, said, a }: PricingContext): void {
  const hoursPerDay = a.hoursPerDay;
  for (const ci of instances) {
    acc.timed("idlePerDay", ci.name, "disk:ci-os-disk", 24, "OS disk, 24 h");
    if (ci.publicIp) acc.timed("idlePerDay", ci.name, "ip:public-ipv4", 24, "public IP, 24 h");
    if (ci.alwaysOn) {
      acc.timed("idlePerDay", ci.name, vmMeter(ci.vmSize, false), 24, "running 24 h");
    } else {
      const hours = hoursPerDay + ci.tailHours;
      acc.timed("perLabDay", ci.name, vmMeter(ci.vmSize, false), hours, `running ${fmtH(hours)}`);
    }
  }
  if (instances.length === 0) return;
  const on = instances.filter((i) => i.alwaysOn).length;
  const idle = instances.filter((i) => !i.alwaysOn && i.idleMinutes !== undefined);
  const schedOnly = instances.filter((i) => !i.alwaysOn && i.idleMinutes === undefined);
  if (idle.length > 0) {
    const m = Math.max(...idle.map((i) => i.idleMinutes ?? 0));
    said.push(
      `${idle.length} compute instance(s) with idle shutdown run ${hoursPerDay} h plus their ` +
        `idle-shutdown delay (up to ${m} min) per lab day and are stopped otherwise.`,
    );
  }
  if (schedOnly.length > 0) {
    said.push(
      `${schedOnly.length} compute instance(s) with a stop schedule but no idle shutdown run ` +
        `${hoursPerDay} h plus ${a.hoursUntilScheduledStop} h until the scheduled stop per lab day.`,
    );
  }
  if (on > 0) {
    said.push(
      `${on} compute instance(s) have neither idle shutdown nor a stop schedule: they run 24 h a ` +
        `day, counted in the idle day.`,
    );
  }
  said.push(
    `Compute instance OS disk priced as meter disk:ci-os-disk; public IP (enableNodePublicIp) ` +
      `as ip:public-ipv4, billed while the instance exists.`,
  );
}

function priceClusters(
  clusters: ClusterInfo[],
  perHourShare: number,
  { acc, said, a, needs }: PricingContext,
): void {
  const hoursPerDay = a.hoursPerDay;
  said.push(
    needs.typicalClusterHours !== undefined
      ? `A learner uses ${needs.typicalClusterHours} cluster node-hour(s) over the course (the ` +
          `labs' typicalClusterHours), i.e. ${round(perHourShare, 3)} node-hour per working hour.`
      : `A learner keeps ${perHourShare} cluster node(s) busy per working hour (assumption; the ` +
          `lab catalog gave no typicalClusterHours).`,
  );
  for (const c of clusters.filter((c) => c.min > 0)) {
    acc.timed(
      "idlePerDay",
      c.name,
      vmMeter(c.vmSize, c.lowPriority),
      24 * c.min,
      `${c.min} node(s) at minimum, 24 h`,
    );
  }
  const capacity = clusters.map((c) => Math.max(0, c.max - c.min) * hoursPerDay);
  const totalCapacity = capacity.reduce((s, x) => s + x, 0);
  const demand = a.learners * hoursPerDay * perHourShare;
  const used = Math.min(demand, totalCapacity);
  if (demand > totalCapacity) {
    said.push(
      `The cohort would use ${round(demand, 2)} cluster node-hours a day but the clusters can ` +
        `run only ${round(totalCapacity, 2)} (max nodes above the minimum x ${hoursPerDay} h): ` +
        `jobs queue, the cost stops at the capacity.`,
    );
  } else {
    said.push(`The cohort's cluster use fits in the clusters' max nodes: no queueing assumed.`);
  }
  clusters.forEach((c, i) => {
    const share = totalCapacity > 0 ? (used * capacity[i]) / totalCapacity : 0;
    if (share > 0) {
      acc.timed(
        "perLabDay",
        c.name,
        vmMeter(c.vmSize, c.lowPriority),
        share,
        `${fmtH(share)} node-hours of jobs`,
      );
    }
  });
  said.push(
    `Cluster nodes above the minimum cost only while jobs run (scale-down delay not counted).`,
  );
}

/** The plan provisions no cluster: the one learners create (if any) does the jobs. */
function priceLearnersCluster(perHourShare: number, { acc, said, a, needs }: PricingContext) {
  const own = needs.learnerCreates.find(
    (lc) => (lc as { kind?: string }).kind === "computeCluster",
  );
  if (!own) {
    said.push(
      `The labs use ${needs.typicalClusterHours} cluster node-hour(s) per learner but the plan ` +
        `has no cluster and learners create none: that compute (e.g. serverless) is NOT counted.`,
    );
    return;
  }
  const meter = vmMeter(own.vmSize, own.priority === "lowPriority");
  const share = Math.min(perHourShare, own.instances);
  acc.timed("perLearnerActiveHour", `learner-created: ${own.what}`, meter, share, "their cluster");
  acc.timed(
    "perLabDay",
    `learner-created: ${own.what}`,
    meter,
    a.learners * a.hoursPerDay * share,
    `${a.learners} learner(s) x ${fmtH(a.hoursPerDay)} x ${round(share, 3)} node`,
  );
  said.push(
    `The plan provisions no cluster: learners create ${own.what}; its ` +
      `${needs.typicalClusterHours} node-hour(s) per learner are priced on ${own.vmSize}.`,
  );
}

/**
 * What a single learner costs per working hour. The most expensive size stands for "a learner";
 * an unpriced size wins so it is reported.
 */
function pricePerLearnerHour(
  instances: InstanceInfo[],
  clusters: ClusterInfo[],
  perHourShare: number,
  { acc, said }: PricingContext,
): void {
  const hourly = (x: { vmSize: string; lowPriority?: boolean }) =>
    acc.peek(vmMeter(x.vmSize, x.lowPriority ?? false)) ?? Infinity;
  const priciest = <T extends { vmSize: string; lowPriority?: boolean }>(list: T[]) =>
    list.reduce<T | undefined>(
      (best, x) => (!best || hourly(x) > hourly(best) ? x : best),
      undefined,
    );
  const ci = priciest(instances);
  if (ci) {
    acc.timed("perLearnerActiveHour", ci.name, vmMeter(ci.vmSize, false), 1, "their instance, 1 h");
  }
  const cl = priciest(clusters);
  if (cl && perHourShare > 0) {
    acc.timed(
      "perLearnerActiveHour",
      cl.name,
      vmMeter(cl.vmSize, cl.lowPriority),
      perHourShare,
      "their share of the cluster",
    );
  }
  if (instances.length > 1 || clusters.length > 1) {
    said.push(
      `perLearnerActiveHour uses the most expensive instance and cluster size in the plan.`,
    );
  }
}

/** What learners create during the labs (endpoints, their own compute), then delete. */
function priceLearnerCreations(courseHours: number, { acc, said, a, needs }: PricingContext) {
  for (const lc of needs.learnerCreates) {
    const label = `learner-created: ${lc.what}`;
    if (lc.onCluster) {
      said.push(
        `${lc.what} runs on cluster ${lc.onCluster}: counted in the cluster's use, not again.`,
      );
      continue;
    }
    const meter = vmMeter(lc.vmSize, lc.priority === "lowPriority");
    const perLearner = lc.instances * lc.typicalHours;
    said.push(
      `Each learner creates ${lc.what} (${lc.vmSize} x${lc.instances}) running ` +
        `${lc.typicalHours} h over the course, then deletes it.`,
    );
    acc.timed(
      "perLearnerActiveHour",
      label,
      meter,
      perLearner / courseHours,
      `${fmtH(perLearner)} spread over ${fmtH(courseHours)} of work`,
    );
    acc.timed(
      "perLabDay",
      label,
      meter,
      (a.learners * perLearner) / a.courseDays,
      `${a.learners} learner(s) x ${fmtH(perLearner)} / ${a.courseDays} day(s)`,
    );
  }
}

function readInstance(r: PlannedResource, untilScheduledStop: number): InstanceInfo | undefined {
  if (str(get(r.inputs, "properties", "computeType")) !== "ComputeInstance") return undefined;
  const p = get(r.inputs, "properties", "properties");
  const vmSize = str(get(p, "vmSize")) ?? "(no vmSize)";
  const idleText = str(get(p, "idleTimeBeforeShutdown"));
  const idleMinutes = idleText !== undefined ? isoMinutes(idleText) : undefined;
  const schedules = get(p, "schedules", "computeStartStop");
  const stopSchedule =
    Array.isArray(schedules) &&
    schedules.some((s) => get(s, "action") === "Stop" && get(s, "status") !== "Disabled");
  const alwaysOn = idleMinutes === undefined && !stopSchedule;
  const tailHours =
    idleMinutes !== undefined ? idleMinutes / 60 : stopSchedule ? untilScheduledStop : 0;
  return {
    name: r.name,
    vmSize,
    idleMinutes,
    stopSchedule,
    alwaysOn,
    // Azure's default for enableNodePublicIp is true.
    publicIp: get(p, "enableNodePublicIp") !== false,
    tailHours,
  };
}

function readCluster(r: PlannedResource): ClusterInfo | undefined {
  if (str(get(r.inputs, "properties", "computeType")) !== "AmlCompute") return undefined;
  const p = get(r.inputs, "properties", "properties");
  return {
    name: r.name,
    vmSize: str(get(p, "vmSize")) ?? "(no vmSize)",
    min: num(get(p, "scaleSettings", "minNodeCount")) ?? 0,
    max: num(get(p, "scaleSettings", "maxNodeCount")) ?? 0,
    lowPriority: get(p, "vmPriority") === "LowPriority",
  };
}
