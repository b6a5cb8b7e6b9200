// Runs `npm start`'s entry (src/main.ts) as a real child process for the process-level tests: collects its
// stderr, waits for lines or conditions with a bound, and reports its exit.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { REPO_ROOT } from "./helpers/run-script.js";

export interface MainProcess {
  child: ChildProcess;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Polls `probe` until it returns a value; fails with the process's stderr after `ms` or if it exits first. */
  until<T>(probe: () => T | undefined | Promise<T | undefined>, what: string, ms?: number): Promise<T>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

export function spawnMain(args: string[], env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: "info", EMBEDDINGS_PROVIDER: "hashing", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    stderr: () => stderr,
    exited,
    async until(probe, what, ms = 60_000) {
      const limit = Date.now() + ms;
      for (;;) {
        const value = await probe();
        if (value !== undefined) return value;
        if (Date.now() > limit) throw new Error(`gave up waiting for ${what}; stderr:\n${stderr}`);
        if (child.exitCode !== null) throw new Error(`the process exited (${child.exitCode}) before ${what}; stderr:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** GET a path on 127.0.0.1:port; undefined while nothing answers there. */
export async function get(port: number, path: string): Promise<{ status: number; text: string } | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: response.status, text: await response.text() };
  } catch {
    return undefined;
  }
}
