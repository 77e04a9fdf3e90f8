import Module from "node:module";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";

// Stands in for the engine around a dynamic resource: the mock monitor hands over the serialized provider
// (`__provider`), and `loadProvider` runs that text the way @pulumi/pulumi's cmd/dynamic-provider host does.

interface CompilableModule {
  filename: string;
  paths: string[];
  exports: { handler?: () => unknown };
  _compile(code: string, filename: string): void;
}

interface ModuleInternals {
  new (id: string, parent?: unknown): CompilableModule;
  _nodeModulePaths(from: string): string[];
}

/** What `require-from-string` does for the host: compile the text as a fresh CommonJS module. */
export function requireFromString(code: string, filename: string): CompilableModule["exports"] {
  const M = Module as unknown as ModuleInternals;
  const m = new M(filename);
  m.filename = filename;
  m.paths = M._nodeModulePaths(path.dirname(filename));
  m._compile(code, filename);
  return m.exports;
}

/** The host's `Config` (cmd/dynamic-provider/config.js): keys without a namespace get the project's. */
export function hostConfig(raw: Record<string, string>, project = "heroku-production"): pulumi.dynamic.Config {
  const get = (key: string) => raw[key.includes(":") ? key : `${project}:${key}`];
  return {
    get,
    require: (key: string) => {
      const value = get(key);
      if (value === undefined) throw new Error(`Missing required configuration key: ${key}`);
      return value;
    },
  };
}

/** Deserializes the provider text, calls `handler()`, then `configure` with the (already unwrapped) stack config. */
export async function loadProvider<P extends pulumi.dynamic.ResourceProvider>(
  providerText: string,
  config: Record<string, string>,
): Promise<P> {
  const exported = requireFromString(providerText, path.join(process.cwd(), "__dynamic_provider__.js"));
  if (typeof exported.handler !== "function") throw new Error("serialized provider has no handler export");
  const provider = exported.handler() as P;
  await provider.configure?.({ config: hostConfig(config) });
  return provider;
}

/**
 * Installs mocks, runs `construct`, and resolves with the inputs of the first resource of `type`, its `__provider`
 * among them: the text the engine would store in state and hand to the host. `outputs` is what the mock engine
 * answers for that resource, on top of its inputs.
 */
export async function captureProviderText(
  type: string,
  construct: () => void,
  outputs: Record<string, unknown> = {},
): Promise<{ text: string; inputs: Record<string, unknown> }> {
  let found!: (value: { text: string; inputs: Record<string, unknown> }) => void;
  const captured = new Promise<{ text: string; inputs: Record<string, unknown> }>((resolve) => (found = resolve));
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        if (args.type !== type) return { id: `${args.name}-id`, state: args.inputs };
        found({ text: args.inputs.__provider, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, ...outputs } };
      },
      call: (args) => args.inputs,
    },
    "heroku-production",
    "prod",
    false,
  );
  construct();
  const result = await captured;
  if (typeof result.text !== "string") {
    throw new Error(`__provider reached the mock as ${typeof result.text}, not as the serialized text`);
  }
  return result;
}
