// `searchDocuments`: ranked documents for a query, not an answer. Ranking is the core's hybrid retrieval
// (BM25 ⊕ dense); each document appears once, at its best passage, with that passage's section and a
// snippet (its sentence that covers most of the query). Documents that share none of the query's words are
// left out, unless a semantic embedder ranks them high (a paraphrase). Paged.
import { AppError } from "../../errors.js";
import { splitUnits } from "../answer/split-sentences.js";
import { coverage, type QueryTerms, type RetrievedPassage } from "../retrieve/retrieve.js";
import { clampInt } from "./latest.js";
import { cutAt, plainLine } from "./plain-text.js";
import type { SearchItem, SearchOptions, SearchPage } from "./task-types.js";

/** The core's retrieval over the live index, as the tasks use it. */
export type RetrieveFn = (query: string, topK: number) => Promise<{ passages: RetrievedPassage[]; query: QueryTerms; semantic: boolean }>;

export const PAGE_SIZE_DEFAULT = 5;
export const PAGE_SIZE_MAX = 10;
/** Passages retrieved per search; the documents among them are what all pages hold. */
const CANDIDATES = 100;
const SNIPPET_MAX = 220;
/** With a semantic embedder, a passage with none of the query's words still counts from this fused score. */
const SEMANTIC_SCORE_FLOOR = 0.5;

export function checkQuery(what: string, text: string, maxChars: number): string {
  const query = text.trim();
  if (query === "") throw new AppError("question_empty", `${what}: say what to look for`);
  if (query.length > maxChars) throw new AppError("question_too_long", `${what}: the text has ${query.length} characters; the limit is ${maxChars}`);
  return query;
}

export async function searchDocuments(retrieveFn: RetrieveFn, query: string, options: SearchOptions): Promise<SearchPage> {
  const page = clampInt(options.page, 1, 1, Number.MAX_SAFE_INTEGER);
  const pageSize = clampInt(options.pageSize, PAGE_SIZE_DEFAULT, 1, PAGE_SIZE_MAX);
  const { passages, query: terms, semantic } = await retrieveFn(query, CANDIDATES);
  const seen = new Set<string>();
  const items: SearchItem[] = [];
  for (const p of passages) {
    if (seen.has(p.chunk.file)) continue;
    if (!(p.coverage > 0 || (semantic && p.score >= SEMANTIC_SCORE_FLOOR))) continue;
    seen.add(p.chunk.file);
    items.push({
      file: p.chunk.file,
      title: p.chunk.title,
      section: p.chunk.section,
      ...(p.chunk.url ? { url: p.chunk.url } : {}),
      snippet: snippetOf(p, terms),
      score: Math.round(p.score * 1000) / 1000,
    });
  }
  const pages = Math.ceil(items.length / pageSize);
  return { query, items: items.slice((page - 1) * pageSize, page * pageSize), page, pages, total: items.length };
}

/** The passage's sentence (or item, row) that covers most of the query; the first one when none does. */
function snippetOf(passage: RetrievedPassage, terms: QueryTerms): string {
  const units = splitUnits(passage.chunk.text).filter((u) => u.kind !== "code");
  let best = units[0];
  let bestCoverage = 0;
  for (const unit of units) {
    const c = coverage(terms, unit.text);
    if (c > bestCoverage) [best, bestCoverage] = [unit, c];
  }
  return cutAt(plainLine(best?.text ?? passage.chunk.text), SNIPPET_MAX);
}

/** Files with a passage covering at least `floor` of the topic's weighted words. */
export async function matchingDocuments(retrieveFn: RetrieveFn, topic: string, floor: number): Promise<Set<string>> {
  const { passages } = await retrieveFn(topic, CANDIDATES);
  return new Set(passages.filter((p) => p.coverage >= floor).map((p) => p.chunk.file));
}
