package dev.faultline.console;

import java.util.Map;
import java.util.Optional;

import dev.faultline.chaos.runner.scenario.ScenarioRunner;
import dev.faultline.platform.ProcessContext;
import dev.faultline.platform.ServiceServer;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.staticcontent.StaticContentService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the console. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** Where uPlot's files are in its webjar. */
    private static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        ServiceServer.runAlone(new ConsoleProcessDefinition());
    }

    /** The console: its pages and API on the API socket, the OTLP receiver on a listener of its own. */
    public static ServiceServer.Parts parts(ProcessContext context) {
        ConsoleSettings settings = ConsoleSettings.from(context.config());
        TraceStore traces = new TraceStore(settings.maxSpans());
        LogStore logs = new LogStore(settings.maxLogs());
        Optional<WebServer> otlp = otlp(settings, new OtlpReceiver(traces, logs));
        String otlpEndpoint = otlp.map(server -> "http://" + settings.otlpHost() + ":" + server.port())
                .orElse("none: port " + settings.otlpPort() + " is taken (another collector?); traces go there");
        SandboxWatch watch = new SandboxWatch(settings.endpoints(), settings.stateFile(), context.clock());
        watch.start();
        ScenarioRuns runs = new ScenarioRuns(settings.endpoints(), ScenarioRunner.Options.defaults(),
                settings.stateDir(), context.clock());
        SessionGuard guard = SessionGuard.create(settings.requireToken()
                ? Optional.of(settings.endpoints().adminToken()) : Optional.empty());
        return new ServiceServer.Parts(
                routing -> routing.addFilter(guard)
                        .register(guard)
                        .register(new Pages())
                        .register("/static", StaticContentService.builder("console").build())
                        .register("/vendor/uplot", StaticContentService.builder(UPLOT).build())
                        .register(new MapApi(watch))
                        .register(new TelemetryApi(traces, logs, otlpEndpoint))
                        .register(new FaultsApi(settings.endpoints()))
                        .register(new SecurityApi(settings.endpoints(), context.clock()))
                        .register(new ScenariosApi(settings.home(), runs)),
                admin -> { },
                Map.of(),
                () -> {
                    watch.close();
                    otlp.ifPresent(WebServer::stop);
                },
                false);
    }

    /** The OTLP/HTTP receiver; none when its port is taken (the console still shows metrics, faults and runs). */
    private static Optional<WebServer> otlp(ConsoleSettings settings, OtlpReceiver receiver) {
        if (settings.otlpPort() < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(WebServer.builder().host(settings.otlpHost()).port(settings.otlpPort())
                    .shutdownHook(false).maxPayloadSize(16L * 1024 * 1024)
                    .contentEncoding(OtlpReceiver.encodings())
                    .routing(routing -> routing.register(receiver)).build().start());
        } catch (RuntimeException e) {
            LOG.warn("The OTLP receiver cannot listen on {}:{} ({}): the processes' traces and logs go wherever "
                    + "listens there, not to the console", settings.otlpHost(), settings.otlpPort(), e.getMessage());
            return Optional.empty();
        }
    }
}
