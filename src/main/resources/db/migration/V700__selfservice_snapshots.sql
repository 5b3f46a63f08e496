-- Self-service processes (selfservice/): the stored snapshot tokens, and the spent ids of stateless ones.
-- A stored token is kept only as HMAC-SHA256 under the server key; its state is AES-256-GCM under a key derived
-- from the token, so this table can be neither replayed nor read. Rows go once past their expiry (purge).
create table selfservice_snapshots (
    token_hash  bytea primary key,
    process     text not null,
    state       bytea not null,
    expires_at  timestamptz not null,
    consumed_at timestamptz
);
create index selfservice_snapshots_expires on selfservice_snapshots (expires_at);

-- Stateless tokens carry their state themselves; only the ids of tokens already submitted are kept (hashed), until
-- the token would have expired anyway, so that a replay is refused in both modes.
create table selfservice_spent (
    jti_hash   bytea primary key,
    expires_at timestamptz not null
);
create index selfservice_spent_expires on selfservice_spent (expires_at);
