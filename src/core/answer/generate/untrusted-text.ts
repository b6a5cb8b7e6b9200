// Retrieved documents and members' questions are untrusted text placed inside a prompt. Two things in such
// text could act on the model beyond its words: our own source delimiters (a document containing
// "</source>" could appear to end its block and speak as the prompt), and chat-template control tokens
// ("<|im_start|>system", "[INST]", "<<SYS>>"), which some OpenAI-compatible servers tokenize as real special
// tokens and so could forge a system turn. Both are defanged here into look-alikes that read the same.

const REPLACEMENTS: [RegExp, string][] = [
  [/<(\/?)source\b/gi, "‹$1source"],
  [/<\|/g, "‹|"],
  [/\|>/g, "|›"],
  [/\[(\/?)INST\]/g, "($1INST)"],
  [/<<(\/?)SYS>>/g, "«$1SYS»"],
  [/<(\/?)(s|start_of_turn|end_of_turn|bos|eos|system|user|assistant)>/gi, "‹$1$2›"],
];

export function defangUntrusted(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
  return out;
}

/** For one-line fields (title, section, url): no line breaks, so a field cannot start a fake line of its own. */
export function defangLine(text: string): string {
  return defangUntrusted(text.replace(/[\r\n]+/g, " ").trim());
}
