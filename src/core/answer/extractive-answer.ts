// The offline answerer. It quotes the sentences of the best passages that answer the question — verbatim,
// each group marked with its citation number — and stays short. When no passage covers enough of the
// question, it says so and names the closest documents instead of passing an unrelated passage off as an
// answer. Retrieved text is only ever quoted, never followed.
import type { RetrievedPassage, QueryTerms } from "../retrieve/retrieve.js";
import { coverage } from "../retrieve/retrieve.js";
import { contentTerms } from "../text/analyze.js";
import type { Citation } from "../types.js";
import { answerTypeOf, hasAnswerShape } from "./answer-type.js";
import { NO_DOCUMENTS } from "./answer-texts.js";
import { notCoveredDraft, toCitation, type DraftAnswer } from "./drafts.js";
import { splitSentences } from "./split-sentences.js";

export interface ExtractiveOptions {
  maxChars: number;
  /** Minimum share of the question's IDF weight that a sentence, read with its neighbours and headings,
   * must contain for Docent to answer from it. */
  relevanceFloor: number;
}

export type { DraftAnswer };

interface Candidate {
  passage: number;
  index: number;
  text: string;
  coverage: number;
  windowCoverage: number;
  score: number;
}

// Weight of a sentence having the shape of the asked-for answer (a number for "how many"...).
const TYPE_BONUS = 0.25;

// A sentence worth quoting besides the best one must score at least this share of the best's score.
const COMPANION_SHARE = 0.6;
const MAX_SENTENCES = 3;
// A very short best sentence ("The results were impressive.") reads better with the one after it.
const SHORT_SENTENCE = 90;

export function extractiveAnswer(
  question: string,
  query: QueryTerms,
  passages: RetrievedPassage[],
  options: ExtractiveOptions,
): DraftAnswer {
  if (passages.length === 0) return { answer: NO_DOCUMENTS, citations: [], grounded: false };
  const type = answerTypeOf(question);
  const candidates = passages.flatMap((p, rank) => {
    const sentences = splitSentences(p.chunk.text);
    const heading = `${p.chunk.title} ${p.chunk.section}`;
    return sentences.map((text, index) => {
      // The relevance test reads a sentence with its neighbours and headings: facts are stated across
      // adjacent sentences, but a passage that merely contains the question's words far apart is no answer.
      const window = `${heading} ${sentences[index - 1] ?? ""} ${text} ${sentences[index + 1] ?? ""}`;
      // A line that only repeats the document's title is not an answer.
      const own = text === p.chunk.title ? 0 : coverage(query, text);
      const windowCoverage = coverage(query, window);
      const shape = own > 0 && hasAnswerShape(type, text) ? TYPE_BONUS : 0;
      return { passage: rank, index, text, coverage: own, windowCoverage, score: own + 0.5 * windowCoverage + shape + 0.05 / (1 + rank) };
    });
  });
  const ranked = candidates.filter((c) => c.coverage > 0).sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best || Math.max(...ranked.map((c) => c.windowCoverage)) < options.relevanceFloor) return notCoveredDraft(passages);

  const chosen: Candidate[] = [best];
  const covered = new Set(termsIn(query, best.text));
  let length = best.text.length;
  const fits = (c: Candidate) => length + c.text.length + 6 <= options.maxChars;
  const next = candidates.find((c) => c.passage === best.passage && c.index === best.index + 1);
  // A short sentence, or one that introduces a code block ("Install it with:"), needs what follows it.
  if (best.text.length < SHORT_SENTENCE || next?.text.startsWith("```") || /[:,]$|\bwith$/.test(best.text)) {
    if (next && fits(next)) {
      chosen.push(next);
      length += next.text.length + 1;
    }
  }
  const previous = candidates.find((c) => c.passage === best.passage && c.index === best.index - 1);
  // A code block is introduced by the sentence before it ("Install the tool from npm:").
  if (best.text.startsWith("```") && previous && /:$/.test(previous.text) && fits(previous)) {
    chosen.push(previous);
    length += previous.text.length + 1;
  }
  for (const c of ranked.slice(1)) {
    if (chosen.length >= MAX_SENTENCES || c.score < COMPANION_SHARE * best.score) break;
    if (chosen.includes(c) || !fits(c)) continue;
    const adds = termsIn(query, c.text).filter((t) => !covered.has(t));
    if (adds.length === 0) continue;
    adds.forEach((t) => covered.add(t));
    chosen.push(c);
    length += c.text.length + 1;
  }
  chosen.sort((a, b) => a.passage - b.passage || a.index - b.index);
  return compose(chosen, passages, options.maxChars);
}

function compose(chosen: Candidate[], passages: RetrievedPassage[], maxChars: number): DraftAnswer {
  const citations: Citation[] = [];
  const numberOf = new Map<number, number>();
  const parts: string[] = [];
  for (let i = 0; i < chosen.length; i++) {
    const c = chosen[i]!;
    if (!numberOf.has(c.passage)) {
      const p = passages[c.passage]!;
      numberOf.set(c.passage, citations.length + 1);
      citations.push(toCitation(p, citations.length + 1));
    }
    const last = chosen[i + 1]?.passage !== c.passage;
    parts.push(last ? `${truncate(c.text, maxChars - 6)} [${numberOf.get(c.passage)}]` : c.text);
  }
  // Code blocks stand on lines of their own; prose runs on.
  const answer = parts.reduce((text, part) => (text === "" ? part : `${text}${/```/.test(part.slice(0, 3) + text.slice(-3)) ? "\n" : " "}${part}`), "");
  return { answer, citations, grounded: true };
}

/** The question's terms that a text contains (its words analysed once, not once per term). */
function termsIn(query: QueryTerms, text: string): string[] {
  const present = new Set(contentTerms(text));
  return query.terms.filter((t) => present.has(t.term)).map((t) => t.term);
}

function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2))}…`;
}
