// The offline answerer. It quotes the best passages' own words — verbatim, marked with citation numbers —
// and stays short:
//  - the sentence that best covers the question (its words, their abbreviations, inflections and synonyms,
//    weighted by rarity), read with its neighbours and headings, and having the asked-for kind of fact;
//  - with it, the sentences that carry the fact on in the same paragraph, and other sentences of the same
//    document that cover more of the question;
//  - for a question that asks for several things or for steps, the list itself with its lead-in.
// When no passage covers enough of the question, or none holds the asked-for kind of fact (a number, a
// name, a date, a place), it says so and names the closest documents instead of passing a near miss off as
// an answer. Retrieved text is only ever quoted, never followed.
import type { QueryTerms, RetrievedPassage } from "../retrieve/retrieve.js";
import { coverageOfTerms, creditOf } from "../retrieve/retrieve.js";
import { fitQuote } from "../text/fit-blocks.js";
import { contentTerms } from "../text/analyze.js";
import type { Citation } from "../types.js";
import { analyzeQuestion, countsWord, expandsAcronym, hasAnswerShape, type QuestionAnalysis } from "./answer-type.js";
import { NO_DOCUMENTS } from "./answer-texts.js";
import { notCoveredDraft, toCitation, type DraftAnswer } from "./drafts.js";
import { splitUnits, type TextUnit } from "./split-sentences.js";
import { stemmer } from "stemmer";

export interface ExtractiveOptions {
  maxChars: number;
  /** Minimum share of the question's IDF weight that a sentence, read with its neighbours and headings,
   * must contain for Docent to answer from it. */
  relevanceFloor: number;
}

export type { DraftAnswer };

interface Candidate extends TextUnit {
  passage: number;
  index: number;
  coverage: number;
  windowCoverage: number;
  shape: boolean;
  score: number;
}

// Weight of a sentence having the shape of the asked-for answer (a number for "how many"...).
const TYPE_BONUS = 0.25;
// Weight of the passage's fused retrieval score (0–1) in a sentence's score: the retriever's ranking breaks
// near-ties between sentences that cover the question about equally (own corpus: one more answered, dev set
// unchanged, against 0.05 / (1 + rank)).
const RETRIEVAL_WEIGHT = 0.1;
// A sentence worth quoting besides the best one must score at least this share of the best's score.
const COMPANION_SHARE = 0.6;
const MAX_UNITS = 4;
// A very short best sentence ("The results were impressive.") reads better with the one after it.
const SHORT_SENTENCE = 90;
// A list answer may be this many times longer than a sentence answer (still within every platform's limits).
const LIST_LENGTH_FACTOR = 2;
// A second list of the same passage joins the first when it scores at least this share of the first's score.
const SECOND_LIST_SHARE = 0.9;
// A list shows at most this many items; a longer one ends with a pointer to the source.
const MAX_LIST_ITEMS = 12;

