package dev.faultline.pki;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How much of the sandbox speaks TLS ({@code tls.mode}, {@code ./faultline up --tls}). Off by default, so the
 * figures and lessons made without TLS stay comparable.
 */
public enum TlsMode {
    /** Plain HTTP everywhere. */
    OFF,
    /** The gateway also serves HTTPS (TLS 1.3) to outside callers; every hop behind it stays plain. */
    EDGE,
    /**
     * Edge, and every service's API requires a client certificate from the sandbox's authority: each caller is known
     * by its certificate, and the rules of who may call whom are enforced.
     */
    MTLS;

    /** The mode named in configuration: off, edge or mtls, in any case. */
    public static TlsMode parse(String value) {
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("tls.mode must be one of " + Arrays.stream(values())
                    .map(TlsMode::toString).collect(Collectors.joining(", ")) + ", not '" + value + "'", e);
        }
    }

    /** Whether outside callers can reach the gateway over HTTPS. */
    public boolean servesHttps() {
        return this != OFF;
    }

    /** Whether services know their callers by certificate. */
    public boolean mutual() {
        return this == MTLS;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
