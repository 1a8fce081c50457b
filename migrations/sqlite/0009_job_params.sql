-- pregon schema v9: a client's parameters for its reservation's job (DESIGN §1.5), passed in
-- the job's environment as PREGON_PARAM_<NAME>. A secret one (a client's password for the
-- site the job drives) is stored sealed with PREGON_SECRET_KEY (libsodium secretbox: base64 of
-- nonce and box), never in clear, and is never shown again.

CREATE TABLE job_params (
  user_id  INTEGER NOT NULL REFERENCES users (id),
  name     TEXT NOT NULL,
  value    TEXT NOT NULL,
  secret   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, name)
);
