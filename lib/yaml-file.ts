import { readFileSync } from "node:fs";
import { parse } from "yaml";

// One check reads Pulumi.yaml three times (the early probe, the project's name, the stack's config), and the yaml
// library takes 15 to 35 ms for each. Parsed once per text: an edited file is parsed again.
const parsed = new Map<string, unknown>();

/** A YAML file, parsed; a copy each call, so that no caller sees another's changes. */
export function readYamlFile(file: string): unknown {
  const text = readFileSync(file, "utf8");
  if (!parsed.has(text)) parsed.set(text, parse(text));
  return structuredClone(parsed.get(text));
}
