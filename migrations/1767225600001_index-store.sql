-- Up Migration
-- The index on Postgres (src/core/index-store/postgres/). Several named indexes can share a database
-- (DATABASE_INDEX / --index). Rows are versioned by generation: a row is part of generation g when
-- born <= g AND (died IS NULL OR died > g). An ingest writes the rows of generation live+1 (new rows born
-- there, replaced rows dying there), then publishes it by switching docent_indexes.live_generation in one
-- transaction; readers keep using the generation they loaded until they are told (NOTIFY docent_index).
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE docent_indexes (
  id serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  live_generation bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per published generation: what it holds, which embedder built it, and BM25's corpus statistics.
CREATE TABLE docent_generations (
  index_id integer NOT NULL REFERENCES docent_indexes (id) ON DELETE CASCADE,
  generation bigint NOT NULL,
  previous_generation bigint,
  embedder_id text NOT NULL,
  embedder_dimension integer NOT NULL,
  embedder_kind text NOT NULL CHECK (embedder_kind IN ('semantic', 'lexical')),
  chunk_max_chars integer NOT NULL,
  next_label bigint NOT NULL,
  chunk_count bigint NOT NULL,
  document_count bigint NOT NULL,
  -- Tokens of all chunks (heading and body): BM25's average length is token_total / chunk_count.
  token_total bigint NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (index_id, generation)
);

-- The ingest manifest: a content hash per document.
CREATE TABLE docent_documents (
  index_id integer NOT NULL REFERENCES docent_indexes (id) ON DELETE CASCADE,
  file text NOT NULL,
  born bigint NOT NULL,
  died bigint,
  hash text NOT NULL,
  title text NOT NULL,
  url text,
  chunk_count integer NOT NULL,
  -- Front matter date (YYYY-MM-DD) and description, and when the index first saw the document (kept across
  -- edits and full rebuilds), for the chat tasks (latest).
  date text,
  description text,
  first_seen timestamptz NOT NULL DEFAULT now(),
  indexed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX docent_documents_file ON docent_documents (index_id, file);

CREATE TABLE docent_chunks (
  index_id integer NOT NULL REFERENCES docent_indexes (id) ON DELETE CASCADE,
  label bigint NOT NULL,
  born bigint NOT NULL,
  died bigint,
  file text NOT NULL,
  position integer NOT NULL,
  title text NOT NULL,
  section text NOT NULL,
  url text,
  text text NOT NULL,
  -- The blocks the text is made of (ChunkBlock[]), as the file store keeps them.
  blocks jsonb,
  -- Keyword side: the chunk's FTS5-compatible tokens (fts-terms.ts) with positions, heading weighted A.
  terms tsvector NOT NULL,
  -- Weighted term frequencies and token count, for BM25 computed in SQL.
  term_freqs jsonb NOT NULL,
  token_count integer NOT NULL,
  -- Dense side. The HNSW index is per index and dimension (partial, on a cast), made when an index is built:
  -- pgvector indexes only columns of one fixed dimension.
  embedding vector NOT NULL,
  PRIMARY KEY (index_id, label)
);
CREATE INDEX docent_chunks_file ON docent_chunks (index_id, file);
CREATE INDEX docent_chunks_terms ON docent_chunks USING gin (terms);
CREATE INDEX docent_chunks_died ON docent_chunks (index_id, died) WHERE died IS NOT NULL;

-- Document frequency per term, versioned like the chunks: BM25's IDF and the question analysis read it.
CREATE TABLE docent_term_stats (
  index_id integer NOT NULL REFERENCES docent_indexes (id) ON DELETE CASCADE,
  term text NOT NULL,
  born bigint NOT NULL,
  died bigint,
  df integer NOT NULL
);
CREATE INDEX docent_term_stats_term ON docent_term_stats (index_id, term);

-- How often a phrase (stemmed tokens in sequence) occurs in a chunk's tsvector, each occurrence weighted by
-- its column as FTS5's bm25() does: heading (weight A) and body.
CREATE FUNCTION docent_phrase_freq(v tsvector, phrase text[], heading_weight float8, body_weight float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(sum(CASE WHEN f.w = 'A' THEN heading_weight ELSE body_weight END), 0)
  FROM unnest(v) AS u, unnest(u.positions, u.weights) AS f (p, w)
  WHERE u.lexeme = phrase[1]
    AND NOT EXISTS (
      SELECT 1 FROM generate_subscripts(phrase, 1) AS i
      WHERE i > 1 AND NOT EXISTS (
        SELECT 1 FROM unnest(v) AS u2 WHERE u2.lexeme = phrase[i] AND (f.p + i - 1) = ANY (u2.positions)))
$$;

-- Down Migration
DROP FUNCTION IF EXISTS docent_phrase_freq (tsvector, text[], float8, float8);
DROP TABLE IF EXISTS docent_term_stats;
DROP TABLE IF EXISTS docent_chunks;
DROP TABLE IF EXISTS docent_documents;
DROP TABLE IF EXISTS docent_generations;
DROP TABLE IF EXISTS docent_indexes;
