import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cp, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmbedder, ingestKnowledge, openDocent, type Embedder } from "../../../src/core/index.js";
import { runLockHeld } from "../../../src/core/index-store/run-lock.js";
import { makeTempKnowledge, type TempKnowledge } from "../../helpers/temp-knowledge.js";

let kb: TempKnowledge;
let embedder: Embedder;

beforeEach(async () => {
  kb = await makeTempKnowledge();
  embedder = await createEmbedder(kb.config.embeddings);
});
afterEach(() => kb.cleanup());

const ingest = (full = false) => ingestKnowledge(kb.config, embedder, { full });

async function ask(question: string) {
  const docent = await openDocent(kb.config, { embedder });
  try {
    return await docent.ask(question);
  } finally {
    await docent.close();
  }
}

function generations(): string[] {
  return readdirSync(kb.indexDir).filter((n) => n.startsWith("gen-") || n.startsWith(".partial-"));
}

describe("ingestKnowledge", () => {
  it("indexes every supported file and answers from them with citations", async () => {
    const summary = await ingest();
    expect(summary.added.sort()).toEqual(["community.html", "config.mdx", "deploy/netlify.md", "faq.txt", "install.md"]);
    expect(summary.failed).toEqual([]);
    expect(summary.totalChunks).toBeGreaterThan(5);
    const answer = await ask("Which Node version does Lumen need?");
    expect(answer.grounded).toBe(true);
    expect(answer.answer).toContain("Node 20 or newer");
    expect(answer.citations).toContainEqual(
      expect.objectContaining({ file: "install.md", url: "https://lumen.example.org/docs/install", section: "Requirements" }),
    );
  });

  it("re-embeds nothing and publishes no new generation when nothing changed", async () => {
    const first = await ingest();
    const second = await ingest();
    expect(second).toMatchObject({ added: [], changed: [], removed: [], unchanged: 5, embeddedChunks: 0 });
    expect(second.generation).toBeUndefined();
    expect(second.totalChunks).toBe(first.totalChunks);
    expect(readFileSync(join(kb.indexDir, "CURRENT"), "utf8").trim()).toBe(first.generation);
  });

  it("re-embeds only an edited document, and its old text is never cited again", async () => {
    await ingest();
    const file = join(kb.knowledgeDir, "install.md");
    await writeFile(file, (await readFile(file, "utf8")).replace("Lumen needs Node 20 or newer.", "Lumen needs Node 22.4 or newer."));
    const summary = await ingest();
    expect(summary.changed).toEqual(["install.md"]);
    expect(summary.added).toEqual([]);
    const installChunks = summary.embeddedChunks;
    expect(installChunks).toBeGreaterThan(0);
    expect(installChunks).toBeLessThan(summary.totalChunks);
    const answer = await ask("Which Node version does Lumen need?");
    expect(answer.answer).toContain("Node 22.4 or newer");
    expect(answer.answer).not.toContain("Node 20 or newer");
  });

  it("removes a deleted document so it is never cited again", async () => {
    await ingest();
    expect((await ask("How many core maintainers does Lumen have?")).citations.map((c) => c.file)).toContain("faq.txt");
    await rm(join(kb.knowledgeDir, "faq.txt"));
    const summary = await ingest();
    expect(summary.removed).toEqual(["faq.txt"]);
    const answer = await ask("How many core maintainers does Lumen have?");
    expect(answer.citations.map((c) => c.file)).not.toContain("faq.txt");
    expect(answer.answer).not.toContain("3 core maintainers");
  });

  it("treats a rename as a removal plus an addition, citing the new path", async () => {
    await ingest();
    await rename(join(kb.knowledgeDir, "deploy/netlify.md"), join(kb.knowledgeDir, "deploy/netlify-guide.md"));
    const summary = await ingest();
    expect(summary.added).toEqual(["deploy/netlify-guide.md"]);
    expect(summary.removed).toEqual(["deploy/netlify.md"]);
    const answer = await ask("What is the Netlify publish directory for a Lumen site?");
    expect(answer.citations[0]?.file).toBe("deploy/netlify-guide.md");
  });

  it("reports unusable files with their reasons and indexes everything else", async () => {
    await cp(new URL("../../fixtures/knowledge-bad", import.meta.url), join(kb.knowledgeDir, "bad"), { recursive: true });
    await writeFile(join(kb.knowledgeDir, "huge.md"), `# Huge\n\n${"word ".repeat(kb.config.ingest.maxFileBytes / 5 + 10)}`);
    const summary = await ingest();
    const reasons = Object.fromEntries(summary.failed.map((f) => [f.file, f.reason]));
    expect(Object.keys(reasons).sort()).toEqual(["bad/binary.txt", "bad/broken-front-matter.md", "bad/empty.md", "huge.md"]);
    expect(reasons["bad/binary.txt"]).toMatch(/binary/);
    expect(reasons["bad/empty.md"]).toMatch(/empty/);
    expect(reasons["bad/broken-front-matter.md"]).toMatch(/front matter is not valid YAML \(line \d+\)/);
    expect(reasons["huge.md"]).toMatch(/MAX_FILE_BYTES/);
    expect(summary.added).toContain("bad/good.md");
    expect(summary.added).toContain("install.md");
  });

  it("keeps the last good version when an edit breaks a document", async () => {
    await ingest();
    await writeFile(join(kb.knowledgeDir, "install.md"), "---\ntitle: [unclosed\n---\nLumen needs Node 99.\n");
    const summary = await ingest();
    expect(summary.failed).toEqual([{ file: "install.md", reason: expect.stringContaining("previous version kept") }]);
    expect((await ask("Which Node version does Lumen need?")).answer).toContain("Node 20 or newer");
  });

  it("refuses to update an index built by another embedder until asked for a full rebuild", async () => {
    await ingest();
    const other: Embedder = { ...embedder, id: "another-model", dimension: embedder.dimension };
    await expect(ingestKnowledge(kb.config, other)).rejects.toThrow(/npm run ingest -- --full/);
    await expect(openDocent(kb.config, { embedder: other })).rejects.toMatchObject({
      code: "index_mismatch",
      message: expect.stringContaining("npm run ingest -- --full"),
    });
    const rebuilt = await ingestKnowledge(kb.config, other, { full: true });
    expect(rebuilt.added).toHaveLength(5);
    await expect(openDocent(kb.config, { embedder: other })).resolves.toBeDefined();
  });

  it("says how to build the index when there is none", async () => {
    await expect(openDocent(kb.config, { embedder })).rejects.toMatchObject({
      code: "index_missing",
      message: expect.stringContaining("npm run ingest"),
    });
  });

  it("keeps only the live generation and its predecessor, and clears partial ones left by a killed run", async () => {
    await ingest();
    await mkdir(join(kb.indexDir, ".partial-gen-killed"), { recursive: true });
    for (const n of [1, 2, 3]) {
      await writeFile(join(kb.knowledgeDir, `note-${n}.md`), `# Note ${n}\n\nNote number ${n} mentions the word zebra${n}.\n`);
      await ingest();
    }
    expect(generations()).toHaveLength(2);
    expect(existsSync(join(kb.indexDir, ".partial-gen-killed"))).toBe(false);
    expect((await ask("Which note mentions zebra3?")).citations[0]?.file).toBe("note-3.md");
  });

  it("refuses to run while another live process holds the lock, naming the lock", async () => {
    // pid 1 always runs and is not this process.
    await mkdir(join(kb.indexDir, "ingest.lock"), { recursive: true });
    await writeFile(join(kb.indexDir, "ingest.lock", "000000000001"), "1 someone-else");
    await expect(ingest()).rejects.toThrow(/another ingest is running \(pid 1\) and updating .*delete .*ingest\.lock/);
  });

  it("takes over a lock left by a process that is gone, or by an earlier process that had this pid", async () => {
    await mkdir(join(kb.indexDir, "ingest.lock"), { recursive: true });
    await writeFile(join(kb.indexDir, "ingest.lock", "000000000001"), "999999999 gone");
    await expect(ingest()).resolves.toMatchObject({ failed: [] });
    // A container restarts its main process with the same pid: the token tells the two apart.
    await writeFile(join(kb.indexDir, "ingest.lock", "000000000009"), `${process.pid} an-earlier-process`);
    await expect(ingest()).resolves.toMatchObject({ failed: [] });
    expect(runLockHeld(join(kb.indexDir, "ingest.lock"))).toBe(false);
  });
});
