// What kind of answer a question asks for ("how many" → a number, "who wrote" → a name, "how often" → a
// frequency, "which day" → a date), whether a sentence has that shape, and whether the question wants a
// list. Extractive QA has long used this cue: among sentences that share the question's words, the one
// holding the asked-for kind of fact is the answer — and when no passage holds that kind of fact, the
// honest reply is "not covered", however many words match.

import { isEnglishWord } from "../lexicon/wordnet.js";

export type AnswerType = "number" | "money" | "frequency" | "duration" | "person" | "time" | "date" | "contact" | "reason" | "place" | "expansion" | "procedure" | "other";

export interface QuestionAnalysis {
  type: AnswerType;
  /** The answer must have the type's shape: without it, decline rather than quote a near miss. */
  strict: boolean;
  /** Words of the question that name the asked-for kind ("version" in "which version", "often" in "how
   * often"); a sentence with the right shape answers them without repeating them. */
  typeWords: string[];
  /** The question asks for several things or for steps: answer with the list, not one sentence. */
  list: boolean;
  /** Further strict kinds asked in other clauses; the answer as a whole must have their shapes too. */
  alsoStrict: AnswerType[];
  /** For "who wrote / founded / leads …": the verb, which the sentence naming the person must state too
   * (a name next to other words of the question is not who did it). */
  predicate?: string;
  /** For "how many maintainers …": the counted word, which the number must count ("two maintainers", not
   * "within two days"). */
  counted?: string;
  /** For "what does FLOSS stand for?": the abbreviation whose long form is the answer. */
  acronym?: string;
}

// Nouns that name a kind of answer after "what" / "which".
const TYPE_NOUNS: Record<string, AnswerType> = {
  version: "number", versions: "number", percentage: "number", percent: "number", number: "number", amount: "number",
  size: "number", port: "number", price: "number", cost: "number", fee: "number", share: "number", proportion: "number",
  fraction: "number", count: "number", limit: "number",
  year: "time", day: "time", days: "time", month: "time", time: "time", weekday: "time",
  date: "date", deadline: "date",
  email: "contact", address: "contact", url: "contact", link: "contact", website: "contact", channel: "contact",
  city: "place", country: "place", venue: "place", location: "place", place: "place",
  frequency: "frequency", cadence: "frequency", schedule: "frequency",
};

