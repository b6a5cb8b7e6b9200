// The chat tasks over a Docent (task-types.ts): latest, searchDocuments, summarize and request. All of them
// read the live index through the core (`read`, which keeps the generation open while a task runs) and rank
// with the core's hybrid retrieval; none keeps state between calls. With a language model configured,
// summaries are written by it (grounding-checked) and free-form requests go to a bounded tool-calling agent;
// without one, summaries are extractive and a request is a question (`ask`).
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { LlmConfig } from "../../config.js";
import { createLogger, type Logger } from "../../logger.js";
import { createChatModel } from "../answer/generate/chat-model.js";
import type { Docent, IndexView } from "../docent.js";
import { retrieve } from "../retrieve/retrieve.js";
import { runAgent } from "../agent/run-agent.js";
import type { Answer, AskOptions } from "../types.js";
import { latestDocuments } from "./latest.js";
import { catalogOf } from "./task-catalog.js";
import { DocumentNotFoundError, resolveDocument } from "./resolve-document.js";
import { checkQuery, searchDocuments, type RetrieveFn } from "./search-documents.js";
import { extractiveSummary, modelSummary } from "./summarize.js";
import type { TaskService } from "./task-types.js";

export interface TaskServiceOptions {
  /** Models to use instead of ones built from LLM_* (tests inject their own). */
  models?: { summary?: BaseChatModel; agent?: BaseChatModel };
  logger?: Logger;
  /** For "today" in the agent's prompt. */
  now?: () => Date;
}

/** What the tasks read of the configuration: the limits on questions, the summary length and the agent's bounds (SUMMARY_MAX_CHARS, AGENT_*), and the model (LLM_*). */
export interface TaskSettings {
  retrieval: { relevanceFloor: number };
  answer: { maxQuestionChars: number; timeoutMs: number; historyMaxTurns: number };
  tasks: { summaryMaxChars: number; agentMaxToolCalls: number; agentDeadlineMs: number };
  llm?: LlmConfig;
}

/** What the tasks need from the core. */
export type TaskCore = Pick<Docent, "ask" | "read" | "embedder">;

// Share of ASK_TIMEOUT_MS a model-written summary may take (as for answers), before the extractive one.
const SUMMARY_SHARE = 0.6;
const CLOSEST_BY_SEARCH = 3;

export function createTaskService(core: TaskCore, config: TaskSettings, options: TaskServiceOptions = {}): TaskService {
  const log = options.logger ?? createLogger("tasks");
  const { llm } = config;
  // Built on first use, so a Docent without a model (or never asked for a task) creates no client.
  let summaryModel = options.models?.summary;
  let agentModel = options.models?.agent;
  const summaryModelOf = () => (summaryModel ??= createChatModel(llm!));
  const agentModelOf = () => (agentModel ??= createChatModel(llm!));

  const retrieverOf = (view: IndexView): RetrieveFn => async (query, topK) => {
    const vector = view.denseWeight > 0 ? await core.embedder.embeddings.embedQuery(query) : undefined;
    const result = await retrieve(view.index, vector, query, { topK, denseWeight: view.denseWeight, candidates: topK });
    return { ...result, semantic: view.index.meta.embedder.kind === "semantic" && view.denseWeight > 0 };
  };

  const service: TaskService = {
    async latest(latestOptions = {}) {
      return core.read(async (view) => {
        const items = await latestDocuments(view, retrieverOf(view), latestOptions, config.retrieval.relevanceFloor);
        // Documents' own words pass the same link policy as answers.
        return items.map((item) => ({ ...item, summary: view.links.clean(item.summary) }));
      });
    },

    async searchDocuments(query, searchOptions = {}) {
      const text = checkQuery("search", query, config.answer.maxQuestionChars);
      return core.read(async (view) => {
        const page = await searchDocuments(retrieverOf(view), text, searchOptions);
        return { ...page, items: page.items.map((item) => ({ ...item, snippet: view.links.clean(item.snippet) })) };
      });
    },

    async summarize(target) {
      const wanted = checkQuery("summarize", target, config.answer.maxQuestionChars);
      return core.read(async (view) => {
        const catalog = catalogOf(view);
        const documents = await catalog.documents();
        let doc;
        try {
          doc = resolveDocument(documents, wanted);
        } catch (error) {
          // No title shares a word with the target: name the documents retrieval finds closest instead.
          if (error instanceof DocumentNotFoundError && error.closest.length === 0) {
            const page = await searchDocuments(retrieverOf(view), wanted, { pageSize: CLOSEST_BY_SEARCH });
            throw new DocumentNotFoundError(wanted, page.items.map((item) => item.title));
          }
          throw error;
        }
        const chunks = await catalog.chunksOf(doc.file);
        const summary = llm
          ? await modelSummary(doc, chunks, { model: summaryModelOf(), llm, maxChars: config.tasks.summaryMaxChars, budgetMs: Math.round(config.answer.timeoutMs * SUMMARY_SHARE), logger: log })
          : extractiveSummary(doc, chunks, config.tasks.summaryMaxChars);
        return { ...summary, summary: view.links.clean(summary.summary) };
      });
    },

    async request(text, askOptions: AskOptions = {}): Promise<Answer> {
      if (!llm) return core.ask(text, askOptions);
      const request = checkQuery("request", text, config.answer.maxQuestionChars);
      const started = performance.now();
      const history = (askOptions.history ?? []).slice(-config.answer.historyMaxTurns);
      const outcome = await runAgent(
        request,
        history,
        {
          searchDocuments: (q, o) => service.searchDocuments(q, o),
          latest: (o) => service.latest(o),
          summarize: (t) => service.summarize(t),
          ask: (q) => core.ask(q),
        },
        { model: agentModelOf(), maxToolCalls: config.tasks.agentMaxToolCalls, deadlineMs: config.tasks.agentDeadlineMs, logger: log, now: options.now },
      );
      if (!outcome.ok) {
        log.warn({ reason: outcome.reason, toolCalls: outcome.toolCalls }, "request: the agent gave no usable reply; answering it as a question");
        return core.ask(text, askOptions);
      }
      const answer = await core.read(async (view) => view.links.clean(outcome.draft.answer));
      const totalMs = performance.now() - started;
      return { ...outcome.draft, answer, timings: { retrieveMs: round(outcome.toolMs), answerMs: round(totalMs - outcome.toolMs) } };
    },
  };
  return service;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
