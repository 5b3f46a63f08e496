package io.countersign.notifier.sms;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The guard's metrics, every series registered at start (at 0) so that dashboards find them:
 * {@code countersign.sms.guard.refused{reason}}, and the spend estimate per calling code (price × SMS the gateway
 * accepted): {@code countersign.sms.spend.estimate{prefix,currency}} (a counter: the daily spend is its increase over a
 * day) and {@code countersign.sms.spend.estimate.today{prefix,currency}} (this instance, since 00:00 UTC).
 */
@Startup
@ApplicationScoped
public class SmsGuardMetrics {

    static final String REFUSED = "countersign.sms.guard.refused";
    static final String SPEND = "countersign.sms.spend.estimate";

    private final MeterRegistry registry;
    private final CallingCodes codes;
    private final SmsGuardConfig.Price price;
    private final Map<String, Today> today = new HashMap<>();

    public SmsGuardMetrics(MeterRegistry registry, SmsGuardConfig config) {
        this.registry = registry;
        this.codes = CallingCodes.of(config);
        this.price = config.price();
        for (SmsGuard.Refusal reason : SmsGuard.Refusal.values()) {
            registry.counter(REFUSED, "reason", reason.tag());
        }
        for (String prefix : codes.tags()) {
            registry.counter(SPEND, "prefix", prefix, "currency", price.currency());
            Today amount = new Today();
            today.put(prefix, amount);
            Gauge.builder(SPEND + ".today", amount, Today::value).tags("prefix", prefix, "currency", price.currency())
                    .register(registry);
        }
    }

    void refused(SmsGuard.Refusal reason) {
        registry.counter(REFUSED, "reason", reason.tag()).increment();
    }

    /** The gateway accepted an SMS to this number: adds its price. */
    public void spent(String phone) {
        String prefix = codes.prefixOf(phone);
        double amount = price.perPrefix().getOrDefault(prefix, price.standard());
        registry.counter(SPEND, "prefix", prefix, "currency", price.currency()).increment(amount);
        today.get(prefix).add(amount);
    }

    /** An amount that starts again at 0 each day (UTC). */
    static final class Today {

        private LocalDate day = LocalDate.now(ZoneOffset.UTC);
        private double amount;

        synchronized void add(double value) {
            roll();
            amount += value;
        }

        synchronized double value() {
            roll();
            return amount;
        }

        private void roll() {
            LocalDate now = LocalDate.now(ZoneOffset.UTC);
            if (!now.equals(day)) {
                day = now;
                amount = 0;
            }
        }
    }
}
