package io.countersign.notifier;

/** Tells a failure of the database apart from the notifier's own failures, and wraps it for the circuit breaker. */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** Anything that is not a delivery's own failure came from the database (or the connection to it). */
    static boolean isDatabase(Throwable failure) {
        return !(failure instanceof PermanentFailure || failure instanceof DeliveryFailure);
    }

    static DeliveryFailure wrap(Throwable failure) {
        return new DeliveryFailure(CircuitBreakers.DATABASE, "database: " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : " " + firstLine(failure.getMessage())), failure);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
