package dev.faultline.cli.commands;

/** Whether standard output is a terminal that can be redrawn in place. */
final class Terminal {

    /** Clears the screen and moves the cursor home (ANSI). */
    static final String CLEAR_SCREEN = "\033[H\033[2J";

    private Terminal() {
    }

    /**
     * The {@code faultline} script passes {@code -Dfaultline.tty} from the shell's {@code [ -t 1 ]}; without it,
     * a console attached to the JVM counts.
     */
    static boolean interactive() {
        String tty = System.getProperty("faultline.tty");
        return tty != null ? Boolean.parseBoolean(tty) : System.console() != null;
    }
}
