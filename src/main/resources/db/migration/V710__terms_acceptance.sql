-- Terms and conditions (flow/Terms, docs/terms.md): the version an account accepted last, when, and from which client
-- IP. Every acceptance is also in the audit log (terms_accepted). The IP goes with the account when it is deleted.
alter table users
    add column terms_version     text,
    add column terms_accepted_at timestamptz,
    add column terms_accepted_ip text,
    add constraint users_terms_accepted check ((terms_version is null) = (terms_accepted_at is null));
