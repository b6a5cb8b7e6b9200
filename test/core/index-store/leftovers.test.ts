// What killed runs leave behind is cleared by the next run, even one that changes nothing: partial
// generations, CURRENT temp files, and orphan generations (renamed into place by a run killed before it
// switched CURRENT). The live generation and the one that was really live before it are never removed.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbedder, ingestKnowledge, openDocent, type Embedder } from "../../../src/core/index.js";
import { makeTempKnowledge, type TempKnowledge } from "../../helpers/temp-knowledge.js";

let kb: TempKnowledge;
let embedder: Embedder;
beforeEach(async () => {
  kb = await makeTempKnowledge();
  embedder = await createEmbedder(kb.config.embeddings);
});
afterEach(() => kb.cleanup());

const ingest = () => ingestKnowledge(kb.config, embedder);
const live = () => readFileSync(join(kb.indexDir, "CURRENT"), "utf8").trim();
const entries = () => readdirSync(kb.indexDir).filter((n) => n !== "ingest.lock").sort();
let notes = 0;
async function publishNew(): Promise<string> {
  notes++;
  writeFileSync(join(kb.knowledgeDir, `note-${notes}.md`), `# Note ${notes}\n\nNote ${notes} is about quokka${notes}.\n`);
  return (await ingest()).generation!;
}

describe("leftovers of killed runs", () => {
  it("removes partial generations and CURRENT temp files on a run that changes nothing", async () => {
    const first = (await ingest()).generation!;
    mkdirSync(join(kb.indexDir, ".partial-gen-20260101-000000-999999"));
    writeFileSync(join(kb.indexDir, ".partial-gen-20260101-000000-999999", "chunks.sqlite"), "half written");
    writeFileSync(join(kb.indexDir, "CURRENT.tmp-999999"), "gen-x\n");
    const summary = await ingest();
    expect(summary.generation).toBeUndefined();
    expect(entries()).toEqual(["CURRENT", first]);
  });

  it("removes an orphan generation and keeps the one that was really live before the switch", async () => {
    const a = await publishNew();
    const b = await publishNew();
    expect(entries()).toEqual(["CURRENT", a, b]);
    // A run killed between renaming its generation into place and switching CURRENT: a newer generation
    // that nothing points at, and the pointer's temp file.
    const orphan = "gen-29990101-000000-4242";
    cpSync(join(kb.indexDir, b), join(kb.indexDir, orphan), { recursive: true });
    writeFileSync(join(kb.indexDir, "CURRENT.tmp-4242"), `${orphan}\n`);

    await ingest(); // nothing changed
    expect(live()).toBe(b);
    expect(entries()).toEqual(["CURRENT", a, b]);

    const c = await publishNew();
    expect(entries()).toEqual(["CURRENT", b, c]);
    const docent = await openDocent(kb.config, { embedder });
    try {
      expect((await docent.ask("Which note is about quokka3?")).citations[0]?.file).toBe("note-3.md");
    } finally {
      await docent.close();
    }
  });

  it("keeps a predecessor named older than an orphan even when the live meta does not record it (older indexes)", async () => {
    const a = await publishNew();
    const b = await publishNew();
    const metaPath = join(kb.indexDir, b, "meta.json");
    const meta = JSON.parse(readFileSync(metaPath, "utf8")) as Record<string, unknown>;
    delete meta.previousGeneration;
    writeFileSync(metaPath, JSON.stringify(meta));
    cpSync(join(kb.indexDir, b), join(kb.indexDir, "gen-29990101-000000-4242"), { recursive: true });
    await ingest();
    expect(entries()).toEqual(["CURRENT", a, b]);
  });

  it("removes no generation while CURRENT does not name one, and a full rebuild then cleans up", async () => {
    const a = await publishNew();
    const b = await publishNew();
    writeFileSync(join(kb.indexDir, "CURRENT"), "../../etc\n");
    await expect(ingest()).rejects.toThrow(/CURRENT does not name a generation; run "npm run ingest -- --full"/);
    expect(entries()).toEqual(["CURRENT", a, b]);
    const rebuilt = await ingestKnowledge(kb.config, embedder, { full: true });
    expect(live()).toBe(rebuilt.generation);
    // A bot may still read the newest generation it loaded before the pointer was damaged: that one stays.
    expect(entries()).toEqual(["CURRENT", b, rebuilt.generation!]);
    await publishNew();
    expect(entries()).toHaveLength(3);
    expect(entries()).not.toContain(b);
  });
});
