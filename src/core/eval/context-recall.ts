// Context recall: does the prompt a language model gets hold the facts it needs? Each question of a labelled
// set is asked alone through the real generated-answer path — retrieval, prompt building, trimming to the
// context window — with a recording stand-in for the model (recording-chat-server.ts), and the sources sent
// are searched for the question's required facts (each must_contain string, or one of its alt_map wordings,
// compared as answers are scored). A fact missing there cannot be in a grounded answer, whatever the model,
// so this separates retrieval and prompt-building misses from the model's own.
import { loadConfig, type LlmConfig } from "../../config.js";
import { createAnswerer } from "../answer/create-answerer.js";
import { ANSWER_SYSTEM_PROMPT } from "../answer/generate/prompts.js";
import { estimateTokens } from "../answer/generate/token-estimate.js";
import { openDocent, type DocentSettings } from "../docent.js";
import type { Embedder } from "../embeddings/create-embeddings.js";
import type { EvalItem } from "./eval-set.js";
import { mean } from "./metrics.js";
import { startRecordingChatServer, type RecordedRequest } from "./recording-chat-server.js";
import { normaliseForMatch } from "./score-question.js";
import { rateOf, type Rate } from "./summarize.js";

/** What the stand-in model answers: a decline, so no answer is mistaken for a real one. */
const STAND_IN_REPLY = "I don't know.";
/** The stand-in takes any key; a real one is never sent anywhere by this measurement. */
const STAND_IN_KEY = "context-recall-no-key";

export interface ContextRecallQuestion {
  id: string;
  question: string;
  /** The question's prompt reached the model (it is not when retrieval found nothing). */
  reachedModel: boolean;
  /** Source blocks in the prompt, and their titles, in order. */
  sources: number;
  sourceTitles: string[];
  /** Estimated tokens of the whole prompt (every message), as Docent sizes it. */
  promptTokens: number;
  /** Every required fact is in the sources sent; null for unanswerable items and items without must_contain. */
  covered: boolean | null;
  /** The must_contain strings none of whose wordings were sent. */
  missing: string[];
}

export interface ContextRecallSummary {
  /** Share of answerable items with must_contain whose facts were all in the prompt. */
  recall: Rate;
  questions: number;
  reachedModel: number;
  /** Ids of the questions whose prompt never reached the model. */
  neverReachedModel: string[];
  sourcesPerPrompt: { mean: number; max: number };
  promptTokens: { mean: number; max: number };
  contextTokens: number;
}

export interface ContextRecallReport {
  summary: ContextRecallSummary;
  questions: ContextRecallQuestion[];
}

/** Runs every item alone through the generated-answer path, with the model replaced by the recording stand-in. */
export async function measureContextRecall(items: EvalItem[], config: DocentSettings, options: { embedder?: Embedder } = {}): Promise<ContextRecallReport> {
  const server = await startRecordingChatServer(STAND_IN_REPLY);
  try {
    const measured: DocentSettings = { ...config, llm: standInLlm(config, server.baseUrl) };
    const docent = await openDocent(measured, { embedder: options.embedder, answerer: createAnswerer(measured) });
    const questions: ContextRecallQuestion[] = [];
    try {
      for (const item of items) {
        const before = server.requests.length;
        await docent.ask(item.question);
        const sent = server.requests.slice(before);
        questions.push(judge(item, sent.find((r) => r.messages[0]?.content === ANSWER_SYSTEM_PROMPT)));
      }
    } finally {
      await docent.close();
    }
    return { summary: summarise(questions, measured.llm!.contextTokens), questions };
  } finally {
    await server.close();
  }
}

/** The configured model settings (context window, answer length) pointed at the stand-in. */
function standInLlm(config: DocentSettings, baseUrl: string): LlmConfig {
  const defaults = loadConfig({ LLM_PROVIDER: "openai", LLM_BASE_URL: baseUrl }).llm!;
  return { ...defaults, ...config.llm, provider: "openai", baseUrl, apiKey: STAND_IN_KEY, maxRetries: 0 };
}

const SOURCE_BLOCK = /<source n="\d+">\n([\s\S]*?)\n<\/source>/g;

function judge(item: EvalItem, request: RecordedRequest | undefined): ContextRecallQuestion {
  const user = [...(request?.messages ?? [])].reverse().find((m) => m.role === "user")?.content ?? "";
  const blocks = [...user.matchAll(SOURCE_BLOCK)].map((m) => m[1]!);
  const sent = comparable(blocks.join("\n"));
  const applies = !item.unanswerable && item.mustContain.length > 0;
  const missing = applies ? item.mustContain.filter((fact) => ![fact, ...(item.altMap[fact] ?? [])].some((w) => sent.includes(comparable(w)))) : [];
  return {
    id: item.id,
    question: item.question,
    reachedModel: request !== undefined,
    sources: blocks.length,
    sourceTitles: blocks.map((b) => /^title: (.*)$/m.exec(b)?.[1] ?? ""),
    promptTokens: request ? request.messages.reduce((n, m) => n + estimateTokens(m.content), 0) : 0,
    covered: applies ? missing.length === 0 : null,
    missing,
  };
}

/** Answers are scored with normaliseForMatch; sources are hard-wrapped, so runs of whitespace count as one space. */
function comparable(text: string): string {
  return normaliseForMatch(text).replace(/\s+/g, " ");
}

function summarise(questions: ContextRecallQuestion[], contextTokens: number): ContextRecallSummary {
  const reached = questions.filter((q) => q.reachedModel);
  return {
    recall: rateOf(questions.map((q) => q.covered)),
    questions: questions.length,
    reachedModel: reached.length,
    neverReachedModel: questions.filter((q) => !q.reachedModel).map((q) => q.id),
    sourcesPerPrompt: { mean: mean(reached.map((q) => q.sources)), max: Math.max(0, ...reached.map((q) => q.sources)) },
    promptTokens: { mean: mean(reached.map((q) => q.promptTokens)), max: Math.max(0, ...reached.map((q) => q.promptTokens)) },
    contextTokens,
  };
}

/** The terminal lines: the figure as a table row, what was sent, and the questions whose facts were not. */
export function formatContextRecall(report: ContextRecallReport): string {
  const s = report.summary;
  const lines = [
    `context recall | ${s.recall.value.toFixed(3)} | ${s.recall.count}   (answerable questions whose required facts were all in the prompt's sources)`,
    `reached the model: ${s.reachedModel} of ${s.questions} questions${s.neverReachedModel.length > 0 ? ` (never: ${s.neverReachedModel.join(", ")})` : ""}`,
    `sent per prompt: ${s.sourcesPerPrompt.mean.toFixed(1)} sources (max ${s.sourcesPerPrompt.max}), ~${Math.round(s.promptTokens.mean)} tokens (max ~${s.promptTokens.max}) of a ${s.contextTokens}-token context window`,
  ];
  const missed = report.questions.filter((q) => q.covered === false);
  if (missed.length > 0) {
    lines.push("", "Facts not in the prompt:");
    for (const q of missed) lines.push(`  ${q.id}: ${q.question}`, `    - missing ${q.missing.map((m) => JSON.stringify(m)).join(", ")}; sources: ${q.sourceTitles.join(" | ") || "none"}`);
  }
  return `${lines.join("\n")}\n`;
}
