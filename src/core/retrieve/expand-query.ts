// Question analysis for paraphrase: besides its own (stemmed) terms, a question gets alternates — other
// terms that may stand in for some of its terms in a passage:
//  - abbreviations of open-source chat, both ways ("PR" ↔ "pull request", "CoC" ↔ "code of conduct"), full credit;
//  - irregular inflections a stemmer cannot join ("held" → "hold"), full credit;
//  - for a derived word the index lacks, its root ("triager" → "triage"), at 0.8;
//  - WordNet synonyms of the question's words and two-word phrases ("tiny" → "small", "stand for" →
//    "represent"), at reduced credit, so an exact match always counts more.
// Only alternates found in the index are kept: one that matches no passage cannot help.
import { stemmer } from "stemmer";
import { ABBREVIATIONS } from "../lexicon/abbreviations.js";
import { irregularBaseOf } from "../lexicon/inflections.js";
import { synonymsOf } from "../lexicon/wordnet.js";
import { contentWords, distinctTerms } from "../text/analyze.js";

export interface Alternate {
  /** Stemmed terms that must all be present for the alternate to count. */
  terms: string[];
  /** The question's stemmed terms it stands in for. */
  covers: string[];
  /** Share of the covered terms' weight it earns (1 for abbreviations and inflections, less for synonyms). */
  credit: number;
  /** The words as a phrase, for the keyword match. */
  phrase: string;
}

/** Credit of a WordNet synonym relative to the question's own word. */
export const SYNONYM_CREDIT = 0.6;
// A word's synonyms beyond these add noise more often than answers.
const MAX_SYNONYMS_PER_WORD = 6;

/** Credit of a word's root ("triage") for a derived form the index lacks ("triager"). */
const DERIVATION_CREDIT = 0.8;
const DERIVATIONAL_SUFFIXES = ["ers", "er", "ors", "or", "ships", "ship", "ments", "ment", "ness", "ations", "ation", "ity", "ists", "ist", "isms", "ism", "able", "ible"];

/** Candidate roots of a derived word: the suffix removed, with and without a final "e" ("triager" → "triag", "triage"). */
function rootsOf(word: string): string[] {
  const roots: string[] = [];
  for (const suffix of DERIVATIONAL_SUFFIXES) {
    if (!word.endsWith(suffix) || word.length - suffix.length < 4) continue;
    const root = word.slice(0, -suffix.length);
    roots.push(root, `${root}e`);
    break;
  }
  return roots;
}

const byShort = new Map(ABBREVIATIONS.map((a) => [a.short, a]));

/**
 * @param documentFrequency chunks containing a stemmed term (0 when the index has none).
 */
export function findAlternates(question: string, documentFrequency: (term: string) => number): Alternate[] {
  const words = contentWords(question);
  const out: Alternate[] = [];
  const seen = new Set<string>();
  const add = (alternate: Alternate) => {
    if (alternate.terms.length === 0) return;
    if (alternate.terms.every((t) => alternate.covers.includes(t))) return;
    const key = `${alternate.terms.join(" ")}>${alternate.covers.join(" ")}`;
    if (seen.has(key)) return;
    if (!alternate.terms.every((t) => documentFrequency(t) > 0)) return;
    seen.add(key);
    out.push(alternate);
  };

  for (const word of words) {
    const stem = stemmer(word);
    const abbreviation = byShort.get(word);
    if (abbreviation) for (const long of abbreviation.long) add({ terms: distinctTerms(long), covers: [stem], credit: 1, phrase: long });
    const base = irregularBaseOf(word);
    if (base) add({ terms: distinctTerms(base), covers: [stem], credit: 1, phrase: base });
    // A derived word the documents never use, whose root they do ("triager" → triage, "reviewership" →
    // review): the stemmer keeps some agent and abstract nouns whole.
    if (documentFrequency(stem) === 0) for (const root of rootsOf(word)) add({ terms: [stemmer(root)], covers: [stem], credit: DERIVATION_CREDIT, phrase: root });
  }
  // Long forms written out in the question ("code of conduct") → the short form the docs may use.
  const joined = ` ${words.join(" ")} `;
  for (const { short, long } of ABBREVIATIONS) {
    for (const phrase of long) {
      const longWords = contentWords(phrase);
      if (longWords.length > 1 && joined.includes(` ${longWords.join(" ")} `))
        add({ terms: [stemmer(short)], covers: longWords.map((w) => stemmer(w)), credit: 1, phrase: short });
    }
  }
  // Synonyms of two-word phrases first (a collocation's sense is sharper than its words'), then of words.
  const phrases: string[][] = [];
  for (let i = 0; i + 1 < words.length; i++) phrases.push([words[i]!, words[i + 1]!]);
  for (const phrase of [...phrases, ...words.map((w) => [w])]) {
    if (phrase.some((w) => /\d/.test(w) || w.length < 3)) continue;
    const covers = phrase.map((w) => stemmer(w));
    let kept = 0;
    for (const synonym of synonymsOf(phrase.join(" "))) {
      if (kept >= MAX_SYNONYMS_PER_WORD) break;
      const terms = distinctTerms(synonym);
      const before = out.length;
      add({ terms, covers, credit: SYNONYM_CREDIT, phrase: synonym });
      if (out.length > before) kept++;
    }
  }
  return out;
}
