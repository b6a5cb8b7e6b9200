// Counts work still running (a chat event being handled, a reply being sent), so an adapter can wait for it
// before it closes its connection at shutdown — up to a bound, never forever.

export interface InFlight {
  /** Tracks `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T>;
  readonly count: number;
  /** Resolves true once nothing is running, or false when `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean>;
}

export function createInFlight(): InFlight {
  let count = 0;
  const waiters = new Set<() => void>();
  return {
    get count() {
      return count;
    },
    track(work) {
      count++;
      const done = () => {
        count--;
        if (count === 0) for (const wake of waiters) wake();
      };
      work.then(done, done);
      return work;
    },
    idle(timeoutMs) {
      if (count === 0) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const finish = (value: boolean) => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(value);
        };
        const wake = () => finish(true);
        const timer = setTimeout(() => finish(false), timeoutMs);
        waiters.add(wake);
      });
    },
  };
}
