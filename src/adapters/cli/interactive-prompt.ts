// The terminal front end of `npm start` when no chat platform is configured: a prompt that answers
// questions one after another, keeping the conversation as history so follow-ups work here too.
import { createInterface } from "node:readline";
import type { Answer, AskService, HistoryTurn, RecordStore } from "../../core/index.js";
import { isAppError } from "../../errors.js";
import { createLogger, type Logger } from "../../logger.js";
import { streamToTerminal } from "./stream-to-terminal.js";

/** Shown for any failure that is not an AppError (whose message is written for the person at the terminal). */
export const ANSWER_FAILED = "Sorry, something went wrong while answering that; the details are in the log. Please try again.";
/** Shown under an answer that could not be written to the record store: the answer itself still counts. */
export const NOT_RECORDED = "(This answer could not be saved to the answer log; the details are in the log.)";

export async function runInteractivePrompt(deps: {
  asker: AskService;
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
  output.write('Ask a question about the knowledge base ("exit" or Ctrl-D to quit).\n');
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
      const started = performance.now();
      // With a language model configured, the answer appears as it is written.
      const stream = streamToTerminal(output, { before: "\n", after: "\n\n" });
      let answer: Answer | undefined;
      let latencyMs = 0;
      try {
        const result = await deps.asker.ask(question, { history, onPartial: stream.onPartial });
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
          deps.records.recordAnswer({ platform: "cli", userId: "terminal", question, answer, latencyMs });
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
