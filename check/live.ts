import { Resolver } from "node:dns/promises";
import { readFileSync } from "node:fs";
import { DJANGO_CHECKS } from "../policy/policies/django";
import { webDynoRedundancy } from "../policy/policies/heroku";
import { OFFLINE_SECRET } from "../policy/offline-secret";
import { secretLooking } from "../policy/policies/safety";
import { ADDON, APP, CONFIG_ASSOCIATION, DOMAIN, DRAIN, FORMATION } from "../policy/tokens";
import { DYNO_SIZES, estimateMonthlyCost, POSTGRES_PLANS, SUPPORTED_STACKS, type CostEstimate } from "../lib/catalog";
import { netrcApiKey } from "../lib/config";
import { maskComputed } from "../lib/offline";
import { DEFAULT_API_URL } from "../lib/provider-support";
import { judgedResources, type JudgedResource } from "../lib/policy-resources";
import { herokuApi, LiveError, type ApiClient } from "./heroku-api";
import { offlineStack, policySettings, stackLevels, type CheckReport, type CheckRow } from "./production-check";

export { LiveError };

interface LiveApp {
  name: string;
  maintenance: boolean;
  acm: boolean;
  stack: { name: string };
  web_url?: string;
}
interface LiveFormation {
  type: string;
  size: string;
  quantity: number;
}
interface LiveAddon {
  name: string;
  state: string;
  addon_service: { name: string };
  plan: { name: string };
}
interface LiveDrain {
  url: string;
}
interface LiveDomain {
  hostname: string;
  kind: string;
  cname: string | null;
  acm_status: string | null;
  acm_status_reason: string | null;
}
interface LiveFeature {
  name: string;
  enabled: boolean;
}
interface LiveRelease {
  version: number;
  status: string;
  description: string;
}

export interface LiveOptions {
  /** The Platform API; `HEROKU_API_URL` overrides the default, as the Terraform provider allows. */
  readonly apiUrl?: string;
  /** `HOST:PORT` of the resolver for the DNS rows. @default the system's */
  readonly dnsServer?: string;
  /** GET each page URL and require a 200. @default false */
  readonly probePages?: boolean;
  /** `pulumi stack output --json` of the stack: its `releasedImages` are compared with the live release. */
  readonly outputsFile?: string;
  readonly packConfigFile?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Waits between API retries. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly timeoutMs?: number;
  /** How a page is probed (its HTTP status, 0 for no answer). @default a GET with the request timeout */
  readonly pageStatus?: (url: string) => Promise<number>;
}

/** The key, in the provider's order; `heroku:apiKey` is encrypted in the stack file, so it comes from the env or netrc here. */
export function liveApiKey(env: NodeJS.ProcessEnv): string {
  const key = env.HEROKU_API_KEY?.trim() || netrcApiKey(env);
  if (key) return key;
  throw new LiveError(
    "The live check needs a Heroku API key: export HEROKU_API_KEY (heroku authorizations:create), or log in with " +
      "heroku login (~/.netrc). The stack's heroku:apiKey is encrypted, so it cannot be read here.",
  );
}

/** A live config var as the report may show it: secret-looking ones only as set, with their length. */
export function shownLive(name: string, value: string | undefined): string {
  if (value === undefined) return `${name} unset`;
  // The pack's own judgement of a secret-looking var: by its name, a URL with a password, a private key.
  return secretLooking(name, value) !== undefined ? `${name} set (${[...value].length} characters)` : `${name}=${value}`;
}

function resource(type: string, name: string, props: Record<string, unknown>): JudgedResource {
  return { type, name, urn: `urn:live::${type}::${name}`, props, opts: { protect: false } };
}

