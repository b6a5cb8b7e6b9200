// The chat tasks on the Postgres index store (PGlite with pgvector on loopback, the product's `pg` client):
// latest and summarize read the document manifest (dates, descriptions, first seen) and whole documents from
// Postgres, and give what they give on the file store for the same knowledge base.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DOCS, openTaskCorpus, type TaskCorpus } from "../tasks/task-corpus.js";
import { startPgliteServer, type PgliteServer } from "../../helpers/pglite-server.js";

let server: PgliteServer;
let onFiles: TaskCorpus;
let onPostgres: TaskCorpus;

beforeAll(async () => {
  server = await startPgliteServer();
  onFiles = await openTaskCorpus();
  onPostgres = await openTaskCorpus({ DATABASE_URL: server.url, DATABASE_INDEX: "tasks" });
});
afterAll(async () => {
  await onPostgres?.close();
  await onFiles?.close();
  await server?.stop();
});

/** First-seen dates differ between the two corpora (indexed moments apart): compare the rest. */
const withoutFirstSeenDay = <T extends { dateSource: string; date: string }>(items: T[]) =>
  items.map((i) => (i.dateSource === "first-seen" ? { ...i, date: "first-seen" } : i));

describe("chat tasks on Postgres", () => {
  it("the store is Postgres", () => {
    expect(onPostgres.config.database?.url).toBe(server.url);
    expect(onPostgres.docent.info().generation).toBe("gen-1");
  });

  it("latest: dates from front matter or first seen, a description or the first sentence read from Postgres", async () => {
    const items = await onPostgres.docent.tasks.latest();
    expect(items.map((i) => i.file)).toEqual(["guides/contributing.md", "security.md", "release.md"]);
    const [guide, security, release] = items;
    expect(guide).toMatchObject({ title: "Contributor guide", dateSource: "first-seen", summary: "Thank you for helping to improve Widget with code, docs and reviews." });
    expect(guide!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(security).toMatchObject({ date: "2024-06-10", dateSource: "front-matter", url: "https://example.org/security" });
    expect(security!.summary).toBe("Report vulnerabilities privately to the security team at security@example.org.");
    expect(release).toMatchObject({ date: "2024-05-01", dateSource: "front-matter", summary: "How a release is cut, tagged and published." });
    expect(withoutFirstSeenDay(items)).toEqual(withoutFirstSeenDay(await onFiles.docent.tasks.latest()));
    expect(await onPostgres.docent.tasks.latest({ topic: "vulnerability disclosure" })).toEqual(await onFiles.docent.tasks.latest({ topic: "vulnerability disclosure" }));
  });

  it("summarize: the whole document in order, the same summary as on files", async () => {
    for (const target of ["Release process", "https://example.org/security/", "guides/contributing.md"]) {
      const [pg, files] = [await onPostgres.docent.tasks.summarize(target), await onFiles.docent.tasks.summarize(target)];
      expect(pg, target).toEqual(files);
      expect(pg.grounded, target).toBe(true);
    }
    const release = await onPostgres.docent.tasks.summarize("Release process");
    expect(release.sections).toEqual(["Branching", "Tagging", "Publishing"]);
    expect(release.citations.map((c) => c.section)).toEqual(["", "Branching", "Tagging", "Publishing"]);
  });

  it("after an incremental ingest: an edited document's new text, its first-seen time kept, a new document newest", async () => {
    const before = await onPostgres.docent.tasks.latest();
    await writeFile(join(onPostgres.knowledgeDir, "release.md"), DOCS["release.md"]!.replace("## Publishing", "## Announcing\n\nThe release is announced on the mailing list.\n\n## Publishing"));
    await writeFile(join(onPostgres.knowledgeDir, "roadmap.md"), "# Roadmap\n\nThe next release adds plugins and a faster build cache.\n");
    await onPostgres.reingest();
    expect(onPostgres.docent.info().generation).toBe("gen-2");
    const summary = await onPostgres.docent.tasks.summarize("Release process");
    expect(summary.sections).toEqual(["Branching", "Tagging", "Announcing", "Publishing"]);
    expect(summary.summary).toContain("The release is announced on the mailing list. [4]");
    const after = await onPostgres.docent.tasks.latest();
    expect(after[0]).toMatchObject({ file: "roadmap.md", dateSource: "first-seen", summary: "The next release adds plugins and a faster build cache." });
    expect(after.find((i) => i.file === "guides/contributing.md")!.date).toBe(before.find((i) => i.file === "guides/contributing.md")!.date);
  });
});
