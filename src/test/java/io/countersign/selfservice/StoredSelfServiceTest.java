package io.countersign.selfservice;

import java.util.List;

import io.countersign.testing.Sql;
import io.quarkus.test.junit.QuarkusTest;

/** {@link SelfServiceContract} with the shipped configuration: stored tokens, the default stage order. */
@QuarkusTest
class StoredSelfServiceTest extends SelfServiceContract {

    @Override
    List<String> registrationOrder() {
        return List.of("termsAndConditions", "consent", "userDetails", "emailValidation");
    }

    @Override
    List<String> resetOrder() {
        return List.of("userQuery", "emailValidation", "resetStage");
    }

    /** A stored token expires by its row: the row's expiry is moved into the past. */
    @Override
    String expired(String liveToken) {
        Sql.update("update selfservice_snapshots set expires_at = now() - interval '1 minute' where consumed_at is null");
        return liveToken;
    }
}
