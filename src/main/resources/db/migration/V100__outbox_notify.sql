-- Wakes the outbox relay as soon as a transaction that wrote outbox rows commits (NOTIFY is delivered on
-- commit, and repeated notifications of one transaction collapse into one).
create or replace function countersign_outbox_notify() returns trigger
    language plpgsql as
$$
begin
    perform pg_notify('countersign_outbox', '');
    return null;
end
$$;

create trigger outbox_notify
    after insert on outbox
    for each statement
execute function countersign_outbox_notify();

-- the notifier deletes old dedupe records by age
create index processed_events_processed_at_idx on processed_events (processed_at);
