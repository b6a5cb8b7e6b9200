// Hybrid retrieval: BM25 over FTS5 and dense k-NN over the HNSW graph, fused; then each passage gets a
// coverage score — the share of the question's (IDF-weighted) content terms it contains — which is the
// absolute relevance signal the answerer uses to decide between answering and declining.
import type { ChunkRow } from "../index-store/chunk-db.js";
import { withLoadedFrequencies, type SearchIndex } from "../index-store/search-index.js";
import { stemmer } from "stemmer";
import { isEnglishWord, mainPartOfSpeech } from "../lexicon/wordnet.js";
import { contentTerms, contentWords, distinctTerms } from "../text/analyze.js";
import { questionTopic } from "../text/question-topic.js";
import { findAlternates, type Alternate } from "./expand-query.js";
import { fuseScores } from "./fuse-scores.js";
import { toFtsQuery } from "./keyword-query.js";

export interface RetrievedPassage {
  chunk: ChunkRow;
  /** Fused rank score in [0, 1], relative to the other candidates. */
  score: number;
  /** Share of the question's IDF weight whose terms appear in the passage (title and section included). */
  coverage: number;
}

export interface QueryTerms {
  /** Stemmed distinct content terms with their IDF and document (chunk) frequency. */
  terms: { term: string; idf: number; df: number }[];
  totalIdf: number;
  /** Chunks in the index the frequencies are counted over. */
  chunks: number;
  /** Terms that may stand in for some of the question's terms (abbreviations, inflections, synonyms). */
  alternates?: Alternate[];
  /** Words of the question that no chunk contains, nothing in the index stands in for, and that are not
   * English words: names of things ("AsciiDoc", "Kubernetes") the knowledge base never mentions. */
  unknownNames?: string[];
}

// A question word that no chunk contains and that has no alternate in the index weighs more than any word
// the index has: it is usually what the question is about ("asciidoc", "fingerprint"), and the docs not
// naming it is the best lexical sign that they do not answer. (Measured: half that weight answered more
// unanswerable questions on both development sets and no more answerable ones.) Chat filler that is no
// topic ("kinda", "trivia") is in the stop words instead.
const UNKNOWN_TERM_WEIGHT = 1;
// An adjective, verb or adverb the documents never use ("tiny", "random", "clean") is more often the asker's
// paraphrase than the topic, so it weighs half as much; a missing noun or name keeps the full weight.
const DESCRIBING_UNKNOWN_TERM_WEIGHT = 0.5;

// A word in more than this share of all chunks is too common to select candidates with (see keyword-query.ts).
// Chosen on BEIR SciFact's train split: 0.2 keeps nDCG@10 at the unfiltered level (0.701 vs 0.702; 0.05 gave
// 0.690), while on a 30k-chunk synthetic index it cuts retrieval from 15.7 to 3.1 ms per question.
const COMMON_TERM_SHARE = 0.2;

// The keyword match scores at most this many postings (chunks × words), rarest words first: FTS5 scores every
// chunk a word is in (about 1 ms per thousand at 100k chunks), and the commonest words of a question add
// little to its ranking. Knowledge bases of a few thousand chunks never reach it. (Bench, 100k synthetic
// chunks: ask p95 90 ms without it, when every word of a question was in most chunks.)
const POSTINGS_BUDGET = 12_000;

export interface RetrieveOptions {
  topK: number;
  denseWeight: number;
  /** How many candidates each side contributes before fusion. */
  candidates?: number;
  /** Words in more than this share of chunks are left out of the keyword match (default COMMON_TERM_SHARE). */
  commonTermShare?: number;
}

