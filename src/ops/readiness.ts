// What GET /readyz reports: the process is ready when every part it waits for (the index, each configured chat
// platform) is up and it is not shutting down. Parts report themselves up or down with a reason; one shared
// instance (`readiness`) serves the process, tests build their own.

export interface Check {
  ready: boolean;
  /** Why it is not ready (or a note when it is), e.g. "gateway closed (4004 authentication failed)". */
  reason?: string;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, Check>;
  /** "<part>: <reason>" for every part that is not ready, and "shutdown: …" while stopping. */
  notReady: string[];
}

export interface Readiness {
  /** Registers a part that must be up before the process is ready; it starts down with `reason`. */
  expect(part: string, reason: string): void;
  up(part: string, note?: string): void;
  down(part: string, reason: string): void;
  /** From now on the process reports not ready (load balancers stop sending), whatever the parts say. */
  stopping(): void;
  report(): ReadinessReport;
  /** Called whenever a part changes (metrics follow the platforms' state through it). */
  onChange(listener: (part: string, check: Check) => void): void;
}

export function createReadiness(): Readiness {
  const checks = new Map<string, Check>();
  const listeners: ((part: string, check: Check) => void)[] = [];
  let shuttingDown = false;
  const set = (part: string, check: Check) => {
    checks.set(part, check);
    for (const listener of listeners) listener(part, check);
  };
  return {
    expect: (part, reason) => set(part, { ready: false, reason }),
    up: (part, note) => set(part, note ? { ready: true, reason: note } : { ready: true }),
    down: (part, reason) => set(part, { ready: false, reason }),
    stopping() {
      shuttingDown = true;
    },
    report() {
      const notReady = [...checks].filter(([, c]) => !c.ready).map(([part, c]) => `${part}: ${c.reason ?? "not ready"}`);
      if (shuttingDown) notReady.push("shutdown: the process is stopping");
      return { ready: notReady.length === 0, checks: Object.fromEntries(checks), notReady };
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}

/** The process's readiness: what GET /readyz serves. */
export const readiness: Readiness = createReadiness();
