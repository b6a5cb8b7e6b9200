// The answerer that has a language model write the answer from the retrieved passages. It wraps the
// extractive answerer rather than replacing it:
//  - every question with at least one retrieved passage goes to the model with the top passages; only an
//    empty retrieval (nothing indexed matched at all) is answered without it. Whether the passages answer
//    the question is the model's call ("I don't know") and the grounding check's, not the lexical relevance
//    floor's: the floor misjudges paraphrased questions, and the model reads the passages themselves;
//  - the model's text then passes the grounding check, sentence by sentence; an answer with nothing cited
//    left (an "I don't know" included) becomes "not covered" with the closest documents;
//  - when the model fails (timeout, 429, 5xx after retries within the budget, or anything else), the extractive
//    answer is returned with a short note — or, when the extractive answerer declines too, just its honest
//    decline: the member always gets an answer or an honest decline.
// Streaming: with onPartial, the answer is streamed and each partial passes the same check before it is shown.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessageChunk } from "@langchain/core/messages";
import type { LlmConfig } from "../../../config.js";
import { createLogger, type Logger } from "../../../logger.js";
import type { Answerer, AnswerInput } from "../answerer.js";
import { condenseQuestion, dependsOnHistory } from "../condense-question.js";
import { extractiveAnswer, type DraftAnswer, type ExtractiveOptions } from "../extractive-answer.js";
import { buildAnswerPrompt } from "./build-prompt.js";
import { createChatModel } from "./chat-model.js";
import { condenseWithModel } from "./condense-with-model.js";
import { fallbackDraft, groundedDraft, notCoveredDraft } from "../drafts.js";
import { allowedUrlSet, checkGrounding, checkPartial } from "./grounding-check.js";
import { retryReason, statusOf, withRetries, type RetryOptions } from "./with-retries.js";

/** A condensed query is a line of text. */
const CONDENSE_MAX_TOKENS = 128;

export interface GenerativeOptions {
  llm: LlmConfig;
  extractive: ExtractiveOptions;
  /** Wall-clock budget for writing one answer, retries and backoff included; past it, the extractive answer. */
  budgetMs: number;
  /** The same for rewriting a follow-up; past it, the rule-based rewrite. */
  condenseBudgetMs: number;
  /** First retry backoff (doubled per retry, capped at maxDelayMs). */
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Models to use instead of ones built from `llm` (tests and benchmarks inject their own). */
  models?: { answer: BaseChatModel; condense: BaseChatModel };
  logger?: Logger;
  /** Called once for each model request that failed for good (after its retries), answer or follow-up rewrite;
   *  npm start counts these in docent_model_errors_total. Must not throw. */
  onModelError?: ModelErrorListener;
}

/** Told of a model request that failed for good: which request, and the error. */
export type ModelErrorListener = (call: "answer" | "condense", error: unknown) => void;

interface Generation {
  text: string;
  attempts: number;
  firstTokenMs?: number;
  usage?: AIMessageChunk["usage_metadata"];
}

