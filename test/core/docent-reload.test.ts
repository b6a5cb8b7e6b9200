// Live pick-up of a new index: a running Docent switches to the generation ingest publishes, between
// questions, without a restart; a question already running finishes on the index it started with.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbedder, createExtractiveAnswerer, ingestKnowledge, openDocent, type Answerer, type Embedder } from "../../src/core/index.js";
import { makeTempKnowledge, type TempKnowledge } from "../helpers/temp-knowledge.js";

let kb: TempKnowledge;
let embedder: Embedder;

beforeEach(async () => {
  kb = await makeTempKnowledge();
  embedder = await createEmbedder(kb.config.embeddings);
  await ingestKnowledge(kb.config, embedder);
});
afterEach(() => kb.cleanup());

async function until(condition: () => boolean, what: string): Promise<void> {
  const limit = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > limit) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("live pick-up of a new index", () => {
  it("answers from a post added after it started, once ingest has run, without a restart", async () => {
    const docent = await openDocent(kb.config, { embedder, watch: true });
    try {
      const before = docent.info().generation;
      expect((await docent.ask("What is the name of the Lumen mascot?")).grounded).toBe(false);
      await writeFile(join(kb.knowledgeDir, "mascot.md"), "# Mascot\n\nThe Lumen mascot is a firefly named Glim.\n");
      await ingestKnowledge(kb.config, embedder);
      await until(() => docent.info().generation !== before, "the switch to the new generation");
      const answer = await docent.ask("What is the name of the Lumen mascot?");
      expect(answer.grounded).toBe(true);
      expect(answer.citations[0]?.file).toBe("mascot.md");
    } finally {
      await docent.close();
    }
  });

  it("lets a question in flight finish on the old index while the next one uses the new", async () => {
    let unblock!: () => void;
    const blocked = new Promise<void>((r) => (unblock = r));
    let first = true;
    const extractive = createExtractiveAnswerer({ maxChars: 600, relevanceFloor: 0.5 });
    // Holds the first question between retrieval and answer writing, as a slow model would.
    const slow: Answerer = {
      ...extractive,
      async answer(input) {
        if (first) {
          first = false;
          await blocked;
        }
        return extractive.answer(input);
      },
    };
    const docent = await openDocent(kb.config, { embedder, answerer: slow });
    try {
      const inFlight = docent.ask("Which Node version does Lumen need?");
      await new Promise((r) => setTimeout(r, 50));
      const file = join(kb.knowledgeDir, "install.md");
      await writeFile(file, (await readFile(file, "utf8")).replace("Lumen needs Node 20 or newer.", "Lumen needs Node 24 or newer."));
      await ingestKnowledge(kb.config, embedder);
      expect(await docent.reload()).toBe(true);
      const next = await docent.ask("Which Node version does Lumen need?");
      expect(next.answer).toContain("Node 24 or newer");
      unblock();
      // The old generation's database was still open for it: retrieval results were read before the swap,
      // and nothing it holds was closed under it.
      expect((await inFlight).answer).toContain("Node 20 or newer");
    } finally {
      unblock();
      await docent.close();
    }
  });

  it("keeps answering from the current index when the new one cannot be opened", async () => {
    const docent = await openDocent(kb.config, { embedder });
    try {
      const other: Embedder = { ...embedder, id: "another-model" };
      await writeFile(join(kb.knowledgeDir, "mascot.md"), "# Mascot\n\nThe Lumen mascot is a firefly named Glim.\n");
      await ingestKnowledge(kb.config, other, { full: true });
      expect(await docent.reload()).toBe(false);
      expect((await docent.ask("Which Node version does Lumen need?")).answer).toContain("Node 20 or newer");
    } finally {
      await docent.close();
    }
  });

  it("survives an unreadable index pointer and switches on the next attempt", async () => {
    const docent = await openDocent(kb.config, { embedder });
    try {
      const pointer = join(kb.indexDir, "CURRENT");
      const saved = await readFile(pointer, "utf8");
      await rm(pointer);
      await mkdir(pointer); // reading it now fails with EISDIR
      expect(await docent.reload()).toBe(false);
      await rm(pointer, { recursive: true });
      await writeFile(pointer, saved);
      await writeFile(join(kb.knowledgeDir, "mascot.md"), "# Mascot\n\nThe Lumen mascot is a firefly named Glim.\n");
      await ingestKnowledge(kb.config, embedder);
      expect(await docent.reload()).toBe(true);
    } finally {
      await docent.close();
    }
  });

  it("reports no switch when nothing new was published", async () => {
    const docent = await openDocent(kb.config, { embedder });
    try {
      expect(await docent.reload()).toBe(false);
    } finally {
      await docent.close();
    }
  });
});