const PATTERNS: [RegExp, AnswerType, string[]][] = [
  [/\bhow (often|frequently|regularly)\b/i, "frequency", ["often", "frequently", "regularly"]],
  [/\bhow (long|soon|fast|quickly)\b|\bhow much time\b/i, "duration", ["long", "soon", "fast", "quickly", "time"]],
  [/\bhow much\b.*\b(cost|costs|charge|charges|pay|paid|price|fee|money|spend|earn|make)\b|\bwhat (does it cost|is the (price|fee|cost))\b/i, "money", ["money", "cost", "costs", "price", "fee"]],
  [/\bhow (many|much|big|large|far|old|high|small)\b/i, "number", ["big", "large", "far", "old", "high", "small"]],
  [/\bwho(m|se)?\b/i, "person", []],
  [/\bwhen\b/i, "time", []],
  [/\bwhy\b|\bwhat (reasons?|causes?)\b/i, "reason", []],
  // "What's the point of the merge pool?", "what is the purpose of OWNERS files?": a reason, said as a purpose.
  [/\bwhat(?:'s| is| are)? the (?:point|purpose|benefits?|goals?|use) (?:of|in|behind)\b/i, "reason", ["point", "purpose", "benefit", "benefits", "goal", "goals", "use"]],
  [/\bwhere\b/i, "place", []],
];

// A "who" question wants a name only when it asks who did or is something; "who should get access?" wants a role.
const STRICT_PERSON = /\b(?:who(m)?|who's) (?:is |was |are |were )?(wrote|created|founded|started|invented|designed|built|made|runs|leads|chairs|maintains|maintained|owns|is the|was the|are the|were the|is on|are on|sits on|sit on|the|on|in charge)\b|\bwhose\b/i;
// "When do releases ship?" wants a date; "when should I add a licence?" wants a condition.
const LOOSE_TIME = /\bwhen (should|shall|can|could|would|might|must|do (i|we|you)|does (one|it make)|is it (ok|okay|better|time)|to)\b/i;
const STRICT_PLACE = /\b(held|located|based|hosted|headquartered|take place|took place|takes place|happen|happened|meet|met)\b/i;
const TYPE_NOUN = /\b(?:what(?:'s| is| are)?|which)(?:\s+(?:the|a|an|your|their|its))?(?:\s+(?:kind|sort|type) of)?\s+([a-z]+)(?:\s+([a-z]+))?\b/gi;

const LIST_PATTERNS = [
  /\bwhat (kinds?|sorts?|types?) of\b|\bwhat (kinda|sorta)\b/i,
  /\b(steps?|checklist|list of|examples of|ways to|tips|best practices|habits|requirements|prerequisites)\b/i,
  /\bwhat\b.*\b(should|do|does|must|can|would)\b.*\b(include|contain|cover|go in|go into|list|mention|put in)\b/i,
  /\bwhat (things|stuff|tools|websites|sites|options|projects|repos|platforms|practices|items|files|resources)\b/i,
];
// "which repos …", "any websites …", "which other codes …": a plural after the question word.
const PLURAL_ASK = /\b(?:which|what|any)\s+(?:other\s+|good\s+|popular\s+|known\s+)?([a-z]{3,}s)\b/i;
const NOT_PLURAL = new Set(["is", "was", "does", "has", "this", "its", "status", "access", "process", "class", "address", "focus", "analysis", "license", "yes", "less", "news", "series", "basis", "bonus", "bus", "plus", "gas", "us"]);

// "Can I see how many times…", "Is there a tool that…": a yes/no question; a wh-phrase inside it is not
// what is asked.
const YES_NO = /^\s*(can|could|is|are|was|were|do|does|did|will|would|should|may|might|has|have|any)\b/i;

// "What does FLOSS stand for?", "what's the L in FLOSS short for?", "what does LGTM mean?" (written in
// capitals: "what does maintainer mean?" asks for an explanation, not a long form).
const PROCEDURE = /^\s*(?:so\s+|and\s+|ok\s+|okay\s+)?(?:how (?:do|can|should|would|could|must|shall) (?:i|we|you|one|they|people)|how to|how does one|what(?:'s| is) the way to)\b/i;
const EXPANSION = /\bwhat(?:'s| does| do| did| is| are)\s+(?:the\s+(?:[A-Za-z0-9]{1,2}\s+in\s+)?)?([A-Za-z][\w-]{1,9})\s+(?:stands?|short)\s+for\b|\bwhat(?:'s| does| is)\s+(?:the\s+)?(?:acronym|abbreviation)\s+([A-Za-z][\w-]{1,9})\b|\bwhat (?:does|do) ([A-Z][A-Z0-9]{1,9})\s+mean\b/;

export function analyzeQuestion(question: string): QuestionAnalysis {
  const expansion = EXPANSION.exec(question);
  const acronym = expansion?.slice(1).find((g) => g !== undefined);
  if (acronym !== undefined)
    return { type: "expansion", strict: true, typeWords: ["stand", "stands", "short", "mean", "acronym", "abbreviation"], list: false, alsoStrict: [], acronym };
  let type: AnswerType = "other";
  const typeWords: string[] = [];
  // Each clause asks its own thing ("who wrote it and when did it come out?"): all strict kinds must be met.
  const clauses = question.split(/\?|\band\b|;/i).filter((c) => c.trim() !== "");
  const yesNo = YES_NO.test(question) && !/\?\s*\S/.test(question.trim().replace(/\?+$/, ""));
  const also: AnswerType[] = [];
  for (const clause of clauses) {
    const found = PATTERNS.find(([pattern]) => pattern.test(clause));
    if (!found) continue;
    if (type === "other") {
      type = found[1];
      const match = found[0].exec(clause)?.[0].toLowerCase() ?? "";
      typeWords.push(...found[2].filter((w) => match.includes(w)));
    } else if (found[1] !== type) also.push(found[1]);
  }
  // "How do I get it on Windows?", "how to rerun a test": the answer is an instruction.
  if (type === "other" && PROCEDURE.test(question)) type = "procedure";
  for (const m of question.matchAll(TYPE_NOUN)) {
    // "which version", or "which Node version": the kind is named by the first or second word.
    const noun = [m[1], m[2]].map((w) => w?.toLowerCase()).find((w) => w !== undefined && TYPE_NOUNS[w] !== undefined);
    const nounType = noun === undefined ? undefined : TYPE_NOUNS[noun];
    if (!noun || !nounType) continue;
    if (type === "other" || type === "reason") type = nounType;
    typeWords.push(noun);
  }
  const strictFor = (t: AnswerType) =>
    t === "number" || t === "money" || t === "frequency" || t === "duration" || t === "date" || t === "contact"
      ? true
      : t === "person"
        ? STRICT_PERSON.test(question)
        : t === "time"
          ? !LOOSE_TIME.test(question) || typeWords.length > 0
          : t === "place"
            ? STRICT_PLACE.test(question) || typeWords.length > 0
            : false;
  const strict = !yesNo && strictFor(type);
  const alsoStrict = yesNo ? [] : also.filter(strictFor);
  const plural = PLURAL_ASK.exec(question)?.[1]?.toLowerCase();
  const list = LIST_PATTERNS.some((p) => p.test(question)) || (plural !== undefined && !NOT_PLURAL.has(plural) && !plural.endsWith("ss"));
  const verb = type === "person" && strict ? /\bwho(?:m|'s)? (?:is |was |are |were )?([a-z]+)/i.exec(question)?.[1]?.toLowerCase() : undefined;
  const predicate = verb && !["is", "was", "are", "were", "the", "on", "in"].includes(verb) ? verb : undefined;
  const counted = type === "number" ? /\bhow many\s+(?:of\s+(?:the\s+)?)?([a-z]{3,})/i.exec(question)?.[1]?.toLowerCase() : undefined;
  return { type, strict, typeWords, list, alsoStrict, predicate, counted: counted && !NOT_PLURAL.has(counted) && !["times"].includes(counted) ? counted : undefined };
}

/** The asked-for kind of answer alone (see analyzeQuestion). */
export function answerTypeOf(question: string): AnswerType {
  return analyzeQuestion(question).type;
}

const NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|billion|trillion|half|dozen|once|twice";
const UNITS = "seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|sprints?|business days";
const MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december";
const WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays|weekend|weekends";

const SHAPES: Record<Exclude<AnswerType, "other" | "expansion">, RegExp> = {
  // An instruction: a command in code, an imperative opening ("Use Scoop", "To cut a release, run …"), or
  // "you can / you should …".
  procedure: /`[^`]+`|^(?:[-*+]\s+|\d+[.)]\s+)?(?:(?:to|for|on|in|if)\b[^,]{0,60},\s*)?(?:use|run|install|type|add|comment|click|open|set|follow|create|ask|email|write|reply|go|download|build|select|choose|edit|enable|disable|call|pass|put|make|see|check|contact|file|send|sign|join|post|read|start|stop|restart|remove|delete|update|upgrade|apply|label|assign|mention|push|fork|clone|submit|request|visit|configure)\b|\b(?:you can|you should|you need to|you must|by (?:running|using|adding|typing|commenting|setting))\b/i,
  number: new RegExp(`\\d|\\b(${NUMBER_WORDS})\\b`, "i"),
  frequency: new RegExp(`\\b(every|each|per|once|twice|daily|weekly|fortnightly|biweekly|monthly|quarterly|yearly|annually|hourly|nightly|continuously|${WEEKDAYS})\\b|\\b(a|an) (${UNITS})\\b|\\b\\d+ times\\b`, "i"),
  duration: new RegExp(`\\b(\\d+|${NUMBER_WORDS}|a|an|few|several)\\s*(-|to)?\\s*(\\d+\\s*)?(${UNITS})\\b|\\b(immediately|instantly|same day|overnight|within)\\b`, "i"),
  // Names are found by namesPerson (below); this only catches a handle ("@shaunagm").
  person: /(?<![\w.+-])@[\w-]{2,}(?!\.\w)/u,
  time: new RegExp(`\\b(1[89]|20)\\d\\d\\b|\\b(${MONTHS})\\.?\\s+\\d|\\b\\d{1,2}(st|nd|rd|th)?\\s+(${MONTHS})\\b|\\b(${WEEKDAYS}|today|yesterday|tomorrow|weekly|daily|monthly|quarterly|annually|yearly|every|each)\\b|\\b\\d{1,2}:\\d\\d\\b|\\b\\d{4}-\\d\\d-\\d\\d\\b|\\b(q[1-4]|spring|summer|autumn|fall|winter|morning|afternoon|evening|night|noon|midnight)\\b`, "i"),
  money: /[$€£¥]\s?\d|\d\s?(usd|eur|gbp|dollars?|euros?|pounds?)\b|\b(free of charge|no cost|costs? nothing)\b/i,
  date: new RegExp(`\\b(${MONTHS})\\.?\\s+\\d|\\b\\d{1,2}(st|nd|rd|th)?\\s+(${MONTHS})\\b|\\b\\d{4}-\\d\\d-\\d\\d\\b|\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b`, "i"),
  contact: /[\w.+-]+@[\w-]+\.[\w.-]+|https?:\/\/\S+|\b[\w-]+\.(org|com|io|dev|net)\b|(^|\s)#[a-z][\w-]+/i,
  reason: /\b(because|reasons?|due to|since|so that|caused|structural|why|in order to|helps?|avoids?|prevents?|to make sure|to ensure|ensures?|needed to|is needed|are needed|purpose|the point|the goal|so as to)\b/i,
  place: /\b(in|at|from|near|on)\s+(the\s+)?\p{Lu}|#[a-z][\w-]+|\b(online|remote|virtual|virtually)\b/u,
};

const RELATIVE_TIME = new RegExp(`\\b(\\d+|${NUMBER_WORDS}|a|an|a few|several)\\s+(${UNITS})\\s+(later|after|before|ago|earlier|beforehand|in advance)\\b|\\b(after|within|before)\\s+(\\d+|${NUMBER_WORDS}|a|an)\\s+(${UNITS})\\b`, "i");

/** Whether a sentence's number counts the given word ("two maintainers", "40,000 open source projects"),
 * when the sentence names that word at all. */
export function countsWord(counted: string, sentence: string): boolean {
  // The counted word's stem, loosely: "maintainers" → "maintainer", "companies" → "compan".
  const stem = counted.replace(/(ies|es|s)$/, "").slice(0, Math.max(4, counted.length - 3));
  const number = `(?:\\d[\\d,.]*\\+?|${NUMBER_WORDS}|a few|several|dozens|hundreds|thousands|millions)`;
  const word = stem.replace(/[^a-z]/g, "");
  // A sentence that counts under another name ("120,000 attendees" for "how many people") is not held to it.
  if (!new RegExp(`\\b${word}`, "i").test(sentence)) return true;
  return new RegExp(`\\b${number}\\s+(?:[\\p{L}-]+\\s+){0,3}${word}`, "iu").test(sentence);
}

// Small words a long form may skip or spell ("Benevolent Dictator For Life", "free and open source software").
const OPTIONAL_IN_LONG_FORM = new Set(["and", "of", "for", "the", "a", "an", "to", "in", "on", "with", "or", "by"]);

/** Whether a sentence names an abbreviation together with its long form, whose initials spell it
 * ("free, libre, and open source software (FLOSS)", "BDFL stands for Benevolent Dictator for Life"). */
export function expandsAcronym(acronym: string, sentence: string): boolean {
  const letters = acronym.toLowerCase().replace(/[^a-z0-9]/g, "");
  const words = sentence.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== "");
  if (letters.length < 2 || !words.includes(acronym.toLowerCase())) return false;
  const spells = (i: number, j: number): boolean => {
    if (j === letters.length) return true;
    const word = words[i];
    if (word === undefined || word === letters) return false;
    return (word[0] === letters[j] && spells(i + 1, j + 1)) || (OPTIONAL_IN_LONG_FORM.has(word) && j > 0 && spells(i + 1, j));
  };
  return words.some((w, i) => w[0] === letters[0] && spells(i, 0));
}

// A run of capitalised words: "Ada Lovelace", "Linux Foundation Chief Economist Frank Nagle".
const CAPITALISED_RUN = /(?<![\p{L}\p{N}])\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?![\p{L}\p{N}])(?:\s+(?:\p{Lu}\.\s+)?\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?![\p{L}\p{N}]))*/gu;
// Words that open a sentence or a noun phrase, not a name ("The Contributor Covenant", "In March").
const NOT_A_FIRST_NAME = new Set(["The", "A", "An", "This", "That", "These", "Those", "Our", "Your", "Its", "Their", "In", "On", "At", "For", "If", "When", "What", "Which", "Many", "Some", "Most", "Every", "Each", "All"]);
const DETERMINERS = new Set(["The", "A", "An", "This", "That", "These", "Those", "Our", "Your", "Its", "Their"]);
// The last word of an organisation's or a thing's name, never of a person's.
const ORGANISATION_WORDS = new Set(["Foundation", "Committee", "Council", "Board", "Team", "Teams", "Group", "Project", "Institute", "University", "Society", "Association", "Conference", "Summit", "Fund", "Program", "Programme", "Inc", "Ltd", "Corporation", "Company", "Labs", "Network", "Alliance", "Initiative", "Consortium", "System", "Systems", "Service", "Services"]);

/** Whether a sentence names a person: two capitalised words ("Ada Lovelace"), or a longer run whose last
 * word is no English word ("Chief Economist Frank Nagle"), that is not part of an organisation's name
 * ("Forum of Incident Response and Security Teams", "Open Commons Foundation"). */
function namesPerson(sentence: string): boolean {
  for (const m of sentence.matchAll(CAPITALISED_RUN)) {
    const before = sentence.slice(0, m.index);
    const after = sentence.slice(m.index + m[0].length);
    if (/\b(?:the|a|an|this|that|our|your|its|their|of|and|for)\s+$/i.test(before) || /^\s+(?:of|and|for)\s+\p{Lu}/u.test(after)) continue;
    const words = m[0].split(/\s+/).filter((w) => !/^\p{Lu}\.$/u.test(w));
    // "The Contributor Covenant": a determiner makes what follows a thing, not a person.
    if (DETERMINERS.has(words[0]!)) continue;
    while (words.length > 0 && NOT_A_FIRST_NAME.has(words[0]!)) words.shift();
    const last = words.at(-1);
    if (words.length < 2 || last === undefined || ORGANISATION_WORDS.has(last)) continue;
    if (words.length === 2 || !isEnglishWord(last.toLowerCase())) return true;
  }
  return false;
}

export function hasAnswerShape(type: AnswerType, sentence: string): boolean {
  if (type === "other" || type === "expansion") return false;
  if (type === "person") return namesPerson(sentence) || SHAPES.person.test(sentence);
  // "How quickly…?" is answered by a time span ("in ten weeks") or by a rate ("three per day").
  if (type === "duration") return SHAPES.duration.test(sentence) || SHAPES.frequency.test(sentence);
  // "When is it closed?" is also answered relative to an event: "14 days later", "after 30 days".
  if (type === "time") return SHAPES.time.test(sentence) || RELATIVE_TIME.test(sentence);
  return SHAPES[type].test(sentence);
}
