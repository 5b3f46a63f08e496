package io.countersign.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class or method whose point is a request the OpenAPI document does not allow (malformed JSON, a
 * wrong type, a missing field, an unknown action, a wrong content type...). {@link ApiContract} then ignores what
 * it finds wrong with the REQUEST; every RESPONSE is still checked against the document. {@link #what()}
 * {@code = ALL} is for the one case where the instance does not serve the documented API at all (notifier role).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface OffContract {

    /** Why the requests are off the contract: said in the test, where it can be reviewed. */
    String value();

    Part what() default Part.REQUESTS;

    enum Part {
        /** Requests are sent malformed on purpose; responses are checked. */
        REQUESTS,
        /** Nothing is checked: the instance does not serve the API the document describes. */
        ALL
    }
}
