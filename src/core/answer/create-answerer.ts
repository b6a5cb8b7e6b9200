// Picks the answerer from the configuration: extractive (offline, the default) when no language model is
// configured, otherwise the generative one, which falls back to extractive on its own.
import type { LlmConfig } from "../../config.js";
import { createLogger, type Logger } from "../../logger.js";
import { createExtractiveAnswerer, type Answerer } from "./answerer.js";
import { createGenerativeAnswerer, type ModelErrorListener } from "./generate/generative-answerer.js";
import { redactUrl } from "./generate/redact-url.js";

// Shares of ASK_TIMEOUT_MS (the front ends' deadline for a whole ask): rewriting a follow-up and writing the
// answer must both finish, fallbacks included, before the member is told it took too long.
const CONDENSE_SHARE = 0.2;
const ANSWER_SHARE = 0.6;

/** What choosing and building the answerer reads of the configuration (ANSWER_MAX_CHARS, ASK_TIMEOUT_MS, RELEVANCE_FLOOR, LLM_*). */
export interface AnswererSettings {
  answer: { maxChars: number; timeoutMs: number };
  retrieval: { relevanceFloor: number };
  /** Set when a language model writes answers; otherwise answers are extractive. */
  llm?: LlmConfig;
}

export function createAnswerer(config: AnswererSettings, options: { logger?: Logger; onModelError?: ModelErrorListener } = {}): Answerer {
  const extractive = { maxChars: config.answer.maxChars, relevanceFloor: config.retrieval.relevanceFloor };
  if (!config.llm) return createExtractiveAnswerer(extractive);
  const { provider, model, baseUrl, contextTokens, maxAnswerTokens, timeoutMs, maxRetries } = config.llm;
  const log = options.logger ?? createLogger("llm");
  // Never the key: only whether one is set; and the base URL without any credentials it may carry.
  log.info(
    { provider, model, baseUrl: baseUrl === undefined ? "(OpenAI)" : redactUrl(baseUrl), apiKeySet: config.llm.apiKey !== undefined, contextTokens, maxAnswerTokens, timeoutMs, maxRetries },
    "answers are written by a language model",
  );
  return createGenerativeAnswerer({
    llm: config.llm,
    extractive,
    budgetMs: Math.round(config.answer.timeoutMs * ANSWER_SHARE),
    condenseBudgetMs: Math.round(config.answer.timeoutMs * CONDENSE_SHARE),
    logger: log,
    onModelError: options.onModelError,
  });
}
