// The per-install key that turns member ids into keyed hashes. It lives in its own file (DATA_DIR/record-key,
// mode 0600), apart from the data it protects: a copy of docent.sqlite alone cannot be linked to members, and a
// store that is recreated (after corruption) keeps hashing members the same way. The store keeps only a short
// fingerprint of the key, to notice when the key file goes missing or is replaced.
// `npm run records:copy` reads the key of an existing store without creating or changing anything
// (existingRecordKey), to carry it to Postgres with the hashes made with it.
import { createHmac, randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import type Database from "better-sqlite3";
import { AppError } from "../../errors.js";
import type { Logger } from "../../logger.js";

const KEY_PATTERN = /^[0-9a-f]{64}$/;
/** Where stores written before the key file existed kept the key. */
const LEGACY_META_KEY = "user_hash_salt";
const FINGERPRINT_META_KEY = "record_key_fingerprint";

/** The store's key: from `keyFile` (created once), or a fresh in-memory one when there is no file (":memory:"). */
export function loadRecordKey(db: Database.Database, keyFile: string | undefined, logger: Logger): string {
  const meta = (key: string) => metaValue(db, key);
  const setMeta = (key: string, value: string) =>
    db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(key, value);
  if (!keyFile) return randomBytes(32).toString("hex");

  const legacy = meta(LEGACY_META_KEY);
  let key = readKeyFile(keyFile, logger);
  let reported = false;
  if (!key) {
    if (legacy && KEY_PATTERN.test(legacy)) {
      key = writeKeyFile(keyFile, legacy);
      logger.info({ keyFile }, `records: moved the member-hash key out of the store into ${keyFile}`);
    } else {
      const hasData = (db.prepare("SELECT EXISTS (SELECT 1 FROM answers) OR EXISTS (SELECT 1 FROM votes)").pluck().get() as number) === 1;
      key = writeKeyFile(keyFile, randomBytes(32).toString("hex"));
      if (hasData) {
        reported = true;
        logger.error(
          { keyFile },
          `records: the key file ${keyFile} is missing but the record store holds hashed member ids; started a new key, so earlier ` +
            "votes no longer match their members (they may vote again on old answers). Restore record-key from a backup to keep them.",
        );
      }
    }
  }
  if (legacy !== undefined) {
    if (legacy !== key) logger.warn({ keyFile }, `records: the store held an old member-hash key that differs from ${keyFile}; ${keyFile} wins`);
    // secure_delete overwrites the row's bytes, so the key does not linger in the database file.
    db.pragma("secure_delete = ON");
    db.prepare("DELETE FROM meta WHERE key = ?").run(LEGACY_META_KEY);
  }
  const fingerprint = fingerprintOf(key);
  const stored = meta(FINGERPRINT_META_KEY);
  if (stored !== undefined && stored !== fingerprint && !reported)
    logger.error(
      { keyFile },
      `records: ${keyFile} is not the key this record store was written with; earlier votes no longer match their members. ` +
        "Restore the right record-key from a backup to keep them.",
    );
  if (stored !== fingerprint) setMeta(FINGERPRINT_META_KEY, fingerprint);
  return key;
}

/** The key an existing store was written with, read without creating or changing anything (records:copy opens
 *  the store read-only): `keyFile`, or the key older stores kept in their meta table. Refuses, with a line that
 *  starts `<who>: <keyFile>: `, a store with no key and a key whose fingerprint is not the store's: the member
 *  hashes could never be linked to members again (HMAC is one-way; nothing can re-hash them). */
export function existingRecordKey(db: Database.Database, keyFile: string, who: string, logger: Logger): string {
  const key = readKeyFile(keyFile, logger) ?? metaValue(db, LEGACY_META_KEY);
  if (!key || !KEY_PATTERN.test(key))
    throw new AppError(
      "record_store_unavailable",
      `${who}: ${keyFile}: no member-hash key for this record store, so its hashed member ids could not be linked to members ` +
        "after the copy. Fix: restore record-key from a backup beside the store (or name the store's folder with --from).",
    );
  const stored = metaValue(db, FINGERPRINT_META_KEY);
  if (stored !== undefined && stored !== fingerprintOf(key))
    throw new AppError(
      "record_store_unavailable",
      `${who}: ${keyFile}: not the key this record store was written with (its fingerprint differs), so the hashes copied ` +
        "with it would not match their members. Fix: restore the store's own record-key from a backup.",
    );
  return key;
}

function metaValue(db: Database.Database, key: string): string | undefined {
  return (db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
}

/** A short one-way tag of the key: enough to tell keys apart, useless for hashing members. */
function fingerprintOf(key: string): string {
  return createHmac("sha256", key).update("docent record-key fingerprint").digest("hex").slice(0, 16);
}

function readKeyFile(keyFile: string, logger: Logger): string | undefined {
  if (!existsSync(keyFile)) return undefined;
  const key = readFileSync(keyFile, "utf8").trim();
  if (!KEY_PATTERN.test(key))
    throw new AppError(
      "record_store_unavailable",
      `records: the key file ${keyFile} is damaged (expected 64 hex characters). Fix: restore it from a backup, or delete it ` +
        "to start a new key (earlier votes then no longer match their members).",
    );
  if ((statSync(keyFile).mode & 0o077) !== 0) logger.warn({ keyFile }, `records: ${keyFile} is readable by other users; run chmod 600 ${keyFile}`);
  return key;
}

function writeKeyFile(keyFile: string, key: string): string {
  try {
    writeFileSync(keyFile, `${key}\n`, { mode: 0o600, flag: "wx" });
    return key;
  } catch (error) {
    // Another process (npm run report) created it at the same moment: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(keyFile, "utf8").trim();
    throw new AppError(
      "record_store_unavailable",
      `records: cannot create the key file ${keyFile} (${(error as Error).message}). Fix: make DATA_DIR writable by this user.`,
      { cause: error },
    );
  }
}
