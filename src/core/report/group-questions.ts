// Groups the questions the bot could not answer, so "12 people asked how to upgrade" shows up as one item
// to write docs for. Deterministic and explainable: two wordings belong together when their stemmed
// content terms overlap enough (Jaccard ≥ threshold), and groups are the connected sets of such pairs
// (single link), so the result does not depend on the order questions arrived in.
import { stemmer } from "stemmer";
import { contentWords, words } from "../text/analyze.js";
import type { QuestionGroup } from "./types.js";

export const DEFAULT_SIMILARITY = 0.5;
const LABEL_TERMS = 4;

interface Variant {
  question: string;
  count: number;
  firstAsked: string;
  lastAsked: string;
  terms: Set<string>;
  /** stem → surface words as written, for readable labels. */
  surface: Map<string, string[]>;
}

export function groupQuestions(
  asked: { question: string; createdAt: string }[],
  options: { threshold?: number } = {},
): QuestionGroup[] {
  const threshold = options.threshold ?? DEFAULT_SIMILARITY;
  const variants = distinctWordings(asked);

  const parent = variants.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < variants.length; i++)
    for (let j = i + 1; j < variants.length; j++)
      if (jaccard(variants[i]!.terms, variants[j]!.terms) >= threshold) parent[find(j)] = find(i);

  const groups = new Map<number, Variant[]>();
  variants.forEach((v, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), v]));
  return [...groups.values()]
    .map((members): QuestionGroup => {
      members.sort((a, b) => b.count - a.count || b.lastAsked.localeCompare(a.lastAsked) || a.question.localeCompare(b.question));
      return {
        label: labelOf(members),
        count: members.reduce((n, m) => n + m.count, 0),
        lastAsked: members.reduce((latest, m) => (m.lastAsked > latest ? m.lastAsked : latest), ""),
        variants: members.map(({ question, count, lastAsked }) => ({ question, count, lastAsked })),
      };
    })
    .sort((a, b) => b.count - a.count || b.lastAsked.localeCompare(a.lastAsked) || a.variants[0]!.question.localeCompare(b.variants[0]!.question));
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Merges wordings that differ only in case, spacing and punctuation. */
function distinctWordings(asked: { question: string; createdAt: string }[]): Variant[] {
  const byKey = new Map<string, Variant>();
  for (const { question, createdAt } of asked) {
    const text = question.replace(/\s+/g, " ").trim();
    const key = words(text).join(" ") || text.toLowerCase();
    const existing = byKey.get(key);
    if (existing) {
      existing.count++;
      if (createdAt > existing.lastAsked) existing.lastAsked = createdAt;
      // Show the earliest wording, so the output does not depend on the order records are read in.
      if (createdAt < existing.firstAsked || (createdAt === existing.firstAsked && text < existing.question)) {
        existing.firstAsked = createdAt;
        existing.question = text;
      }
      continue;
    }
    const surface = new Map<string, string[]>();
    for (const word of contentWords(text)) {
      const stem = stemmer(word);
      surface.set(stem, [...(surface.get(stem) ?? []), word]);
    }
    byKey.set(key, { question: text, count: 1, firstAsked: createdAt, lastAsked: createdAt, terms: new Set(surface.keys()), surface });
  }
  // A stable order before clustering keeps labels and tie-breaks reproducible.
  return [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
}

/** The terms most of the group's questions use (weighted by how often each was asked), as people wrote them. */
function labelOf(members: Variant[]): string[] {
  const weight = new Map<string, number>();
  const written = new Map<string, Map<string, number>>();
  for (const m of members)
    for (const [stem, forms] of m.surface) {
      weight.set(stem, (weight.get(stem) ?? 0) + m.count);
      const counts = written.get(stem) ?? new Map<string, number>();
      for (const f of forms) counts.set(f, (counts.get(f) ?? 0) + m.count);
      written.set(stem, counts);
    }
  return [...weight.entries()]
    .sort(([a, wa], [b, wb]) => wb - wa || a.localeCompare(b))
    .slice(0, LABEL_TERMS)
    .map(([stem]) => [...written.get(stem)!.entries()].sort(([a, ca], [b, cb]) => cb - ca || a.localeCompare(b))[0]![0]);
}
