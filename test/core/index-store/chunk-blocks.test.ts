import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { chunkDocument } from "../../../src/core/ingest/chunk-markdown.js";
import { ChunkDb } from "../../../src/core/index-store/chunk-db.js";
import { INDEX_FORMAT_VERSION, readIndexMeta } from "../../../src/core/index-store/index-meta.js";
import { currentGeneration } from "../../../src/core/index-store/generations.js";
import { loadConfig } from "../../../src/config.js";
import { createEmbedder, ingestKnowledge } from "../../../src/core/index.js";
import { mkdirSync } from "node:fs";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "docent-blocks-"));
  dirs.push(dir);
  return dir;
}

describe("chunks keep their block structure in the index", () => {
  it("stores each chunk's blocks as JSON and reads them back with the chunk", async () => {
    const markdown = "## Run\n\nRun this:\n\n```sh\nnpm ci\n```\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |";
    const [chunk] = await chunkDocument({ file: "run.md", title: "Run", tags: [], markdown }, 1000);
    expect(chunk!.blocks!.map((b) => b.kind)).toEqual(["paragraph", "code", "item", "item", "table"]);
    const db = new ChunkDb(join(tempDir(), "chunks.sqlite"));
    db.insertChunks([{ ...chunk!, label: 7 }, { file: "old.md", title: "Old", section: "", position: 0, text: "No blocks.", label: 8 }]);
    expect(db.chunk(7)).toEqual({ ...chunk, label: 7 });
    expect(db.chunk(8)!.blocks).toBeUndefined();
    db.close();
  });

  it("the real ingest stores the blocks with every chunk it writes", async () => {
    const root = tempDir();
    mkdirSync(join(root, "knowledge"));
    writeFileSync(join(root, "knowledge", "run.md"), "# Run\n\n## Steps\n\nRun this:\n\n```sh\nnpm ci\n```\n\n- one\n- two\n");
    const config = loadConfig({ EMBEDDINGS_PROVIDER: "hashing", DATA_DIR: join(root, "data") }, { knowledgeDir: join(root, "knowledge"), indexDir: join(root, "index") });
    await ingestKnowledge(config, await createEmbedder(config.embeddings));
    const db = new ChunkDb(join(root, "index", currentGeneration(join(root, "index"))!, "chunks.sqlite"), { readonly: true });
    try {
      const chunks = db.chunksOf("run.md");
      expect(chunks.length).toBeGreaterThan(0);
      for (const chunk of chunks) expect(chunk.blocks?.length, chunk.text).toBeGreaterThan(0);
      expect(chunks.flatMap((c) => c.blocks!.map((b) => b.kind))).toEqual(["paragraph", "code", "item", "item"]);
    } finally {
      db.close();
    }
  });

  it("an index from before block structure (format 1) asks for a full rebuild", () => {
    expect(INDEX_FORMAT_VERSION).toBeGreaterThan(1);
    const dir = tempDir();
    writeFileSync(join(dir, "meta.json"), JSON.stringify({ formatVersion: 1, embedder: { id: "hashing-v1:256", dimension: 256, kind: "lexical" } }));
    expect(() => readIndexMeta(dir)).toThrow(/has format 1, .* run "npm run ingest -- --full"/);
  });
});
