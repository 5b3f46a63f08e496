-- Countersign schema, version 1. See README "Anatomy" and docs/events.md.

create table users (
    id                uuid        primary key,
    -- stored normalised (trimmed, lower-case) so that a plain text comparison uses the unique index
    email             text,
    -- E.164, e.g. +4915112345678
    phone             text,
    -- kept as entered; unique case-insensitively through users_username_key
    username          text,
    display_name      text,
    password_hash     text,
    is_verified       boolean     not null default false,
    preferred_channel text        not null default 'email',
    locale            text        not null default 'en',
    -- bumped on password reset / change and identity change; access tokens carry it
    session_epoch     integer     not null default 0,
    failed_logins     integer     not null default 0,
    locked_until      timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    constraint users_identity_present check (email is not null or phone is not null),
    constraint users_email_normalised check (email is null or email = lower(btrim(email))),
    constraint users_phone_e164 check (phone is null or phone ~ '^\+[1-9][0-9]{6,14}$'),
    constraint users_preferred_channel check (preferred_channel in ('email', 'sms')),
    constraint users_session_epoch check (session_epoch >= 0)
);

create unique index users_email_key on users (email);
create unique index users_phone_key on users (phone);
create unique index users_username_key on users (lower(username));

create table challenges (
    id              uuid        primary key,
    user_id         uuid        not null references users (id) on delete cascade,
    purpose         text        not null,
    -- public half of the long token: finds the row through its unique index
    selector        text        not null,
    -- HMAC-SHA256(server key, verifier); the verifier itself is never stored
    verifier_hash   bytea       not null,
    -- HMAC-SHA256(server key, purpose | user id | code); null when no short code was issued
    code_hash       bytea,
    attempts_left   integer     not null,
    -- identity change: the new values, applied when the challenge is confirmed
    pending_changes jsonb,
    expires_at      timestamptz not null,
    consumed_at     timestamptz,
    -- why the challenge ended: used | superseded | exhausted | revoked
    ended_reason    text,
    created_at      timestamptz not null default now(),
    constraint challenges_purpose check (purpose in ('verify', 'reset', 'identity_change', 'revert')),
    constraint challenges_attempts check (attempts_left >= 0),
    constraint challenges_ended check ((consumed_at is null) = (ended_reason is null)),
    constraint challenges_ended_reason check (ended_reason in ('used', 'superseded', 'exhausted', 'revoked'))
);

create unique index challenges_selector_key on challenges (selector);
-- one live challenge per user and purpose: issuing a new one must end the old one first
create unique index challenges_live_key on challenges (user_id, purpose) where consumed_at is null;

create table outbox (
    id             uuid        primary key,
    aggregate_type text        not null,
    aggregate_id   uuid        not null,
    type           text        not null,
    payload        jsonb       not null,
    created_at     timestamptz not null default now(),
    published_at   timestamptz
);

create index outbox_unpublished_idx on outbox (created_at) where published_at is null;
create index outbox_published_idx on outbox (published_at) where published_at is not null;

create table processed_events (
    event_id     uuid        primary key,
    type         text        not null,
    outcome      text        not null,
    processed_at timestamptz not null default now()
);

create table audit_log (
    id         bigint generated always as identity primary key,
    user_id    uuid,
    type       text        not null,
    ip         text,
    user_agent text,
    at         timestamptz not null default now(),
    -- never secrets: no password, token or code ever goes here
    details    jsonb
);

create index audit_log_user_idx on audit_log (user_id, at);