export function extractiveAnswer(question: string, query: QueryTerms, passages: RetrievedPassage[], options: ExtractiveOptions): DraftAnswer {
  if (passages.length === 0) return { answer: NO_DOCUMENTS, citations: [], grounded: false };
  // The question names something the documents never mention ("does it support AsciiDoc?"): whatever else
  // matches, they cannot say anything about it.
  if ((query.unknownNames ?? []).length > 0) return notCoveredDraft(passages);
  const analysis = analyzeQuestion(question);
  const units = passages.map((p) => splitUnits(p.chunk.text, p.chunk.blocks));
  const candidates = scoreCandidates(query, analysis, passages, units);
  const ranked = candidates.filter((c) => c.coverage > 0).sort((a, b) => b.score - a.score);
  // The best sentence that is relevant enough and, when the question wants a kind of fact, holds one.
  const predicate = analysis.predicate === undefined ? undefined : stemmer(analysis.predicate);
  const states = (c: Candidate) => predicate === undefined || creditOf(query, predicate, new Set(contentTerms(c.text))) > 0;
  // The asked-for fact and the question's verb in one sentence: "X was founded to … . Ada maintains it." does
  // not say who founded X.
  const answersWith = (c: Candidate | undefined) => c !== undefined && c.shape && states(c);
  // The fact may follow the best sentence: in the same paragraph, or as the list it introduces
  // ("…whose three members are:" then the names).
  const followedBy = (c: Candidate) => answersWith(nextInBlock(c, candidates)) || (/:\s*$/.test(c.text) && listAfter(c, candidates).some(answersWith));
  const best = ranked.find((c) => c.windowCoverage >= options.relevanceFloor && (!analysis.strict || answersWith(c) || followedBy(c)));
  if (!best) return notCoveredDraft(passages);
  // "Who wrote it and when?": every strictly asked kind of fact must be in the paragraph the answer quotes.
  const paragraph = candidates.filter((c) => c.passage === best.passage && Math.abs(c.block - best.block) <= 1).map((c) => c.text).join(" ");
  if (analysis.alsoStrict.some((t) => !hasAnswerShape(t, paragraph))) return notCoveredDraft(passages);

  const list = listAround(best, candidates, analysis);
  if (list) {
    // A section often lists in two parts ("technical details: …", "in addition: …"); a second list of the
    // same passage about as relevant as the first joins it, in the document's order.
    const second = ranked.find((c) => c.passage === best.passage && !list.includes(c) && c.score >= SECOND_LIST_SHARE * best.score && listAround(c, candidates, analysis) !== undefined);
    const more = second ? listAround(second, candidates, analysis)!.filter((c) => !list.includes(c)) : [];
    const units = [...list, ...more].sort((a, b) => a.index - b.index);
    return compose(units, passages, options.maxChars * LIST_LENGTH_FACTOR, units.length);
  }

  const chosen: Candidate[] = [best];
  let length = best.text.length;
  const fits = (c: Candidate) => length + c.text.length + 6 <= options.maxChars;
  const take = (c: Candidate | undefined, evenIfLong = false) => {
    if (!c || chosen.includes(c) || (!fits(c) && !evenIfLong)) return false;
    chosen.push(c);
    length += c.text.length + 1;
    return true;
  };
  const sibling = (offset: number) => candidates.find((c) => c.passage === best.passage && c.index === best.index + offset);
  const next = sibling(1);
  const previous = sibling(-1);
  // The fact often goes on in the next sentence of the same paragraph; a short sentence, one that introduces
  // a code block ("Install it with:") or one that ends mid-thought needs what follows it.
  const introduces = /[:,]$|\bwith$/.test(best.text);
  // (The next item of a list is another point, not the rest of this one.)
  if (next && ((next.block === best.block && best.kind === "sentence") || next.kind === "code" || introduces) && (best.text.length < SHORT_SENTENCE || next.kind === "code" || introduces || next.coverage > 0 || (analysis.strict && next.shape && !best.shape) || !analysis.strict))
    take(next, next.kind === "code" && /:$/.test(best.text));
  // An untyped question ("what's wrong with…", "what license for…") is answered by the paragraph's reasoning:
  // the sentences after the best one, while they fit.
  if (!analysis.strict && best.kind === "sentence") {
    for (let offset = 2; ; offset++) {
      const more = sibling(offset);
      if (!more || more.block !== best.block || !take(more)) break;
    }
  }
  // A code block is introduced by the sentence before it ("Install the tool from npm:").
  if (best.kind === "code" && previous && /:$/.test(previous.text)) take(previous);
  // Other sentences of the same document that cover question terms the chosen ones do not.
  const file = passages[best.passage]!.chunk.file;
  const covered = new Set(chosen.flatMap((c) => termsIn(query, c.text)));
  for (const c of ranked) {
    if (chosen.length >= MAX_UNITS || c.score < COMPANION_SHARE * best.score) break;
    if (chosen.includes(c) || c.kind === "code" || (analysis.strict && !c.shape)) continue;
    // Another document joins only when the question asks for several things ("which projects…?" answered by
    // two guides), with a sentence about as relevant as the best one; otherwise it would cite a document
    // that does not answer.
    if (passages[c.passage]!.chunk.file !== file && (!analysis.list || c.kind !== "sentence" || c.coverage < 0.8 * best.coverage || c.score < 0.85 * best.score)) continue;
    const adds = termsIn(query, c.text).filter((t) => !covered.has(t));
    if (adds.length === 0) continue;
    if (take(c)) adds.forEach((t) => covered.add(t));
  }
  chosen.sort((a, b) => a.passage - b.passage || a.index - b.index);
  return compose(chosen, passages, options.maxChars);
}

