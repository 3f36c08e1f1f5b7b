package dev.faultline.cli.commands;

import dev.faultline.observability.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code faultline} command line. Exit codes: 0 success; 1 the sandbox failed or is not running;
 * 2 a usage error; 3 something outside the sandbox is in the way (a busy port, a missing build).
 */
@Command(name = "faultline", mixinStandardHelpOptions = true, version = "Faultline 0.1.0",
        description = "Run the Faultline sandbox on this machine without Docker, send it traffic, break it with chaos scenarios and watch it react.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, LoadCommand.class, FaultCommand.class, ScenarioCommand.class, TopCommand.class, DemoCommand.class, SettingsCommand.class, WorkshopCommand.class, CheckCommand.class,
                MysteryCommand.class, TokenCommand.class, KeysCommand.class, SecretsCommand.class, SuperviseCommand.class,
                CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Success.", "1:The sandbox failed to start or is not running; a scenario expectation failed.",
                "2:Usage error; an invalid scenario.",
                "3:Blocked: a port is in use or the build is missing; not in steady state.",
                "130:Interrupted (Ctrl-C) after the rollbacks ran."})
public final class Faultline {

    private Faultline() {
    }

    public static void main(String[] args) {
        Logging.configure();
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line {@code main} runs; the system tests run commands in-process through it, with writers of their
     * own ({@link CommandLine#setOut}, {@link CommandLine#setErr}), and read the exit code it returns.
     */
    public static CommandLine commandLine() {
        return new CommandLine(new Faultline());
    }
}
