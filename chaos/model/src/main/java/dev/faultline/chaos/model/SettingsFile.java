package dev.faultline.chaos.model;

/**
 * A learner's own settings for a service (a shorter timeout, a smaller retry budget): a {@code .properties} file
 * the CLI writes and the service's processes read at start, over their {@code application.yaml}. This is where
 * both sides meet: the variable that names the file, and the file's name.
 */
public final class SettingsFile {

    /** The environment variable that names a process's settings file (absent: no settings of a learner's). */
    public static final String VARIABLE = "FAULTLINE_SETTINGS";

    private SettingsFile() {
    }

    /** The file's name for a service, e.g. {@code orders.properties}. */
    public static String name(String service) {
        return service + ".properties";
    }
}
