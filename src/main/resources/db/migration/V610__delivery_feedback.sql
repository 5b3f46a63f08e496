-- Delivery feedback (issue 16 item 4; docs/providers.md). Every bounce or complaint a provider reports is kept in
-- delivery_feedback (once per provider event, recipient and kind: providers deliver webhooks at least once). A hard
-- bounce or a complaint also puts the address on email_suppressions: the API shows it on the account, refuses to
-- queue mail to it, and the notifier skips it. Addresses are stored as users.email is: trimmed, lower case.
create table email_suppressions (
    address             text        primary key,
    reason              text        not null check (reason in ('hard_bounce', 'complaint')),
    provider            text        not null,
    provider_message_id text,
    created_at          timestamptz not null default now()
);

create table delivery_feedback (
    id                  bigserial   primary key,
    provider            text        not null,
    event_key           text        not null,
    address             text        not null,
    kind                text        not null check (kind in ('hard_bounce', 'soft_bounce', 'complaint')),
    provider_message_id text,
    detail              text,
    received_at         timestamptz not null default now(),
    unique (provider, event_key, address, kind)
);

create index delivery_feedback_address_idx on delivery_feedback (address, received_at);