/** Reads the live app, judges the checklist on it, its DNS and its drift from the stack. */
export async function liveCheck(
  stack: string,
  dir: string,
  load: () => Promise<Record<string, unknown>>,
  options: LiveOptions = {},
): Promise<CheckReport> {
  const env = options.env ?? process.env;
  const offline = offlineStack(stack, dir, env);
  const run = await offline.run(load);
  const decl = { parsed: offline.lenient, resources: judgedResources(run, stack), computed: run.computed };
  const { pack, levels, level } = stackLevels(stack, options.packConfigFile, offline.relaxed);
  const api: ApiClient = herokuApi({
    apiUrl: options.apiUrl ?? env.HEROKU_API_URL ?? DEFAULT_API_URL,
    apiKey: liveApiKey(env),
    sleep: options.sleep,
    timeoutMs: options.timeoutMs,
  });
  const app = encodeURIComponent(decl.parsed.appName);
  // Every read first: a fault in any of them stops the check before anything is judged.
  const [info, formation, addons, vars, drains, domains, features, releases] = await Promise.all([
    api.get<LiveApp>(`/apps/${app}`),
    api.get<LiveFormation[]>(`/apps/${app}/formation`),
    api.get<LiveAddon[]>(`/apps/${app}/addons`),
    api.get<Record<string, string>>(`/apps/${app}/config-vars`),
    api.get<LiveDrain[]>(`/apps/${app}/log-drains`),
    api.get<LiveDomain[]>(`/apps/${app}/domains`),
    api.get<LiveFeature[]>(`/apps/${app}/features`),
    api.get<LiveRelease[]>(`/apps/${app}/releases`, { Range: "version ..; max=1, order=desc" }),
  ]);
  for (const [what, value] of [["formation", formation], ["add-ons", addons], ["log drains", drains], ["domains", domains], ["features", features], ["releases", releases]] as const) {
    if (!Array.isArray(value)) throw new LiveError(`The Platform API's ${what} of ${decl.parsed.appName} is not a list; nothing was judged.`);
  }
  if (typeof vars !== "object" || vars === null || Array.isArray(vars)) throw new LiveError("The app's config vars are not an object; nothing was judged.");

  const rows: CheckRow[] = [];
  const row = (section: string, item: string, status: CheckRow["status"], resourceName: string, value: string, detail?: string) =>
    rows.push({
      section: section as CheckRow["section"],
      item,
      policy: "",
      enforcement: level,
      status,
      resource: resourceName,
      value,
      remedy: status === "failed" ? (detail ?? "") : "",
      ...(status === "failed" && detail ? { message: detail } : {}),
      ...(status === "skipped" && detail ? { reason: detail } : {}),
    });
  const H = "Live: Heroku";

  const stackName = info.stack?.name ?? "unknown";
  row(H, "Supported stack", SUPPORTED_STACKS.includes(stackName) ? "passed" : "failed", info.name, stackName, `The app must run on ${SUPPORTED_STACKS.join(", ")}.`);

  const minWeb = Number(policySettings({ item: "", section: "Heroku production check", policy: webDynoRedundancy.policy, judge: webDynoRedundancy.judge }, pack).config.minWebQuantity ?? 2);
  for (const f of formation) {
    const size = f.size.toLowerCase();
    const professional = DYNO_SIZES[size]?.professional === true;
    row(H, "Professional dynos", professional ? "passed" : "failed", `formation ${f.type}`, `${f.type}: ${f.size}`, `The ${f.type} dynos must be a professional size; they run ${f.size}.`);
  }
  const web = formation.find((f) => f.type === "web");
  row(H, "Dyno redundancy", web !== undefined && web.quantity >= minWeb ? "passed" : "failed", "formation web", `${web?.quantity ?? 0} web dynos`, `The app must run at least ${minWeb} web dynos; it runs ${web?.quantity ?? 0}.`);

  const postgres = addons.filter((a) => a.addon_service?.name === "heroku-postgresql");
  if (postgres.length === 0) row(H, "Production-tier Postgres", "failed", info.name, "no Heroku Postgres add-on", "The app must have a Heroku Postgres add-on on a production tier.");
  for (const db of postgres) {
    const plan = POSTGRES_PLANS[db.plan.name.replace(/^heroku-postgresql:/, "")];
    const tierOk = plan !== undefined && plan.tier !== "essential";
    row(H, "Production-tier Postgres", tierOk ? "passed" : "failed", db.name, `${db.plan.name}${plan ? ` (${plan.tier} tier)` : ""}`, `The database must be on a standard, premium, private or shield plan; it is ${db.plan.name}.`);
    row(H, "Postgres high availability", plan?.highAvailability === true ? "passed" : "failed", db.name, db.plan.name, `The database must have a standby (premium, private or shield); ${db.plan.name} has none.`);
    row(H, "Database state", db.state === "provisioned" ? "passed" : "failed", db.name, db.state, `The database must be provisioned; it is ${db.state}.`);
  }

  row(H, "Log monitoring", drains.length > 0 ? "passed" : "failed", info.name, `${drains.length} log drain${drains.length === 1 ? "" : "s"}`, "The app must send its logs to a drain (heroku drains:add).");

  for (const name of ["ERROR_PAGE_URL", "MAINTENANCE_PAGE_URL"]) {
    const url = vars[name];
    if (url === undefined || !/^https:\/\//.test(url)) {
      row(H, "Custom maintenance and error pages", "failed", info.name, shownLive(name, url), `${name} must be an https:// URL.`);
      continue;
    }
    let status: CheckRow["status"] = "passed";
    let value = `${name}=${new URL(url).origin}${new URL(url).pathname}`;
    if (options.probePages) {
      const probe =
        options.pageStatus ??
        ((u: string) =>
          fetch(u, { redirect: "manual", signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) }).then(
            (r) => r.status,
            () => 0,
          ));
      const answer = await probe(url);
      value += ` (answered ${answer || "nothing"})`;
      if (answer !== 200) status = "failed";
    }
    row(H, "Custom maintenance and error pages", status, info.name, value, `${name} must answer 200 (the router shows it when the app cannot).`);
  }

  row(H, "Maintenance mode off", info.maintenance ? "failed" : "passed", info.name, info.maintenance ? "on" : "off", "Maintenance mode must be off (heroku maintenance:off): the router answers every request with the maintenance page.");

  const newest = releases[0];
  if (newest === undefined) {
    row(H, "Last release", "failed", info.name, "no release", "The app must have a succeeded release.");
  } else {
    row(H, "Last release", newest.status === "succeeded" ? "passed" : "failed", `v${newest.version}`, `${newest.status}: ${newest.description}`, `The newest release must have succeeded; v${newest.version} is ${newest.status} (heroku releases -a ${info.name}).`);
    const released = readReleasedImages(options.outputsFile);
    if (released === undefined) {
      row(H, "Released images live", "skipped", `v${newest.version}`, newest.description, "Pass --outputs <file> with `pulumi stack output --json` to compare the live release with the stack's releasedImages.");
    } else {
      const live = /^Deployed (.+)$/i.exec(newest.description)?.[1] ?? "";
      const missing = Object.entries(released).filter(([type, digest]) => !live.includes(`${type} (${digest.replace(/^sha256:/, "").slice(0, 12)})`));
      row(H, "Released images live", missing.length === 0 ? "passed" : "failed", `v${newest.version}`, newest.description,
        `The live release must run the images the stack released; it does not run ${missing.map(([t, d]) => `${t} ${d.slice(0, 19)}`).join(", ")}.`);
    }
  }

  const preboot = features.find((f) => f.name === "preboot");
  row(H, "Preboot", preboot?.enabled === true ? "passed" : "failed", info.name, preboot?.enabled ? "enabled" : "disabled", "Preboot must be on (heroku features:enable preboot).");
  row(H, "App monitoring", vars.SENTRY_DSN ? "passed" : "failed", info.name, shownLive("SENTRY_DSN", vars.SENTRY_DSN), "SENTRY_DSN must be set, so that errors reach Sentry.");

  for (const d of domains.filter((x) => x.kind === "custom")) {
    row(H, "SSL on custom domains", d.acm_status === "cert issued" ? "passed" : "failed", d.hostname, `ACM ${d.acm_status ?? "off"}`,
      `ACM must have issued a certificate for ${d.hostname}; it is ${d.acm_status ?? "off"}${d.acm_status_reason ? `: ${d.acm_status_reason}` : ""}.`);
  }

  // Django's settings, judged by the pack's own rules on the live values.
  const liveApp = resource(APP, info.name, { name: info.name, configVars: vars });
  for (const entry of DJANGO_CHECKS.filter((e) => e.policy.name !== "django-secret-key")) {
    const { config } = policySettings(entry, pack);
    for (const f of entry.judge([liveApp], config)) {
      row("Live: Django", entry.item, f.status, info.name, f.value, f.message ?? f.reason);
    }
  }
  const key = vars.DJANGO_SECRET_KEY;
  row("Live: Django", "Secret key", key !== undefined && [...key].length >= 50 ? "passed" : "failed", info.name, shownLive("DJANGO_SECRET_KEY", key), "DJANGO_SECRET_KEY must be set to 50 or more random characters.");

  await dnsRows(domains, options.dnsServer, row);
  driftRows(decl.resources, decl.computed, { formation, addons, vars, drains, domains }, row);

  const mandatoryFailures = [...new Set(rows.filter((r) => r.status === "failed" && r.enforcement !== "advisory").map((r) => r.item))];
  const cost: CostEstimate = estimateMonthlyCost({
    formation: formation.map((f) => ({ type: f.type, size: f.size.toLowerCase(), quantity: f.quantity })),
    postgresPlan: postgres[0]?.plan.name.replace(/^heroku-postgresql:/, "") ?? "none",
    addons: addons.filter((a) => a.addon_service?.name !== "heroku-postgresql").map((a) => a.plan.name),
  });
  return {
    stack,
    mode: "live",
    levels,
    rows,
    environment: Object.fromEntries(Object.keys(vars).sort().map((k) => [k, shownLive(k, vars[k]).replace(new RegExp(`^${k}[= ]`), "")])),
    cost,
    configProblems: [],
    mandatoryFailures,
    passed: mandatoryFailures.length === 0,
  };
}

