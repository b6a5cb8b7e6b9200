// Symlinks in the knowledge directory: followed (files and folders) when their real path stays inside the
// knowledge directory or a KNOWLEDGE_ALLOWED_ROOTS folder, otherwise skipped and reported with the reason;
// loops, broken links and second routes to the same folder or file are reported, never followed twice.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { createEmbedder, ingestKnowledge, openDocent } from "../../../src/core/index.js";
import { scanKnowledge } from "../../../src/core/ingest/scan-knowledge.js";

let root: string;
let knowledge: string;
let checkout: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "docent-links-"));
  knowledge = join(root, "knowledge");
  checkout = join(root, "my-docs-checkout");
  mkdirSync(join(knowledge, "guides"), { recursive: true });
  mkdirSync(join(checkout, "reference"), { recursive: true });
  writeFileSync(join(knowledge, "intro.md"), "# Intro\n\nWelcome.\n");
  writeFileSync(join(knowledge, "guides", "setup.md"), "# Setup\n\nRun the installer.\n");
  writeFileSync(join(checkout, "cli.md"), "# CLI\n\nThe flag --frobnicate turns on frobnication.\n");
  writeFileSync(join(checkout, "reference", "api.md"), "# API\n\nCall frob().\n");
});
afterEach(() => rm(root, { recursive: true, force: true }));

const files = (scan: Awaited<ReturnType<typeof scanKnowledge>>) => scan.files.map((f) => f.file);
const reasons = (scan: Awaited<ReturnType<typeof scanKnowledge>>) => Object.fromEntries(scan.skipped.map((s) => [s.file, s.reason]));

describe("symlinks in the knowledge directory", () => {
  it("skips a link to a folder outside, saying how to allow it", async () => {
    symlinkSync("../my-docs-checkout", join(knowledge, "docs"));
    const scan = await scanKnowledge(knowledge);
    expect(files(scan)).toEqual(["guides/setup.md", "intro.md"]);
    expect(reasons(scan)).toEqual({
      docs: expect.stringMatching(/^symlink leads outside the knowledge directory, to .*my-docs-checkout; add that folder .* to KNOWLEDGE_ALLOWED_ROOTS/),
    });
  });

  it("follows a link to a folder inside an allowed root, files named by the link path", async () => {
    symlinkSync("../my-docs-checkout", join(knowledge, "docs"));
    const scan = await scanKnowledge(knowledge, [checkout]);
    expect(files(scan)).toEqual(["docs/cli.md", "docs/reference/api.md", "guides/setup.md", "intro.md"]);
    expect(scan.skipped).toEqual([]);
  });

  it("follows file links inside the knowledge directory, and indexes a file reached twice once", async () => {
    symlinkSync("guides/setup.md", join(knowledge, "setup-link.md"));
    symlinkSync(join(checkout, "cli.md"), join(knowledge, "cli.md"));
    const scan = await scanKnowledge(knowledge);
    expect(files(scan)).toEqual(["guides/setup.md", "intro.md"]);
    expect(reasons(scan)).toEqual({
      "cli.md": expect.stringContaining("symlink leads outside the knowledge directory"),
      "setup-link.md": "same file as guides/setup.md, which is indexed",
    });
  });

  it("reports loops, broken links and a second route to a folder already read, and never walks one twice", async () => {
    symlinkSync("..", join(knowledge, "guides", "up"));
    symlinkSync("self", join(knowledge, "self"));
    symlinkSync("nowhere", join(knowledge, "broken.md"));
    symlinkSync("guides", join(knowledge, "guides-again"));
    const scan = await scanKnowledge(knowledge);
    expect(files(scan)).toEqual(["guides/setup.md", "intro.md"]);
    expect(reasons(scan)).toEqual({
      "broken.md": "symlink to a missing target (ENOENT)",
      "guides-again": "symlink to a folder already read as guides",
      "guides/up": "symlink loop: it leads back to the knowledge directory",
      self: "symlink loop (it leads back to itself)",
    });
  });

  it("does not let a followed folder lead further out through its own links", async () => {
    symlinkSync(root, join(checkout, "escape"));
    symlinkSync("../my-docs-checkout", join(knowledge, "docs"));
    const scan = await scanKnowledge(knowledge, [checkout]);
    expect(files(scan)).toContain("docs/cli.md");
    expect(reasons(scan)["docs/escape"]).toMatch(/symlink leads outside the knowledge directory/);
  });

  it("indexes and cites documents behind an allowed link (KNOWLEDGE_ALLOWED_ROOTS)", async () => {
    symlinkSync("../my-docs-checkout", join(knowledge, "docs"));
    const config = loadConfig(
      { EMBEDDINGS_PROVIDER: "hashing", DATA_DIR: join(root, "data"), KNOWLEDGE_ALLOWED_ROOTS: ` ${checkout} , /elsewhere ` },
      { knowledgeDir: knowledge, indexDir: join(root, "index") },
    );
    expect(config.ingest.allowedRoots).toEqual([checkout, "/elsewhere"]);
    const embedder = await createEmbedder(config.embeddings);
    const summary = await ingestKnowledge(config, embedder);
    expect(summary.added).toEqual(["docs/cli.md", "docs/reference/api.md", "guides/setup.md", "intro.md"]);
    expect(summary.skipped).toEqual([]);
    const docent = await openDocent(config, { embedder });
    try {
      expect((await docent.ask("What does the --frobnicate flag do?")).citations[0]?.file).toBe("docs/cli.md");
    } finally {
      await docent.close();
    }
  });
});
