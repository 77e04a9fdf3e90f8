import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeKept } from "../lib/kept-file";

describe("writeKept (the caches in .build: parsed YAML, serialized providers)", () => {
  it("writes the entry whole and keeps the newest entries, dropping the oldest", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "kept-")), "cache");
    for (let i = 0; i < 4; i++) {
      writeKept(join(dir, `e${i}.json`), `{"i":${i}}`, 3);
      // Older entries are older by a second each, as they would be between runs.
      utimesSync(join(dir, `e${i}.json`), 1_000 + i, 1_000 + i);
    }
    expect(readdirSync(dir).sort()).toEqual(["e1.json", "e2.json", "e3.json"]);
    // Another run's temporary file is not an entry, and is left to it.
    writeFileSync(join(dir, "e9.json.4242.tmp"), "partial");
    writeKept(join(dir, "new.json"), "new", 3);
    expect(readdirSync(dir).sort()).toEqual(["e2.json", "e3.json", "e9.json.4242.tmp", "new.json"]);
    expect(readFileSync(join(dir, "new.json"), "utf8")).toBe("new");
    // The entry just written is kept even when the others look newer (a clock set back, a copied directory).
    const future = Date.now() / 1000 + 86_400;
    ["e2.json", "e3.json", "new.json"].forEach((name, i) => utimesSync(join(dir, name), future + i, future + i));
    writeKept(join(dir, "newest.json"), "x", 2);
    expect(readdirSync(dir).sort()).toEqual(["e9.json.4242.tmp", "new.json", "newest.json"]);
  });

  it("keeps 64 entries by default", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "kept-")), "cache");
    for (let i = 0; i < 70; i++) {
      writeKept(join(dir, `e${String(i).padStart(2, "0")}.json`), "{}");
      utimesSync(join(dir, `e${String(i).padStart(2, "0")}.json`), 1_000 + i, 1_000 + i);
    }
    const left = readdirSync(dir).sort();
    expect(left).toHaveLength(64);
    expect(left[0]).toBe("e06.json");
  });

  it("never throws: a cache that cannot be written only costs speed", () => {
    const file = join(mkdtempSync(join(tmpdir(), "kept-")), "not-a-dir");
    writeFileSync(file, "a file where the cache directory would be");
    expect(() => writeKept(join(file, "e.json"), "{}")).not.toThrow();
    expect(readFileSync(file, "utf8")).toBe("a file where the cache directory would be");
  });
});
