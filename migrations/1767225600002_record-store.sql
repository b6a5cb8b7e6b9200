-- Up Migration
-- The record store on Postgres (src/core/records/postgres-record-store.ts): what was asked and answered, and
-- members' votes on answers, shared by every replica. Members appear only as keyed hashes (user_hash); the
-- key lives in its own table, apart from the data it protects, so a dump of the answers and votes alone cannot
-- be linked to members (grant and back up docent_record_key separately if you wish).
CREATE TABLE docent_record_key (
  -- One row: the per-installation key every replica hashes member ids with.
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  key text NOT NULL CHECK (key ~ '^[0-9a-f]{64}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE docent_answers (
  id text PRIMARY KEY,
  platform text NOT NULL,
  user_hash text NOT NULL,
  channel text,
  question text NOT NULL,
  answer text NOT NULL,
  citations jsonb NOT NULL,
  grounded boolean NOT NULL,
  retrieve_ms double precision NOT NULL,
  answer_ms double precision NOT NULL,
  latency_ms double precision NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX docent_answers_created_at ON docent_answers (created_at);

-- One vote per member per answer: the primary key is the unique key; a second press updates the row.
CREATE TABLE docent_votes (
  answer_id text NOT NULL REFERENCES docent_answers (id) ON DELETE CASCADE,
  user_hash text NOT NULL,
  vote text NOT NULL CHECK (vote IN ('up', 'down')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (answer_id, user_hash)
);

-- Down Migration
DROP TABLE IF EXISTS docent_votes;
DROP TABLE IF EXISTS docent_answers;
DROP TABLE IF EXISTS docent_record_key;
