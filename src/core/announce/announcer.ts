// Decides what to announce after a re-index: the documents of the live index that a channel has not been told
// about yet. One message per channel per run, listing the new documents with links; never the same document
// twice for a channel (what was announced is persisted in an AnnouncedStore, so restarts change nothing); and
// never on the first index build: a channel seen for the first time (no index before, or a channel just added
// to ANNOUNCE_*_CHANNELS) has everything indexed then recorded as announced without a post.
// Front ends attach a poster per platform; a platform without one (not running) is left for a later run.
import { createLogger, type Logger } from "../../logger.js";
import { listIndexedDocuments } from "../index-store/list-documents.js";
import type { AnnouncedStore } from "./announced-store.js";
import { ANNOUNCE_MAX_LISTED, type AnnouncedDocument, type AnnouncementPoster, type AnnouncePlatform } from "./types.js";

/** The channels to announce in, by the platform id whose front end posts there. */
export type AnnounceChannels = Readonly<Record<AnnouncePlatform, readonly string[]>>;

export interface AnnouncerOptions {
  indexDir: string;
  store: AnnouncedStore;
  channels: AnnounceChannels;
  logger?: Logger;
  /** The live index's documents, or undefined when there is none (default: read from indexDir). */
  listDocuments?: () => AnnouncedDocument[] | undefined;
}

/** What one run did, per channel target ("discord:<id>", "slack:<id>"). */
export interface AnnounceReport {
  posted: { target: string; documents: number }[];
  primed: { target: string; documents: number }[];
  failed: { target: string; error: unknown }[];
  /** Targets with channels configured but no poster attached (the platform is not running). */
  skipped: string[];
}

export interface Announcer {
  /** A platform's front end is up and can post to its channels; returns the function that detaches it. */
  attach(platform: AnnouncePlatform, poster: AnnouncementPoster): () => void;
  /** At start: channels never seen before record what is indexed now as announced (no post). */
  prime(): void;
  /** After a re-index: posts the new documents to each channel, once. Never rejects (failures are reported and logged). */
  afterReindex(): Promise<AnnounceReport>;
  /** Whether any channel is configured at all. */
  readonly enabled: boolean;
}

export function createAnnouncer(options: AnnouncerOptions): Announcer {
  const log = options.logger ?? createLogger("announce");
  const posters = new Map<AnnouncePlatform, AnnouncementPoster>();
  const targets = Object.entries(options.channels).flatMap(([platform, channels]) =>
    [...new Set(channels)].map((channelId) => ({ platform, channelId, key: `${platform}:${channelId}` })),
  );
  const listDocuments =
    options.listDocuments ??
    (() => listIndexedDocuments(options.indexDir)?.documents.map((d) => ({ file: d.file, title: d.title, ...(d.url ? { url: d.url } : {}) })));
  const { store } = options;

  const primeTarget = (key: string, documents: AnnouncedDocument[]) => {
    store.prime(key, documents);
    log.info({ target: key, documents: documents.length }, "announce: first look at this channel; recorded the indexed documents without announcing them");
  };

  return {
    enabled: targets.length > 0,
    attach(platform, poster) {
      posters.set(platform, poster);
      return () => {
        if (posters.get(platform) === poster) posters.delete(platform);
      };
    },
    prime() {
      if (targets.length === 0) return;
      const documents = listDocuments();
      if (!documents) return; // no index yet: the first build is recorded by the first run after it
      for (const t of targets) if (!store.isPrimed(t.key)) primeTarget(t.key, documents);
    },
    async afterReindex() {
      const report: AnnounceReport = { posted: [], primed: [], failed: [], skipped: [] };
      if (targets.length === 0) return report;
      let documents: AnnouncedDocument[] | undefined;
      try {
        documents = listDocuments();
      } catch (error) {
        log.error({ err: error }, "announce: could not list the indexed documents; nothing announced this run");
        return report;
      }
      if (!documents) return report;
      for (const t of targets) {
        try {
          if (!store.isPrimed(t.key)) {
            primeTarget(t.key, documents);
            report.primed.push({ target: t.key, documents: documents.length });
            continue;
          }
          const poster = posters.get(t.platform);
          if (!poster) {
            report.skipped.push(t.key);
            continue;
          }
          const fresh = store.unannounced(t.key, documents);
          if (fresh.length === 0) continue;
          const listed = fresh.slice(0, ANNOUNCE_MAX_LISTED);
          await poster.post(t.channelId, { documents: listed, more: fresh.length - listed.length });
          store.markAnnounced(t.key, fresh);
          report.posted.push({ target: t.key, documents: fresh.length });
          log.info({ target: t.key, documents: fresh.length }, "announce: posted the new documents");
        } catch (error) {
          // Not recorded as announced: the next run tries this channel again.
          report.failed.push({ target: t.key, error });
          log.error({ err: error, target: t.key }, "announce: could not post the new documents; will try again after the next re-index");
        }
      }
      return report;
    },
  };
}
