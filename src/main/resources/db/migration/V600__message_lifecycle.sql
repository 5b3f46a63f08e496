-- Issue 16: the lifecycle of every notification, written by the notifier (notifier/lifecycle/MessageLog).
-- One row per notification (id = the CloudEvent id), its current state, and one history row per state change
-- (each attempt, with its error). Never the secret, the token, the code or the body; the address is masked.
create table messages (
    id                  uuid        primary key,
    user_id             uuid        not null,
    type                text        not null,
    channel             text,
    transport           text,
    recipient           text,
    state               text        not null check (state in ('queued', 'sending', 'sent', 'deferred', 'bounced',
                                                             'complained', 'dead_lettered', 'expired')),
    attempts            integer     not null default 0,
    provider_message_id text,
    reason              text,
    next_attempt_at     timestamptz,
    replays             integer     not null default 0,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);
create index messages_user on messages (user_id, created_at desc);
create index messages_provider on messages (transport, provider_message_id) where provider_message_id is not null;
create index messages_dead_lettered on messages (type) where state = 'dead_lettered';
create index messages_updated on messages (updated_at);

create table message_history (
    id         bigint generated always as identity primary key,
    message_id uuid        not null references messages (id) on delete cascade,
    at         timestamptz not null default now(),
    state      text        not null,
    attempt    integer     not null default 0,
    detail     text
);
create index message_history_message on message_history (message_id, id);
