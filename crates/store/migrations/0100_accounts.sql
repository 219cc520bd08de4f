-- Accounts of the analyst web UI and their sessions (tally-web). Passwords are argon2id PHC
-- strings; session and API tokens are stored only as SHA-256 digests, so a copy of the
-- database does not let anyone sign in.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
    -- argon2id, PHC string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
    password_hash TEXT    NOT NULL,
    created_at    TEXT    NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);

CREATE TABLE sessions (
    -- Hex SHA-256 of the cookie's token.
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The synchronizer token every form of this session carries.
    csrf       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    -- RFC 3339, UTC; a session past it is refused and removed.
    expires_at TEXT    NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    -- Hex SHA-256 of the bearer token.
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label      TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
