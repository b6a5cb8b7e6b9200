-- Up Migration
-- State shared by the replicas of one deployment (src/core/shared-state/): claims — keys the first replica to
-- insert wins, each until it expires (Slack event de-duplication and replay protection, rate-limit notices,
-- the Slack threads the app answers in) — and per-member sliding-window rate limits. Expired rows are
-- deleted by the replicas from time to time; an expired row is treated as absent until then.
CREATE TABLE docent_claims (
  key text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX docent_claims_expires ON docent_claims (expires_at);

CREATE TABLE docent_rate_limits (
  key text PRIMARY KEY,
  -- Accepted hits within the window, epoch milliseconds by the database's clock, oldest first.
  hits bigint[] NOT NULL,
  -- When the newest hit leaves the window: the row can be deleted then.
  expires_ms bigint NOT NULL
);
CREATE INDEX docent_rate_limits_expires ON docent_rate_limits (expires_ms);

-- One token of `lim` per `window_ms` for `k`. The row is locked for the decision, so two replicas taking the
-- last token at once cannot both get it. The database's clock is the one clock all replicas share.
CREATE FUNCTION docent_take_token(k text, lim integer, window_ms bigint, OUT allowed boolean, OUT retry_after_ms bigint)
LANGUAGE plpgsql AS $$
DECLARE
  now_ms bigint;
  hits_now bigint[];
  recent bigint[];
BEGIN
  INSERT INTO docent_rate_limits (key, hits, expires_ms) VALUES (k, '{}', 0) ON CONFLICT (key) DO NOTHING;
  SELECT r.hits INTO hits_now FROM docent_rate_limits r WHERE r.key = k FOR UPDATE;
  -- Read the clock once the row is ours: a session that waited for the lock is later than the hits before it.
  now_ms := (extract(epoch FROM clock_timestamp()) * 1000)::bigint;
  recent := ARRAY(SELECT t FROM unnest(hits_now) AS h (t) WHERE t > now_ms - window_ms ORDER BY t);
  IF cardinality(recent) >= lim THEN
    allowed := false;
    retry_after_ms := greatest(0, recent[1] + window_ms - now_ms);
    UPDATE docent_rate_limits SET hits = recent WHERE key = k;
  ELSE
    allowed := true;
    retry_after_ms := 0;
    UPDATE docent_rate_limits SET hits = recent || now_ms, expires_ms = now_ms + window_ms WHERE key = k;
  END IF;
END
$$;

-- Down Migration
DROP FUNCTION IF EXISTS docent_take_token (text, integer, bigint);
DROP TABLE IF EXISTS docent_rate_limits;
DROP TABLE IF EXISTS docent_claims;
