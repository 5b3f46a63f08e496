package io.countersign.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;

import jakarta.mail.internet.MimeMessage;

/**
 * Everything the local run caught, e-mails (from the SMTP catcher) and SMS (posted to the gateway stub), in one
 * list. Each message gets the next number when it is first seen and keeps it until the mailbox is emptied;
 * numbers are never reused, so a link to message 7 shows message 7 however much arrives later. E-mails are
 * numbered in the order the SMTP server received them (GreenMail lists them per recipient, not by arrival).
 */
final class Inbox {

    /** One caught message; {@code source} is the e-mail as received (null for an SMS). */
    record Entry(MailView view, MimeMessage source) {
    }

    private final GreenMail mail;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<StoredMessage> numbered = Collections.newSetFromMap(new IdentityHashMap<>());
    private int lastId;

    Inbox(GreenMail mail) {
        this.mail = mail;
    }

    /** All messages, newest first. */
    synchronized List<Entry> newestFirst() {
        numberNewMail();
        List<Entry> list = new ArrayList<>(entries);
        Collections.reverse(list);
        return list;
    }

    synchronized Optional<Entry> find(int id) {
        numberNewMail();
        return entries.stream().filter(e -> e.view().id() == id).findFirst();
    }

    /** Records an SMS as the gateway stub received it. */
    synchronized MailView addSms(String from, String to, String text) {
        numberNewMail(); // mail that arrived before this SMS keeps the lower numbers
        MailView sms = MailView.sms(++lastId, from, to, text, Instant.now());
        entries.add(new Entry(sms, null));
        return sms;
    }

    synchronized void purge() {
        try {
            mail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException("cannot purge the mailbox", e);
        }
        entries.clear();
        numbered.clear();
    }

    private void numberNewMail() {
        List<StoredMessage> fresh = new ArrayList<>();
        for (StoredMessage stored : mail.getManagers().getImapHostManager().getAllMessages()) {
            if (!numbered.contains(stored)) {
                fresh.add(stored);
            }
        }
        fresh.sort(Comparator.comparing(StoredMessage::getReceivedDate).thenComparingLong(StoredMessage::getUid));
        for (StoredMessage stored : fresh) {
            numbered.add(stored);
            MimeMessage message = stored.getMimeMessage();
            entries.add(new Entry(MailView.of(++lastId, message), message));
        }
    }
}
