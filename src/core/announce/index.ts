export { createAnnouncer, type AnnounceChannels, type Announcer, type AnnouncerOptions, type AnnounceReport, type ListDocuments } from "./announcer.js";
export { openSqliteAnnouncedStore, type AnnouncedStore } from "./announced-store.js";
export { ANNOUNCE_MAX_LISTED, type AnnouncedDocument, type Announcement, type AnnouncementPoster, type AnnouncePlatform } from "./types.js";
export { openAnnouncer, type OpenAnnouncer } from "./open-announcer.js";
