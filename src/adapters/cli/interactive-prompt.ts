// The terminal front end of `npm start` when no chat platform is configured: a prompt that answers
// questions one after another, keeping the conversation as history so follow-ups work here too. With the
// chat tasks it also takes /latest, /search (and /more), /summarize and /help; free text is then a request
// (tasks.request: the agent when a model is configured, else the same as ask).
import { createInterface } from "node:readline";
import type { Answer, AskService, HistoryTurn, RecordStore, SearchPage, TaskService } from "../../core/index.js";
import { isAppError } from "../../errors.js";
import { createLogger, type Logger } from "../../logger.js";
import { formatLatest, formatSearchPage, formatSummary, PROMPT_HELP } from "./format-tasks.js";
import { streamToTerminal } from "./stream-to-terminal.js";

/** Shown for any failure that is not an AppError (whose message is written for the person at the terminal). */
export const ANSWER_FAILED = "Sorry, something went wrong while answering that; the details are in the log. Please try again.";
/** Shown under an answer that could not be written to the record store: the answer itself still counts. */
export const NOT_RECORDED = "(This answer could not be saved to the answer log; the details are in the log.)";

export async function runInteractivePrompt(deps: {
  asker: AskService;
  /** The chat tasks; without them the prompt only answers questions. */
  tasks?: TaskService;
  /** Documents per /search page (the task's default when unset). */
  searchPageSize?: number;
  records: RecordStore;
  historyMaxTurns: number;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Where failures are logged in full (stderr by default); the terminal only gets a short line. */
  logger?: Logger;
}): Promise<void> {
  const output = deps.output ?? process.stdout;
  const log = deps.logger ?? createLogger("cli");
  const rl = createInterface({ input: deps.input ?? process.stdin, output, terminal: Boolean((output as NodeJS.WriteStream).isTTY) });
  const history: HistoryTurn[] = [];
  const { tasks } = deps;
  // The last search, for /more.
  let lastSearch: SearchPage | undefined;
  output.write(
    tasks
      ? 'Ask a question about the knowledge base, or type /help for the other tasks ("exit" or Ctrl-D to quit).\n'
      : 'Ask a question about the knowledge base ("exit" or Ctrl-D to quit).\n',
  );
  /** Runs one task command; its failures are shown like an answer's. */
  const runTask = async (work: () => Promise<string>) => {
    try {
      output.write(`\n${await work()}\n\n`);
    } catch (error) {
      if (isAppError(error)) log.debug({ code: error.code }, "cli: task not done");
      else log.error({ err: error }, "cli: task failed");
      output.write(`${isAppError(error) ? error.message : ANSWER_FAILED}\n`);
    }
  };
  rl.setPrompt("docent> ");
  rl.prompt();
  try {
    // Iterating (rather than rl.question) keeps lines that arrive while an answer is being worked out.
    for await (const line of rl) {
      const question = line.trim();
      if (question === "exit" || question === "quit") break;
      if (question === "") {
        rl.prompt();
        continue;
      }
      const command = tasks ? /^\/(\w+)(?:\s+([\s\S]*))?$/.exec(question) : null;
      if (tasks && command) {
        const [, name, rest = ""] = command;
        const args = rest.trim();
        switch (name!.toLowerCase()) {
          case "help":
            output.write(`${PROMPT_HELP}\n`);
            break;
          case "latest": {
            const [, count, topic] = /^(?:(\d+)\b)?\s*([\s\S]*)$/.exec(args)!;
            await runTask(async () => formatLatest(await tasks.latest({ n: count === undefined ? undefined : Number(count), topic: topic || undefined }), topic || undefined));
            break;
          }
          case "search":
            if (args === "") output.write("Usage: /search <words>\n");
            else
              await runTask(async () => {
                lastSearch = await tasks.searchDocuments(args, { pageSize: deps.searchPageSize });
                return formatSearchPage(lastSearch);
              });
            break;
          case "more":
            if (!lastSearch) output.write("Nothing to continue: search first with /search <words>.\n");
            else if (lastSearch.page >= lastSearch.pages) output.write(`That was the last page for "${lastSearch.query}".\n`);
            else {
              const previous = lastSearch;
              await runTask(async () => {
                lastSearch = await tasks.searchDocuments(previous.query, { page: previous.page + 1, pageSize: deps.searchPageSize });
                return formatSearchPage(lastSearch);
              });
            }
            break;
          case "summarize":
          case "summarise":
            if (args === "") output.write("Usage: /summarize <title | url | file>\n");
            else await runTask(async () => formatSummary(await tasks.summarize(args)));
            break;
          default:
            output.write(`Unknown command /${name}. Type /help for the list.\n`);
        }
        rl.prompt();
        continue;
      }
      const started = performance.now();
      // With a language model configured, the answer appears as it is written.
      const stream = streamToTerminal(output, { before: "\n", after: "\n\n" });
      let answer: Answer | undefined;
      let latencyMs = 0;
      try {
        const askOptions = { history, onPartial: stream.onPartial };
        const result = await (tasks ? tasks.request(question, askOptions) : deps.asker.ask(question, askOptions));
        latencyMs = performance.now() - started;
        // Shown before it is recorded, so a failing store cannot cost anyone an answer already worked out.
        stream.finish(result);
        answer = result;
      } catch (error) {
        // Whatever failed, the prompt stays up for the next question.
        stream.abandon();
        // An AppError's message is written for the person at the terminal, who sees it below: the log gets
        // its code only, so no stack lands between the prompt and the message.
        if (isAppError(error)) log.debug({ code: error.code }, "cli: question not answered");
        else log.error({ err: error }, "cli: could not answer");
        output.write(`${isAppError(error) ? error.message : ANSWER_FAILED}\n`);
      }
      if (answer) {
        history.push({ role: "user", text: question }, { role: "assistant", text: answer.answer });
        // Counted in messages, as the chat adapters and the core count HISTORY_MAX_TURNS.
        history.splice(0, Math.max(0, history.length - deps.historyMaxTurns));
        try {
          await deps.records.recordAnswer({ platform: "cli", userId: "terminal", question, answer, latencyMs });
        } catch (error) {
          log.error({ err: error }, "cli: could not record the answer");
          output.write(`${NOT_RECORDED}\n`);
        }
      }
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}
