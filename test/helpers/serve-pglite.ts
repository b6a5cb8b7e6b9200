// By hand: `npx tsx test/helpers/serve-pglite.ts [data-dir]` serves a PGlite database with pgvector on a free
// loopback port and prints its DATABASE_URL; Ctrl-C stops it. For trying DATABASE_URL without a server.
import { startPgliteServer } from "./pglite-server.js";

const server = await startPgliteServer({ dataDir: process.argv[2] });
process.stdout.write(`DATABASE_URL=${server.url}\n`);
const stop = () => void server.stop().then(() => process.exit(0));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
