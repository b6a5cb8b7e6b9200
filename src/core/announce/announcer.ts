// Decides what to announce after a re-index: the documents of the live index that a channel has not been told
// about yet. One message per channel per run, listing the new documents with links; never the same document
// twice for a channel (what was announced is persisted in an AnnouncedStore, so restarts change nothing, and on
// Postgres shared, so replicas change nothing either: each claims what it posts); and never on the first index
// build: a channel seen for the first time (no index before, or a channel just added to ANNOUNCE_*_CHANNELS) has
// everything indexed then recorded as announced without a post.
// Front ends attach a poster per platform; a platform without one (not running) is left for a later run.
import { createLogger, type Logger } from "../../logger.js";
import { listIndexedDocuments } from "../index-store/list-documents.js";
import type { AnnouncedStore } from "./announced-store.js";
import { ANNOUNCE_MAX_LISTED, type AnnouncedDocument, type AnnouncementPoster, type AnnouncePlatform } from "./types.js";

/** The channels to announce in, by the platform id whose front end posts there. */
export type AnnounceChannels = Readonly<Record<AnnouncePlatform, readonly string[]>>;

/** The live index's documents, or undefined when there is none. */
export type ListDocuments = () => AnnouncedDocument[] | undefined | Promise<AnnouncedDocument[] | undefined>;

export interface AnnouncerOptions {
  /** The file index to list documents from when no `listDocuments` is given. */
  indexDir?: string;
  store: AnnouncedStore;
  channels: AnnounceChannels;
  logger?: Logger;
  /** The live index's documents (default: read from indexDir). */
  listDocuments?: ListDocuments;
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
  prime(): Promise<void>;
  /** After a re-index: posts the new documents to each channel, once. Never rejects (failures are reported and
   * logged). Runs one at a time: a call made while one runs starts when it has finished. */
  afterReindex(): Promise<AnnounceReport>;
  /** Resolves when no run is in progress. */
  idle(): Promise<void>;
  /** Whether any channel is configured at all. */
  readonly enabled: boolean;
}

export function createAnnouncer(options: AnnouncerOptions): Announcer {
  const log = options.logger ?? createLogger("announce");
  const posters = new Map<AnnouncePlatform, AnnouncementPoster>();
  const targets = Object.entries(options.channels).flatMap(([platform, channels]) =>
    [...new Set(channels)].map((channelId) => ({ platform, channelId, key: `${platform}:${channelId}` })),
  );
  const { indexDir } = options;
  const listDocuments: ListDocuments =
    options.listDocuments ??
    (() => {
      if (indexDir === undefined) throw new Error("announce: neither indexDir nor listDocuments was given, so the indexed documents cannot be listed");
      return listIndexedDocuments(indexDir)?.documents.map((d) => ({ file: d.file, title: d.title, ...(d.url ? { url: d.url } : {}) }));
    });
  const { store } = options;

  /** Sets the target up unless it is; resolves to whether this call did (false: another replica just had). */
  const primeTarget = async (key: string, documents: AnnouncedDocument[]): Promise<boolean> => {
    const primed = await store.prime(key, documents);
    if (primed) log.info({ target: key, documents: documents.length }, "announce: first look at this channel; recorded the indexed documents without announcing them");
    return primed;
  };

  const run = async (): Promise<AnnounceReport> => {
    const report: AnnounceReport = { posted: [], primed: [], failed: [], skipped: [] };
    if (targets.length === 0) return report;
    let documents: AnnouncedDocument[] | undefined;
    try {
      documents = await listDocuments();
    } catch (error) {
      log.error({ err: error }, "announce: could not list the indexed documents; nothing announced this run");
      return report;
    }
    if (!documents) return report;
    for (const t of targets) {
      try {
        // Primed by another replica between the two calls: what that replica recorded stands, and what it did
        // not record (newer than its list) is new, so this run goes on to claim it.
        if (!(await store.isPrimed(t.key)) && (await primeTarget(t.key, documents))) {
          report.primed.push({ target: t.key, documents: documents.length });
          continue;
        }
        const poster = posters.get(t.platform);
        if (!poster) {
          report.skipped.push(t.key);
          continue;
        }
        // Claimed before posting: a replica racing this one gets the other documents (or none), never these.
        // At most once: should this process die between the claim and the post, these stay recorded and are
        // not announced — a missed announcement rather than a repeated one.
        const fresh = await store.claim(t.key, documents);
        if (fresh.length === 0) continue;
        const listed = fresh.slice(0, ANNOUNCE_MAX_LISTED);
        try {
          await poster.post(t.channelId, { documents: listed, more: fresh.length - listed.length });
        } catch (error) {
          // The post failed (a wrong channel id, a missing permission, the platform briefly down): give the claim
          // back so a later run — on any replica — posts these documents, rather than have them silently never
          // announced. Should giving back fail too (the database down), they stay recorded: missing one
          // announcement is better than risking it twice; the log names them.
          await store.release(t.key, fresh).catch((releaseError: unknown) =>
            log.error(
              { err: releaseError, target: t.key, files: fresh.map((d) => d.file) },
              "announce: could not give back the claim on documents whose post failed; they will not be announced in this channel",
            ),
          );
          throw error;
        }
        report.posted.push({ target: t.key, documents: fresh.length });
        log.info({ target: t.key, documents: fresh.length }, "announce: posted the new documents");
      } catch (error) {
        // Nothing of this channel's documents stays claimed (given back above, or the store failed before the
        // claim): the next run tries this channel again.
        report.failed.push({ target: t.key, error });
        log.error({ err: error, target: t.key }, "announce: could not post the new documents; will try again after the next re-index");
      }
    }
    return report;
  };

  // One run at a time in this process (a re-index's run and a generation switch's can coincide); the claims
  // would keep two runs from posting twice, this keeps them from doing the work twice at once.
  let last: Promise<unknown> = Promise.resolve();

  return {
    enabled: targets.length > 0,
    attach(platform, poster) {
      posters.set(platform, poster);
      return () => {
        if (posters.get(platform) === poster) posters.delete(platform);
      };
    },
    async prime() {
      if (targets.length === 0) return;
      const documents = await listDocuments();
      if (!documents) return; // no index yet: the first build is recorded by the first run after it
      for (const t of targets) if (!(await store.isPrimed(t.key))) await primeTarget(t.key, documents);
    },
    afterReindex() {
      const next = last.then(run);
      last = next.catch(() => undefined);
      return next;
    },
    async idle() {
      await last;
    },
  };
}