export async function retrieve(
  index: SearchIndex,
  queryVector: number[] | undefined,
  query: string,
  options: RetrieveOptions,
): Promise<{ passages: RetrievedPassage[]; query: QueryTerms }> {
  const candidates = options.candidates ?? 50;
  query = questionTopic(query);
  const queryTerms = await withLoadedFrequencies(index, () => weighTerms(index, query));
  const frequent = new Set(queryTerms.terms.filter((t) => t.df > (options.commonTermShare ?? COMMON_TERM_SHARE) * queryTerms.chunks).map((t) => t.term));
  const known = new Set([...queryTerms.terms.filter((t) => t.df > 0).map((t) => t.term)]);
  // Alternates join the keyword match only for a question word that is in no chunk at all: then a synonym or
  // a long form is the only way in. Where the index has the word itself, it ranks better alone (measured on
  // BEIR SciFact: expanding known words as well lowered nDCG@10, e.g. "CI" there is "confidence interval").
  const unknown = new Set(queryTerms.terms.filter((t) => t.df === 0).map((t) => t.term));
  const phrases = (queryTerms.alternates ?? []).filter((a) => a.covers.every((c) => unknown.has(c))).map((a) => a.phrase);
  const dfOf = new Map(queryTerms.terms.map((t) => [t.term, t.df]));
  const match = toFtsQuery(query, { tooCommon: (stem) => frequent.has(stem), inIndex: (stem) => known.has(stem), phrases, postings: (stem) => dfOf.get(stem) ?? 0, budget: POSTINGS_BUDGET });
  const [keyword, dense] = await Promise.all([
    match === "" ? [] : index.chunks.keywordSearch(match, candidates),
    queryVector && options.denseWeight > 0 ? index.store.searchLabels(queryVector, candidates) : [],
  ]);
  const fused = fuseScores(
    keyword,
    dense.map((d) => ({ label: d.label, score: d.similarity })),
    options.denseWeight,
  ).slice(0, options.topK);
  const passages: RetrievedPassage[] = [];
  for (const hit of fused) {
    const chunk = await index.chunks.chunk(hit.label);
    if (!chunk) continue;
    passages.push({ chunk, score: hit.score, coverage: coverage(queryTerms, `${chunk.title} ${chunk.section} ${chunk.text}`) });
  }
  return { passages, query: queryTerms };
}

export function weighTerms(index: SearchIndex, query: string): QueryTerms {
  const n = Math.max(1, index.chunks.chunkCount());
  const frequencies = new Map<string, number>();
  const df = (term: string) => {
    let value = frequencies.get(term);
    if (value === undefined) {
      value = index.chunks.docFrequency(term);
      frequencies.set(term, value);
    }
    return value;
  };
  const idfOf = (count: number) => Math.log(1 + (n - count + 0.5) / (count + 0.5));
  const alternates = findAlternates(query, df);
  // Describing words the documents lack ("tiny", "random", "clean") are paraphrase; a missing noun
  // ("license", "fingerprint") is what the question is about. Looked up only for words the index lacks.
  const words = contentWords(query);
  const describing = (term: string) =>
    words.some((w) => {
      if (stemmer(w) !== term) return false;
      const part = mainPartOfSpeech(w);
      return part !== undefined && part !== "noun";
    });
  const terms = distinctTerms(query).map((term) => {
    const count = df(term);
    if (count > 0) return { term, df: count, idf: idfOf(count) };
    // A word the index lacks is weighed by what stands in for it, if anything does.
    const standIns = alternates.filter((a) => a.covers.includes(term)).map((a) => Math.max(...a.terms.map(df)));
    if (standIns.length > 0) return { term, df: 0, idf: idfOf(Math.min(...standIns)) };
    return { term, df: 0, idf: (describing(term) ? DESCRIBING_UNKNOWN_TERM_WEIGHT : UNKNOWN_TERM_WEIGHT) * idfOf(0) };
  });
  const covered = new Set(alternates.flatMap((a) => a.covers));
  const unknownNames = [...new Set(words)].filter(
    (w) => !/\d/.test(w) && w.length > 2 && df(stemmer(w)) === 0 && !covered.has(stemmer(w)) && !isEnglishWord(w),
  );
  return { terms, totalIdf: terms.reduce((sum, t) => sum + t.idf, 0), chunks: n, alternates, unknownNames };
}

/** Share of the query's IDF weight present in a text: a term counts in full when the text has it, and at an
 * alternate's credit when the text has that alternate's terms instead. */
export function coverage(query: Pick<QueryTerms, "terms" | "totalIdf" | "alternates">, text: string): number {
  if (query.totalIdf === 0) return 0;
  return coverageOfTerms(query, new Set(contentTerms(text)));
}

/** Coverage over a text's terms, already analysed (see coverage). */
export function coverageOfTerms(query: Pick<QueryTerms, "terms" | "totalIdf" | "alternates">, present: ReadonlySet<string>): number {
  if (query.totalIdf === 0) return 0;
  let covered = 0;
  for (const t of query.terms) covered += t.idf * creditOf(query, t.term, present);
  return covered / query.totalIdf;
}

/** How much of a query term a text holds: 1 for the term itself, an alternate's credit, or 0. */
export function creditOf(query: Pick<QueryTerms, "alternates">, term: string, present: ReadonlySet<string>): number {
  if (present.has(term)) return 1;
  let best = 0;
  for (const a of query.alternates ?? []) {
    if (a.credit > best && a.covers.includes(term) && a.terms.every((t) => present.has(t))) best = a.credit;
  }
  return best;
}
