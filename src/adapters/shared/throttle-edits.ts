// Shows a streamed answer in a chat message without flooding the platform: at most one update per interval
// per message (Discord and Slack both rate-limit edits, at about one per second per message), always the
// newest text, never two updates in flight at once. Platform-neutral: the caller says how to show text.

/** Used when the process entry passes no interval (config.streamEditIntervalMs defaults to the same). */
export const DEFAULT_STREAM_EDIT_INTERVAL_MS = 1_000;

export interface ThrottledEdits {
  /** The text so far; shown now if the interval allows, else when it has elapsed (if still the newest). */
  push(text: string): void;
  /** Stops showing partials and waits for an update in flight, so the final message is not overwritten. */
  settle(): Promise<void>;
}

export function throttleEdits(
  show: (text: string) => Promise<unknown>,
  options: { intervalMs: number; maxShows?: number; onError: (error: unknown) => void },
): ThrottledEdits {
  let pending: string | undefined;
  let lastStart = -Infinity;
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let shows = 0;
  let closed = false;

  const schedule = () => {
    if (closed || inFlight || timer || pending === undefined) return;
    if (shows >= (options.maxShows ?? Infinity)) return;
    const wait = lastStart + options.intervalMs - performance.now();
    if (wait > 0) {
      timer = setTimeout(() => {
        timer = undefined;
        schedule();
      }, wait);
      return;
    }
    const text = pending;
    pending = undefined;
    lastStart = performance.now();
    shows++;
    inFlight = show(text)
      .then(() => undefined, options.onError)
      .finally(() => {
        inFlight = undefined;
        schedule();
      });
  };

  return {
    push(text) {
      if (closed) return;
      pending = text;
      schedule();
    },
    async settle() {
      closed = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
