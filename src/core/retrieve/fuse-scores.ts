// Hybrid fusion by min-max normalised, weighted sums. Measured on BEIR SciFact: reciprocal-rank fusion lets a
// weak dense side drag BM25 down, while a weighted sum with a small dense weight does not; with a semantic
// embedder the dense side earns a larger weight.

export interface ScoredLabel {
  label: number;
  score: number;
}

export interface FusedLabel {
  label: number;
  score: number;
  keyword: number;
  dense: number;
}

export function fuseScores(keyword: ScoredLabel[], dense: ScoredLabel[], denseWeight: number): FusedLabel[] {
  const kw = normalise(keyword);
  const dn = normalise(dense);
  const labels = new Set([...kw.keys(), ...dn.keys()]);
  const fused: FusedLabel[] = [];
  for (const label of labels) {
    const k = kw.get(label) ?? 0;
    const d = dn.get(label) ?? 0;
    fused.push({ label, keyword: k, dense: d, score: (1 - denseWeight) * k + denseWeight * d });
  }
  return fused.sort((a, b) => b.score - a.score || a.label - b.label);
}

/** Scores → [0, 1] by min-max; a single hit, or all equal, gets 1. */
function normalise(hits: ScoredLabel[]): Map<number, number> {
  const out = new Map<number, number>();
  if (hits.length === 0) return out;
  let min = Infinity;
  let max = -Infinity;
  for (const h of hits) {
    min = Math.min(min, h.score);
    max = Math.max(max, h.score);
  }
  const span = max - min;
  for (const h of hits) out.set(h.label, span > 0 ? (h.score - min) / span : 1);
  return out;
}
