// Builds a real index over the test corpus (test/fixtures/knowledge) in a temporary directory and opens the
// real core on it: what adapter tests and benchmarks use when they need genuine answers.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, type Config } from "../../src/config.js";
import { createEmbedder, ingestKnowledge, openDocent, type Docent } from "../../src/core/index.js";

export const FIXTURE_KNOWLEDGE_DIR = fileURLToPath(new URL("../fixtures/knowledge", import.meta.url));
export const SEED_KNOWLEDGE_DIR = fileURLToPath(new URL("../../knowledge", import.meta.url));

export interface FixtureDocent {
  docent: Docent;
  config: Config;
  dir: string;
  close(): Promise<void>;
}

/** Indexes `knowledgeDir` (default: the Lumen test corpus) with the offline embedder and opens the core on it. */
export async function openFixtureDocent(options: { knowledgeDir?: string; env?: Record<string, string> } = {}): Promise<FixtureDocent> {
  const dir = await mkdtemp(join(tmpdir(), "docent-test-"));
  const config = loadConfig(
    { EMBEDDINGS_PROVIDER: "hashing", DATA_DIR: join(dir, "data"), ...options.env },
    { knowledgeDir: options.knowledgeDir ?? FIXTURE_KNOWLEDGE_DIR, indexDir: join(dir, "index") },
  );
  const embedder = await createEmbedder(config.embeddings);
  await ingestKnowledge(config, embedder);
  const docent = await openDocent(config, { embedder });
  return {
    docent,
    config,
    dir,
    async close() {
      await docent.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
