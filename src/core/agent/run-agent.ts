// A free-form request handled by a tool-calling agent (langchain's createAgent) over the chat tasks. Bounded:
//  - at most `maxToolCalls` tool executions (further calls are answered "limit reached"), and at most
//    maxToolCalls + 2 model turns; when the turns run out, one last model call with tools disabled asks for
//    the reply from what the tools returned;
//  - an overall deadline (an AbortSignal through the agent and every model call);
//  - malformed tool calls (arguments that are not JSON) and unknown tool names are answered with an error
//    message the model can correct, and count as turns;
//  - the final text passes the grounding check against the sources the tools returned: citations only to
//    them, links only to their urls, uncited statements removed.
// Anything that ends without a usable reply (an error, the deadline, no tool ever used) is reported as a
// failure with its reason; the caller then answers the request as a question.
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import { createAgent, createMiddleware } from "langchain";
import type { Logger } from "../../logger.js";
import { closestDocumentsLine, NOT_COVERED } from "../answer/answer-texts.js";
import type { DraftAnswer } from "../answer/drafts.js";
import { allowedUrlSet, checkGrounding } from "../answer/generate/grounding-check.js";
import { defangUntrusted } from "../answer/generate/untrusted-text.js";
import type { HistoryTurn } from "../types.js";
import { createAgentTools, TOOL_NAMES, type TaskBackend, type ToolBudget } from "./agent-tools.js";
import { AGENT_SYSTEM_PROMPT, ANSWER_NOW } from "./prompts.js";
import { SourceRegistry } from "./source-registry.js";

export interface AgentOptions {
  model: BaseChatModel;
  maxToolCalls: number;
  deadlineMs: number;
  logger: Logger;
  /** For "today" in the prompt (tests pin it). */
  now?: () => Date;
}

export type AgentOutcome =
  | { ok: true; draft: DraftAnswer; toolMs: number; toolCalls: number }
  | { ok: false; reason: string; toolMs: number; toolCalls: number };

/** Extra model turns beyond one per allowed tool call: the first plan and the reply. */
const EXTRA_TURNS = 2;

