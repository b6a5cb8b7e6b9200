// Kills a real ingest process (SIGKILL, no chance to clean up) while it builds a new generation, and checks
// that the previous index is still the live one, loads and answers; then that the next ingest recovers.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmbedder, ingestKnowledge, openDocent, type Embedder } from "../../../src/core/index.js";
import { runLockHeld } from "../../../src/core/index-store/run-lock.js";
import { makeTempKnowledge, type TempKnowledge } from "../../helpers/temp-knowledge.js";

const REPO = fileURLToPath(new URL("../../..", import.meta.url));
const EXTRA_DOCS = 2500;

let kb: TempKnowledge;
let embedder: Embedder;
let liveGeneration: string;

beforeAll(async () => {
  kb = await makeTempKnowledge();
  embedder = await createEmbedder(kb.config.embeddings);
  liveGeneration = (await ingestKnowledge(kb.config, embedder)).generation!;
  // Enough new documents that the next ingest runs for a while.
  for (let i = 0; i < EXTRA_DOCS; i++) {
    const topic = `topic${i}`;
    await writeFile(
      join(kb.knowledgeDir, `post-${i}.md`),
      `---\ntitle: Post ${i}\n---\n# Post ${i}\n\n## About ${topic}\n\nThis post explains ${topic} in detail. ${"Filler sentence about releases and plugins. ".repeat(20)}\n\n## More\n\nSee also ${topic} notes.\n`,
    );
  }
});
afterAll(() => kb.cleanup());

function startIngest() {
  return spawn(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--knowledge", kb.knowledgeDir, "--index", kb.indexDir], {
    cwd: REPO,
    env: { ...process.env, EMBEDDINGS_PROVIDER: "hashing", LOG_LEVEL: "silent" },
    stdio: "ignore",
  });
}

async function waitFor(condition: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const partials = () => readdirSync(kb.indexDir).filter((n) => n.startsWith(".partial-"));

describe("killing ingest mid-run", () => {
  it.each([0, 200, 500])("leaves the previous index live and answering (killed %i ms into the new generation)", async (delayMs) => {
    const child = startIngest();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    await waitFor(() => partials().length > 0, "the new generation to start");
    await new Promise((r) => setTimeout(r, delayMs));
    child.kill("SIGKILL");
    const { signal } = await exited;
    // If ingest had finished before the kill, this test would prove nothing.
    expect(signal).toBe("SIGKILL");

    expect(readFileSync(join(kb.indexDir, "CURRENT"), "utf8").trim()).toBe(liveGeneration);
    const docent = await openDocent(kb.config, { embedder });
    try {
      expect(docent.info().documents).toBe(5);
      const answer = await docent.ask("Which Node version does Lumen need?");
      expect(answer.grounded).toBe(true);
      expect(answer.answer).toContain("Node 20 or newer");
    } finally {
      await docent.close();
    }
  });

  it("recovers on the next run: the new documents are indexed and the partial generation is cleared", async () => {
    expect(partials().length).toBeGreaterThan(0);
    const summary = await ingestKnowledge(kb.config, embedder);
    expect(summary.added).toHaveLength(EXTRA_DOCS);
    expect(partials()).toEqual([]);
    expect(runLockHeld(join(kb.indexDir, "ingest.lock"))).toBe(false);
    const docent = await openDocent(kb.config, { embedder });
    try {
      expect((await docent.ask("Which post explains topic1234?")).citations[0]?.file).toBe("post-1234.md");
    } finally {
      await docent.close();
    }
  });
});
