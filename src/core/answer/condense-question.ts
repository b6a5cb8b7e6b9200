// Decides whether a question leans on the conversation before it, and, without a language model, turns one
// that does into a query retrieval can use on its own (the previous question's words are added to it).
// A question that stands on its own is answered exactly as if it were asked alone: no history in retrieval,
// in condensing, or in the model's prompt, so an earlier, unrelated topic cannot leak into its answer.
//
// A question depends on the history when it
//  - opens as a continuation: "and …", "but …", "or …", "what about …", "how about …", "what of …",
//    "same for …", "what else …" (a filler opener such as "so" or "also" before a full question does not count);
//  - refers back: it/its, they/them/their, he/she/his/her, "that"/"this"/"those"/"these" used as a pronoun
//    or with a noun ("that command"), "this one", "the same", "the former/latter", "there" at the end,
//    "too"/"instead"/"as well"/"either" at the end, "you said", "above";
//  - is elliptic: a bare wh-word or request for more ("why?", "how so?", "examples?", "tell me more"), a
//    short fragment with no question frame ("Vercel?", "custom domains?"), or a question frame with no
//    subject of its own ("what is the difference?", "which is better?").
// A clear question with a subject of its own ("What is Docent?", "How do I install Lumen?") does not, however
// short. Expletive "it" ("is it possible to …", "how long does it take to …") and "this"/"these" with a
// noun naming the community's own things ("this project", "this server") are not references back.
import type { HistoryTurn } from "../types.js";

