// The announcer `npm start` runs: undefined when no ANNOUNCE_*_CHANNELS are set; otherwise over the history in
// the record store's place — Postgres with DATABASE_URL (shared by every replica, which then announce each
// document once between them), else a table in DATA_DIR/docent.sqlite — primed at once so what is indexed at
// start is never announced. Given the running Docent, it lists the documents that Docent serves (from either
// index store) and runs after every switch to a new generation, however it was published: a re-index in this
// process, or `npm run ingest` elsewhere (Postgres: its NOTIFY, or the periodic check).
import { join } from "node:path";
import type { DatabaseConfig } from "../../config.js";
import { createLogger, type Logger } from "../../logger.js";
import type { Docent } from "../docent.js";
import { openSqliteAnnouncedStore, type AnnouncedStore } from "./announced-store.js";
import { createAnnouncer, type AnnounceChannels, type Announcer, type ListDocuments } from "./announcer.js";

export type OpenAnnouncer = Announcer & { close(): Promise<void> };

/** A run in progress at shutdown is waited for this long (a post may hang), then the store is closed anyway. */
const CLOSE_WAIT_MS = 2_000;

/** What the announcer reads of the configuration: the channels by platform id (from ANNOUNCE_*_CHANNELS),
 * the data directory its table lives in (or the database, with DATABASE_URL), and the index it watches. */
export interface AnnouncerSettings {
  channels: AnnounceChannels;
  dataDir: string;
  indexDir: string;
  database?: DatabaseConfig;
}

export interface OpenAnnouncerOptions {
  /** The running Docent: its served documents are listed, and each switch to a new generation runs the announcer.
   * Without it, documents are read from the file index in indexDir and only explicit afterReindex calls run it. */
  docent?: Pick<Docent, "read" | "onSwitch">;
}

export async function openAnnouncer(settings: AnnouncerSettings, options: OpenAnnouncerOptions = {}): Promise<OpenAnnouncer | undefined> {
  if (Object.values(settings.channels).every((channels) => channels.length === 0)) return undefined;
  const logger = createLogger("announce");
  const store = await openStore(settings, logger);
  const { docent } = options;
  const listDocuments: ListDocuments | undefined =
    docent &&
    (() => docent.read(async ({ index }) => index.chunks.documents().map((d) => ({ file: d.file, title: d.title, ...(d.url ? { url: d.url } : {}) }))));
  const announcer = createAnnouncer({ indexDir: settings.indexDir, store, channels: settings.channels, logger, ...(listDocuments ? { listDocuments } : {}) });
  try {
    await announcer.prime();
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  // afterReindex never rejects; a run it starts while one is going waits for it.
  const stopListening = docent?.onSwitch(() => void announcer.afterReindex());
  return Object.assign(announcer, {
    async close() {
      stopListening?.();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([announcer.idle(), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
      clearTimeout(timer);
      await store.close();
    },
  });
}

async function openStore(settings: AnnouncerSettings, logger: Logger): Promise<AnnouncedStore> {
  if (settings.database) {
    // Loaded only when configured, as the other Postgres stores are: the default start does not load pg.
    const { openPostgresAnnouncedStore } = await import("./postgres-announced-store.js");
    return openPostgresAnnouncedStore(settings.database, { logger });
  }
  return openSqliteAnnouncedStore(join(settings.dataDir, "docent.sqlite"), { logger });
}
