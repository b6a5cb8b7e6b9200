// Questions in flight, for a graceful shutdown: every question a chat platform asks passes through the gate.
// Closing it stops admitting new questions, waits up to a grace period for the ones running, and then
// cancels the rest, so their members get an apology instead of silence. One gate serves the process.
import { AppError } from "../errors.js";

export interface Ticket {
  /** Rejects with AppError "shutting_down" if the gate cancels this question; never resolves otherwise. */
  cancelled: Promise<never>;
  leave(): void;
}

export interface QuestionGate {
  /** Admits a question; undefined once the gate is closing. */
  enter(): Ticket | undefined;
  readonly inFlight: number;
  readonly closed: boolean;
  /** Stops admitting, waits up to `graceMs` for questions in flight, then cancels those still running. */
  close(graceMs: number): Promise<{ finished: number; cancelled: number }>;
}

export function createQuestionGate(): QuestionGate {
  const running = new Set<{ cancel(): void }>();
  let closed = false;
  let onEmpty: (() => void) | undefined;
  return {
    get inFlight() {
      return running.size;
    },
    get closed() {
      return closed;
    },
    enter() {
      if (closed) return undefined;
      let cancel!: () => void;
      const cancelled = new Promise<never>((_, reject) => {
        cancel = () => reject(new AppError("shutting_down", "ask: cancelled because Docent is shutting down"));
      });
      // Nobody may be listening when it is cancelled; that is not an unhandled rejection.
      cancelled.catch(() => undefined);
      const entry = { cancel };
      running.add(entry);
      return {
        cancelled,
        leave() {
          running.delete(entry);
          if (running.size === 0) onEmpty?.();
        },
      };
    },
    async close(graceMs) {
      closed = true;
      const atStart = running.size;
      if (atStart > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((resolve) => {
          onEmpty = resolve;
          timer = setTimeout(resolve, graceMs);
        });
        clearTimeout(timer);
      }
      const cancelled = running.size;
      for (const entry of running) entry.cancel();
      running.clear();
      return { finished: atStart - cancelled, cancelled };
    },
  };
}

/** The process's gate, shared by every chat platform's ask path. */
export const questionGate: QuestionGate = createQuestionGate();
