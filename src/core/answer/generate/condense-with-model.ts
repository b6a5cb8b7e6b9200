// Rewrites a follow-up into a standalone query for retrieval with the model ("what about Slack?" → "how does
// Docent handle Slack …"). The model's reply is only ever used as a search query, never shown; anything
// unusable (empty, a refusal spread over lines, a failure or timeout) falls back to the rule-based rewrite.
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Logger } from "../../../logger.js";
import type { HistoryTurn } from "../../types.js";
import { condenseQuestion } from "../condense-question.js";
import { CONDENSE_CONVERSATION_LEAD, CONDENSE_FOLLOW_UP_LEAD, CONDENSE_OUTPUT_LEAD, CONDENSE_SYSTEM_PROMPT } from "./prompts.js";
import { defangUntrusted } from "./untrusted-text.js";
import { withRetries, type RetryOptions } from "./with-retries.js";

/** Each earlier turn is cut to this many characters: the gist is enough to resolve a reference. */
const TURN_MAX_CHARS = 600;
/** A standalone query is a sentence; anything much longer is not one. */
const QUERY_MAX_CHARS = 400;

export async function condenseWithModel(
  model: BaseChatModel,
  question: string,
  history: HistoryTurn[],
  options: {
    retry: RetryOptions;
    logger: Logger;
    /** Called when the model request failed for good (retries spent); the rule-based rewrite is used then. */
    onError?: (error: unknown) => void;
  },
): Promise<string> {
  const started = performance.now();
  const conversation = history
    .filter((t) => t.text.trim() !== "")
    .map((t) => `${t.role === "user" ? "User" : "Assistant"}: ${defangUntrusted(t.text.replace(/\s+/g, " ").trim().slice(0, TURN_MAX_CHARS))}`)
    .join("\n");
  const request = `${CONDENSE_CONVERSATION_LEAD}\n${conversation}\n\n${CONDENSE_FOLLOW_UP_LEAD}\n${defangUntrusted(question)}\n\n${CONDENSE_OUTPUT_LEAD}`;
  try {
    const { value, attempts } = await withRetries(
      (signal) => model.invoke([new SystemMessage(CONDENSE_SYSTEM_PROMPT), new HumanMessage(request)], { signal }),
      options.retry,
    );
    const query = cleanQuery(value.text);
    options.logger.debug({ attempts, ms: Math.round(performance.now() - started), usage: value.usage_metadata, usedModel: query !== undefined }, "llm: follow-up condensed");
    return query ?? condenseQuestion(question, history);
  } catch (error) {
    options.logger.warn({ err: error, ms: Math.round(performance.now() - started) }, "llm: could not condense the follow-up; using the rule-based rewrite");
    options.onError?.(error);
    return condenseQuestion(question, history);
  }
}

function cleanQuery(text: string): string | undefined {
  const line = text
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "");
  if (!line) return undefined;
  const query = line
    .replace(new RegExp(`^${CONDENSE_OUTPUT_LEAD.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*`, "i"), "")
    .replace(/^["'“”‘’]+|["'“”‘’]+$/g, "")
    .trim();
  return query === "" || query.length > QUERY_MAX_CHARS ? undefined : query;
}
