// Turns text into the terms that keyword search and the relevance check compare: lower-cased words with
// their accents removed, stop words dropped, Porter-stemmed — the same steps as SQLite FTS5's
// "porter unicode61 remove_diacritics 2" tokenizer, so the terms match the index's vocabulary
// ("Zürich" and "Zurich" are one word on both sides).
import { stemmer } from "stemmer";
import { STOP_WORDS } from "./stop-words.js";

const WORD = /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu;

/** Lower-cased, accent-folded words of a text, in order, with apostrophes normalised. */
export function words(text: string): string[] {
  return (foldAccents(text.toLowerCase()).match(WORD) ?? []).map((w) => w.replace(/’/g, "'"));
}

/** Removes diacritics as FTS5's remove_diacritics does: decompose, drop the combining marks, recompose. */
export function foldAccents(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}+/gu, "").normalize("NFKC");
}

/** Content words of a text (stop words dropped), unstemmed, in order, duplicates kept. */
export function contentWords(text: string): string[] {
  const kept: string[] = [];
  for (const word of words(text)) {
    if (STOP_WORDS.has(word)) continue;
    // FTS5's unicode61 tokenizer splits at apostrophes and dots ("node.js" → "node", "js"; "8.8" → "8", "8");
    // splitting the same way keeps query terms and indexed terms comparable.
    // A lone letter is no topic in chat ("q:", "the L in FLOSS", "u" for "you"); a lone digit may be a version.
    for (const part of word.split(/['.]/)) if ((part.length > 1 || /\d/.test(part)) && !STOP_WORDS.has(part)) kept.push(part);
  }
  return kept;
}

/** Stemmed content terms of a text, in order, duplicates kept. */
export function contentTerms(text: string): string[] {
  return contentWords(text).map((w) => stemmer(w));
}

/** Distinct stemmed content terms, first occurrence order. */
export function distinctTerms(text: string): string[] {
  return [...new Set(contentTerms(text))];
}