function readReleasedImages(file: string | undefined): Record<string, string> | undefined {
  if (file === undefined) return undefined;
  let outputs: { releasedImages?: Record<string, string> };
  try {
    outputs = JSON.parse(readFileSync(file, "utf8")) as typeof outputs;
  } catch (error) {
    throw new LiveError(`--outputs ${file} cannot be read as the JSON of pulumi stack output --json: ${(error as Error).message}`);
  }
  if (outputs.releasedImages === undefined) throw new LiveError(`--outputs ${file} has no releasedImages output.`);
  return outputs.releasedImages;
}

type Row = (section: string, item: string, status: CheckRow["status"], resourceName: string, value: string, detail?: string) => void;

/** Each custom domain must reach its Heroku DNS target: by CNAME, or by ALIAS/ANAME flattening at the apex. */
async function dnsRows(domains: readonly LiveDomain[], server: string | undefined, row: Row): Promise<void> {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  if (server !== undefined) resolver.setServers([server]);
  for (const d of domains.filter((x) => x.kind === "custom")) {
    const target = d.cname ?? "";
    const create = `Create a CNAME record ${d.hostname} → ${target} (at the apex: an ALIAS or ANAME record to ${target}).`;
    const cnames = await resolver.resolveCname(d.hostname).catch(() => [] as string[]);
    if (cnames.map((c) => c.replace(/\.$/, "")).includes(target)) {
      row("Live: DNS", "DNS target", "passed", d.hostname, `CNAME ${target}`);
      continue;
    }
    if (cnames.length > 0) {
      row("Live: DNS", "DNS target", "failed", d.hostname, `CNAME ${cnames.join(", ")}`, `${d.hostname} must point at ${target}; its CNAME points at ${cnames.join(", ")}. ${create}`);
      continue;
    }
    const [own, theirs] = await Promise.all([
      resolver.resolve4(d.hostname).catch(() => [] as string[]),
      resolver.resolve4(target).catch(() => [] as string[]),
    ]);
    if (own.length === 0) {
      row("Live: DNS", "DNS target", "failed", d.hostname, "no record", `${d.hostname} does not resolve. ${create}`);
    } else if (theirs.length > 0 && own.every((ip) => theirs.includes(ip))) {
      row("Live: DNS", "DNS target", "passed", d.hostname, `A ${own.join(", ")} (flattened ${target})`);
    } else {
      row("Live: DNS", "DNS target", "failed", d.hostname, `A ${own.join(", ")}`,
        `${d.hostname} must not use an A record to a fixed address: Heroku's addresses change. ${create}`);
    }
  }
}

