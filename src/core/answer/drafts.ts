// The shapes an answer can end as, shared by both answerers so front ends need not know which one ran:
// grounded (with the sources it cites, in citation order), the honest "not covered" reply with the closest
// documents, or the extractive answer with a note saying why the model's was not available.
import type { RetrievedPassage } from "../retrieve/retrieve.js";
import type { Citation } from "../types.js";
import { closestDocumentsLine, NOT_COVERED } from "./answer-texts.js";

export interface DraftAnswer {
  answer: string;
  citations: Citation[];
  grounded: boolean;
}

/** Appended to the extractive answer when the model could not write one. */
export const FALLBACK_NOTE = "(The language model is unavailable right now, so this answer quotes the documents directly.)";

/** `cited[k - 1]` is the source number (1-based into `passages`) that the answer's [k] refers to. */
export function groundedDraft(text: string, cited: number[], passages: RetrievedPassage[]): DraftAnswer {
  return { answer: text.trim(), citations: cited.map((source, i) => toCitation(passages[source - 1]!, i + 1)), grounded: true };
}

export function notCoveredDraft(passages: RetrievedPassage[]): DraftAnswer {
  const seen = new Set<string>();
  const closest = passages.filter((p) => !seen.has(p.chunk.file) && seen.add(p.chunk.file)).slice(0, 3);
  return {
    answer: `${NOT_COVERED}${closestDocumentsLine(closest.map((p) => p.chunk.title))}`,
    citations: closest.map((p, i) => toCitation(p, i + 1)),
    grounded: false,
  };
}

export function fallbackDraft(extractive: DraftAnswer): DraftAnswer {
  return { ...extractive, answer: `${extractive.answer}\n\n${FALLBACK_NOTE}` };
}

export function toCitation(p: RetrievedPassage, n: number): Citation {
  return { n, title: p.chunk.title, section: p.chunk.section, url: p.chunk.url, file: p.chunk.file, score: Math.round(p.coverage * 1000) / 1000 };
}