export function createGenerativeAnswerer(options: GenerativeOptions): Answerer {
  const log = options.logger ?? createLogger("llm");
  const { llm } = options;
  const answerModel = options.models?.answer ?? createChatModel(llm);
  const condenseModel = options.models?.condense ?? createChatModel(llm, { maxTokens: CONDENSE_MAX_TOKENS, temperature: 0 });
  const id = `${llm.provider}:${llm.model}`;
  const retry = (budgetMs: number, what: string): RetryOptions => ({
    budgetMs,
    attemptTimeoutMs: llm.timeoutMs,
    maxRetries: llm.maxRetries,
    baseDelayMs: options.retryBaseDelayMs ?? 500,
    maxDelayMs: options.retryMaxDelayMs ?? 4_000,
    onRetry: (info) => log.warn({ ...info, model: id }, `llm: ${what} failed; retrying`),
  });

  async function generate(input: AnswerInput, prompt: ReturnType<typeof buildAnswerPrompt>, allowed: ReadonlySet<string>): Promise<Generation> {
    const started = performance.now();
    const sourceCount = prompt.sources.passages.length;
    const { value, attempts } = await withRetries(async (signal): Promise<Omit<Generation, "attempts">> => {
      if (!input.onPartial) {
        const message = await answerModel.invoke(prompt.messages, { signal });
        return { text: message.text, usage: message.usage_metadata };
      }
      let raw = "";
      let shown: string | undefined;
      let firstTokenMs: number | undefined;
      let usage: Generation["usage"];
      for await (const chunk of await answerModel.stream(prompt.messages, { signal })) {
        if (chunk.usage_metadata) usage = chunk.usage_metadata;
        const piece = chunk.text;
        if (piece === "") continue;
        firstTokenMs ??= performance.now() - started;
        raw += piece;
        const view = checkPartial(raw, sourceCount, allowed);
        // Only growth is shown: front ends append what is new, and cannot take text back.
        if (view !== undefined && view.length > (shown?.length ?? 0) && view.startsWith(shown ?? "")) {
          shown = view;
          notify(input.onPartial, view, log);
        }
      }
      return { text: raw, usage, firstTokenMs };
    }, retry(options.budgetMs, "answer"));
    return { ...value, attempts };
  }

  return {
    id,
    async condense(question, history) {
      // A self-contained question is searched as asked, without spending a model call on it.
      if (history.length === 0 || !dependsOnHistory(question)) return question;
      const onError = (error: unknown) => reportModelError(options.onModelError, "condense", error, log);
      return condenseWithModel(condenseModel, question, history, { retry: retry(options.condenseBudgetMs, "condense"), logger: log, onError }).catch(() =>
        condenseQuestion(question, history),
      );
    },

    async answer(input): Promise<DraftAnswer> {
      const extractive = extractiveAnswer(input.question, input.query, input.passages, options.extractive);
      // Nothing was retrieved at all: there is nothing to give the model.
      if (input.passages.length === 0) return extractive;
      const started = performance.now();
      const prompt = buildAnswerPrompt(input, llm);
      if (prompt.sources.passages.length === 0) {
        log.warn({ model: id, contextTokens: llm.contextTokens }, "llm: no source fits the context window; answering extractively");
        return extractive;
      }
      const allowed = allowedUrlSet(prompt.sources.passages.map((p) => p.chunk.url));
      const context = { model: id, sources: prompt.sources.passages.length, trimmedSources: prompt.sources.trimmed, promptTokensEstimate: prompt.promptTokens, historyTurns: prompt.historyTurns, streamed: Boolean(input.onPartial) };

      let generation: Generation;
      try {
        generation = await generate(input, prompt, allowed);
      } catch (error) {
        log.warn({ ...context, err: error, status: statusOf(error), retryable: retryReason(error) ?? "no", ms: Math.round(performance.now() - started) }, "llm: no answer from the model; answering extractively");
        reportModelError(options.onModelError, "answer", error, log);
        // An extractive decline needs no note: it is the same honest answer the model would have given.
        return extractive.grounded ? fallbackDraft(extractive) : extractive;
      }

      const checkStarted = performance.now();
      const checked = checkGrounding(generation.text, prompt.sources.passages.length, allowed);
      const checkUs = Math.round((performance.now() - checkStarted) * 1000);
      const draft = checked.cited.length > 0 ? groundedDraft(checked.text, checked.cited, prompt.sources.passages) : notCoveredDraft(input.passages);
      log.info(
        {
          ...context,
          attempts: generation.attempts,
          firstTokenMs: generation.firstTokenMs === undefined ? undefined : Math.round(generation.firstTokenMs),
          totalMs: Math.round(performance.now() - started),
          inputTokens: generation.usage?.input_tokens,
          outputTokens: generation.usage?.output_tokens,
          totalTokens: generation.usage?.total_tokens,
          grounded: draft.grounded,
          citations: draft.citations.length,
          removedCitations: checked.removedCitations,
          removedUrls: checked.removedUrls,
          removedSentences: checked.removedSentences,
          groundingCheckUs: checkUs,
        },
        draft.grounded ? "llm: answered" : "llm: the answer cited no source; replying not covered",
      );
      return draft;
    },
  };
}

function reportModelError(listener: ModelErrorListener | undefined, call: "answer" | "condense", error: unknown, log: Logger): void {
  try {
    listener?.(call, error);
  } catch (listenerError) {
    // Counting a failure must never cost the member the fallback answer.
    log.debug({ err: listenerError }, "llm: onModelError threw");
  }
}

function notify(onPartial: (text: string) => void, text: string, log: Logger): void {
  try {
    onPartial(text);
  } catch (error) {
    // A front end failing to show progress must not cost the member the answer.
    log.debug({ err: error }, "llm: onPartial threw");
  }
}
