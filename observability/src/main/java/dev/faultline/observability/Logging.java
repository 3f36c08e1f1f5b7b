package dev.faultline.observability;

import java.util.logging.LogManager;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Routes every log record of a Faultline process through SLF4J and logback.
 *
 * <p>Helidon logs with {@code java.util.logging}; its SLF4J bridge module is not served here, so the
 * JUL-to-SLF4J bridge is installed instead. Call {@link #configure()} first thing in {@code main}.
 */
public final class Logging {

    private Logging() {
    }

    /** Sends {@code java.util.logging} records to logback (idempotent). */
    public static void configure() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            LogManager.getLogManager().reset();
            SLF4JBridgeHandler.install();
        }
    }
}
