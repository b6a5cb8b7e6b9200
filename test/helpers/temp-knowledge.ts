// A scratch knowledge base and index for ingest tests: copies a fixture corpus into a temp directory so a
// test can add, edit, rename and delete documents, and gives a config pointing at both.
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../../src/config.js";
import { FIXTURE_KNOWLEDGE_DIR } from "./docent-fixture.js";

export interface TempKnowledge {
  root: string;
  knowledgeDir: string;
  indexDir: string;
  config: Config;
  cleanup(): Promise<void>;
}

export async function makeTempKnowledge(options: { from?: string; env?: Record<string, string> } = {}): Promise<TempKnowledge> {
  const root = await mkdtemp(join(tmpdir(), "docent-ingest-"));
  const knowledgeDir = join(root, "knowledge");
  const indexDir = join(root, "index");
  await cp(options.from ?? FIXTURE_KNOWLEDGE_DIR, knowledgeDir, { recursive: true });
  const config = loadConfig({ EMBEDDINGS_PROVIDER: "hashing", DATA_DIR: join(root, "data"), ...options.env }, { knowledgeDir, indexDir });
  return { root, knowledgeDir, indexDir, config, cleanup: () => rm(root, { recursive: true, force: true }) };
}
