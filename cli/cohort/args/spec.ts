/** The commands of `npm run cohort` and the options each accepts. No I/O. */

export const COMMANDS = [
  "init",
  "preview",
  "up",
  "destroy",
  "status",
  "reset-learner",
  "handout",
  "list",
  "matrix",
  "config",
  "plan",
  "preflight",
  "help",
] as const;
export type Command = (typeof COMMANDS)[number];

/** `multi`: a value that may be given several times, each kept whole (no comma split). */
export type FlagKind = "value" | "list" | "bool" | "multi";

const COMMON: Record<string, FlagKind> = {
  "state-dir": "value",
  backend: "value",
  cohort: "value",
};
/** One stack of the cohort and nothing else: CI's per-job commands (`cohort matrix`). */
const ONE_STACK: Record<string, FlagKind> = { stack: "value" };
const RUN: Record<string, FlagKind> = {
  ...COMMON,
  lab: "value",
  day: "value",
  concurrency: "value",
  ...ONE_STACK,
};
/** preview and up check the subscription's resource providers first (cli/cohort/providers.ts). */
const DEPLOY: Record<string, FlagKind> = {
  ...RUN,
  "register-providers": "bool",
  "skip-provider-check": "bool",
  "policy-pack-config": "value",
};

/** What describes a cohort: `init` records it, `matrix` takes it instead of the manifest. */
const COHORT: Record<string, FlagKind> = {
  ...COMMON,
  roster: "value",
  labs: "list",
  location: "value",
  "expires-on": "value",
  "allow-past-expiry": "bool",
  topology: "value",
  day: "multi",
  trainer: "list",
  budget: "value",
  "alert-email": "list",
  "idle-shutdown": "value",
  "stop-time": "value",
  "time-zone": "value",
};

export const SPECS: Record<Command, Record<string, FlagKind>> = {
  init: { ...COHORT, concurrency: "value", invite: "bool", ...ONE_STACK },
  preview: DEPLOY,
  up: DEPLOY,
  destroy: { ...RUN, expired: "bool", yes: "bool" },
  status: RUN,
  "reset-learner": { ...COMMON, lab: "value" },
  handout: { ...COMMON, lab: "value", out: "value" },
  list: { "state-dir": "value" },
  matrix: COHORT,
  config: { ...COMMON, lab: "value", concurrency: "value" },
  plan: { ...COMMON, lab: "value", day: "value", html: "value", quota: "value" },
  preflight: {
    ...COMMON,
    lab: "value",
    day: "value",
    stack: "list",
    subscription: "value",
    regions: "list",
    json: "bool",
  },
  help: {},
};

export const USAGE = `Usage: npm run cohort -- <command> [options]

Commands:
  init --cohort ID --roster roster.csv --labs ID... [--day NAME=ID,ID ...] [--location eastus]
       [--expires-on YYYY-MM-DD] [--topology shared|isolated] [--invite] [--trainer EMAIL|OBJECT_ID...]
       [--budget USD] [--alert-email ADDRESS...] [--idle-shutdown MINUTES] [--stop-time HH:MM]
       [--time-zone "Windows time zone id"]
                                        create the course-long foundation (<cohort>-foundation) and one
                                        lab stack per lab (<cohort>-<lab>) or per day (<cohort>-<day>);
                                        roster rows with only an email are resolved through Microsoft Graph
                                        (--invite: addresses not in the tenant are invited as guests)
       [--allow-past-expiry]            (a past --expires-on is refused without it: the expiry workflow would destroy the class)
  plan    [--lab ID | --day NAME] [--html FILE] [--quota FILE]
                                        offline: the foundation plus the lab stacks up together
                                        (resources, cost per day, vCPUs per family) of the stacks 'init'
                                        recorded; no Azure, nothing deployed;
                                        --html writes it as one self-contained page to send;
                                        --quota: limits saved by 'preflight --json', and the smallest
                                        change that fits them (exit 1 when it does not fit)
  preflight [--lab ID | --day NAME | --stack NAME...] [--subscription ID] [--regions R,R] [--json]
                                        against the subscription: the same stacks up together, their
                                        resource providers and Azure ML quota per VM family and region;
                                        when they do not fit, the smallest change that does (exit 1)
  preview [--lab ID | --day NAME]       preview the foundation, then the lab stacks
  up      [--lab ID | --day NAME]       bring the foundation up first, then the lab stacks
          preview and up first check that the subscription is registered with the resource
          providers the stacks need and stop (exit 2) if not: [--register-providers] registers
          them (Contributor or Owner), [--skip-provider-check] goes on without the check
  status  [--lab ID | --day NAME]       which stacks are up: resources, last update, learners, expiry
  destroy [--lab ID | --day NAME] --yes destroy lab stacks (without --lab/--day: all, then the
                                        foundation last) and purge soft-deleted workspaces and vaults
  destroy --expired --yes               the same for every stack whose expiresOn has passed (any cohort)
  reset-learner LEARNER_ID              replace one learner's compute instance (on the foundation), nothing else
  handout [--out DIR]                   write handout.md and handout.csv: one studio link per learner
  config set KEY VALUE [--lab ID]       set one configuration key on the cohort's stacks (checked first)
  list                                  the cohorts recorded in the state folder
  matrix [--labs ID... --roster F --backend URL ...]
                                        the cohort's stacks as a CI job matrix (JSON; .github/workflows/cohort.yml)
  help                                  this text

Options for every command:
  --cohort ID        the cohort (optional when the state folder records only one)
  --state-dir DIR    local state and the cohort manifest (default ~/.dp100-labs/state)
  --backend URL      any Pulumi backend URL instead of the local folder (azblob://..., s3://..., https://api.pulumi.com)
  --concurrency N    stacks at once, 1-10 (default 2)
  --stack NAME       (init, preview, up, destroy) that one stack of the cohort and nothing else,
                     e.g. <cohort>-foundation: the per-job commands of 'matrix'; a lab stack's
                     foundation must be up already and is not touched
  --policy-pack-config FILE  (preview, up) configuration of the policy pack in policy/, which
                     every preview and up runs (see policy/policy-config.example.json)

Local and blob state needs PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE.`;
