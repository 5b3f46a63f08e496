-- Retention jobs (security/Retention): find old rows by index, in batches.
create index audit_log_at_idx on audit_log (at);
-- a challenge is dead from when it ended or, never ended, from when it expired
create index challenges_dead_since_idx on challenges ((coalesce(consumed_at, expires_at)));
