// DATABASE_URL: validated by the config, a database that is down stops a command with one readable line
// (password hidden) and exit 1, and the schema is migrated once, by versioned migrations, whoever starts first.
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { MIGRATIONS_TABLE, openPool } from "../../../src/core/db/postgres.js";
import { createLogger } from "../../../src/logger.js";
import { startPgliteServer, type PgliteServer } from "../../helpers/pglite-server.js";
import { runScript } from "../../helpers/run-script.js";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("DATABASE_URL", () => {
  it("is off by default, names the index from DATABASE_INDEX or --index, and must be a postgres URL", () => {
    expect(loadConfig({}).database).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: "postgres://u:p@db:5432/docent" }).database).toEqual({ url: "postgres://u:p@db:5432/docent", index: "default", poolMax: 10 });
    expect(loadConfig({ DATABASE_URL: "postgresql://db/docent", DATABASE_INDEX: "docs" }).database?.index).toBe("docs");
    expect(loadConfig({ DATABASE_URL: "postgres://db/docent" }, { indexDir: ".data/docs-index/" }).database?.index).toBe("docs-index");
    expect(() => loadConfig({ DATABASE_URL: "mysql://db/docent" })).toThrow(/DATABASE_URL/);
  });

  it("stops a command with one line naming the database (without its password) when it is down", async () => {
    const port = await closedPort();
    const result = await runScript("scripts/ask.ts", ["what is Lumen?"], { env: { DATABASE_URL: `postgres://docent:s3cret@127.0.0.1:${port}/docent` } });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`database: cannot connect to postgres://docent:\\*\\*\\*@127\\.0\\.0\\.1:${port}/docent .*ECONNREFUSED.*check DATABASE_URL`));
    expect(result.stderr).not.toContain("s3cret");
  });

  describe("migrations", () => {
    let server: PgliteServer;
    beforeAll(async () => {
      server = await startPgliteServer();
    });
    afterAll(async () => {
      await server?.stop();
    });

    it("are applied once and recorded by name", async () => {
      const config = { url: server.url, poolMax: 2 };
      const logger = createLogger("test");
      const first = await openPool(config, { logger });
      const second = await openPool(config, { logger });
      try {
        const { rows } = await second.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY run_on, id`);
        expect(rows.map((r) => r.name)).toContain("1767225600001_index-store");
        expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
        const { rows: ext } = await second.query("SELECT extname FROM pg_extension WHERE extname = 'vector'");
        expect(ext).toHaveLength(1);
      } finally {
        await first.end();
        await second.end();
      }
    });
  });
});
