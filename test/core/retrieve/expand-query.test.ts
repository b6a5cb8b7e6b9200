// findAlternates: what may stand in for a question's words in a passage, kept only when the index has it.
import { describe, expect, it } from "vitest";
import { findAlternates } from "../../../src/core/retrieve/expand-query.js";

/** Document frequencies of a small index: only these stemmed terms exist. */
const indexHas = (terms: Record<string, number>) => (term: string) => terms[term] ?? 0;

describe("findAlternates", () => {
  it("joins an abbreviation to its long form, at full credit", () => {
    const alternates = findAlternates("how do I open a PR?", indexHas({ pull: 3, request: 5 }));
    expect(alternates).toContainEqual(expect.objectContaining({ terms: ["pull", "request"], covers: ["pr"], credit: 1 }));
  });

  it("joins a derived word the index lacks to its root ('triager' → triage), below an exact match", () => {
    const alternates = findAlternates("when should a triager close it?", indexHas({ triag: 4, close: 9 }));
    const root = alternates.find((a) => a.covers.includes("triager"));
    expect(root).toMatchObject({ terms: ["triag"] });
    expect(root!.credit).toBeLessThan(1);
  });

  it("leaves a derived word alone when the index has it, and keeps no alternate the index lacks", () => {
    expect(findAlternates("what does a triager do?", indexHas({ triager: 2, triag: 4 })).some((a) => a.covers.includes("triager") && a.terms.includes("triag"))).toBe(false);
    expect(findAlternates("what does a triager do?", indexHas({})).length).toBe(0);
  });
});