export async function runAgent(request: string, history: HistoryTurn[], backend: TaskBackend, options: AgentOptions): Promise<AgentOutcome> {
  const log = options.logger;
  const registry = new SourceRegistry();
  const budget: ToolBudget = { max: options.maxToolCalls, used: 0, refused: 0, ms: 0, calls: [] };
  const tools = createAgentTools(backend, registry, budget);
  const maxTurns = options.maxToolCalls + EXTRA_TURNS;
  let turns = 0;
  let outOfTurns = false;
  const malformed = new Map<string, string>();
  let unknownTools = 0;

  const bounds = createMiddleware({
    name: "DocentBounds",
    beforeModel: {
      canJumpTo: ["end"],
      hook: () => {
        if (turns >= maxTurns) {
          outOfTurns = true;
          return { jumpTo: "end" };
        }
        turns++;
        return undefined;
      },
    },
    // A tool call whose arguments are not valid JSON arrives as an "invalid tool call", which the agent would
    // otherwise take for a final reply: it is turned into a call that the tool step answers with the error.
    wrapModelCall: async (req, handler) => {
      const message = await handler(req);
      const invalid = message.invalid_tool_calls ?? [];
      if (invalid.length === 0) return message;
      const repaired = invalid.map((call, i) => {
        const id = call.id ?? `invalid-${turns}-${i}`;
        malformed.set(id, call.error ?? "the arguments are not valid JSON");
        return { id, name: call.name ?? "unknown", args: {}, type: "tool_call" as const };
      });
      return new AIMessage({ content: message.content, id: message.id, tool_calls: [...(message.tool_calls ?? []), ...repaired], invalid_tool_calls: [], additional_kwargs: message.additional_kwargs, response_metadata: message.response_metadata });
    },
    wrapToolCall: async (req, handler) => {
      const call = req.toolCall;
      const id = call.id ?? "";
      const reply = (content: string) => new ToolMessage({ content, tool_call_id: id, name: call.name, status: "error" });
      const error = malformed.get(id);
      if (error !== undefined) return reply(`The call to "${call.name}" could not be read: ${error}. Call it again with a JSON object matching its parameters.`);
      if (!(TOOL_NAMES as readonly string[]).includes(call.name)) {
        unknownTools++;
        return reply(`There is no tool named "${call.name}". The tools are: ${TOOL_NAMES.join(", ")}.`);
      }
      try {
        return await handler(req);
      } catch (caught) {
        // Arguments that do not match a tool's schema, and anything a tool throws that is not an AppError.
        log.debug({ err: caught, tool: call.name }, "agent: tool call failed");
        return reply(`The call to "${call.name}" failed: ${caught instanceof Error ? caught.message.split("\n")[0] : String(caught)}. Check its parameters.`);
      }
    },
  });

  const today = (options.now?.() ?? new Date()).toISOString().slice(0, 10);
  const systemPrompt = AGENT_SYSTEM_PROMPT.replace("{today}", today).replace("{maxToolCalls}", String(options.maxToolCalls));
  const agent = createAgent({ model: options.model, tools, systemPrompt, middleware: [bounds] });
  const messages: BaseMessage[] = [
    ...history.map((turn) => (turn.role === "user" ? new HumanMessage(defangUntrusted(turn.text)) : new AIMessage(defangUntrusted(turn.text)))),
    new HumanMessage(defangUntrusted(request)),
  ];
  const signal = AbortSignal.timeout(options.deadlineMs);
  const fail = (reason: string): AgentOutcome => ({ ok: false, reason, toolMs: budget.ms, toolCalls: budget.used });

  let transcript: BaseMessage[];
  try {
    const result = await agent.invoke({ messages }, { signal, recursionLimit: 4 * maxTurns + 10 });
    transcript = result.messages as BaseMessage[];
  } catch (error) {
    log.warn({ err: error, toolCalls: budget.used, turns, deadlineMs: options.deadlineMs }, "agent: the request could not be completed");
    return fail(signal.aborted ? `deadline of ${options.deadlineMs} ms passed` : `agent error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  }

  let finalText = lastReply(transcript);
  if (finalText === undefined && outOfTurns) {
    // The turns ran out while the model kept calling tools: one last call, tools disabled, for the reply.
    try {
      const model = options.model.bindTools ? options.model.bindTools(tools, { tool_choice: "none" }) : options.model;
      const reply = await model.invoke([new SystemMessage(systemPrompt), ...transcript, new HumanMessage(ANSWER_NOW)], { signal });
      finalText = reply.text.trim() || undefined;
    } catch (error) {
      log.warn({ err: error, toolCalls: budget.used, turns }, "agent: no reply after the tool budget was spent");
      return fail(signal.aborted ? `deadline of ${options.deadlineMs} ms passed` : "no reply after the tool budget was spent");
    }
  }
  const context = { toolCalls: budget.used, refusedToolCalls: budget.refused, malformedToolCalls: malformed.size, unknownTools, turns, outOfTurns, sources: registry.size, tools: budget.calls.map((c) => `${c.name}${c.ok ? "" : "(failed)"}`) };
  if (finalText === undefined) {
    log.warn(context, "agent: ended without a reply");
    return fail("the agent ended without a reply");
  }
  if (registry.size === 0) {
    log.warn(context, "agent: replied without using a tool; its reply cannot be checked");
    return fail("no tool was used, so the reply has no sources");
  }
  const checked = checkGrounding(finalText, registry.size, allowedUrlSet(registry.urls()));
  log.info({ ...context, cited: checked.cited.length, removedSentences: checked.removedSentences, removedCitations: checked.removedCitations, removedUrls: checked.removedUrls }, "agent: replied");
  if (checked.cited.length === 0) return { ok: true, draft: notCovered(registry), toolMs: budget.ms, toolCalls: budget.used };
  return { ok: true, draft: { answer: checked.text.trim(), citations: registry.citations(checked.cited), grounded: true }, toolMs: budget.ms, toolCalls: budget.used };
}

/** The model's reply: the last message when it is the model's and calls no tools. */
function lastReply(messages: BaseMessage[]): string | undefined {
  const last = messages.at(-1);
  if (!last || !AIMessage.isInstance(last) || (last.tool_calls?.length ?? 0) > 0) return undefined;
  const text = last.text.trim();
  return text === "" ? undefined : text;
}

/** Nothing cited survived the check: the honest reply, naming the documents the tools found. */
function notCovered(registry: SourceRegistry): DraftAnswer {
  const seen = new Set<string>();
  const closest = registry.sources.map((s, i) => ({ s, n: i + 1 })).filter(({ s }) => !seen.has(s.file) && seen.add(s.file)).slice(0, 3);
  return {
    answer: `${NOT_COVERED}${closestDocumentsLine(closest.map(({ s }) => s.title))}`,
    citations: registry.citations(closest.map(({ n }) => n)),
    grounded: false,
  };
}
