// A sync killed while writing DATA_DIR/sources-state.json leaves its temp file (sources-state.json.tmp-<pid>).
// The next run that writes removes it, whatever else it does; a dry run writes nothing and leaves it.
import { existsSync, readdirSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeSourcesKb, type SourcesKb } from "./sources-kb.js";

let kb: SourcesKb;
let folder: string;
beforeEach(async () => {
  kb = await makeSourcesKb();
  folder = await mkdtemp(join(tmpdir(), "docent-state-"));
  await writeFile(join(folder, "a.md"), "# A\n\nGuide A text about Lumen plugins.\n");
  await kb.writeSources(`sources:\n  - name: handbook\n    folder: ${folder}\n`);
});
afterEach(async () => {
  await kb.cleanup();
  await rm(folder, { recursive: true, force: true });
});

describe("leftovers of killed source syncs", () => {
  it("the next run removes sources-state.json temp files and keeps everything else in DATA_DIR", async () => {
    const dataDir = kb.config.dataDir;
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, "sources-state.json.tmp-999999"), '{"version":1,"sources":{"half');
    await writeFile(join(dataDir, "sources-state.json.tmp-4242"), "");
    // Not a temp file of the state: an operator's notes, and another file's temp name.
    await writeFile(join(dataDir, "sources-state.json.tmp-notes"), "keep me");
    await writeFile(join(dataDir, "record-key.tmp-31337"), "not ours");

    const dry = await kb.sync({ dryRun: true });
    expect(dry.added).toEqual(["handbook/a.md"]);
    expect(existsSync(join(dataDir, "sources-state.json.tmp-999999"))).toBe(true);

    const summary = await kb.sync();
    expect(summary.added).toEqual(["handbook/a.md"]);
    const left = readdirSync(dataDir).filter((n) => n.includes(".tmp-")).sort();
    expect(left).toEqual(["record-key.tmp-31337", "sources-state.json.tmp-notes"]);
    expect(JSON.parse(await readFile(join(dataDir, "sources-state.json"), "utf8"))).toMatchObject({ version: 1 });
  });

  it("a run that changes nothing removes them too", async () => {
    await kb.sync();
    await writeFile(join(kb.config.dataDir, "sources-state.json.tmp-777"), "{");
    const summary = await kb.sync();
    expect(summary).toMatchObject({ added: [], changed: [], removed: [], unchanged: 1 });
    expect(existsSync(join(kb.config.dataDir, "sources-state.json.tmp-777"))).toBe(false);
  });
});
