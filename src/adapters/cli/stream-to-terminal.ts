// Prints an answer on a terminal as it is written: each partial's new text is appended, then the rest of the
// final answer (its last words and the sources). A terminal cannot take back what it printed, so when the
// final answer does not continue what was shown (the model failed mid-answer and the extractive answer
// replaced it), the complete answer is printed again below, in full.
import type { Answer } from "../../core/index.js";
import { formatAnswerForTerminal } from "./format-answer.js";

export interface TerminalStream {
  onPartial(textSoFar: string): void;
  /** Prints what the partials have not shown yet of the final answer. */
  finish(answer: Answer): void;
  /** The answer will not come: ends a partial answer's line, so what is printed next starts on its own. */
  abandon(): void;
}

export function streamToTerminal(output: NodeJS.WritableStream, frame: { before: string; after: string }): TerminalStream {
  let printed = "";
  let diverged = false;
  return {
    onPartial(text) {
      if (diverged || text === printed) return;
      if (!text.startsWith(printed)) {
        diverged = true;
        return;
      }
      output.write(printed === "" ? `${frame.before}${text}` : text.slice(printed.length));
      printed = text;
    },
    finish(answer) {
      const full = formatAnswerForTerminal(answer);
      if (printed === "") output.write(`${frame.before}${full}${frame.after}`);
      else if (!diverged && full.startsWith(printed)) output.write(`${full.slice(printed.length)}${frame.after}`);
      else output.write(`\n\n${full}${frame.after}`);
    },
    abandon() {
      if (printed !== "") output.write("\n");
      printed = "";
      diverged = true;
    },
  };
}
