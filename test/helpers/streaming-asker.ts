// An AskService that streams the way the core does: it calls onPartial with the text so far, one piece at a
// time, then resolves with the final answer. `between` runs after each partial (e.g. to wait until a fake
// platform has seen the edit), so tests order events without timing.
import type { Answer, AskService } from "../../src/core/index.js";

export function streamingAsker(
  pieces: readonly string[],
  final: Answer,
  between: (i: number) => Promise<unknown> = () => new Promise((r) => setImmediate(r)),
): AskService {
  return {
    async ask(_question, options) {
      let text = "";
      for (const [i, piece] of pieces.entries()) {
        text += piece;
        options?.onPartial?.(text.trimEnd());
        await between(i);
      }
      return final;
    },
  };
}
