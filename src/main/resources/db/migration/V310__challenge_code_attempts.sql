-- Issue 14, item 2: the short code gets its own attempt budget. Wrong codes used to spend the challenge's one
-- budget, so anyone who knew an address could void the 256-bit link in that user's mailbox with five guesses at
-- the 6-digit code. Now attempts_left counts wrong link verifiers only, code_attempts_left wrong codes; a spent
-- code budget clears code_hash (the code is void) and leaves the link usable.
alter table challenges add column code_attempts_left integer;
update challenges set code_attempts_left = attempts_left;
alter table challenges alter column code_attempts_left set not null;
alter table challenges add constraint challenges_code_attempts check (code_attempts_left >= 0);
