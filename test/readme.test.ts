import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { REPO, SHOP } from "./support/program";

const run = promisify(execFile);
const README = readFileSync(join(REPO, "README.md"), "utf8");

/** The commands of a README block fenced by `<!-- name -->` … `<!-- /name -->`, without comments. */
function recipe(name: string): string[] {
  const block = README.split(`<!-- ${name} -->`)[1]?.split(`<!-- /${name} -->`)[0] ?? "";
  return block
    .split("\n")
    .filter((l) => !l.startsWith("```"))
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter(Boolean);
}

/** What `pulumi config set [--path] KEY VALUE` writes into a stack file, for the keys the recipe uses. */
function configSet(doc: { config: Record<string, unknown> }, project: string, args: string[]) {
  const path = args.includes("--path");
  const [key, value] = args.filter((a) => !a.startsWith("--"));
  const full = key.includes(":") ? key : `${project}:${key}`;
  if (!path) {
    doc.config[full] = value;
    return;
  }
  // With --path the CLI stores typed values: numbers and booleans as such.
  const typed = /^\d+$/.test(value) ? Number(value) : value === "true" ? true : value === "false" ? false : value;
  const [root, ...rest] = full.split(".");
  let node = (doc.config[root] ??= {}) as Record<string, unknown>;
  rest.forEach((part, i) => {
    if (i === rest.length - 1) node[part] = typed;
    else node = (node[part] ??= {}) as Record<string, unknown>;
  });
}

describe("the README's staging recipe", () => {
  it("works exactly as written: the stack it makes passes the check at the staging levels", async () => {
    const commands = recipe("staging-recipe");
    expect(commands[0]).toBe("pulumi stack init staging");
    const dir = mkdtempSync(join(tmpdir(), "readme-staging-"));
    cpSync(join(REPO, "Pulumi.yaml"), join(dir, "Pulumi.yaml"));
    // The project's own app is wherever the team keeps it; here, the test fixture in its default place.
    cpSync(SHOP, join(dir, "app"), { recursive: true });
    const project = (parse(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as { name: string }).name;
    let doc: { config: Record<string, unknown> } | undefined;
    let result: { code: number; stdout: string; stderr: string } | undefined;
    for (const command of commands) {
      const words = command.split(/\s+/);
      if (command === "pulumi stack init staging") {
        doc = { config: {} };
      } else if (words[0] === "pulumi" && words[1] === "config" && words[2] === "set") {
        configSet(doc!, project, words.slice(3));
      } else if (command.startsWith("npm run production-check -- ")) {
        writeFileSync(join(dir, "Pulumi.staging.yaml"), stringify(doc));
        const args = command.slice("npm run production-check -- ".length).split(/\s+/);
        // What `npm run production-check` runs, from the stack's directory.
        result = await run(process.execPath, [join(REPO, "scripts", "launch.cjs"), "production-check", ...args], {
          cwd: dir,
        }).then(
          (r) => ({ code: 0, ...r }),
          (e: { code: number; stdout: string; stderr: string }) => e,
        );
      } else {
        throw new Error(`the recipe has a command this test does not know: ${command}`);
      }
    }
    expect(existsSync(join(dir, "Pulumi.staging.yaml"))).toBe(true);
    expect(result?.stderr).toBe("");
    expect(result?.code).toBe(0);
    expect(result?.stdout).toContain("Levels: policy/config/staging.json");
    expect(result?.stdout).toMatch(/Failed\s+Professional dynos\s+site-dynos-web: web: basic \[advisory\]/);
    expect(result?.stdout).toContain("Result: passed, no mandatory item failed.");
  }, 60_000);
});
