// A Postgres for `npm run bench -- --store postgres` when DATABASE_URL is not set: PGlite (Postgres compiled
// to WASM) with pgvector, its data in <dir>, served on a free loopback port by pglite-socket, in a process of
// its own so that its memory is measured apart from Docent's. Prints {"url", "pgliteVersion"} once it
// listens; on SIGTERM prints {"peakRssMb"} and exits.
//   node --import tsx scripts/bench/pglite-server.ts --dir <data-dir>
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { peakRssMb } from "./measure.js";

const { values } = parseArgs({ options: { dir: { type: "string" } } });
const db = await PGlite.create({ dataDir: values.dir, extensions: { vector } });
const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 200 });
await server.start();
const [, port] = server.getServerConn().split(":");
const pgliteVersion = (JSON.parse(readFileSync(new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url), "utf8")) as { version: string }).version;
process.stdout.write(`${JSON.stringify({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, pgliteVersion })}\n`);

process.once("SIGTERM", () => {
  void (async () => {
    await server.stop().catch(() => {});
    await db.close().catch(() => {});
    process.stdout.write(`${JSON.stringify({ peakRssMb: peakRssMb() })}\n`, () => process.exit(0));
  })();
});
