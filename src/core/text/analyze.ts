// Turns text into the terms that keyword search and the relevance check compare: lower-cased words, stop
// words dropped, Porter-stemmed (the same algorithm as SQLite FTS5's "porter" tokenizer, so the stems match
// the index's vocabulary).
import { stemmer } from "stemmer";
import { STOP_WORDS } from "./stop-words.js";

const WORD = /[\p{L}\p{N}]+(?:['’.][\p{L}\p{N}]+)*/gu;

/** Lower-cased words of a text, in order, with apostrophes normalised. */
export function words(text: string): string[] {
  return (text.toLowerCase().normalize("NFKC").match(WORD) ?? []).map((w) => w.replace(/’/g, "'"));
}

/** Content words of a text (stop words dropped), unstemmed, in order, duplicates kept. */
export function contentWords(text: string): string[] {
  const kept: string[] = [];
  for (const word of words(text)) {
    if (STOP_WORDS.has(word)) continue;
    // FTS5's unicode61 tokenizer splits at apostrophes and dots ("node.js" → "node", "js"; "8.8" → "8", "8");
    // splitting the same way keeps query terms and indexed terms comparable.
    for (const part of word.split(/['.]/)) if (part.length > 0 && !STOP_WORDS.has(part)) kept.push(part);
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
