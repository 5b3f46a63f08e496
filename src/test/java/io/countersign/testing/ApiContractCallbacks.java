package io.countersign.testing;

import java.lang.reflect.Method;

import io.quarkus.test.junit.callback.QuarkusTestAfterEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Puts {@link ApiContract} in front of every REST-assured request of every Quarkus test, whatever its profile
 * (registered in {@code META-INF/services}, so no test can forget it). Before each test it points the contract at
 * the port the application under test listens on and reads the test's {@link OffContract}, if any.
 */
public class ApiContractCallbacks implements QuarkusTestBeforeEachCallback, QuarkusTestAfterEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        synchronized (RestAssured.class) {
            if (!RestAssured.filters().contains(ApiContract.INSTANCE)) {
                RestAssured.filters(ApiContract.INSTANCE);
            }
        }
        Method method = context.getTestMethod();
        ApiContract.INSTANCE.watch(offContract(method), method.getDeclaringClass().getSimpleName() + "."
                + method.getName());
    }

    @Override
    public void afterEach(QuarkusTestMethodContext context) {
        ApiContract.INSTANCE.stop();
    }

    private static OffContract offContract(Method method) {
        OffContract onMethod = method.getAnnotation(OffContract.class);
        if (onMethod != null) {
            return onMethod;
        }
        for (Class<?> c = method.getDeclaringClass(); c != null; c = c.getEnclosingClass()) {
            if (c.isAnnotationPresent(OffContract.class)) {
                return c.getAnnotation(OffContract.class);
            }
        }
        return null;
    }
}
