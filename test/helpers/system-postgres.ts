// Debian's PostgreSQL 15 (no pgvector), started by the test in a scratch data directory on a free loopback
// port, for what PGlite cannot show: separate sessions (advisory locks held per session, LISTEN receiving
// other sessions' NOTIFY). Postgres refuses to run as root, so under root it runs as the `postgres` user.
// Resolves to undefined (the test is skipped, saying why) where the binaries are missing.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, chmodSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export const PG_BIN = "/usr/lib/postgresql/15/bin";

export interface SystemPostgres {
  url: string;
  stop(): Promise<void>;
}

export function systemPostgresMissing(): string | undefined {
  if (!existsSync(join(PG_BIN, "postgres"))) return `no PostgreSQL binaries in ${PG_BIN}`;
  if (process.getuid?.() === 0) {
    try {
      execFileSync("id", ["postgres"], { stdio: "ignore" });
    } catch {
      return "running as root and there is no postgres user to run the server as";
    }
  }
  return undefined;
}

export async function startSystemPostgres(): Promise<SystemPostgres> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "docent-pg15-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const run = (cmd: string, args: string[]) => (asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]) as [string, string[]];
  const [initCmd, initArgs] = run(join(PG_BIN, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync"]);
  execFileSync(initCmd, initArgs, { stdio: "ignore" });
  const port = await freePort();
  const [cmd, args] = run(join(PG_BIN, "postgres"), ["-D", data, "-p", String(port), "-h", "127.0.0.1", "-k", dir, "-c", "fsync=off"]);
  const child: ChildProcess = spawn(cmd, args, { stdio: "ignore" });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => {});
      if (attempt > 100 || child.exitCode !== null) throw new Error(`PostgreSQL 15 did not start: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    async stop() {
      const exited = child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", resolve));
      const [stopCmd, stopArgs] = run(join(PG_BIN, "pg_ctl"), ["-D", data, "stop", "-m", "immediate"]);
      execFileSync(stopCmd, stopArgs, { stdio: "ignore" });
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