/** Every difference between what the stack declares and what runs, one row each, with both values. */
function driftRows(
  resources: readonly JudgedResource[],
  computed: ReadonlySet<string>,
  live: { formation: LiveFormation[]; addons: LiveAddon[]; vars: Record<string, string>; drains: LiveDrain[]; domains: LiveDomain[] },
  row: Row,
): void {
  const D = "Drift";
  const drift = (what: string, declaredValue: string, liveValue: string) =>
    row(D, "Matches the stack", "failed", what, `declared ${declaredValue}, live ${liveValue}`, `${what} differs from the stack: declared ${declaredValue}, live ${liveValue}. Run pulumi up, or change the stack.`);
  let differences = 0;
  const note = (what: string, declaredValue: string, liveValue: string) => {
    differences++;
    drift(what, declaredValue, liveValue);
  };
  const of = (type: string) => resources.filter((r) => r.type === type);

  for (const f of of(FORMATION)) {
    const type = String(f.props.type);
    const l = live.formation.find((x) => x.type === type);
    if (l === undefined) note(`formation ${type}`, `${f.props.quantity} × ${f.props.size}`, "none");
    else {
      if (Number(f.props.quantity) !== l.quantity) note(`${type} quantity`, String(f.props.quantity), String(l.quantity));
      if (String(f.props.size).toLowerCase() !== l.size.toLowerCase()) note(`${type} size`, String(f.props.size), l.size);
    }
  }
  for (const l of live.formation) {
    if (l.quantity > 0 && !of(FORMATION).some((f) => f.props.type === l.type)) note(`formation ${l.type}`, "none", `${l.quantity} × ${l.size}`);
  }

  const declaredPlans = of(ADDON).map((a) => String(a.props.plan));
  for (const plan of declaredPlans) {
    const service = plan.split(":")[0];
    const l = live.addons.find((a) => a.addon_service.name === service);
    if (l === undefined) note(`add-on ${service}`, plan, "none");
    else if (l.plan.name !== plan) note(`add-on ${service}`, plan, l.plan.name);
  }
  for (const a of live.addons) {
    if (!declaredPlans.some((p) => p.split(":")[0] === a.addon_service.name)) note(`add-on ${a.name}`, "none (nobody declared it)", a.plan.name);
  }

  // Plain vars by value (computed parts, such as the app's own hostname, match anything); sensitive ones by presence.
  const plain = new Map<string, string>();
  const sensitive = new Set<string>();
  for (const r of [...of(APP), ...of(CONFIG_ASSOCIATION)]) {
    const p = r.props as Record<string, Record<string, unknown> | undefined>;
    for (const [k, v] of Object.entries(p.configVars ?? p.vars ?? {})) if (v !== undefined) plain.set(k, String(v));
    for (const k of Object.keys(p.sensitiveConfigVars ?? p.sensitiveVars ?? {})) sensitive.add(k);
  }
  for (const [name, value] of plain) {
    const liveValue = live.vars[name];
    const pattern = new RegExp(`^${maskComputed(value, computed).split("(known after deploy)").map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[^,]+")}$`);
    if (liveValue === undefined) note(`config var ${name}`, shownLive(name, value), "unset");
    else if (value !== OFFLINE_SECRET && !pattern.test(liveValue)) note(`config var ${name}`, shownLive(name, maskComputed(value, computed)), shownLive(name, liveValue));
  }
  for (const name of sensitive) {
    if (live.vars[name] === undefined) note(`config var ${name}`, "set (sensitive)", "unset");
  }

  const declaredHosts = of(DOMAIN).map((d) => String(d.props.hostname)).sort();
  const liveHosts = live.domains.filter((d) => d.kind === "custom").map((d) => d.hostname).sort();
  for (const h of declaredHosts) if (!liveHosts.includes(h)) note(`domain ${h}`, "declared", "missing");
  for (const h of liveHosts) if (!declaredHosts.includes(h)) note(`domain ${h}`, "none", "present");
  if (of(DRAIN).length !== live.drains.length) note("log drains", String(of(DRAIN).length), String(live.drains.length));

  if (differences === 0) row(D, "Matches the stack", "passed", "app", "no difference from the stack");
}
