// The chat tasks over a real index: latest (dates from front matter or first seen, kept across re-indexes),
// searchDocuments (ranked documents, paging), summarize (resolution, extractive summary), request without a
// model (= ask).
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "../../../src/errors.js";
import { DocumentNotFoundError } from "../../../src/core/tasks/resolve-document.js";
import { DOCS, openTaskCorpus, type TaskCorpus } from "./task-corpus.js";

let corpus: TaskCorpus;
beforeAll(async () => {
  corpus = await openTaskCorpus();
});
afterAll(async () => corpus?.close());

const documents = () => corpus.docent.read(async (view) => (view.index.chunks as unknown as { documents(): { file: string; firstSeen: string; date: string | null }[] }).documents());

describe("latest", () => {
  it("lists documents newest first: front-matter dates, else the day the index first saw them", async () => {
    const items = await corpus.docent.tasks.latest();
    expect(items.map((i) => i.file)).toEqual(["guides/contributing.md", "security.md", "release.md"]);
    const [guide, security, release] = items;
    expect(guide).toMatchObject({ title: "Contributor guide", dateSource: "first-seen" });
    expect(guide!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(guide!.url).toBeUndefined();
    expect(security).toMatchObject({ date: "2024-06-10", dateSource: "front-matter", url: "https://example.org/security" });
    // No description: the document's first sentence.
    expect(security!.summary).toBe("Report vulnerabilities privately to the security team at security@example.org.");
    // A description wins over the first sentence.
    expect(release).toMatchObject({ date: "2024-05-01", summary: "How a release is cut, tagged and published." });
  });

  it("takes n and a topic; the topic keeps only documents that cover it", async () => {
    expect(await corpus.docent.tasks.latest({ n: 1 })).toHaveLength(1);
    const security = await corpus.docent.tasks.latest({ topic: "vulnerability disclosure" });
    expect(security.map((i) => i.file)).toEqual(["security.md"]);
    expect(await corpus.docent.tasks.latest({ topic: "kubernetes" })).toEqual([]);
  });

  it("keeps the first-seen time when a document is edited, and across a full rebuild; a new document is newer", async () => {
    const before = new Map((await documents()).map((d) => [d.file, d.firstSeen]));
    await writeFile(join(corpus.knowledgeDir, "guides/contributing.md"), `${DOCS["guides/contributing.md"]}\n## Reviews\n\nEvery pull request needs one approving review.\n`);
    await writeFile(join(corpus.knowledgeDir, "roadmap.md"), "# Roadmap\n\nThe next release adds plugins and a faster build cache.\n");
    await corpus.reingest();
    let after = new Map((await documents()).map((d) => [d.file, d.firstSeen]));
    expect(after.get("guides/contributing.md")).toBe(before.get("guides/contributing.md"));
    expect(after.get("security.md")).toBe(before.get("security.md"));
    expect(after.get("roadmap.md")! >= before.get("guides/contributing.md")!).toBe(true);
    const roadmapSeen = after.get("roadmap.md");

    await corpus.reingest({ full: true });
    after = new Map((await documents()).map((d) => [d.file, d.firstSeen]));
    expect(after.get("guides/contributing.md")).toBe(before.get("guides/contributing.md"));
    expect(after.get("roadmap.md")).toBe(roadmapSeen);
    const latest = await corpus.docent.tasks.latest({ n: 2 });
    expect(latest.map((i) => i.file)).toEqual(["roadmap.md", "guides/contributing.md"]);
    expect(latest[0]!.summary).toBe("The next release adds plugins and a faster build cache.");
  });
});

describe("searchDocuments", () => {
  it("ranks documents (each once) with the section and a snippet of the best passage", async () => {
    const page = await corpus.docent.tasks.searchDocuments("signed tags");
    expect(page.items[0]).toMatchObject({ file: "release.md", title: "Release process", section: "Tagging", url: "https://docs.example.org/release" });
    expect(page.items[0]!.snippet).toContain("Tags are signed");
    expect(new Set(page.items.map((i) => i.file)).size).toBe(page.items.length);
    expect(page).toMatchObject({ query: "signed tags", page: 1 });
  });

  it("pages through the matches", async () => {
    const all = await corpus.docent.tasks.searchDocuments("release", { pageSize: 10 });
    expect(all.total).toBeGreaterThanOrEqual(2);
    const first = await corpus.docent.tasks.searchDocuments("release", { pageSize: 1 });
    const second = await corpus.docent.tasks.searchDocuments("release", { pageSize: 1, page: 2 });
    expect(first.pages).toBe(all.total);
    expect(first.items.map((i) => i.file)).toEqual([all.items[0]!.file]);
    expect(second.items.map((i) => i.file)).toEqual([all.items[1]!.file]);
    const beyond = await corpus.docent.tasks.searchDocuments("release", { pageSize: 1, page: all.total + 1 });
    expect(beyond.items).toEqual([]);
  });

  it("snippets pass the link policy of answers", async () => {
    const page = await corpus.docent.tasks.searchDocuments("mirrors");
    expect(page.items[0]!.snippet).toBe("Mirrors such as (link removed) carry them a day later.");
  });

  it("finds nothing for words no document has, and refuses an empty query", async () => {
    const none = await corpus.docent.tasks.searchDocuments("kubernetes helm");
    expect(none).toMatchObject({ items: [], total: 0, pages: 0 });
    await expect(corpus.docent.tasks.searchDocuments("   ")).rejects.toSatisfy((e) => isAppError(e, "question_empty"));
  });
});

describe("summarize", () => {
  it("summarises a document by title with its own first sentences, each cited to its section", async () => {
    const summary = await corpus.docent.tasks.summarize("Release process");
    expect(summary).toMatchObject({ file: "release.md", title: "Release process", url: "https://docs.example.org/release", grounded: true });
    expect(summary.sections).toEqual(["Branching", "Tagging", "Publishing"]);
    expect(summary.summary).toBe(
      "Every release of Widget starts from the main branch and takes about a day. [1] A release branch is cut from main on Monday morning. [2] " +
        "Tags are signed with the release manager's key and named after the version, such as v2.4.0. [3] " +
        "The CI pipeline publishes the packages to the registry once the tag is pushed. [4]",
    );
    expect(summary.citations.map((c) => [c.n, c.section])).toEqual([[1, ""], [2, "Branching"], [3, "Tagging"], [4, "Publishing"]]);
    expect(summary.summary.length).toBeLessThanOrEqual(corpus.config.tasks.summaryMaxChars);
  });

  it("resolves a url, a file path and a close title", async () => {
    expect((await corpus.docent.tasks.summarize("https://example.org/security/")).file).toBe("security.md");
    expect((await corpus.docent.tasks.summarize("guides/contributing.md")).file).toBe("guides/contributing.md");
    expect((await corpus.docent.tasks.summarize("the security policy")).file).toBe("security.md");
  });

  it("keeps within the length limit by leaving sections out", async () => {
    const short = await openTaskCorpus({ SUMMARY_MAX_CHARS: "300" });
    try {
      const summary = await short.docent.tasks.summarize("release.md");
      expect(summary.summary.length).toBeLessThanOrEqual(300);
      expect(summary.citations.length).toBeGreaterThan(0);
      expect(summary.citations.length).toBeLessThan(4);
    } finally {
      await short.close();
    }
  });

  it("names the closest titles when nothing matches, or when two match equally", async () => {
    const tie = await corpus.docent.tasks.summarize("release guide").catch((e: unknown) => e);
    expect(tie).toBeInstanceOf(DocumentNotFoundError);
    expect(isAppError(tie, "document_not_found")).toBe(true);
    expect((tie as DocumentNotFoundError).closest).toEqual(expect.arrayContaining(["Release process", "Contributor guide"]));
    expect((tie as Error).message).toContain('"Release process"');
    // No title shares a word: retrieval names the closest documents.
    const far = (await corpus.docent.tasks.summarize("vulnerabilities").catch((e: unknown) => e)) as DocumentNotFoundError;
    expect(far).toBeInstanceOf(DocumentNotFoundError);
    expect(far.closest[0]).toBe("Security policy");
  });
});

describe("request without a model", () => {
  it("is ask", async () => {
    const question = "How long do you take to answer a vulnerability report?";
    const viaRequest = await corpus.docent.tasks.request(question);
    const viaAsk = await corpus.docent.ask(question);
    expect(viaRequest.answer).toBe(viaAsk.answer);
    expect(viaRequest.citations).toEqual(viaAsk.citations);
  });
});
