-- API keys of machines that administer Countersign (issue 15 item 3, admin/). The key itself is shown once, at
-- creation; only its HMAC-SHA256 (countersign.tokens.hmac-key) is stored. A revoked key stays as a record of who
-- held it; it no longer authenticates.
create table admin_api_keys (
    id           uuid        primary key,
    name         text        not null,
    -- space-separated, from: read write
    scopes       text        not null,
    key_hash     bytea       not null unique,
    created_at   timestamptz not null default now(),
    -- who created it: account:<uuid> or key:<uuid>
    created_by   text        not null,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    revoked_by   text
);
