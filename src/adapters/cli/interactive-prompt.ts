// The terminal front end of `npm start` when no chat platform is configured: a prompt that answers
// questions one after another, keeping the conversation as history so follow-ups work here too.
import { createInterface } from "node:readline";
import type { AskService, HistoryTurn, RecordStore } from "../../core/index.js";
import { isAppError } from "../../errors.js";
import { streamToTerminal } from "./stream-to-terminal.js";

export async function runInteractivePrompt(deps: {
  asker: AskService;
  records: RecordStore;
  historyMaxTurns: number;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}): Promise<void> {
  const output = deps.output ?? process.stdout;
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
      try {
        const answer = await deps.asker.ask(question, { history, onPartial: stream.onPartial });
        deps.records.recordAnswer({ platform: "cli", userId: "terminal", question, answer, latencyMs: performance.now() - started });
        stream.finish(answer);
        history.push({ role: "user", text: question }, { role: "assistant", text: answer.answer });
        history.splice(0, Math.max(0, history.length - deps.historyMaxTurns * 2));
      } catch (error) {
        if (!isAppError(error)) throw error;
        output.write(`${error.message}\n`);
      }
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}