const CONTINUATION = /^(?:and|but|or|what about|how about|what of|same for|same with|same thing|what else|else)\b/;
const ELLIPTIC = /^(?:why|how|when|where|who|which|what|how so|how come|why not|why so|how much|how many|how long|how often|what for|like what|such as|for example|for instance|example|examples|any examples?|more|more details?|details|tell me more|go on|elaborate|explain|really|is that so|and then|then what|which ones?|since when|until when|where else|who else|anything else)$/;
/** Words that open a question frame: with one of these, a short question can still be self-contained. */
const FRAME = /^(?:what|what's|whats|who|who's|whom|whose|which|when|where|where's|why|how|how's|is|are|was|were|am|do|does|did|can|could|should|would|will|shall|may|might|must|has|have|had|isn't|aren't|don't|doesn't|can't|won't|tell|show|explain|describe|list|give|install|configure|set|setup|deploy|run|use|get|find|add|remove|enable|disable|create|update|upgrade|delete|change|fix|help|i|i'm|my|we|our|please)$/;
const ALWAYS_REFERRING = new Set(["its", "they", "them", "their", "theirs", "he", "she", "him", "his", "her", "hers", "former", "latter", "aforementioned", "above"]);
/** Nouns for the bot's own surroundings: "this project" needs no earlier turn to make sense. */
const OWN_SURROUNDINGS = new Set(["project", "projects", "bot", "server", "community", "channel", "workspace", "repo", "repository", "site", "website", "wiki", "forum", "guide", "guides", "documentation", "docs", "chat", "discord", "slack", "page", "place", "group", "team", "organization", "organisation", "org", "year", "week", "month", "time", "morning", "evening"]);
/** Words after which "that" points back ("does that …", "use that …") rather than beginning a clause. */
const POINTING_BEFORE_THAT = new Set(
  (
    "is was are were does do did about with for of on in to from like at by and or but after before without than why how what where when can could should will would " +
    "use using try run install configure change set get see mean means fix enable disable call make need want explain describe read find open add remove update"
  ).split(" "),
);
const EXPLETIVE_ADJECTIVES =
  "possible|necessary|safe|ok|okay|allowed|true|required|recommended|advisable|better|best|worth|free|hard|easy|difficult|mandatory|important|normal|common|fine|legal|wise|enough|appropriate|acceptable|bad|good|a good idea|a bad idea";
/** "it" that stands for what follows, not for something said before: "is it possible to …", "how long does it take …". */
const EXPLETIVE_IT = new RegExp(`\\bit(?:'s)?\\s+(?:\\w+\\s+){0,2}?(?:${EXPLETIVE_ADJECTIVES})\\s+(?:to|that|if|whether)\\b|\\b(?:does|did|will|would)\\s+it\\s+take\\b|\\bit\\s+takes?\\b`);
/** Openers that add nothing: "So, what is Docent?" is as self-contained as "What is Docent?". */
const FILLERS = new Set(["so", "also", "ok", "okay", "well", "hi", "hey", "hello", "oh", "um", "btw", "actually", "then", "now", "quick", "question"]);
/** A question frame whose only "subject" is one of these still needs to know what it is about. */
const GENERIC = new Set(["difference", "differences", "better", "best", "worse", "worst", "faster", "slower", "easier", "harder", "cheaper", "simpler", "safer", "alternative", "alternatives", "example", "examples", "reason", "reasons", "default", "defaults", "limit", "limits", "price", "cost", "version", "versions", "point", "deal", "catch", "problem", "issue", "idea", "answer", "option", "options", "else", "next", "step", "steps", "way", "ways", "thing", "things", "one", "ones", "mean", "means", "meaning", "source", "link", "more", "detail", "details", "sure", "so", "instead", "exactly", "first", "last", "same"]);
/** Words that carry no subject: articles, auxiliaries, pronouns, prepositions, wh-words. */
const FUNCTION_WORDS = new Set(
  (
    "a an the and or but if then so to of in on at by for with from into onto about as than that this these those there here it its is are was were be been being am " +
    "do does did done have has had having can could should would will shall may might must i i'm me my we our us you your what what's whats who who's whom whose which " +
    "when where where's why how how's not no yes any some all each every much many more most very just also too again ever up down out over " +
    "isn't aren't don't doesn't can't won't didn't please tell show explain describe give list know"
  ).split(" "),
);

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Whether the question needs the conversation before it to be understood (see the file header for the rules). */
export function dependsOnHistory(question: string): boolean {
  const text = question.toLowerCase().normalize("NFKC").replace(/’/g, "'").replace(/\s+/g, " ").trim();
  const words = text.match(WORD) ?? [];
  if (words.length === 0) return false;
  const bare = words.join(" ");
  if (CONTINUATION.test(bare) || ELLIPTIC.test(bare)) return true;
  if (refersBack(text, words)) return true;
  const subject = words.filter((w) => !FUNCTION_WORDS.has(w) && !GENERIC.has(w) && !FILLERS.has(w));
  const opener = words.find((w) => !FILLERS.has(w));
  if (opener !== undefined && FRAME.test(opener)) return subject.length === 0;
  // No question frame: a short fragment ("Vercel?", "custom domains?") continues the topic.
  return words.filter((w) => !FUNCTION_WORDS.has(w)).length <= 3;
}

function refersBack(text: string, words: string[]): boolean {
  const expletive = EXPLETIVE_IT.test(text);
  for (const [i, word] of words.entries()) {
    const before = words[i - 1];
    const after = words[i + 1];
    if (ALWAYS_REFERRING.has(word)) return true;
    if (word === "it" && !expletive) return true;
    if ((word === "this" || word === "these") && !(after !== undefined && OWN_SURROUNDINGS.has(after))) return true;
    // "that" after a noun or an adjective starts a clause ("a plugin that converts …", "sure that …").
    if ((word === "that" || word === "those") && (before === undefined || after === undefined || POINTING_BEFORE_THAT.has(before))) return true;
    if (word === "one" && (before === "this" || before === "that" || before === "which" || before === "other" || before === "same")) return true;
    if (word === "same" && before === "the") return true;
    if (word === "said" && (before === "you" || before === "u")) return true;
    if (word === "mentioned" || word === "previous" || word === "earlier") return true;
  }
  const last = words.at(-1)!;
  return last === "there" || last === "too" || last === "instead" || last === "either" || text.endsWith("as well?") || text.endsWith("as well");
}

/** A query retrieval can use on its own: the question itself, or — when it depends on the conversation —
 * the question followed by the previous user question. */
export function condenseQuestion(question: string, history: HistoryTurn[] = []): string {
  if (!dependsOnHistory(question)) return question;
  const previous = [...history].reverse().find((t) => t.role === "user" && t.text.trim() !== "");
  return previous ? `${question} ${previous.text}` : question;
}
