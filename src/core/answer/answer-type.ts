// What kind of answer a question asks for ("how many" → a number, "who" → a name, "why" → a reason), and
// whether a sentence has that shape. Extractive QA has long used this cue: among sentences that share the
// question's words, the one holding the asked-for kind of fact is usually the answer.

type AnswerType = "number" | "person" | "time" | "reason" | "place" | "other";

const PATTERNS: [RegExp, AnswerType][] = [
  [/\b(how (many|much|often|long|big|large|fast)|what (share|percentage|percent|proportion|number|amount|fraction))\b/i, "number"],
  [/\bwho(m|se)?\b/i, "person"],
  [/\b(when|what (year|date|day|month|time))\b/i, "time"],
  [/\b(why|what (reasons?|causes?))\b/i, "reason"],
  [/\bwhere\b/i, "place"],
];

const SHAPES: Record<Exclude<AnswerType, "other">, RegExp> = {
  number: /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand|million|billion|trillion|half|dozen)\b/i,
  person: /\b\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+/u,
  time: /\b(1[89]|20)\d\d\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|weekly|daily|every)\b/i,
  reason: /\b(because|reasons?|due to|since|so that|caused|structural|why)\b/i,
  place: /\b(in|at|from|near)\s+\p{Lu}/u,
};

export function answerTypeOf(question: string): AnswerType {
  return PATTERNS.find(([pattern]) => pattern.test(question))?.[1] ?? "other";
}

export function hasAnswerShape(type: AnswerType, sentence: string): boolean {
  return type !== "other" && SHAPES[type].test(sentence);
}
