// A scratch knowledge base (the Lumen test corpus) with a sources file, a fake site to fetch from, and a
// config with a short fetch timeout and no retries, so failure cases end quickly.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../../../src/config.js";
import { syncSources, type SourcesSummary } from "../../../src/core/index.js";
import { makeTempKnowledge, type TempKnowledge } from "../../helpers/temp-knowledge.js";
import { startFakeSite, type FakeSite } from "../../helpers/fake-site.js";

export interface SourcesKb extends TempKnowledge {
  site: FakeSite;
  writeSources(yaml: string): Promise<void>;
  read(file: string): Promise<string>;
  sync(options?: { dryRun?: boolean; now?: Date }): Promise<SourcesSummary>;
}

export async function makeSourcesKb(env: Record<string, string> = {}): Promise<SourcesKb> {
  const site = await startFakeSite();
  const kb = await makeTempKnowledge({ env: { FETCH_TIMEOUT_MS: "500", FETCH_RETRIES: "0", ...env } });
  return {
    ...kb,
    site,
    writeSources: (yaml) => writeFile(join(kb.knowledgeDir, "sources.yml"), yaml),
    read: (file) => readFile(join(kb.knowledgeDir, file), "utf8"),
    async sync(options = {}) {
      const summary = await syncSources(kb.config as Config, { ...options, fetcher: { retryDelayMs: 5 } });
      if (!summary) throw new Error("no sources file");
      return summary;
    },
    async cleanup() {
      await site.close();
      await kb.cleanup();
    },
  };
}
