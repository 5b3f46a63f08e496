-- Fixed DESIGN-shaped ceiling (see README.md): verify issued in one transaction, one statement per row. Not generated.
\set i 10 * (:client_id + :clients * random(0, :g7 / :clients - 1)) + 7
begin;
update challenges set consumed_at = now(), ended_reason = 'superseded' where user_id = ('62656e63-6800-0000-0000-' || lpad(to_hex(:i::int), 12, '0'))::uuid and purpose = 'verify' and consumed_at is null;
insert into challenges (id, user_id, purpose, selector, verifier_hash, code_hash, attempts_left, code_attempts_left, expires_at, created_at)
  values (gen_random_uuid(), ('62656e63-6800-0000-0000-' || lpad(to_hex(:i::int), 12, '0'))::uuid, 'verify', substr(md5(random()::text), 1, 16), sha256(random()::text::bytea), sha256(random()::text::bytea), 5, 5, now() + interval '1 hour', now());
insert into outbox (id, aggregate_type, aggregate_id, type, payload, created_at, published_at)
  values (gen_random_uuid(), 'user', ('62656e63-6800-0000-0000-' || lpad(to_hex(:i::int), 12, '0'))::uuid, 'countersign.notification.resendVerifySignup.v1', jsonb_build_object('notificationType', 'resendVerifySignup', 'userId', ('62656e63-6800-0000-0000-' || lpad(to_hex(:i::int), 12, '0'))::uuid, 'recipient', jsonb_build_object('email', 'u' || :i::text || '@bench.example'), 'secret', jsonb_build_object('ciphertext', md5(random()::text))), now(), now());
insert into audit_log (user_id, type, ip, user_agent, at) values (('62656e63-6800-0000-0000-' || lpad(to_hex(:i::int), 12, '0'))::uuid, 'verification_sent', '10.1.2.3', 'wrk', now());
commit;
