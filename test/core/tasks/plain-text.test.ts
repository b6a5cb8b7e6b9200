// The small text helpers behind task listings, and document resolution on its own.
import { describe, expect, it } from "vitest";
import { cutAt, firstSentence, plainLine } from "../../../src/core/tasks/plain-text.js";
import { DocumentNotFoundError, resolveDocument } from "../../../src/core/tasks/resolve-document.js";
import type { ChunkRow, DocumentRow } from "../../../src/core/index-store/chunk-db.js";

const chunk = (text: string, section = ""): ChunkRow => ({ label: 0, file: "a.md", position: 0, title: "A", section, text }) as ChunkRow;
const doc = (file: string, title: string, url?: string): DocumentRow =>
  ({ file, title, url: url ?? null, hash: "h", chunkCount: 1, date: null, description: null, firstSeen: "2025-01-01T00:00:00.000Z" }) as DocumentRow;

describe("plain text", () => {
  it("drops list markers, emphasis and code ticks, and collapses whitespace", () => {
    expect(plainLine("- Build command: `lumen build`")).toBe("Build command: lumen build");
    expect(plainLine("2. Run **this**   now")).toBe("Run this now");
  });

  it("cuts at a word boundary with an ellipsis", () => {
    expect(cutAt("one two three four", 12)).toBe("one two…");
    expect(cutAt("short", 12)).toBe("short");
  });

  it("skips a title line and lead-ins when looking for the first sentence", () => {
    expect(firstSentence([chunk("Widget FAQ\n\nInstall it:\n\n```sh\nnpm i widget\n```\n\nWidget runs on every platform we know of.")], "Widget FAQ")).toBe(
      "Widget runs on every platform we know of.",
    );
    expect(firstSentence([chunk("```sh\nnpm i\n```")])).toBeUndefined();
  });
});

describe("resolveDocument", () => {
  const docs = [doc("guides/setup.md", "Setting up Widget", "https://example.org/docs/setup"), doc("faq.txt", "Widget FAQ"), doc("release.md", "Release process")];

  it("takes an exact url (scheme, www, trailing slash aside), a file with or without extension, a title in any case", () => {
    expect(resolveDocument(docs, "http://www.example.org/docs/setup/").file).toBe("guides/setup.md");
    expect(resolveDocument(docs, "example.org/docs/setup").file).toBe("guides/setup.md");
    expect(resolveDocument(docs, "./guides/setup.md").file).toBe("guides/setup.md");
    expect(resolveDocument(docs, "faq").file).toBe("faq.txt");
    expect(resolveDocument(docs, "RELEASE PROCESS").file).toBe("release.md");
    expect(resolveDocument(docs, "the release").file).toBe("release.md");
  });

  it("refuses a weak or tied match, naming the closest titles", () => {
    const error = (() => {
      try {
        resolveDocument(docs, "widget");
      } catch (e) {
        return e as DocumentNotFoundError;
      }
    })();
    expect(error).toBeInstanceOf(DocumentNotFoundError);
    expect(error!.code).toBe("document_not_found");
    expect(error!.closest).toEqual(["Widget FAQ", "Setting up Widget"]);
    expect(() => resolveDocument(docs, "kubernetes")).toThrow(/no document matches "kubernetes"\.$/);
  });
});
