// Retrieval metrics at document level, as BEIR and TREC define them: a ranked list of document ids is scored
// against graded relevance judgments (0 = not relevant).

export type Judgments = ReadonlyMap<string, number>;

export function hitAt(ranked: string[], relevant: Judgments, k: number): number {
  return ranked.slice(0, k).some((id) => (relevant.get(id) ?? 0) > 0) ? 1 : 0;
}

export function reciprocalRank(ranked: string[], relevant: Judgments): number {
  const i = ranked.findIndex((id) => (relevant.get(id) ?? 0) > 0);
  return i < 0 ? 0 : 1 / (i + 1);
}

export function recallAt(ranked: string[], relevant: Judgments, k: number): number {
  const wanted = [...relevant.values()].filter((r) => r > 0).length;
  if (wanted === 0) return 0;
  return ranked.slice(0, k).filter((id) => (relevant.get(id) ?? 0) > 0).length / wanted;
}

/** nDCG@k with linear gains (rel / log2(rank + 1)), the trec_eval and BEIR convention. */
export function ndcgAt(ranked: string[], relevant: Judgments, k: number): number {
  const dcg = ranked.slice(0, k).reduce((sum, id, i) => sum + (relevant.get(id) ?? 0) / Math.log2(i + 2), 0);
  const ideal = [...relevant.values()]
    .filter((r) => r > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, rel, i) => sum + rel / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
