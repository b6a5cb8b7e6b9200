// The announcement history on Postgres, shared by replicas (PGlite over the wire, the product's migrations and
// `pg` client; two pools stand for two replicas): priming records without posting and happens once however
// many replicas try, a document is new until it is claimed (by file or by url), and two announcers racing
// after the same re-index post each new document exactly once between them — also when priming races posting,
// and when a post fails (the claim is given back and the next run posts it). End to end: two replicas' Docents
// on one Postgres index switch to the generation `ingest` publishes (its NOTIFY) and announce it once.
// Separate sessions (real concurrency) on Debian's PostgreSQL 15 at the end, when it is installed.
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { createAnnouncer, openAnnouncer, type AnnouncedDocument, type AnnouncedStore, type Announcement, type Announcer } from "../../../src/core/announce/index.js";
import { createPostgresAnnouncedStore } from "../../../src/core/announce/postgres-announced-store.js";
import { MIGRATIONS_DIR, openPool, type Pool } from "../../../src/core/db/postgres.js";
import { createEmbedder, ingestKnowledge, openDocent } from "../../../src/core/index.js";
import { createLogger } from "../../../src/logger.js";
import { FIXTURE_KNOWLEDGE_DIR } from "../../helpers/docent-fixture.js";
import { startPgliteServer, type PgliteServer } from "../../helpers/pglite-server.js";
import { startSystemPostgres, systemPostgresMissing, type SystemPostgres } from "../../helpers/system-postgres.js";

const doc = (n: number, url = true): AnnouncedDocument => ({ file: `posts/p${n}.md`, title: `Post ${n}`, ...(url ? { url: `https://blog.example.org/p${n}` } : {}) });
const docs = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => doc(from + i));
const files = (list: readonly AnnouncedDocument[]) => list.map((d) => d.file);

function recorder() {
  const posts: { channelId: string; announcement: Announcement }[] = [];
  return { posts, poster: { post: async (channelId: string, announcement: Announcement) => void posts.push({ channelId, announcement }) } };
}

/** Every document posted in `channelId` across recorders, in posting order. */
const postedIn = (channelId: string, ...recorders: ReturnType<typeof recorder>[]) =>
  recorders.flatMap((r) => r.posts.filter((p) => p.channelId === channelId).flatMap((p) => files(p.announcement.documents)));

let server: PgliteServer;
let poolA: Pool;
let poolB: Pool;
let indexes = 0;

beforeAll(async () => {
  server = await startPgliteServer();
  const logger = createLogger("test");
  // Two replicas' pools; the first to open applies the migrations, the other finds them applied.
  poolA = await openPool({ url: server.url, poolMax: 4 }, { logger });
  poolB = await openPool({ url: server.url, poolMax: 4 }, { logger });
});
afterAll(async () => {
  await poolA?.end();
  await poolB?.end();
  await server?.stop();
});

/** Two replicas' stores on one history (a fresh index name per test). */
function twoStores(): { a: AnnouncedStore; b: AnnouncedStore } {
  const index = `announce-${++indexes}`;
  return { a: createPostgresAnnouncedStore(poolA, { index }), b: createPostgresAnnouncedStore(poolB, { index }) };
}

/** A replica's announcer over `store` with Discord and Slack attached to recorders. */
function replica(store: AnnouncedStore, list: () => AnnouncedDocument[] | undefined) {
  const announcer = createAnnouncer({ store, channels: { discord: ["D1"], slack: ["S1"] }, listDocuments: list });
  const discord = recorder();
  const slack = recorder();
  announcer.attach("discord", discord.poster);
  announcer.attach("slack", slack.poster);
  return { announcer, discord, slack };
}

