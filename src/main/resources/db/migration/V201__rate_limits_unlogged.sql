-- Rate-limit counters are hit two to three times per request. As an UNLOGGED table they write no WAL, so a
-- statement that only changes counters commits without waiting for a WAL flush (measured in bench/: the
-- commit wait was most of a counter hit). The price, acceptable for counters of at most a day: after a crash of
-- the database server the table is empty (every window starts again), and it is not copied to standbys (after a
-- failover, likewise). Nothing else depends on its contents.
alter table rate_limits set unlogged;
