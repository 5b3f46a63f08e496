package io.countersign.notifier.lifecycle;

/** Masks addresses for the lifecycle record: enough to tell them apart, not enough to read them. */
public final class Recipients {

    private Recipients() {
    }

    /** {@code ada@example.com} → {@code a***@example.com}; {@code +4915112345678} → {@code +49*********78}. */
    public static String mask(String address) {
        if (address == null) {
            return null;
        }
        int at = address.indexOf('@');
        if (at > 0) {
            return address.charAt(0) + "***" + address.substring(at);
        }
        if (address.length() < 6) {
            return "***";
        }
        return address.substring(0, 3) + "*".repeat(address.length() - 5) + address.substring(address.length() - 2);
    }
}
