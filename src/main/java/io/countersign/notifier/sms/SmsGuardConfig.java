package io.countersign.notifier.sms;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The SMS abuse guard (SMS pumping, toll fraud; docs/delivery.md): which country calling codes may receive an SMS,
 * hourly caps per calling code and for all SMS, and the price per SMS for the spend estimate. Prefixes are country
 * calling codes (E.164) written as digits without the {@code +}, e.g. {@code 49}, {@code 1}, {@code 1876}; a number
 * belongs to the longest configured prefix it starts with.
 */
@ConfigMapping(prefix = "countersign.sms.guard")
public interface SmsGuardConfig {

    /**
     * Refuse SMS outside the allow-list and beyond the caps. Off by default: the allow-list depends on where the users
     * are, and a wrong one would quietly drop their codes. The spend estimate is kept either way.
     */
    @WithDefault("false")
    boolean enabled();

    /** The country calling codes that may receive an SMS, e.g. {@code 49,43,41}; unset: every number. */
    Optional<List<String>> allowedPrefixes();

    /** The window of the caps (fixed windows, shared by every instance through PostgreSQL). At most one day. */
    @WithDefault("1h")
    Duration window();

    /** SMS per window to the numbers of one calling code, unless {@code prefix-caps.<prefix>} says otherwise. */
    @WithDefault("200")
    int prefixCap();

    /** Caps for single calling codes, e.g. {@code prefix-caps.44=50}. */
    Map<String, Integer> prefixCaps();

    /** SMS per window to all numbers together. */
    @WithDefault("1000")
    int globalCap();

    /** The price per SMS for {@code countersign.sms.spend.estimate}. */
    Price price();

    interface Price {

        /** The price of one SMS to a calling code without its own price. */
        @WithDefault("0.05")
        double standard();

        /** Prices for single calling codes, e.g. {@code per-prefix.1876=0.25}. */
        Map<String, Double> perPrefix();

        /** The currency of the prices, a tag of the metric. */
        @WithDefault("EUR")
        String currency();
    }
}