function scoreCandidates(query: QueryTerms, analysis: QuestionAnalysis, passages: RetrievedPassage[], units: TextUnit[][]): Candidate[] {
  // Words that name the asked-for kind ("version", "often") are answered by a sentence of that shape.
  const typeStems = analysis.typeWords.map((w) => stemmer(w));
  return passages.flatMap((p, rank) => {
    const list = units[rank]!;
    const heading = contentTerms(`${p.chunk.title} ${p.chunk.section}`);
    const termsOf = list.map((u) => contentTerms(u.text));
    return list.map((unit, index) => {
      // An instruction may be the code block or list a unit introduces ("On Windows, use Scoop:").
      const introduces = /:\s*$/.test(unit.text) && list[index + 1] !== undefined && list[index + 1]!.kind !== "sentence";
      const shape =
        (analysis.type === "procedure" && introduces) ||
        (analysis.acronym !== undefined
          ? expandsAcronym(analysis.acronym, unit.text)
          : hasAnswerShape(analysis.type, unit.text) && (analysis.counted === undefined || countsWord(analysis.counted, unit.text)));
      const extra = shape ? typeStems : [];
      const own = new Set([...termsOf[index]!, ...extra]);
      // The relevance test reads a sentence with its neighbours and headings: facts are stated across
      // adjacent sentences, but a passage that merely contains the question's words far apart is no answer.
      const window = new Set([...heading, ...(termsOf[index - 1] ?? []), ...own, ...(termsOf[index + 1] ?? [])]);
      // A line that only repeats the document's title is not an answer.
      const coverage = unit.text === p.chunk.title ? 0 : coverageOfTerms(query, own);
      const windowCoverage = coverageOfTerms(query, window);
      // A unit of a few words ("- Committer") repeats the question's word without saying anything about it.
      // One that introduces a code block or a list ("On Windows, use Scoop:") says it there.
      const brevity = termsOf[index]!.length < 4 && unit.kind !== "code" && !introduces ? 0.6 : 1;
      // A question that asks for several things is best answered where a list starts: a lead-in ("…you might
      // include:") followed by items.
      let end = index;
      while (list[end + 1]?.block === unit.block) end++;
      const following = list[end + 1];
      const introducesList = analysis.list && unit.kind === "sentence" && /:\s*$/.test(list[end]!.text) && (following?.kind === "item" || following?.kind === "row");
      const score = brevity * (coverage + 0.5 * windowCoverage) + (coverage > 0 && (shape || introducesList) ? TYPE_BONUS : 0) + RETRIEVAL_WEIGHT * p.score;
      return { ...unit, passage: rank, index, coverage, windowCoverage, shape, score };
    });
  });
}

/** A sentence may state the topic and the next one the asked-for fact ("Releases ship regularly. Every six weeks…"). */
function nextInBlock(c: Candidate, candidates: Candidate[]): Candidate | undefined {
  const next = candidates.find((n) => n.passage === c.passage && n.index === c.index + 1);
  return next !== undefined && next.block === c.block ? next : undefined;
}

/** The list items right after a unit's paragraph, if a list follows it. */
function listAfter(c: Candidate, candidates: Candidate[]): Candidate[] {
  const after = candidates.find((n) => n.passage === c.passage && n.index > c.index && n.block !== c.block);
  if (!after || (after.kind !== "item" && after.kind !== "row")) return [];
  return candidates.filter((n) => n.passage === c.passage && n.block === after.block);
}

/** The list the best unit belongs to or introduces, with its lead-in, when a list is the answer. */
function listAround(best: Candidate, candidates: Candidate[], analysis: QuestionAnalysis): Candidate[] | undefined {
  const same = candidates.filter((c) => c.passage === best.passage);
  const isItem = (c: Candidate | undefined) => c !== undefined && (c.kind === "item" || c.kind === "row");
  let listBlock: number | undefined;
  if (isItem(best) && analysis.list) listBlock = best.block;
  else if (best.kind === "sentence") {
    // A lead-in: the list starts right after the best sentence's paragraph.
    const after = same.find((c) => c.index > best.index && c.block !== best.block);
    // For a question that asks for several things, the best sentence may open a paragraph that ends by
    // introducing the list ("A CONTRIBUTING file tells … For example, you might include:").
    const paragraphEnd = same.filter((c) => c.block === best.block).at(-1);
    const leadIn = /:\s*$/.test(best.text) || (analysis.list && (paragraphEnd === best || /:\s*$/.test(paragraphEnd?.text ?? "")));
    if (isItem(after) && leadIn) listBlock = after!.block;
  }
  if (listBlock === undefined) return undefined;
  const items = same.filter((c) => c.block === listBlock);
  const first = items[0]!;
  const before = same.find((c) => c.index === first.index - 1);
  // The lead-in is the sentence before the list, from the best sentence on when it is in that paragraph.
  // A quote's attribution ("— open source maintainer") is no lead-in.
  const lead = before && before.kind === "sentence" && !/^[—–]\s/.test(before.text) ? same.filter((c) => c.block === before.block && c.index <= before.index && (c.index >= best.index || c === before)) : [];
  // Items are shown by their first sentence, but the one that answers best is shown whole.
  const shown = items.slice(0, MAX_LIST_ITEMS).map((c) => (c === best ? c : { ...c, text: firstSentence(c.text) }));
  return [...lead, ...shown];
}

