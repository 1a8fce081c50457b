-- pregon schema v3 (SQLite): operators of the HTTP API — users, API tokens, login sessions —
-- and the answers of requests made with an Idempotency-Key. Secrets are stored hashed only.
-- Times are Unix milliseconds (UTC).

CREATE TABLE users (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE,
  role           TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'report_manager', 'viewer')),
  password_hash  TEXT NOT NULL DEFAULT '',   -- argon2id (crypto_pwhash_str); '' = no login
  created_at     INTEGER NOT NULL
);

CREATE TABLE api_tokens (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id),
  name        TEXT NOT NULL DEFAULT '',
  prefix      TEXT NOT NULL,                 -- first characters, to recognise a token
  token_hash  TEXT NOT NULL UNIQUE,          -- hex BLAKE2b-256 of the token
  created_at  INTEGER NOT NULL,
  revoked_at  INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, id);

CREATE TABLE sessions (
  id_hash     TEXT PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES users (id),
  csrf_hash   TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- status 0 = being handled; otherwise the HTTP status of the stored response.
CREATE TABLE idempotency_keys (
  user_id      INTEGER NOT NULL REFERENCES users (id),
  key          TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  status       INTEGER NOT NULL DEFAULT 0,
  response     TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

-- Campaign listings filter by sender or list, newest first.
CREATE INDEX campaigns_sender ON campaigns (sender_id, id);
CREATE INDEX campaigns_list ON campaigns (list_id, id);
