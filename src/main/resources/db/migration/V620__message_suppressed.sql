-- Issue 16: a message the notifier did not send on purpose (an undeliverable e-mail address, or a number the SMS abuse
-- guard refused) has its own final state instead of 'sent' with transport 'suppressed'. Earlier rows keep what they say.
alter table messages drop constraint messages_state_check;
alter table messages add constraint messages_state_check check (state in ('queued', 'sending', 'sent', 'deferred',
    'bounced', 'complained', 'dead_lettered', 'expired', 'suppressed'));
