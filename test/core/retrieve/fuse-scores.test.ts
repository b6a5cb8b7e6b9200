import { describe, expect, it } from "vitest";
import { fuseScores, type ScoredLabel } from "../../../src/core/retrieve/fuse-scores.js";

const keyword: ScoredLabel[] = [
  { label: 1, score: 10 },
  { label: 2, score: 6 },
  { label: 3, score: 2 },
];
const dense: ScoredLabel[] = [
  { label: 3, score: 0.9 },
  { label: 2, score: 0.5 },
  { label: 4, score: 0.1 },
];

describe("fuseScores", () => {
  it("min-max normalises each side to [0, 1]", () => {
    const fused = fuseScores(keyword, dense, 0.5);
    const byLabel = new Map(fused.map((f) => [f.label, f]));
    expect(byLabel.get(1)!.keyword).toBe(1);
    expect(byLabel.get(2)!.keyword).toBeCloseTo(0.5, 10);
    expect(byLabel.get(3)!.keyword).toBe(0);
    expect(byLabel.get(3)!.dense).toBe(1);
    expect(byLabel.get(2)!.dense).toBeCloseTo(0.5, 10);
    expect(byLabel.get(4)!.dense).toBe(0);
  });

  it("gives a label found by only one side 0 on the other side", () => {
    const fused = fuseScores(keyword, dense, 0.5);
    const byLabel = new Map(fused.map((f) => [f.label, f]));
    expect(byLabel.get(1)!.dense).toBe(0);
    expect(byLabel.get(4)!.keyword).toBe(0);
    expect(fused.map((f) => f.label).sort()).toEqual([1, 2, 3, 4]);
  });

  it("combines as (1 - w) * keyword + w * dense", () => {
    const w = 0.3;
    for (const f of fuseScores(keyword, dense, w)) expect(f.score).toBeCloseTo((1 - w) * f.keyword + w * f.dense, 12);
    const byLabel = new Map(fuseScores(keyword, dense, w).map((f) => [f.label, f.score]));
    expect(byLabel.get(1)).toBeCloseTo(0.7, 12);
    expect(byLabel.get(2)).toBeCloseTo(0.5, 12);
    expect(byLabel.get(3)).toBeCloseTo(0.3, 12);
    expect(byLabel.get(4)).toBeCloseTo(0, 12);
  });

  it("with weight 0 orders by keyword score alone", () => {
    const fused = fuseScores(keyword, dense, 0);
    expect(fused.slice(0, 3).map((f) => f.label)).toEqual([1, 2, 3]);
    // Label 4 (dense only) and label 3 (keyword minimum) both score 0; they follow the keyword hits above 0.
    expect(fused.map((f) => f.label)).toEqual([1, 2, 3, 4]);
  });

  it("with weight 1 orders by dense score alone", () => {
    const fused = fuseScores(keyword, dense, 1);
    expect(fused.map((f) => f.label)).toEqual([3, 2, 1, 4]);
    expect(fused.map((f) => f.score)).toEqual([1, 0.5, 0, 0]);
  });

  it("orders by score descending and breaks ties by label ascending", () => {
    const fused = fuseScores(
      [
        { label: 9, score: 5 },
        { label: 7, score: 5 },
        { label: 8, score: 1 },
      ],
      [],
      0,
    );
    expect(fused.map((f) => [f.label, f.score])).toEqual([
      [7, 1],
      [9, 1],
      [8, 0],
    ]);
  });

  it("gives a single hit, or hits with all-equal scores, a normalised score of 1", () => {
    expect(fuseScores([{ label: 5, score: -3.2 }], [], 0)).toEqual([{ label: 5, score: 1, keyword: 1, dense: 0 }]);
    const equal = fuseScores([], [{ label: 2, score: 0.4 }, { label: 1, score: 0.4 }], 1);
    expect(equal.map((f) => [f.label, f.dense])).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it("normalises negative scores (such as BM25's) by min-max as well", () => {
    const fused = fuseScores(
      [
        { label: 1, score: -1 },
        { label: 2, score: -3 },
      ],
      [],
      0,
    );
    expect(fused.map((f) => [f.label, f.keyword])).toEqual([
      [1, 1],
      [2, 0],
    ]);
  });

  it("returns nothing for two empty lists", () => {
    expect(fuseScores([], [], 0.5)).toEqual([]);
  });

  it("does not modify its inputs", () => {
    const k = keyword.map((h) => ({ ...h }));
    const d = dense.map((h) => ({ ...h }));
    fuseScores(k, d, 0.5);
    expect(k).toEqual(keyword);
    expect(d).toEqual(dense);
  });
});
