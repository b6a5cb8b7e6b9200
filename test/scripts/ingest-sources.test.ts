// `npm run ingest` with a sources file: sources are synced before the index update, both summaries are
// printed, --dry-run changes nothing, and a failed source makes the exit status non-zero.
import { existsSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publish, type Post } from "../helpers/fake-site.js";
import { runScript } from "../helpers/run-script.js";
import { makeSourcesKb, type SourcesKb } from "../core/sources/sources-kb.js";

let kb: SourcesKb;
const run = (...args: string[]) =>
  runScript("scripts/ingest.ts", ["--knowledge", kb.knowledgeDir, "--index", kb.indexDir, ...args], {
    env: { DATA_DIR: kb.config.dataDir, FETCH_TIMEOUT_MS: "500", FETCH_RETRIES: "0" },
  });
const post: Post = { path: "/blog/glim", title: "Glim", date: "2026-03-01T00:00:00Z", text: "The Lumen mascot is a firefly named Glim." };

beforeAll(async () => {
  kb = await makeSourcesKb();
  publish(kb.site, "/feed.xml", [post]);
  await writeFile(join(kb.knowledgeDir, "sources.yml"), `sources:\n  - name: blog\n    feed: ${kb.site.url("/feed.xml")}\n`);
});
afterAll(() => kb.cleanup());

describe("npm run ingest with sources", () => {
  it("--dry-run prints what would be added and writes nothing", async () => {
    const result = await run("--dry-run");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("sources (dry run: nothing written): 1 source, 2 fetched");
    expect(result.stdout).toContain("  would add: blog/blog-glim.md");
    expect(result.stdout).toContain("index (dry run: nothing written): 5 would be added, 0 would be changed, 0 would be removed, 0 unchanged, 0 failed (no index yet)");
    expect(result.stdout).toContain("(what the sources would bring is not on disk yet, so it is not counted above)");
    expect(existsSync(join(kb.knowledgeDir, "blog"))).toBe(false);
    expect(existsSync(kb.indexDir)).toBe(false);
    expect(existsSync(kb.config.dataDir)).toBe(false);
  });

  it("syncs the sources, then indexes them with the rest, and prints both summaries", async () => {
    const result = await run();
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^sources: 1 source, 2 fetched, 0 not modified; 1 added, 0 changed, 0 removed, 0 unchanged, 0 failed/m);
    expect(result.stdout).toMatch(/^ingest: 6 added, 0 changed, 0 removed, 0 unchanged, 0 failed/m);
    expect(await readdir(join(kb.knowledgeDir, "blog"))).toEqual(["blog-glim.md"]);
  });

  it("exits 1 and names the source and reason when a source fails, still updating the index", async () => {
    kb.site.set("/feed.xml", { body: "<rss><channel>", type: "application/rss+xml" });
    const result = await run();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/failed: blog: http:\/\/127\.0\.0\.1:\d+\/feed\.xml: feed is not valid XML/);
    expect(result.stdout).toMatch(/^ingest: 0 added, 0 changed, 0 removed, 6 unchanged/m);
  });
});
