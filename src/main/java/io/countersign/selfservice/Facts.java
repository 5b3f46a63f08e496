package io.countersign.selfservice;

import java.util.LinkedHashMap;
import java.util.Map;

import io.countersign.error.ErrorCode;
import io.countersign.error.FlowException;
import io.countersign.security.AccountKey;
import io.countersign.user.Identity;

/** The names of what stages leave in a snapshot for the stages after them, and readers for the common ones. */
final class Facts {

    /** Prefix of the identity fields (userQuery, userDetails): {@code id.email}, {@code id.phone}, {@code id.username}. */
    static final String ID = "id.";
    /** userDetails created an account in this process (it still has to be verified). */
    static final String REGISTERED = "registered";
    /** The password chosen in userDetails, set when the address is verified (encrypted with the snapshot). */
    static final String PASSWORD = "password";
    /** The account whose address was proved (emailValidation, smsValidation), and its session epoch then. */
    static final String USER = "user";
    static final String EPOCH = "epoch";
    /** validateActiveAccount came before: only an active (verified) account is served. */
    static final String ACTIVE_REQUIRED = "activeRequired";
    static final String TERMS = "termsVersion";
    static final String CONSENT = "consent";

    private Facts() {
    }

    static Snapshot withIdentity(Snapshot snapshot, Identity identity) {
        Snapshot next = snapshot;
        for (String field : new String[] { Identity.EMAIL, Identity.PHONE, Identity.USERNAME }) {
            next = next.with(ID + field, identity.has(field) ? identity.get(field) : null);
        }
        return next;
    }

    static Identity identity(Snapshot snapshot) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : new String[] { Identity.EMAIL, Identity.PHONE, Identity.USERNAME }) {
            if (snapshot.has(ID + field)) {
                fields.put(field, snapshot.get(ID + field));
            }
        }
        if (fields.isEmpty()) {
            throw new FlowException(ErrorCode.INVALID_REQUEST, "No account was named before this stage; configure "
                    + "userQuery or userDetails before it.");
        }
        return Identity.of(fields);
    }

    static String accountKey(Snapshot snapshot) {
        return AccountKey.of(snapshot.get(ID + Identity.EMAIL), snapshot.get(ID + Identity.PHONE),
                snapshot.get(ID + Identity.USERNAME));
    }
}
