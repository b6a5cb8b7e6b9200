// A damaged live index is reported as one line naming the file and the fix — by `ask` (openDocent) and by an
// incremental ingest, which must fail rather than say "index unchanged" — and `--full` always rebuilds it,
// whatever state the live generation is in.
import { readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbedder, ingestKnowledge, openDocent, type Embedder } from "../../../src/core/index.js";
import { makeTempKnowledge, type TempKnowledge } from "../../helpers/temp-knowledge.js";

let kb: TempKnowledge;
let embedder: Embedder;
let generation: string;
beforeEach(async () => {
  kb = await makeTempKnowledge();
  embedder = await createEmbedder(kb.config.embeddings);
  generation = (await ingestKnowledge(kb.config, embedder)).generation!;
});
afterEach(() => kb.cleanup());

const liveFile = (name: string) => join(kb.indexDir, generation, name);
const halve = (name: string) => truncateSync(liveFile(name), Math.floor(statSync(liveFile(name)).size / 2));
const FIX = 'run "npm run ingest -- --full"';

async function expectRebuildWorks(): Promise<void> {
  const rebuilt = await ingestKnowledge(kb.config, embedder, { full: true });
  expect(rebuilt.added).toHaveLength(5);
  const docent = await openDocent(kb.config, { embedder });
  try {
    expect((await docent.ask("Which Node version does Lumen need?")).answer).toContain("Node 20 or newer");
  } finally {
    await docent.close();
  }
}

describe("a damaged index", () => {
  it("truncated chunks.sqlite: one line naming the file and the fix, for ask and ingest; --full rebuilds", async () => {
    halve("chunks.sqlite");
    const opening = openDocent(kb.config, { embedder });
    await expect(opening).rejects.toMatchObject({ code: "index_corrupt" });
    const message = await opening.catch((e: Error) => e.message);
    expect(message).toContain(liveFile("chunks.sqlite"));
    expect(message).toContain(FIX);
    expect(message).not.toContain("\n");
    await expect(ingestKnowledge(kb.config, embedder)).rejects.toThrow(/chunks\.sqlite is damaged .*npm run ingest -- --full/);
    await expectRebuildWorks();
  });

  it("truncated vectors.hnsw: an incremental ingest with nothing to do fails instead of saying 'unchanged'", async () => {
    halve("vectors.hnsw");
    await expect(ingestKnowledge(kb.config, embedder)).rejects.toThrow(/vectors\.hnsw is damaged \(\d+ bytes, but \d+ were written: truncated\); run "npm run ingest -- --full"/);
    await expect(openDocent(kb.config, { embedder })).rejects.toThrow(/vectors\.hnsw is damaged/);
    await expectRebuildWorks();
  });

  it("is found by loading the graph when the index predates recorded file sizes", async () => {
    const metaPath = liveFile("meta.json");
    const meta = JSON.parse(readFileSync(metaPath, "utf8")) as Record<string, unknown>;
    delete meta.fileSizes;
    writeFileSync(metaPath, JSON.stringify(meta));
    halve("vectors.hnsw");
    await expect(ingestKnowledge(kb.config, embedder)).rejects.toThrow(/vectors\.hnsw is damaged \(Hnswlib Error: .*\); run "npm run ingest -- --full"/);
  });

  it("damage inside chunks.sqlite that keeps its size is caught by ingest's quick_check", async () => {
    const path = liveFile("chunks.sqlite");
    const bytes = readFileSync(path);
    // Scribble over every page after the first two (the header and schema stay readable).
    for (let i = 8192; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    writeFileSync(path, bytes);
    await expect(ingestKnowledge(kb.config, embedder)).rejects.toThrow(/chunks\.sqlite is damaged .*npm run ingest -- --full/);
    await expectRebuildWorks();
  });

  it.each([
    ["corrupt", "{ not json"],
    ["from another format version", JSON.stringify({ formatVersion: 99 })],
    ["a JSON value that is not an object", "null"],
  ])("meta.json %s: ingest says to rebuild, and --full does", async (_what, content) => {
    writeFileSync(liveFile("meta.json"), content);
    await expect(ingestKnowledge(kb.config, embedder)).rejects.toThrow(/npm run ingest -- --full/);
    await expect(openDocent(kb.config, { embedder })).rejects.toThrow(/npm run ingest -- --full/);
    await expectRebuildWorks();
  });

  it("--full rebuilds when both data files are truncated and the generation folder is gone", async () => {
    halve("chunks.sqlite");
    halve("vectors.hnsw");
    await expectRebuildWorks();
    writeFileSync(join(kb.indexDir, "CURRENT"), "gen-20000101-000000-1\n");
    await expect(ingestKnowledge(kb.config, embedder)).rejects.toThrow(/npm run ingest -- --full/);
    await expectRebuildWorks();
  });
});
