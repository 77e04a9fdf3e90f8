import type { JudgedResource } from "./facts";
import { skipped, type Finding } from "./core";
import { APP, CONFIG_ASSOCIATION } from "./tokens";

// Props may be the engine's unknown-checking proxy: reading a value that is unknown during a preview throws
// UnknownValueError, which the engine reports as "can't run during preview". So values are read by name, only those
// a rule needs, and nothing here catches that error.

export const NO_APP = "The stack declares no Heroku app (heroku:app/app:App).";

export const ofType = (resources: readonly JudgedResource[], type: string): JudgedResource[] =>
  resources.filter((r) => r.type === type);

export function stringProp(props: Record<string, unknown>, key: string): string | undefined {
  const value = props[key];
  return typeof value === "string" ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** "a, b or c" */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** One definition of a config var on an app. */
export interface ConfigVar {
  readonly name: string;
  readonly value: string;
  readonly sensitive: boolean;
  /** The App or ConfigAssociation that sets it. */
  readonly resource: JudgedResource;
}

/** How a config var's value may appear in a message: sensitive values never do. */
export const describeVar = (v: ConfigVar | undefined): string =>
  v === undefined ? "unset" : v.sensitive ? "[sensitive value]" : JSON.stringify(v.value);

/** `NAME=value` (or `NAME unset`) for a finding's value; sensitive values are never shown. */
export const showVar = (name: string, v: ConfigVar | undefined): string =>
  v === undefined ? `${name} unset` : `${name}=${v.sensitive ? "[sensitive value]" : v.value}`;

/** The plain config vars a resource sets: App `configVars`, ConfigAssociation `vars`. */
export function plainVarsOf(resource: JudgedResource): [string, unknown][] {
  const vars = resource.props[resource.type === APP ? "configVars" : "vars"];
  return isRecord(vars) ? Object.entries(vars) : [];
}

/**
 * One Heroku app and the resources that belong to it. With a single app in the stack every resource is its;
 * otherwise a resource belongs to the app its `appId` depends on (the engine's property dependencies), or whose
 * `uuid` its `appId` equals (the App's outputs).
 */
export class AppScope {
  constructor(
    readonly app: JudgedResource,
    private readonly resources: readonly JudgedResource[],
    private readonly apps: readonly JudgedResource[],
  ) {}

  owns(resource: JudgedResource): boolean {
    if (this.apps.length === 1) return true;
    const deps = (resource as { propertyDependencies?: Record<string, readonly { urn: string }[]> })
      .propertyDependencies?.appId;
    if (deps !== undefined && deps.length > 0) return deps.some((d) => d.urn === this.app.urn);
    const appId = resource.props.appId;
    if (appId === undefined && resource.props.appName !== undefined) return resource.props.appName === this.app.props.name;
    return appId !== undefined && (appId === this.app.props.uuid || appId === this.app.props.id);
  }

  ofType(type: string): JudgedResource[] {
    return this.resources.filter((r) => r.type === type && this.owns(r));
  }

  /**
   * Every definition of a config var on the app, in the order Heroku applies them: the App's own vars, then each
   * config association's. The last one is what the dynos see.
   */
  definitions(name: string): ConfigVar[] {
    const sources: [JudgedResource, string, boolean][] = [
      [this.app, "configVars", false],
      [this.app, "sensitiveConfigVars", true],
      ...this.ofType(CONFIG_ASSOCIATION).flatMap((a): [JudgedResource, string, boolean][] => [
        [a, "vars", false],
        [a, "sensitiveVars", true],
      ]),
    ];
    const found: ConfigVar[] = [];
    for (const [resource, key, sensitive] of sources) {
      const vars = resource.props[key];
      if (!isRecord(vars) || !Object.prototype.hasOwnProperty.call(vars, name)) continue;
      const value = vars[name];
      if (value === undefined || value === null) continue;
      found.push({ name, value: String(value), sensitive, resource });
    }
    return found;
  }

  /** The definition in effect, if any. */
  configVar(name: string): ConfigVar | undefined {
    return this.definitions(name).at(-1);
  }
}

/** Judges each app in the stack; a stack without one is skipped. */
export function perApp(resources: readonly JudgedResource[], judge: (scope: AppScope) => Finding[]): Finding[] {
  const apps = ofType(resources, APP);
  if (apps.length === 0) return [skipped("stack", "no Heroku app", NO_APP)];
  return apps.flatMap((app) => judge(new AppScope(app, resources, apps)));
}

/** A URL without credentials, query or fragment, fit to print; undefined when it does not parse. */
export function displayUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === "/" && !url.endsWith("/") ? "" : u.pathname}`;
  } catch {
    return undefined;
  }
}
