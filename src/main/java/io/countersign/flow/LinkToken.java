package io.countersign.flow;

import io.countersign.challenge.TokenCodec;

/** The form of the long token in e-mailed links, for an edge that checks it before any flow runs (the pages). */
public final class LinkToken {

    private LinkToken() {
    }

    /** @return whether the token has the form of a link token; says nothing of whether it is valid */
    public static boolean wellFormed(String token) {
        return TokenCodec.wellFormed(token);
    }
}
