package dev.faultline.platform.data;

import java.util.UUID;

/** Identifiers of stored resources: random, opaque strings. */
public final class Ids {

    private Ids() {
    }

    public static String next() {
        return UUID.randomUUID().toString();
    }
}
