// A deleted or edited document's old text must not stay readable in the live index file: not in the chunk
// rows, not in the FTS5 index, not in freed pages.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbedder, ingestKnowledge, type Embedder } from "../../../src/core/index.js";
import { makeTempKnowledge, type TempKnowledge } from "../../helpers/temp-knowledge.js";

let kb: TempKnowledge;
let embedder: Embedder;
beforeEach(async () => {
  kb = await makeTempKnowledge();
  embedder = await createEmbedder(kb.config.embeddings);
});
afterEach(() => kb.cleanup());

// Unchanged by the porter stemmer, so the FTS5 index would hold it byte for byte too.
const SECRET = "qwzxplorkthing";
const liveChunks = () => {
  const generation = readFileSync(join(kb.indexDir, "CURRENT"), "utf8").trim();
  return readFileSync(join(kb.indexDir, generation, "chunks.sqlite"));
};
const paragraph = (word: string) => `The staging password hint is ${word}, written on the whiteboard. ${"Filler about plugins. ".repeat(40)}`;

describe("old text of deleted and edited documents", () => {
  it("is gone from the live chunks.sqlite after an edit removes it", async () => {
    const file = join(kb.knowledgeDir, "ops.md");
    writeFileSync(file, `# Ops\n\n## Staging\n\n${paragraph(SECRET)}\n\n## Other\n\nUnrelated text about deploys.\n`);
    await ingestKnowledge(kb.config, embedder);
    expect(liveChunks().includes(SECRET)).toBe(true);
    writeFileSync(file, `# Ops\n\n## Staging\n\n${paragraph("removed")}\n\n## Other\n\nUnrelated text about deploys.\n`);
    const summary = await ingestKnowledge(kb.config, embedder);
    expect(summary.changed).toEqual(["ops.md"]);
    expect(liveChunks().includes(SECRET)).toBe(false);
  });

  it("is gone from the live chunks.sqlite after the document is deleted", async () => {
    // Several sections, so the deleted rows span whole pages that SQLite frees rather than reuses.
    const sections = Array.from({ length: 12 }, (_, i) => `## Part ${i}\n\n${paragraph(SECRET)}\n`).join("\n");
    writeFileSync(join(kb.knowledgeDir, "leak.md"), `# Leak\n\n${sections}`);
    await ingestKnowledge(kb.config, embedder);
    expect(liveChunks().includes(SECRET)).toBe(true);
    rmSync(join(kb.knowledgeDir, "leak.md"));
    expect((await ingestKnowledge(kb.config, embedder)).removed).toEqual(["leak.md"]);
    expect(liveChunks().includes(SECRET)).toBe(false);
  });
});
