-- Fixed DESIGN-shaped ceiling (see README.md): verification by link in one transaction, one statement per row. Not
-- generated. Each client claims its own challenges of bench_verify in turn (-t, see ../ceiling.sh).
\set n 1 + :client_id + :clients * :k
\set k :k + 1
select id::text as cid, user_id::text as uid from bench_verify where n = :n \gset
begin;
update challenges set attempts_left = attempts_left - 1, consumed_at = now(), ended_reason = 'used' where id = :cid::uuid and consumed_at is null;
update users set is_verified = true, updated_at = now() where id = :uid::uuid;
insert into outbox (id, aggregate_type, aggregate_id, type, payload, created_at, published_at)
  values (gen_random_uuid(), 'user', :uid::uuid, 'countersign.notification.verifySignup.v1', jsonb_build_object('notificationType', 'verifySignup', 'userId', :uid::text), now(), now());
insert into audit_log (user_id, type, ip, user_agent, at) values (:uid::uuid, 'verified', '10.1.2.3', 'wrk', now());
commit;
