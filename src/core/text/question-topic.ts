// What a chat question is about, without the words that frame it: a preamble ("random q:", "quick
// question —", "sorry if this is dumb, but") and references to the knowledge base itself ("according to the
// guides", "in the docs"). Those words are in every question and in no answer; left in, they weigh like
// topic words that the answer lacks.
const PREAMBLE =
  /^\s*(?:(?:hey|hi|hello|yo)(?:\s+(?:all|folks|everyone|team|there|y'?all))?\s*[,!.:-]*\s*)?(?:(?:a|one|another|some)\s+)?(?:(?:random|quick|dumb|silly|stupid|noob|newbie|basic|simple|small|weird|odd)\s+)+(?:trivia\s+)?(?:q|qq|qn|question|query)\b\s*[:,.!?—–-]*\s*/i;
const APOLOGY = /^\s*(?:sorry|apologies)(?:\s+if\s+(?:this|it)\s+(?:is|was|'s)\s+(?:a\s+)?(?:dumb|stupid|silly|basic|obvious|noob)(?:\s+question)?)?\s*[,.:-]*\s*(?:but\s+)?/i;
const KB_REFERENCE =
  /[,;]?\s*\b(?:according\s+to|as\s+per|per|based\s+on|in|from|by)\s+(?:the|your|these|this|our)\s+(?:guides?|docs?|documentation|articles?|knowledge\s*base|kb|wiki|site|handbook|manual)\b/gi;

/** The question with its chat preamble and knowledge-base references removed (never empty). */
export function questionTopic(question: string): string {
  const topic = question.replace(PREAMBLE, "").replace(APOLOGY, "").replace(KB_REFERENCE, "").trim();
  return topic === "" ? question : topic;
}
