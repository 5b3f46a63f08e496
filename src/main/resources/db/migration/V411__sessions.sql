-- One row per login (issue 14 item 6): access tokens name their row in claim "sid", so one session can be listed
-- and ended alone. A row counts only while it has not expired and its epoch is the user's current one (bumping
-- users.session_epoch still ends every session at once).
create table sessions (
    id         uuid        primary key,
    user_id    uuid        not null references users (id) on delete cascade,
    epoch      integer     not null,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    -- shortened User-Agent of the login request, to tell the sessions apart in the list
    user_agent text
);

create index sessions_user_idx on sessions (user_id, created_at);
create index sessions_expires_idx on sessions (expires_at);
