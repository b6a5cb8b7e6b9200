// The retrieval metrics on a toy ranking whose values were worked out by hand (see each comment).
import { describe, expect, it } from "vitest";
import { hitAt, mean, ndcgAt, recallAt, reciprocalRank } from "../../../src/core/eval/metrics.js";

// Ranked: d3, d1, d5, d2, d4. Graded judgments: d1 = 2, d2 = 1, d9 = 1 (never retrieved), d3 = 0.
const ranked = ["d3", "d1", "d5", "d2", "d4"];
const judged = new Map([
  ["d1", 2],
  ["d2", 1],
  ["d9", 1],
  ["d3", 0],
]);

describe("retrieval metrics on a hand-computed case", () => {
  it("hit@k is 1 once a relevant document is in the top k (a 0 grade does not count)", () => {
    expect(hitAt(ranked, judged, 1)).toBe(0);
    expect(hitAt(ranked, judged, 2)).toBe(1);
    expect(hitAt(ranked, judged, 3)).toBe(1);
    expect(hitAt(ranked, judged, 5)).toBe(1);
  });

  it("reciprocal rank is 1 / rank of the first relevant document", () => {
    expect(reciprocalRank(ranked, judged)).toBe(0.5);
    expect(reciprocalRank(["d1"], judged)).toBe(1);
    expect(reciprocalRank(["d4", "d5"], judged)).toBe(0);
  });

  it("recall@k counts relevant documents found over all relevant ones", () => {
    expect(recallAt(ranked, judged, 1)).toBe(0);
    expect(recallAt(ranked, judged, 2)).toBeCloseTo(1 / 3, 10);
    expect(recallAt(ranked, judged, 5)).toBeCloseTo(2 / 3, 10);
  });

  it("nDCG uses graded gains rel / log2(rank + 1) against the ideal ordering", () => {
    // DCG@5 = 2/log2(3) + 1/log2(5) = 1.261860 + 0.430677 = 1.692537
    // IDCG@5 = 2/log2(2) + 1/log2(3) + 1/log2(4) = 2 + 0.630930 + 0.5 = 3.130930
    expect(ndcgAt(ranked, judged, 5)).toBeCloseTo(0.540589, 5);
    expect(ndcgAt(ranked, judged, 10)).toBeCloseTo(0.540589, 5);
    // @2: DCG = 1.261860; IDCG = 2 + 0.630930 = 2.630930
    expect(ndcgAt(ranked, judged, 2)).toBeCloseTo(0.479627, 5);
    // A perfect ranking scores 1; a ranking of irrelevant documents scores 0.
    expect(ndcgAt(["d1", "d2", "d9"], judged, 10)).toBeCloseTo(1, 10);
    expect(ndcgAt(["d4", "d5"], judged, 10)).toBe(0);
  });

  it("gives 0 rather than NaN when nothing is relevant, and mean of nothing is 0", () => {
    const none = new Map([["d1", 0]]);
    expect(ndcgAt(ranked, none, 10)).toBe(0);
    expect(recallAt(ranked, none, 10)).toBe(0);
    expect(mean([])).toBe(0);
    expect(mean([1, 0, 0.5])).toBe(0.5);
  });
});