function firstSentence(text: string): string {
  // The list marker ("1.", "-") is not a sentence end.
  const marker = /^\s*(?:[-*+•]|\d+[.)])\s+/.exec(text)?.[0] ?? "";
  const body = text.slice(marker.length);
  const end = /[.!?](?=\s+\p{Lu})/u.exec(body);
  return end ? marker + body.slice(0, end.index + 1) : text;
}

function compose(chosen: Candidate[], passages: RetrievedPassage[], maxChars: number, listItems = 0): DraftAnswer {
  const citations: Citation[] = [];
  const numberOf = new Map<number, number>();
  const parts: { text: string; kind: Candidate["kind"]; citation?: number }[] = [];
  let length = 0;
  for (let i = 0; i < chosen.length; i++) {
    const c = chosen[i]!;
    if (!numberOf.has(c.passage)) {
      numberOf.set(c.passage, citations.length + 1);
      citations.push(toCitation(passages[c.passage]!, citations.length + 1));
    }
    const room = maxChars - length - 6;
    if (room < 40) break;
    // A unit that does not fit ends the answer before it; only a first unit longer than the room is cut.
    // A code block right after its one-sentence lead-in ("Install it with:") may be cut too: it is the answer.
    const afterLeadIn = c.kind === "code" && parts.length === 1 && /:\s*$/.test(parts[0]!.text);
    const text = fitQuote(c.kind === "code" ? c.text : stripFootnoteMarkers(c.text), c.kind, room, parts.length === 0 || afterLeadIn);
    if (text === undefined) break;
    parts.push({ text, kind: c.kind });
    length += text.length + 1;
    const last = chosen[i + 1]?.passage !== c.passage || i === chosen.length - 1;
    if (last) parts.at(-1)!.citation = numberOf.get(c.passage);
  }
  // The citation closes each passage's group of quoted units, always outside a code block; a list ends with
  // its citation on a line of its own so no item looks singled out.
  if (parts.length > 0 && parts.at(-1)!.citation === undefined) parts.at(-1)!.citation = numberOf.get(chosen[parts.length - 1]!.passage);
  let answer = "";
  for (const [i, part] of parts.entries()) {
    const previous = parts[i - 1];
    const separator = i === 0 ? "" : part.kind === "code" || previous?.kind === "code" || part.kind !== "sentence" || (listItems > 0 && previous?.kind !== "sentence") ? "\n" : " ";
    answer += separator + part.text;
    if (part.citation !== undefined) answer += part.kind === "code" || part.kind === "item" || part.kind === "row" ? `\n[${part.citation}]` : ` [${part.citation}]`;
  }
  const used = new Set(parts.map((_, i) => chosen[i]!.passage));
  const kept = citations.filter((c) => [...used].some((p) => numberOf.get(p) === c.n));
  return { answer: answer.trim(), citations: kept, grounded: true };
}

/** The question's terms that a text contains, directly or through an alternate. */
function termsIn(query: QueryTerms, text: string): string[] {
  const present = new Set(contentTerms(text));
  return query.terms.filter((t) => creditOf(query, t.term, present) > 0).map((t) => t.term);
}

/** Removes a source's own footnote markers ("…in 2019.[3]", "word[^2]", "[1] " before a footnote), which would read as citations. */
export function stripFootnoteMarkers(text: string): string {
  // A footnote's own definition line starts with its marker ("[1] CVSS is …"); quoted, it would too.
  return text.replace(/(?<=[\p{L}\p{N}.,;:!?)"”’])\[(?:\^[\w-]+|\d{1,3})\](?!\()/gu, "").replace(/^\s*\[(?:\^[\w-]+|\d{1,3})\]:?\s+/u, "");
}