describe("Postgres announcement history (PGlite)", () => {
  it("primes a target once across replicas, then tells new documents by file and by url, and claims each once", async () => {
    const { a, b } = twoStores();
    expect(await a.isPrimed("discord:D1")).toBe(false);
    expect(await a.prime("discord:D1", docs(1, 2))).toBe(true);
    expect(await b.isPrimed("discord:D1")).toBe(true);
    // Already set up: the second prime records nothing (doc 3 stays new).
    expect(await b.prime("discord:D1", docs(1, 3))).toBe(false);
    const renamed = { ...doc(2), file: "posts/renamed.md" };
    const indexed = [doc(1), renamed, doc(3), doc(4, false)];
    expect(files(await b.unannounced("discord:D1", indexed))).toEqual(files([doc(3), doc(4, false)]));
    // Another target, and the same target of another index, are histories of their own.
    expect(await a.isPrimed("slack:S1")).toBe(false);
    expect(await createPostgresAnnouncedStore(poolA, { index: "another-index" }).isPrimed("discord:D1")).toBe(false);

    expect(files(await a.claim("discord:D1", indexed))).toEqual(files([doc(3), doc(4, false)]));
    expect(await b.claim("discord:D1", indexed)).toEqual([]);
    expect(await a.unannounced("discord:D1", indexed)).toEqual([]);
    // Given back (a failed post): claimable again, by either replica.
    await a.release("discord:D1", [doc(3)]);
    expect(files(await b.claim("discord:D1", indexed))).toEqual([doc(3).file]);
    // Two files with one url in one claim are one announcement.
    const twin = { ...doc(5), file: "posts/p5-copy.md" };
    expect(await a.claim("discord:D1", [doc(5), twin])).toHaveLength(1);
  });

  it("gives racing claims disjoint sets that together are every new document", async () => {
    const { a, b } = twoStores();
    await a.prime("slack:S1", docs(1, 5));
    const indexed = docs(1, 60);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).claim("slack:S1", indexed)));
    const all = claims.flatMap(files);
    expect(all.sort()).toEqual(files(docs(6, 60)).sort());
  });

  it("two replicas racing after each re-index post every new document exactly once per channel, never the first build", async () => {
    const { a, b } = twoStores();
    let indexed: AnnouncedDocument[] | undefined; // no index yet
    const ra = replica(a, () => indexed);
    const rb = replica(b, () => indexed);
    await Promise.all([ra.announcer.prime(), rb.announcer.prime()]); // nothing to record yet

    // The first build: both run at once; each channel is primed by exactly one of them, nothing is posted.
    indexed = docs(1, 20);
    const first = await Promise.all([ra.announcer.afterReindex(), rb.announcer.afterReindex()]);
    expect(first.flatMap((r) => r.primed.map((p) => p.target)).sort()).toEqual(["discord:D1", "slack:S1"]);
    expect(first.flatMap((r) => r.posted)).toEqual([]);

    // Several re-indexes, each run by both replicas at once (as both switch to the new generation); fewer new
    // documents than an announcement lists, so every one posted is named.
    for (let round = 1; round <= 5; round++) {
      indexed = docs(1, 20 + round * 8);
      await Promise.all([ra.announcer.afterReindex(), rb.announcer.afterReindex(), ra.announcer.afterReindex()]);
    }
    for (const channel of ["D1", "S1"]) {
      const posted = postedIn(channel, ra.discord, ra.slack, rb.discord, rb.slack);
      expect(posted.sort()).toEqual(files(docs(21, 60)).sort());
    }
    // Nothing new: nothing posted by either.
    const before = postedIn("D1", ra.discord, rb.discord).length;
    await Promise.all([ra.announcer.afterReindex(), rb.announcer.afterReindex()]);
    expect(postedIn("D1", ra.discord, rb.discord)).toHaveLength(before);
  });

  it("never posts the backlog while another replica primes a channel, also when their lists differ", async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { a, b } = twoStores();
      // Replica A still serves the old generation; B already the new one with doc 11.
      const ra = replica(a, () => docs(1, 10));
      const rb = replica(b, () => docs(1, 11));
      await Promise.all([ra.announcer.prime(), rb.announcer.afterReindex(), ra.announcer.afterReindex(), rb.announcer.prime()]);
      const posted = [...postedIn("D1", ra.discord, rb.discord), ...postedIn("S1", ra.slack, rb.slack)];
      // Doc 11 may be announced (it is newer than a prime with A's list) or recorded (primed with B's list),
      // but the first ten never are, and nothing is announced twice.
      expect(posted.filter((f) => f !== doc(11).file)).toEqual([]);
      expect(posted.length).toBeLessThanOrEqual(2);
      expect(await a.unannounced("discord:D1", docs(1, 11))).toEqual([]);
    }
  });

  it("gives back a claim whose post failed, so the next run (on either replica) posts it, once", async () => {
    const { a, b } = twoStores();
    let indexed = docs(1, 3);
    const failing = createAnnouncer({ store: a, channels: { discord: ["D1"] }, listDocuments: () => indexed });
    failing.attach("discord", {
      post: async () => {
        throw new Error("Missing Access");
      },
    });
    const other = createAnnouncer({ store: b, channels: { discord: ["D1"] }, listDocuments: () => indexed });
    const ok = recorder();
    other.attach("discord", ok.poster);
    await failing.prime();
    indexed = docs(1, 5);
    const report = await failing.afterReindex();
    expect(report.failed.map((f) => f.target)).toEqual(["discord:D1"]);
    expect(files(await b.unannounced("discord:D1", indexed))).toEqual(files(docs(4, 5)));
    await Promise.all([other.afterReindex(), other.afterReindex()]);
    expect(postedIn("D1", ok)).toEqual(files(docs(4, 5)));
  });
});

