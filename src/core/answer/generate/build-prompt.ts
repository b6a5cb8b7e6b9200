// Assembles the chat messages for one answer: the rules (system), the recent conversation, then one user
// message holding the delimited sources and the question. The token budget is spent in that order of need:
// the answer's own tokens and the fixed text first, then up to a quarter of the window on history (newest
// turns kept), and whatever is left on sources.
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { RetrievedPassage } from "../../retrieve/retrieve.js";
import type { HistoryTurn } from "../../types.js";
import { formatSources, type FormattedSources } from "./format-sources.js";
import { ANSWER_REMINDER, ANSWER_SYSTEM_PROMPT, QUESTION_LEAD, SOURCES_PREAMBLE } from "./prompts.js";
import { estimateTokens } from "./token-estimate.js";
import { defangUntrusted } from "./untrusted-text.js";

/** Chat formats add a few tokens of framing per message. */
const PER_MESSAGE_TOKENS = 6;
const HISTORY_SHARE = 0.25;
/** Room for the estimate being off and for the server's own template. */
const SAFETY_SHARE = 0.05;

export interface AnswerPrompt {
  messages: BaseMessage[];
  sources: FormattedSources;
  /** Estimated tokens of the whole prompt. */
  promptTokens: number;
  historyTurns: number;
}

export function buildAnswerPrompt(
  input: { question: string; history: HistoryTurn[]; passages: RetrievedPassage[] },
  budget: { contextTokens: number; maxAnswerTokens: number },
): AnswerPrompt {
  const question = defangUntrusted(input.question);
  const head = `${SOURCES_PREAMBLE}\n\n`;
  const tail = `\n\n${QUESTION_LEAD}\n${question}\n\n${ANSWER_REMINDER}`;
  const fixed = estimateTokens(ANSWER_SYSTEM_PROMPT) + estimateTokens(head) + estimateTokens(tail) + 2 * PER_MESSAGE_TOKENS;
  let available = budget.contextTokens - budget.maxAnswerTokens - fixed - Math.ceil(budget.contextTokens * SAFETY_SHARE);

  const history: BaseMessage[] = [];
  let historyTokens = 0;
  const historyBudget = Math.min(available, Math.floor(budget.contextTokens * HISTORY_SHARE));
  for (const turn of [...input.history].reverse()) {
    const text = defangUntrusted(turn.text);
    const cost = estimateTokens(text) + PER_MESSAGE_TOKENS;
    if (historyTokens + cost > historyBudget) break;
    historyTokens += cost;
    history.unshift(turn.role === "user" ? new HumanMessage(text) : new AIMessage(text));
  }
  available -= historyTokens;

  const sources = formatSources(input.passages, available);
  const messages = [new SystemMessage(ANSWER_SYSTEM_PROMPT), ...history, new HumanMessage(`${head}${sources.text}${tail}`)];
  return { messages, sources, promptTokens: fixed + historyTokens + estimateTokens(sources.text), historyTurns: history.length };
}
