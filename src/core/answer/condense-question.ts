// Turns a follow-up into a query retrieval can use on its own, without a language model: when the question
// leans on the conversation ("what about Slack?", "and when was it?"), the previous question's words are
// added to it. A question that stands on its own is used as is.
import type { HistoryTurn } from "../types.js";
import { contentWords } from "../text/analyze.js";

const FOLLOW_UP_START = /^\s*(?:and|but|also|so|then|what about|how about|what of|and what about|same for|what else|why|how come)\b/i;
const REFERRING_WORDS = /\b(?:it|its|they|them|their|this|that|these|those|there|he|she|him|her|his|hers|one|ones|former|latter)\b/i;

export function condenseQuestion(question: string, history: HistoryTurn[] = []): string {
  const previous = [...history].reverse().find((t) => t.role === "user" && t.text.trim() !== "");
  if (!previous) return question;
  const ownWords = contentWords(question).length;
  const isFollowUp = ownWords <= 2 || FOLLOW_UP_START.test(question) || (ownWords <= 5 && REFERRING_WORDS.test(question));
  return isFollowUp ? `${question} ${previous.text}` : question;
}
