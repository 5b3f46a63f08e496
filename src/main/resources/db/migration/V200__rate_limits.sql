-- Rate-limit counters shared by every instance (security/RateCounter): one fixed window per key.
-- The key is "action:scope:sha256(value)"; no IP address or account identifier is stored in clear.
create table rate_limits (
    key          text        primary key,
    window_start timestamptz not null,
    count        integer     not null
);

create index rate_limits_window_idx on rate_limits (window_start);
