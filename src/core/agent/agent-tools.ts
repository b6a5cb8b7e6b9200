// The agent's four tools (search, latest, summarize, ask) over the task service, as langchain tools. Each
// result is a list of numbered source blocks registered in the request's SourceRegistry, so whatever the
// model cites can be traced to a document a tool returned. Every call counts against the request's bound;
// past it, a tool only says so. A tool's failure becomes a short message the model can act on, never a crash.
import { tool } from "langchain";
import { z } from "zod/v4";
import { isAppError } from "../../errors.js";
import { splitSentences } from "../answer/split-sentences.js";
import { CITATION, expandCitation, withoutCitations } from "../answer/generate/citations.js";
import type { Answer, Citation } from "../types.js";
import type { DocumentSummary, LatestItem, LatestOptions, SearchPage } from "../tasks/task-types.js";
import { TOOL_LIMIT_REACHED } from "./prompts.js";
import { sourceBlock, type SourceRegistry } from "./source-registry.js";

export interface TaskBackend {
  searchDocuments(query: string, options: { page?: number; pageSize?: number }): Promise<SearchPage>;
  latest(options: LatestOptions): Promise<LatestItem[]>;
  summarize(target: string): Promise<DocumentSummary>;
  ask(question: string): Promise<Answer>;
}

export interface ToolBudget {
  readonly max: number;
  used: number;
  /** Calls refused because the budget was spent. */
  refused: number;
  /** Time spent inside tools, in milliseconds. */
  ms: number;
  /** Each executed call, for logs: name and whether it succeeded. */
  calls: { name: string; ok: boolean }[];
}

export const TOOL_NAMES = ["search", "latest", "summarize", "ask"] as const;

export function createAgentTools(backend: TaskBackend, registry: SourceRegistry, budget: ToolBudget) {
  const run = async (name: string, work: () => Promise<string>): Promise<string> => {
    if (budget.used >= budget.max) {
      budget.refused++;
      return TOOL_LIMIT_REACHED;
    }
    budget.used++;
    const started = performance.now();
    try {
      const result = await work();
      budget.calls.push({ name, ok: true });
      return result;
    } catch (error) {
      budget.calls.push({ name, ok: false });
      // An AppError's message is written for people (e.g. "no document matches …; closest: …"): the model can use it.
      if (isAppError(error)) return `${name} failed: ${error.message}`;
      throw error;
    } finally {
      budget.ms += performance.now() - started;
    }
  };

  const search = tool(
    async ({ query, page }) =>
      run("search", async () => {
        const result = await backend.searchDocuments(query, { page: page ?? 1, pageSize: 5 });
        if (result.items.length === 0) return `search: no documents match "${query}".`;
        const blocks = result.items.map((item) => {
          const source = { file: item.file, title: item.title, section: item.section, url: item.url, text: item.snippet };
          return sourceBlock(registry.add(source), source);
        });
        return `Documents for "${query}", best first (page ${result.page} of ${result.pages}, ${result.total} in all):\n\n${blocks.join("\n\n")}`;
      }),
    {
      name: "search",
      description: "Find documents of the knowledge base about some words. Returns ranked documents with their best-matching section and a snippet, not an answer.",
      schema: z.object({ query: z.string().min(1).describe("the words to look for"), page: z.number().int().min(1).optional().describe("result page, 1 first") }),
    },
  );

  const latest = tool(
    async ({ n, topic }) =>
      run("latest", async () => {
        const items = await backend.latest({ n: n ?? 5, topic });
        if (items.length === 0) return topic ? `latest: no documents about "${topic}".` : "latest: the knowledge base is empty.";
        const blocks = items.map((item) => {
          const source = { file: item.file, title: item.title, section: "", url: item.url, text: `${item.dateSource === "front-matter" ? "Published" : "Added"} ${item.date}. ${item.summary}` };
          return sourceBlock(registry.add(source), source);
        });
        return `The newest documents${topic ? ` about "${topic}"` : ""}, newest first:\n\n${blocks.join("\n\n")}`;
      }),
    {
      name: "latest",
      description: "List the newest documents of the knowledge base by date (newest first), each with its date and a one-line summary; optionally only those about a topic.",
      schema: z.object({
        n: z.number().int().min(1).max(10).optional().describe("how many documents (default 5)"),
        topic: z.string().optional().describe("only documents about these words"),
      }),
    },
  );

  const summarize = tool(
    async ({ target }) =>
      run("summarize", async () => {
        const summary = await backend.summarize(target);
        if (!summary.grounded) return `summarize: ${summary.summary}`;
        return `Summary of "${summary.title}" (sections: ${summary.sections.join("; ") || "none"}):\n\n${citedBlocks(summary.summary, summary.citations, registry)}`;
      }),
    {
      name: "summarize",
      description: "Summarise one document, named by its exact title, its url or its file path (take these from search or latest results).",
      schema: z.object({ target: z.string().min(1).describe("the document's title, url or file path") }),
    },
  );

  const ask = tool(
    async ({ question }) =>
      run("ask", async () => {
        const answer = await backend.ask(question);
        if (!answer.grounded) return `ask: the knowledge base does not answer "${question}".`;
        return `Answer from the knowledge base to "${question}":\n\n${citedBlocks(answer.answer, answer.citations, registry)}`;
      }),
    {
      name: "ask",
      description: "Answer one self-contained question from the knowledge base, with its sources.",
      schema: z.object({ question: z.string().min(1).describe("the question, self-contained") }),
    },
  );

  return [search, latest, summarize, ask];
}

/** A cited text (an answer or a summary) as source blocks: each citation becomes a registered source holding
 * the sentences that cite it, without their old markers. */
function citedBlocks(text: string, citations: Citation[], registry: SourceRegistry): string {
  const sentences = splitSentences(text);
  return citations
    .map((c) => {
      const own = sentences.filter((s) => [...s.matchAll(CITATION)].some((m) => expandCitation(m[2]!).includes(c.n)));
      const source = { file: c.file, title: c.title, section: c.section, url: c.url, text: own.map((s) => withoutCitations(s).trim()).join(" ") };
      return sourceBlock(registry.add(source), source);
    })
    .join("\n\n");
}
