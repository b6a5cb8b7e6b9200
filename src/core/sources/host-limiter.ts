// At most N requests in flight to any one host, however many sources and pages point at it: the politeness
// bound a crawler owes a small project's blog. Requests to different hosts do not wait for each other.

export interface HostLimiter {
  run<T>(host: string, work: () => Promise<T>): Promise<T>;
}

export function createHostLimiter(perHost: number): HostLimiter {
  const hosts = new Map<string, { active: number; waiting: (() => void)[] }>();
  return {
    async run(host, work) {
      let slot = hosts.get(host);
      if (!slot) hosts.set(host, (slot = { active: 0, waiting: [] }));
      if (slot.active >= perHost) await new Promise<void>((resolve) => slot.waiting.push(resolve));
      else slot.active++;
      try {
        return await work();
      } finally {
        // Hand the slot straight to the next waiter (active stays the same), or free it.
        const next = slot.waiting.shift();
        if (next) next();
        else if (--slot.active === 0) hosts.delete(host);
      }
    },
  };
}
