-- Up Migration
-- What was announced where (src/core/announce/postgres-announced-store.ts), shared by every replica so a new
-- document is announced once per channel whichever replica notices it. Scoped by the index name (DATABASE_INDEX):
-- deployments serving different indexes from one database keep separate histories.
-- A target ("discord:<channel>", "slack:<channel>") is set up (primed) once: its row and the documents indexed
-- then are inserted by one statement, so a replica that sees the target set up also sees those documents.
CREATE TABLE docent_announce_targets (
  index_name text NOT NULL,
  target text NOT NULL,
  primed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (index_name, target)
);

-- A row is the claim to post a document: a replica inserts it before posting and only posts what its insert
-- returned. A document counts as announced by its file (the primary key) and by its url (the unique index), so a
-- renamed post is not news and one link is never announced twice in a channel.
CREATE TABLE docent_announced_documents (
  index_name text NOT NULL,
  target text NOT NULL,
  file text NOT NULL,
  url text,
  announced_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (index_name, target, file)
);
CREATE UNIQUE INDEX docent_announced_documents_url ON docent_announced_documents (index_name, target, url) WHERE url IS NOT NULL;

-- Down Migration
DROP TABLE IF EXISTS docent_announced_documents;
DROP TABLE IF EXISTS docent_announce_targets;
