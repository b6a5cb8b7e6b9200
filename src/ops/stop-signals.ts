// SIGTERM and SIGINT for a long-running process, in three phases. While starting, a signal ends the process
// at once (nothing is serving yet, and every write Docent makes is atomic or transactional). While running,
// it starts the graceful shutdown and arms a hard deadline: if the shutdown has not finished by then, the
// process exits non-zero with one line saying so. Further signals during the shutdown change nothing: under
// `npm start` every signal arrives twice (to the process group, and forwarded by npm).
// The process that started this one going away (npm killed with SIGKILL) counts as a SIGTERM, so no node
// process is left orphaned.
export type StopSignal = "SIGTERM" | "SIGINT" | "parent exited";

export interface StopSignals {
  /** Resolves with the first signal received after running() was called. */
  readonly received: Promise<StopSignal>;
  /** From now on a signal means "shut down gracefully" rather than "abandon the start". */
  running(): void;
  /** Arms the hard deadline (also done by the first signal while running). */
  stopping(): void;
  /** Stops listening and disarms the deadline (tests). */
  dispose(): void;
}

export interface StopSignalOptions {
  /** Names the process in the lines it writes, e.g. "npm start". */
  name: string;
  /** The longest a graceful shutdown may take. */
  deadlineMs: number;
  /** How often to check that the parent process is still there; 0 = never. Default 1 s. */
  parentPollMs?: number;
  write?: (line: string) => void;
  exit?: (code: number) => never;
}

export function watchStopSignals(options: StopSignalOptions): StopSignals {
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let phase: "starting" | "running" | "stopping" = "starting";
  let resolve!: (signal: StopSignal) => void;
  const received = new Promise<StopSignal>((r) => (resolve = r));
  let deadline: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  const stopping = () => {
    if (phase === "stopping") return;
    phase = "stopping";
    deadline = setTimeout(() => {
      write(`${options.name}: shutdown did not finish within ${options.deadlineMs / 1000} s; exiting anyway.`);
      exit(1);
    }, options.deadlineMs);
    // The deadline alone must not keep the process alive once everything else has closed.
    deadline.unref();
  };
  const onSignal = (signal: StopSignal) => {
    if (phase === "starting") {
      write(`${options.name}: ${signal} during start-up; stopped before it finished starting.`);
      exit(0);
    } else if (phase === "running") {
      stopping();
      resolve(signal);
    }
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  const parentPollMs = options.parentPollMs ?? 1_000;
  if (parentPollMs > 0) {
    const parent = process.ppid;
    poll = setInterval(() => {
      if (process.ppid === parent) return;
      clearInterval(poll);
      onSignal("parent exited");
    }, parentPollMs);
    poll.unref();
  }
  return {
    received,
    running() {
      if (phase === "starting") phase = "running";
    },
    stopping,
    dispose() {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      clearTimeout(deadline);
      clearInterval(poll);
    },
  };
}
