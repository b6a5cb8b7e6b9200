// Document dates in the index manifest: a generation written before documents had dates is read with the
// time it was indexed as "first seen", and brought up to date when ingest builds on it; a first-seen time,
// once recorded, is not overwritten.
import Database from "better-sqlite3";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ChunkDb } from "../../../src/core/index-store/chunk-db.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "docent-dates-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

/** Today's schema with the manifest as it was before document dates. */
function oldGeneration(file: string): void {
  new ChunkDb(file).close();
  const db = new Database(file);
  db.exec(`ALTER TABLE documents DROP COLUMN date; ALTER TABLE documents DROP COLUMN description; ALTER TABLE documents DROP COLUMN first_seen;
    INSERT INTO documents VALUES ('a.md', 'h1', 'A', NULL, 1, '2024-01-02T03:04:05.000Z');`);
  db.close();
}

describe("document dates in the manifest", () => {
  it("reads an older manifest, taking the indexing time as first seen", () => {
    const file = join(dir, "chunks.sqlite");
    oldGeneration(file);
    const db = new ChunkDb(file, { readonly: true });
    try {
      expect(db.documents()).toEqual([{ file: "a.md", hash: "h1", title: "A", url: null, chunkCount: 1, date: null, description: null, firstSeen: "2024-01-02T03:04:05.000Z" }]);
    } finally {
      db.close();
    }
  });

  it("adds the columns when ingest builds on an older manifest, and keeps a recorded first-seen time", () => {
    const file = join(dir, "chunks.sqlite");
    oldGeneration(file);
    const db = new ChunkDb(file);
    try {
      db.upsertDocument({ file: "a.md", hash: "h2", title: "A", chunkCount: 2, date: "2023-12-24", description: "About A.", firstSeen: "2030-01-01T00:00:00.000Z" });
      db.upsertDocument({ file: "b.md", hash: "h3", title: "B", chunkCount: 1 });
      const [a, b] = db.documents().sort((x, y) => x.file.localeCompare(y.file));
      expect(a).toMatchObject({ hash: "h2", date: "2023-12-24", description: "About A.", firstSeen: "2024-01-02T03:04:05.000Z" });
      expect(b!.firstSeen).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(b!.date).toBeNull();
    } finally {
      db.close();
    }
  });
});
