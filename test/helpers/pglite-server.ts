// A real Postgres wire protocol on loopback for tests: PGlite (Postgres compiled to WASM) with its pgvector
// extension, served by pglite-socket, so the product's own `pg` client connects as it would to a server.
// Caveat (see ../shared/notes/postgres-testing.md): every connection shares ONE Postgres session — advisory
// locks, LISTEN and SET are shared, and a transaction on one client holds the others' queries back.
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface PgliteServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  db: PGlite;
  stop(): Promise<void>;
}

export async function startPgliteServer(options: { dataDir?: string } = {}): Promise<PgliteServer> {
  const db = await PGlite.create({ dataDir: options.dataDir, extensions: { vector } });
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 200 });
  await server.start();
  const [, port] = server.getServerConn().split(":");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    db,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
