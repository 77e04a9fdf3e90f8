// The production check: runs the program under Pulumi's mock runtime with a stack's config file, judges it with the
// policy pack's checklist, Django's own `check --deploy` on the team's app and the version support table, and
// prints a report. Needs no credentials and no network.
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { findPythonAsync, pythonCandidates } from "../check/django-check";
import { configFingerprint, memoryFile, recall, startDjangoCheck } from "../check/django-early";
import { startWarmDjango } from "../check/django-warm";

const FORMATS = ["text", "markdown", "json"] as const;

/**
 * Starts looking for Django's interpreter before the Pulumi SDK loads (about a second), from the stack file's
 * appPath read as plain YAML; the check reads the config properly later and only takes the answer.
 */
function earlyProbe(dir: string, stack: string, python: string | undefined) {
  try {
    // Loaded here, after Django's check has started: when a file must be parsed, the yaml library takes about 45 ms to load.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { readYamlFile } = require("../lib/yaml-file") as typeof import("../lib/yaml-file.js");
    const project = readYamlFile(join(dir, "Pulumi.yaml")) as { name: string; config?: { appPath?: { default?: string } } };
    const stackDoc = readYamlFile(join(dir, `Pulumi.${stack}.yaml`)) as { config?: Record<string, unknown> } | null;
    const appPath = stackDoc?.config?.[`${project.name}:appPath`] ?? project.config?.appPath?.default ?? "app";
    if (typeof appPath !== "string") return undefined;
    return { appDir: resolve(dir, appPath), found: findPythonAsync(pythonCandidates(resolve(dir, appPath), python), process.env) };
  } catch {
    return undefined;
  }
}

const HELP = `Usage: npm run production-check -- [options]

Judges a stack offline: Heroku's production checklist, Django's deployment checklist, Django's own
\`manage.py check --deploy\` on the app at appPath, and the Django and Python versions it pins.

Options:
  --stack NAME               the stack whose Pulumi.<stack>.yaml is judged (default: production)
  --dir DIR                  where Pulumi.yaml is (default: the working directory)
  --format text|markdown|json
                             how the report is printed (default: text)
  --policy-pack-config FILE  the enforcement levels (default: policy/config/<stack>.json, else production's)
  --python PATH              the interpreter for Django's check (default: $PYTHON, <appPath>/.venv/bin/python, python3)
  --skip-django              leave Django's own check out (its row says so)
  --print-env                print the environment the stack declares (KEY=value, secrets masked) and exit
  --live                     read the deployed app (GET only) and judge what runs, its DNS and its drift from the
                             stack; needs HEROKU_API_KEY or ~/.netrc; HEROKU_API_URL overrides the API's address
  --dns-server HOST:PORT     with --live: the resolver for the DNS rows (default: the system's)
  --probe-pages              with --live: require the error and maintenance pages to answer 200
  --outputs FILE             with --live: \`pulumi stack output --json\`, to compare the released images
  --help                     print this and exit

Exit codes: 0 no mandatory item failed; 1 a mandatory item failed; 2 a config or usage error.`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        stack: { type: "string", default: "production" },
        format: { type: "string", default: "text" },
        dir: { type: "string", default: process.cwd() },
        "policy-pack-config": { type: "string" },
        python: { type: "string" },
        "skip-django": { type: "boolean", default: false },
        "print-env": { type: "boolean", default: false },
        live: { type: "boolean", default: false },
        "dns-server": { type: "string" },
        "probe-pages": { type: "boolean", default: false },
        outputs: { type: "string" },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message.split("\n")[0]} See --help.`);
    return 2;
  }
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) {
    console.error(`--format is "${values.format}"; allowed: text, markdown or json.`);
    return 2;
  }
  const withDjango = !values.live && !values["skip-django"];
  // Django's check first, before anything else loads. When the stack's config is as the last check of this stack
  // read it, on the input that check gave Django: the check uses that run only if the program declares exactly that
  // input again, for the same app, and the probe finds the same interpreter. In a warm check it is what the check
  // waits for last. When the config changed (or there was no last check), the input has probably changed too, and
  // Django's check can only start once the program has declared it: then an interpreter starts now and imports
  // Django meanwhile, which is most of the run's start (check/django-warm.ts).
  const memory = withDjango ? memoryFile(values.stack!) : undefined;
  const recalled = memory === undefined ? undefined : recall(memory);
  const here = recalled && recalled.dir === resolve(values.dir!) ? recalled : undefined;
  const configSame = here?.config !== undefined && here.config === configFingerprint(values.dir!, values.stack!);
  const djangoStarted = here && configSame ? startDjangoCheck(here.appDir, here.python, here.input, process.env) : undefined;
  const probe = withDjango ? earlyProbe(values.dir!, values.stack!, values.python) : undefined;
  // The interpreter the last check used, if any, without waiting for the probe: a run is given to it only if the
  // probe finds that same interpreter.
  const djangoWarm = !withDjango || djangoStarted
    ? undefined
    : here
      ? Promise.resolve(startWarmDjango(here.appDir, here.python, process.env))
      : probe?.found.then((found) => ("tried" in found ? undefined : startWarmDjango(probe.appDir, found, process.env)));
  // Loaded only now, after the probe started: they bring the Pulumi SDK. require(), not import(): a dynamic import
  // would go through Node's ESM loader, which costs more than the probe saves.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { ConfigError } = require("../lib/config") as typeof import("../lib/config.js");
  const { liveCheck, LiveError } = require("../check/live") as typeof import("../check/live.js");
  const { formatEnv, formatJson, formatMarkdown, formatText, productionCheck, UsageError } =
    require("../check/production-check") as typeof import("../check/production-check.js");
  /* eslint-enable @typescript-eslint/no-require-imports */
  const formats = { text: formatText, markdown: formatMarkdown, json: formatJson };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = async () => require("../index") as Record<string, unknown>;
    const report = values.live
      ? await liveCheck(values.stack!, values.dir!, load, {
          packConfigFile: values["policy-pack-config"],
          dnsServer: values["dns-server"],
          probePages: values["probe-pages"],
          outputsFile: values.outputs,
        })
      : await productionCheck(values.stack!, values.dir!, load, {
          packConfigFile: values["policy-pack-config"],
          python: values.python,
          skipDjango: values["skip-django"],
          pythonProbe: probe,
          djangoMemory: memory,
          djangoStarted,
          djangoWarm,
        });
    console.log(values["print-env"] ? formatEnv(report) : formats[format](report));
    return values["print-env"] || report.passed ? 0 : 1;
  } catch (err) {
    // Its result would not be read; the process need not wait for it.
    djangoStarted?.abort();
    void djangoWarm?.then((w) => w?.abort());
    const known = err instanceof ConfigError || err instanceof UsageError || err instanceof LiveError || (err as NodeJS.ErrnoException)?.code === "ENOENT" || /^No config file/.test((err as Error)?.message ?? "");
    console.error(err instanceof Error ? err.message : String(err));
    return known ? 2 : 3;
  }
}

// exitCode, not exit(): pending work (tsx's cache writes) must finish.
main().then((code) => {
  process.exitCode = code;
});
