// What the core tells chat front ends to announce after a re-index, and what a front end must provide to post
// it. The core decides (src/core/announce/announcer.ts); adapters only turn an Announcement into a message.

/** The id a front end attaches its poster under ("discord", "slack", …): data, not a closed list. */
export type AnnouncePlatform = string;

/** One new document in an announcement. */
export interface AnnouncedDocument {
  /** Relative to the knowledge directory, forward slashes (as citations name it). */
  file: string;
  title: string;
  url?: string;
}

export interface Announcement {
  /** The new documents to list, at most ANNOUNCE_MAX_LISTED of them. */
  documents: AnnouncedDocument[];
  /** How many more new documents there are beyond those listed (0 when all are listed). */
  more: number;
}

/** A chat front end's way of posting an announcement in one of its channels. Rejects when the post failed. */
export interface AnnouncementPoster {
  post(channelId: string, announcement: Announcement): Promise<void>;
}

/** The most documents one announcement lists; the rest are counted ("and 12 more"). */
export const ANNOUNCE_MAX_LISTED = 10;
