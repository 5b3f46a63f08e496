package io.countersign.fuzz;

import java.util.List;

/**
 * Real data the generators mix into requests, so that fuzzed inputs also hit existing accounts and live
 * challenges: identifiers of seeded accounts (verified and not), their ids, the selectors of their live
 * challenges (the public half of real link tokens) and a valid access token of a verified account.
 */
record Seeds(List<String> emails, List<String> phones, List<String> usernames, List<String> userIds,
        List<String> selectors, String accessToken) {
}