describe("announcing a generation published to Postgres by ingest", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "docent-pg-announce-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("two replicas switch to the generation ingest publishes (its NOTIFY, or the periodic check) and announce the new post once per channel; the first build never", { timeout: 120_000 }, async () => {
    const knowledgeDir = join(root, "knowledge");
    await cp(FIXTURE_KNOWLEDGE_DIR, knowledgeDir, { recursive: true });
    const config = loadConfig(
      { EMBEDDINGS_PROVIDER: "hashing", DATA_DIR: join(root, "data"), DATABASE_URL: server.url, DATABASE_INDEX: "announced", DATABASE_POOL_MAX: "4" },
      { knowledgeDir },
    );
    const embedder = await createEmbedder(config.embeddings);
    await ingestKnowledge(config, embedder); // the first build, as `npm run ingest` would
    const channels = { discord: ["D1"], slack: ["S1"] };
    const replicas: { announcer: Announcer & { close(): Promise<void> }; close(): Promise<void>; discord: ReturnType<typeof recorder>; slack: ReturnType<typeof recorder> }[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const docent = await openDocent(config, { embedder, watch: true });
        const announcer = await openAnnouncer({ channels, dataDir: config.dataDir, indexDir: config.indexDir, database: config.database! }, { docent });
        if (!announcer) throw new Error("announcer expected: channels are configured");
        const discord = recorder();
        const slack = recorder();
        announcer.attach("discord", discord.poster);
        announcer.attach("slack", slack.poster);
        replicas.push({ announcer, discord, slack, close: async () => (await announcer.close(), await docent.close()) });
      }
      const all = () => replicas.flatMap((r) => [r.discord, r.slack]);
      expect(all().flatMap((r) => r.posts)).toEqual([]);

      await writeFile(join(knowledgeDir, "release-2.md"), "---\ntitle: Release 2.0\nurl: https://blog.example.org/release-2\n---\n\n# Release 2.0\n\nWhat changed.\n");
      expect((await ingestKnowledge(config, embedder)).added).toEqual(["release-2.md"]);
      // No re-index ran in either replica: the NOTIFY (or the periodic check) switches both, and the switch announces.
      await expect.poll(() => postedIn("D1", ...all()).length + postedIn("S1", ...all()).length, { timeout: 30_000 }).toBe(2);
      await Promise.all(replicas.map((r) => r.announcer.idle()));
      expect(postedIn("D1", ...all())).toEqual(["release-2.md"]);
      expect(postedIn("S1", ...all())).toEqual(["release-2.md"]);
      expect(all().flatMap((r) => r.posts)[0]!.announcement.documents[0]).toEqual({ file: "release-2.md", title: "Release 2.0", url: "https://blog.example.org/release-2" });
    } finally {
      for (const r of replicas) await r.close();
    }
  });
});

const missing = systemPostgresMissing();

describe.skipIf(missing !== undefined)(`announcement claims on PostgreSQL 15, separate sessions${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let pg15: SystemPostgres;
  let sessionsA: pg.Pool;
  let sessionsB: pg.Pool;
  beforeAll(async () => {
    pg15 = await startSystemPostgres();
    // No pgvector there: only the announcement migration (its tables stand alone).
    const up = readFileSync(join(MIGRATIONS_DIR, "1767225600020_announcements.sql"), "utf8").split("-- Down Migration")[0]!;
    const setup = new pg.Client({ connectionString: pg15.url });
    await setup.connect();
    await setup.query(up);
    await setup.end();
    sessionsA = new pg.Pool({ connectionString: pg15.url, max: 8 });
    sessionsB = new pg.Pool({ connectionString: pg15.url, max: 8 });
  }, 60_000);
  afterAll(async () => {
    await sessionsA?.end();
    await sessionsB?.end();
    await pg15?.stop();
  });

  it("primes once and splits racing claims between sessions, every new document exactly once", async () => {
    const a = createPostgresAnnouncedStore(sessionsA, { index: "pg15" });
    const b = createPostgresAnnouncedStore(sessionsB, { index: "pg15" });
    const primes = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).prime("discord:D1", docs(1, 10))));
    expect(primes.filter(Boolean)).toHaveLength(1);
    for (let round = 1; round <= 5; round++) {
      const indexed = docs(1, 10 + round * 40);
      const claims = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).claim("discord:D1", indexed)));
      expect(claims.flatMap(files).sort()).toEqual(files(docs(10 + (round - 1) * 40 + 1, 10 + round * 40)).sort());
    }
  });

  it("two announcers on separate sessions post each new document once per channel", async () => {
    const a = createPostgresAnnouncedStore(sessionsA, { index: "pg15-announcers" });
    const b = createPostgresAnnouncedStore(sessionsB, { index: "pg15-announcers" });
    let indexed = docs(1, 5);
    const ra = replica(a, () => indexed);
    const rb = replica(b, () => indexed);
    await Promise.all([ra.announcer.prime(), rb.announcer.prime()]);
    for (let round = 1; round <= 5; round++) {
      indexed = docs(1, 5 + round * 8);
      await Promise.all([ra.announcer.afterReindex(), rb.announcer.afterReindex()]);
    }
    expect(postedIn("D1", ra.discord, rb.discord).sort()).toEqual(files(docs(6, 45)).sort());
    expect(postedIn("S1", ra.slack, rb.slack).sort()).toEqual(files(docs(6, 45)).sort());
  });
});
