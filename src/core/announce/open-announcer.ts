// The announcer `npm start` runs: undefined when no ANNOUNCE_*_CHANNELS are set; otherwise over a table in the
// record store's file (DATA_DIR/docent.sqlite), primed at once so what is indexed at start is never announced.
import { join } from "node:path";
import { createLogger } from "../../logger.js";
import { openSqliteAnnouncedStore } from "./announced-store.js";
import { createAnnouncer, type AnnounceChannels, type Announcer } from "./announcer.js";

export type OpenAnnouncer = Announcer & { close(): void };

/** What the announcer reads of the configuration: the channels by platform id (from ANNOUNCE_*_CHANNELS),
 * the data directory its table lives in, and the index it watches. */
export interface AnnouncerSettings {
  channels: AnnounceChannels;
  dataDir: string;
  indexDir: string;
}

export function openAnnouncer(settings: AnnouncerSettings): OpenAnnouncer | undefined {
  if (Object.values(settings.channels).every((channels) => channels.length === 0)) return undefined;
  const logger = createLogger("announce");
  const store = openSqliteAnnouncedStore(join(settings.dataDir, "docent.sqlite"), { logger });
  const announcer = createAnnouncer({ indexDir: settings.indexDir, store, channels: settings.channels, logger });
  announcer.prime();
  return Object.assign(announcer, { close: () => store.close() });
}
