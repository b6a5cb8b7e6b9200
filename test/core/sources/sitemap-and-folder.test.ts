// Sitemaps (lastmod decides what is refetched), include/exclude patterns, local folders mirrored into the
// knowledge directory, and the state file that carries validators between runs.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatSourcesSummary } from "../../../src/core/index.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { postHtml, sitemapXml } from "../../helpers/fake-site.js";
import { makeSourcesKb, type SourcesKb } from "./sources-kb.js";

let kb: SourcesKb;
beforeEach(async () => {
  kb = await makeSourcesKb();
});
afterEach(() => kb.cleanup());

function docsPage(path: string, text: string) {
  kb.site.set(path, { body: postHtml({ title: path, text }) });
}

describe("sitemap sources", () => {
  it("fetches listed pages, then only those whose lastmod moved; include/exclude patterns apply", async () => {
    docsPage("/docs/install", "Install Lumen with the package manager of your choice and run the setup wizard.");
    docsPage("/docs/themes", "Themes change how a Lumen site looks; pick one from the gallery.");
    docsPage("/docs/drafts/wip", "Work in progress page that must not be fetched.");
    docsPage("/careers", "Jobs page that is outside the docs.");
    const pages = [
      { path: "/docs/install", lastmod: "2026-03-01" },
      { path: "/docs/themes", lastmod: "2026-03-01" },
      { path: "/docs/drafts/wip", lastmod: "2026-03-01" },
      { path: "/careers", lastmod: "2026-03-01" },
    ];
    kb.site.set("/sitemap.xml", { body: sitemapXml(kb.site, pages), type: "application/xml" });
    await kb.writeSources(
      `sources:\n  - name: docs\n    sitemap: ${kb.site.url("/sitemap.xml")}\n    include: ["/docs/**"]\n    exclude: ["/docs/drafts/**"]\n`,
    );
    expect((await kb.sync()).added).toEqual(["docs/docs-install.md", "docs/docs-themes.md"]);
    expect(kb.site.requests.some((r) => r.path === "/careers" || r.path.startsWith("/docs/drafts"))).toBe(false);

    kb.site.clearRequests();
    docsPage("/docs/themes", "Themes change how a Lumen site looks; build your own with the theme kit.");
    pages[1]!.lastmod = "2026-03-04";
    kb.site.set("/sitemap.xml", { body: sitemapXml(kb.site, pages), type: "application/xml" });
    const summary = await kb.sync();
    expect(summary.changed).toEqual(["docs/docs-themes.md"]);
    expect(kb.site.downloads().map((r) => r.path).sort()).toEqual(["/docs/themes", "/sitemap.xml"]);
    expect(await kb.read("docs/docs-themes.md")).toContain("theme kit");
  });

  it("follows a sitemap index on the same host", async () => {
    docsPage("/docs/install", "Install Lumen with the package manager of your choice and run the setup wizard.");
    kb.site.set("/sitemap-docs.xml", { body: sitemapXml(kb.site, [{ path: "/docs/install" }]), type: "application/xml" });
    kb.site.set("/sitemap.xml", {
      body: `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${kb.site.url("/sitemap-docs.xml")}</loc></sitemap></sitemapindex>`,
      type: "application/xml",
    });
    await kb.writeSources(`sources:\n  - name: docs\n    sitemap: ${kb.site.url("/sitemap.xml")}\n`);
    expect((await kb.sync()).added).toEqual(["docs/docs-install.md"]);
  });

  it("keeps validators and entry dates in DATA_DIR/sources-state.json", async () => {
    docsPage("/docs/install", "Install Lumen with the package manager of your choice and run the setup wizard.");
    kb.site.set("/sitemap.xml", { body: sitemapXml(kb.site, [{ path: "/docs/install", lastmod: "2026-03-01" }]), type: "application/xml" });
    await kb.writeSources(`sources:\n  - name: docs\n    sitemap: ${kb.site.url("/sitemap.xml")}\n`);
    await kb.sync();
    const state = JSON.parse(await readFile(join(kb.config.dataDir, "sources-state.json"), "utf8"));
    expect(state.sources.docs.listings[kb.site.url("/sitemap.xml")].etag).toMatch(/^"/);
    expect(state.sources.docs.pages[kb.site.url("/docs/install")]).toMatchObject({
      file: "docs/docs-install.md",
      listedDate: "2026-03-01T00:00:00.000Z",
      etag: expect.stringMatching(/^"/),
    });
  });

  it("refetches a page whose saved copy was deleted by hand, even when the listing is unchanged", async () => {
    docsPage("/docs/install", "Install Lumen with the package manager of your choice and run the setup wizard.");
    kb.site.set("/sitemap.xml", { body: sitemapXml(kb.site, [{ path: "/docs/install", lastmod: "2026-03-01" }]), type: "application/xml" });
    await kb.writeSources(`sources:\n  - name: docs\n    sitemap: ${kb.site.url("/sitemap.xml")}\n`);
    await kb.sync();
    await rm(join(kb.knowledgeDir, "docs/docs-install.md"));
    expect((await kb.sync()).added).toEqual(["docs/docs-install.md"]);
  });
});

describe("folder sources", () => {
  it("mirrors a folder: copies new and edited files with the source's tags, deletes removed ones", async () => {
    const outside = await mkdtemp(join(tmpdir(), "docent-folder-"));
    try {
      await mkdir(join(outside, "guides"));
      await writeFile(join(outside, "guides/a.md"), "---\ntitle: A\ntags: [own]\n---\n\n# A\n\nGuide A text about Lumen plugins.\n");
      await writeFile(join(outside, "b.txt"), "Plain text guide about Lumen config.\n");
      await writeFile(join(outside, "image.png"), "not text");
      await writeFile(join(outside, "_draft.md"), "# Draft\n");
      await kb.writeSources(`sources:\n  - name: handbook\n    folder: ${outside}\n    tags: [handbook]\n`);
      expect((await kb.sync()).added).toEqual(["handbook/b.txt", "handbook/guides/a.md"]);
      expect(await kb.read("handbook/guides/a.md")).toMatch(/tags:\n  - own\n  - handbook\n/);

      await writeFile(join(outside, "b.txt"), "Plain text guide about Lumen config, edited.\n");
      await rm(join(outside, "guides/a.md"));
      const summary = await kb.sync();
      expect(summary).toMatchObject({ added: [], changed: ["handbook/b.txt"], removed: ["handbook/guides/a.md"] });
      expect(existsSync(join(kb.knowledgeDir, "handbook/guides/a.md"))).toBe(false);

      await rm(outside, { recursive: true });
      const missing = await kb.sync();
      expect(missing.failed[0]).toMatchObject({ source: "handbook", reason: expect.stringMatching(/^folder not found/) });
      expect(missing.removed).toEqual([]);
      expect(existsSync(join(kb.knowledgeDir, "handbook/b.txt"))).toBe(true);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("never deletes files it did not copy, and keeps the copies when the folder is empty", async () => {
    const outside = await mkdtemp(join(tmpdir(), "docent-folder-"));
    try {
      await writeFile(join(outside, "a.md"), "# A\n\nGuide A text about Lumen plugins.\n");
      await mkdir(join(kb.knowledgeDir, "handbook"), { recursive: true });
      await writeFile(join(kb.knowledgeDir, "handbook/notes.md"), "# Notes\n\nWritten by hand by the operator.\n");
      await kb.writeSources(`sources:\n  - name: handbook\n    folder: ${outside}\n`);
      expect((await kb.sync()).added).toEqual(["handbook/a.md"]);
      expect(existsSync(join(kb.knowledgeDir, "handbook/notes.md"))).toBe(true);

      await rm(join(outside, "a.md"));
      const empty = await kb.sync();
      expect(empty.removed).toEqual([]);
      expect(empty.failed[0]).toMatchObject({ source: "handbook", reason: expect.stringMatching(/^folder is empty/) });
      expect(existsSync(join(kb.knowledgeDir, "handbook/a.md"))).toBe(true);
      expect(existsSync(join(kb.knowledgeDir, "handbook/notes.md"))).toBe(true);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it("follows symlinks as ingest does: inside the folder or KNOWLEDGE_ALLOWED_ROOTS; reports every other one as skipped", async () => {
    const [outside, allowed, forbidden] = (await Promise.all(["folder-", "allowed-", "forbidden-"].map((p) => mkdtemp(join(tmpdir(), `docent-${p}`))))) as [string, string, string];
    const linked = await makeSourcesKb({ KNOWLEDGE_ALLOWED_ROOTS: allowed });
    try {
      await writeFile(join(outside, "a.md"), "# A\n\nGuide A text about Lumen plugins.\n");
      await writeFile(join(allowed, "shared.md"), "# Shared\n\nShared guide about Lumen themes.\n");
      await writeFile(join(forbidden, "secret.md"), "# Secret\n\nNot for the knowledge base.\n");
      await symlink(allowed, join(outside, "common"));
      await symlink(join(outside, "a.md"), join(outside, "again.md"));
      await symlink(join(forbidden, "secret.md"), join(outside, "secret.md"));
      await symlink(join(outside, "gone.md"), join(outside, "broken.md"));
      await symlink(outside, join(outside, "loop"));
      await linked.writeSources(`sources:\n  - name: handbook\n    folder: ${outside}\n`);

      const summary = await linked.sync();
      expect(summary.added).toEqual(["handbook/a.md", "handbook/common/shared.md"]);
      expect(await linked.read("handbook/common/shared.md")).toContain("Shared guide about Lumen themes.");
      expect(existsSync(join(linked.knowledgeDir, "handbook/secret.md"))).toBe(false);
      const reasons = Object.fromEntries(summary.skipped.map((s) => [s.target, s.reason]));
      expect(summary.skipped.every((s) => s.source === "handbook")).toBe(true);
      expect(Object.keys(reasons).sort()).toEqual([join(outside, "again.md"), join(outside, "broken.md"), join(outside, "loop"), join(outside, "secret.md")].sort());
      expect(reasons[join(outside, "secret.md")]).toBe(
        `symlink leads outside the source's folder, to ${await realpath(join(forbidden, "secret.md"))}; add that folder (or one above it) to KNOWLEDGE_ALLOWED_ROOTS to index it`,
      );
      expect(reasons[join(outside, "broken.md")]).toMatch(/^symlink to a missing target \(ENOENT\)/);
      expect(reasons[join(outside, "loop")]).toBe("symlink loop: it leads back to the source's folder");
      expect(reasons[join(outside, "again.md")]).toBe("same file as a.md, which is indexed");
      // Skipped symlinks are not failures, and the summary lists each one.
      expect(summary.failed).toEqual([]);
      expect(formatSourcesSummary(summary)).toContain(`skipped: handbook: ${join(outside, "secret.md")}: symlink leads outside the source's folder`);
    } finally {
      await linked.cleanup();
      await Promise.all([outside, allowed, forbidden].map((d) => rm(d, { recursive: true, force: true })));
    }
  });
});
