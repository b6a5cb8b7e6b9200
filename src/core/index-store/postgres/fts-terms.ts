// The keyword side of the Postgres index analyses text the way the file store's SQLite FTS5 table does
// ("porter unicode61 remove_diacritics 2", columns heading = title + section, and body), so BM25 gives the
// same rankings: lower-case, accents folded, split at every character that is not a letter or a digit (FTS5
// splits "node.js" and "don't" too), every token Porter-stemmed, stop words KEPT (FTS5 keeps them: they
// count in a chunk's length and in phrases). Postgres's own parsers (to_tsvector) split and stem differently,
// so the tsvector is built here, from these tokens, with the heading's positions weighted A and the body's D.
import { stemmer } from "stemmer";
import { foldAccents } from "../../text/analyze.js";

/** FTS5's bm25() defaults, and the column weights of the file store's query (chunk-db.ts). */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
export const HEADING_WEIGHT = 2.0;
export const BODY_WEIGHT = 1.0;

// tsvector positions stop at 16383; a chunk is at most CHUNK_MAX_CHARS (≤ 8000) characters, far below.
const MAX_POSITION = 16383;
const TOKEN = /[\p{L}\p{N}\p{Co}]+/gu;

/** Stemmed tokens of a text, in order, stop words included (FTS5's token stream). */
export function ftsTokens(text: string): string[] {
  return (foldAccents(text.toLowerCase()).match(TOKEN) ?? []).map((t) => stemmer(t));
}

export interface ChunkTerms {
  /** tsvector in Postgres's text form: 'term':1A,2 … (heading positions weighted A, body positions D). */
  tsvector: string;
  /** Weighted term frequency per term (heading occurrences × HEADING_WEIGHT + body occurrences). */
  freqs: Record<string, number>;
  /** Tokens in heading and body together: BM25's document length. */
  length: number;
}

export function chunkTerms(chunk: { title: string; section: string; text: string }): ChunkTerms {
  const heading = ftsTokens(`${chunk.title} ${chunk.section}`);
  const body = ftsTokens(chunk.text);
  const positions = new Map<string, string[]>();
  const freqs: Record<string, number> = Object.create(null) as Record<string, number>;
  const add = (term: string, position: number, heading: boolean) => {
    freqs[term] = (freqs[term] ?? 0) + (heading ? HEADING_WEIGHT : BODY_WEIGHT);
    if (position > MAX_POSITION) return;
    let list = positions.get(term);
    if (!list) positions.set(term, (list = []));
    // Postgres keeps at most 256 positions of a lexeme; the frequencies above are exact whatever the count.
    if (list.length < 256) list.push(heading ? `${position}A` : String(position));
  };
  heading.forEach((term, i) => add(term, i + 1, true));
  // One position left empty between the columns, so no phrase matches across them (FTS5 matches per column).
  body.forEach((term, i) => add(term, heading.length + 2 + i, false));
  const tsvector = [...positions].map(([term, list]) => `${quoteLexeme(term)}:${list.join(",")}`).join(" ");
  return { tsvector, freqs: { ...freqs }, length: heading.length + body.length };
}

/** A lexeme quoted for tsvector/tsquery text input. */
export function quoteLexeme(term: string): string {
  return `'${term.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/** tsquery for one FTS5 phrase: its tokens in sequence ('pull' <-> 'request'). */
export function phraseQuery(tokens: string[]): string {
  return tokens.map(quoteLexeme).join(" <-> ");
}

/**
 * Parses the FTS5 MATCH expression keyword-query.ts builds — quoted phrases joined by OR — into the token
 * lists FTS5 would search for. Anything else is refused: the expression is built by code, never typed.
 */
export function parseFtsMatch(match: string): string[][] {
  const phrases: string[][] = [];
  const re = /\s*"((?:[^"]|"")*)"\s*(?:OR|$)/gy;
  let m: RegExpExecArray | null;
  let end = 0;
  while (end < match.length && (m = re.exec(match)) !== null) {
    const tokens = ftsTokens(m[1]!.replace(/""/g, '"'));
    // Two words with one stem ("run", "running") are two phrases to FTS5, each adding to the score: kept so.
    if (tokens.length > 0) phrases.push(tokens);
    end = re.lastIndex;
  }
  if (end < match.trim().length) throw new Error(`keyword search: unsupported match expression ${JSON.stringify(match)}`);
  return phrases;
}

/** FTS5's IDF: ln((N − n + 0.5) / (n + 0.5)), with FTS5's floor of 1e-6 for terms in half the rows or more. */
export function bm25Idf(rows: number, hits: number): number {
  const idf = Math.log((rows - hits + 0.5) / (hits + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}
