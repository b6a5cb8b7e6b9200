// weighTerms: how much each word of a question counts when the knowledge base lacks it.
import { describe, expect, it } from "vitest";
import type { SearchIndex } from "../../../src/core/index-store/search-index.js";
import { weighTerms } from "../../../src/core/retrieve/retrieve.js";

/** An index stand-in that knows only chunk counts and document frequencies: all weighTerms reads. */
function indexWith(frequencies: Record<string, number>, chunks = 100): SearchIndex {
  return { chunks: { chunkCount: () => chunks, docFrequency: (term: string) => frequencies[term] ?? 0 } } as unknown as SearchIndex;
}

describe("weighTerms", () => {
  const index = indexWith({ vision: 5, document: 8, project: 60 });
  const idfOf = (question: string, term: string) => weighTerms(index, question).terms.find((t) => t.term === term)!.idf;

  it("weighs a missing describing word (adjective, verb) half as much as a missing noun", () => {
    // "tiny" is an adjective, "fingerprint" a noun; neither is in the index.
    const tiny = idfOf("what's the point of a vision document for a tiny project?", "tini");
    const fingerprint = idfOf("what's the fingerprint of the vision document?", "fingerprint");
    expect(tiny).toBeCloseTo(fingerprint / 2, 5);
  });

  it("weighs a missing name fully and reports it as unknown", () => {
    const query = weighTerms(index, "does the vision document cover asciidoc?");
    expect(query.unknownNames).toEqual(["asciidoc"]);
    const asciidoc = query.terms.find((t) => t.term === "asciidoc")!.idf;
    expect(asciidoc).toBeGreaterThan(query.terms.find((t) => t.term === "vision")!.idf);
  });
});
