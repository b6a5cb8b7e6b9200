// A re-index end to end against a local site: a post published after the bot started becomes answerable
// without a restart; an edited post is re-embedded and its old text is no longer cited; a 404 takes a post
// out of the index; a dry run writes nothing anywhere.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbedder, createReindexRunner, formatReindexSummary, ingestKnowledge, openDocent, reindex, type Embedder } from "../../src/core/index.js";
import { atomFeed, postHtml, publish, type Post } from "../helpers/fake-site.js";
import { makeSourcesKb, type SourcesKb } from "./sources/sources-kb.js";

let kb: SourcesKb;
let embedder: Embedder;
beforeEach(async () => {
  kb = await makeSourcesKb();
  embedder = await createEmbedder(kb.config.embeddings);
  await ingestKnowledge(kb.config, embedder);
});
afterEach(() => kb.cleanup());

const fetcher = { retryDelayMs: 5 };
const QUESTION = "What is the name of the Lumen mascot?";
const mascot: Post = {
  path: "/blog/mascot",
  title: "Meet our mascot",
  date: "2026-03-01T00:00:00Z",
  updated: "2026-03-01T00:00:00Z",
  text: "The Lumen mascot is a firefly named Glim, drawn by the community in 2025.",
};

async function until(condition: () => boolean, what: string): Promise<void> {
  const limit = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > limit) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every file under the directories with its size and content hash. */
function snapshot(...dirs: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (root: string, dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(root, path);
      else out[`${root}:${relative(root, path)}`] = createHash("sha256").update(readFileSync(path)).digest("hex");
    }
  };
  for (const dir of dirs) walk(dir, dir);
  return out;
}

describe("reindex", () => {
  it("makes a new post answerable in a Docent that was already running, without a restart", async () => {
    publish(kb.site, "/atom.xml", [], "atom");
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/atom.xml")}\n`);
    const docent = await openDocent(kb.config, { embedder, watch: true });
    try {
      const before = docent.info().generation;
      expect((await docent.ask(QUESTION)).grounded).toBe(false);

      publish(kb.site, "/atom.xml", [mascot], "atom");
      const summary = await reindex(kb.config, embedder, { fetcher });
      expect(summary.sources?.added).toEqual(["blog/blog-mascot.md"]);
      expect(summary.ingest?.added).toEqual(["blog/blog-mascot.md"]);
      expect(formatReindexSummary(summary)).toMatch(/sources: 1 source, 2 fetched, 0 not modified; 1 added.*\n.*\nindex: 1 added, 0 changed, 0 removed, 5 unchanged/);

      await until(() => docent.info().generation !== before, "the running Docent to switch index");
      const answer = await docent.ask(QUESTION);
      expect(answer.grounded).toBe(true);
      expect(answer.answer).toContain("firefly named Glim");
      expect(answer.citations[0]).toMatchObject({ file: "blog/blog-mascot.md", url: kb.site.url(mascot.path), title: "Meet our mascot" });
    } finally {
      await docent.close();
    }
  });

  it("re-embeds an edited post: its old text is no longer cited", async () => {
    publish(kb.site, "/atom.xml", [mascot], "atom");
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/atom.xml")}\n`);
    await reindex(kb.config, embedder, { fetcher });
    const docent = await openDocent(kb.config, { embedder });
    try {
      expect((await docent.ask(QUESTION)).answer).toContain("Glim");
      const renamed = { ...mascot, updated: "2026-03-09T00:00:00Z", text: "The Lumen mascot is a firefly named Lux since the 2026 community vote." };
      publish(kb.site, "/atom.xml", [renamed], "atom");
      const summary = await reindex(kb.config, embedder, { fetcher });
      expect(summary.sources?.changed).toEqual(["blog/blog-mascot.md"]);
      expect(summary.ingest?.changed).toEqual(["blog/blog-mascot.md"]);
      expect(await docent.reload()).toBe(true);
      const answer = await docent.ask(QUESTION);
      expect(answer.answer).toContain("firefly named Lux");
      expect(answer.answer).not.toContain("Glim");
      const hits = await docent.search("firefly Glim drawn by the community in 2025", { topK: 10 });
      expect(hits.filter((h) => h.file === "blog/blog-mascot.md")).toHaveLength(1);
    } finally {
      await docent.close();
    }
  });

  it("takes a post that now answers 404 out of the index", async () => {
    kb.site.set(mascot.path, { body: postHtml(mascot) });
    await kb.writeSources(`sources:\n  - name: pages\n    url: ${kb.site.url(mascot.path)}\n`);
    await reindex(kb.config, embedder, { fetcher });
    kb.site.set(mascot.path, { status: 404 });
    const summary = await reindex(kb.config, embedder, { fetcher });
    expect(summary.sources?.removed).toEqual(["pages/blog-mascot.md"]);
    expect(summary.ingest?.removed).toEqual(["pages/blog-mascot.md"]);
    const docent = await openDocent(kb.config, { embedder });
    try {
      const answer = await docent.ask(QUESTION);
      expect(answer.citations.map((c) => c.file)).not.toContain("pages/blog-mascot.md");
      expect(answer.answer).not.toContain("Glim");
    } finally {
      await docent.close();
    }
  });

  it("--dry-run fetches and reports, but writes nothing: no knowledge file, no state, no index", async () => {
    publish(kb.site, "/atom.xml", [mascot], "atom");
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/atom.xml")}\n`);
    await reindex(kb.config, embedder, { fetcher });
    // A second post, an edit and a removal: everything a dry run must describe and not do.
    const second: Post = { ...mascot, path: "/blog/second", title: "Second", text: "A second post about Lumen's release train and its schedule." };
    const edited = { ...mascot, updated: "2026-04-01T00:00:00Z", text: "The Lumen mascot is now a moth named Dusk." };
    kb.site.set("/atom.xml", { body: atomFeed(kb.site, [edited, second]), type: "application/atom+xml" });
    kb.site.set(mascot.path, { body: postHtml(edited) });
    kb.site.set(second.path, { body: postHtml(second) });
    const before = snapshot(kb.root);

    const summary = await reindex(kb.config, embedder, { fetcher, dryRun: true });
    expect(summary.sources).toMatchObject({ dryRun: true, added: ["blog/blog-second.md"], changed: ["blog/blog-mascot.md"] });
    expect(summary.ingest).toBeUndefined();
    const text = formatReindexSummary(summary);
    expect(text).toContain("  would add: blog/blog-second.md");
    expect(text).toContain("  would change: blog/blog-mascot.md");
    expect(text).toContain("index: not updated (dry run)");
    expect(snapshot(kb.root)).toEqual(before);
  });

  it("runs one re-index at a time from inside the bot and switches the Docent to it", async () => {
    publish(kb.site, "/atom.xml", [mascot], "atom");
    await kb.writeSources(`sources:\n  - name: blog\n    feed: ${kb.site.url("/atom.xml")}\n`);
    const docent = await openDocent(kb.config, { embedder });
    const runner = createReindexRunner(kb.config, embedder, { docent, reindexOptions: { fetcher } });
    try {
      const [a, b] = await Promise.all([runner.run(), runner.run()]);
      expect(a).toBe(b);
      expect(a).toMatch(/1 added/);
      expect(kb.site.downloads(mascot.path)).toHaveLength(1);
      expect((await docent.ask(QUESTION)).answer).toContain("Glim");
    } finally {
      await runner.idle();
      await docent.close();
    }
  });
});
