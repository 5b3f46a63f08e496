package io.countersign.notifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.countersign.notifier.sms.LogSmsGateway;
import io.quarkus.test.junit.QuarkusTest;

/** The development SMS gateway says that an SMS went out, to a masked number, and never what it said. */
@QuarkusTest
class LogSmsGatewayTest {

    @Test
    void logsOnlyAMaskedNumber() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("io.countersign.notifier.sms");
        logger.addHandler(capture);
        try {
            new LogSmsGateway().send("+4915112345678", "Countersign: reset your password. Code: 987654 http://x/pages/reset?token=sel.ver")
                    .await().atMost(Duration.ofSeconds(5));
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(1, lines.size(), lines.toString());
        String line = lines.get(0);
        assertTrue(line.contains("+49*********78"), line);
        assertFalse(line.contains("987654") || line.contains("token") || line.contains("15112345678"), line);
    }
}
