package dev.faultline.cli.commands;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.faultline.chaos.runner.load.ClientCredentials;
import dev.faultline.chaos.runner.load.Credentials;
import dev.faultline.chaos.runner.load.LoadGenerator;
import dev.faultline.chaos.runner.load.LoadIdentity;
import dev.faultline.chaos.runner.load.LoadReport;
import dev.faultline.chaos.runner.load.LoadStats;
import dev.faultline.chaos.runner.load.RequestMix;
import dev.faultline.chaos.runner.load.ShopTraffic;
import dev.faultline.cli.launcher.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code faultline load}. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Send shop traffic through the gateway at a constant arrival rate (open model: requests start on "
                + "schedule whatever the latency; latency counts from when each was due).",
                "Prints a progress line every second and a summary per endpoint, with the trace ids of failed requests."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:The load ran (failed requests are reported, not an error).",
                "1:The shop did not answer the preparing requests.", "2:Usage error."})
final class LoadCommand implements Callable<Integer> {

    @Mixin
    private Output output;

    @Mixin
    private SandboxOptions options;

    @Option(names = "--rate", description = "Requests per second (default: ${DEFAULT-VALUE}).", defaultValue = "50")
    private double rate;

    @Option(names = "--duration", description = "How long, e.g. 30s or 2m (default: ${DEFAULT-VALUE}).",
            defaultValue = "30s", converter = DurationConverter.class)
    private Duration duration;

    @Option(names = "--mix", description = "Endpoint weights, e.g. browse=3,place-order=1 (default: ${DEFAULT-VALUE}). "
            + "Endpoints: browse, view-product, create-user, place-order, view-order, view-shipment.",
            defaultValue = "browse=30,view-product=30,create-user=5,place-order=20,view-order=15,view-shipment=10")
    private String mix;

    @Option(names = "--gateway", description = "Gateway URL (default: the sandbox's).")
    private URI gateway;

    @Option(names = "--api-key", description = "API key (default: ${DEFAULT-VALUE}).",
            defaultValue = ShopTraffic.DEMO_KEY)
    private String apiKey;

    @Option(names = "--auth", description = "How the load identifies itself: api-key, or jwt (access tokens from the "
            + "sandbox's issuer, client credentials) (default: ${DEFAULT-VALUE}).", defaultValue = "api-key")
    private String auth;

    @Option(names = "--client", description = "With --auth jwt: the issuer's client (default: ${DEFAULT-VALUE}); its "
            + "secret from " + TokenCommand.SECRET_VARIABLE + " unless it is a demo client.",
            defaultValue = ClientCredentials.DEMO_CLIENT)
    private String client;

    @Option(names = "--renew-every", converter = DurationConverter.class, description = "With --auth jwt: a new token "
            + "this often (default: when four fifths of a token's life have passed).")
    private Duration renewEvery;

    @Option(names = "--timeout", description = "Per-request timeout (default: ${DEFAULT-VALUE}).", defaultValue = "10s",
            converter = DurationConverter.class)
    private Duration timeout;

    @Option(names = "--max-in-flight", description = "Requests outstanding at most; due ones beyond are counted as not "
            + "sent (default: ${DEFAULT-VALUE}).", defaultValue = "512")
    private int maxInFlight;

    @Option(names = "--quiet", description = "No progress lines, only the summary.")
    private boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        if (rate <= 0 || duration.isNegative() || duration.isZero() || maxInFlight < 1) {
            output.err().println("--rate, --duration and --max-in-flight must be above zero.");
            return 2;
        }
        RequestMix requestMix;
        try {
            requestMix = RequestMix.parse(mix);
        } catch (IllegalArgumentException e) {
            output.err().println("--mix: " + e.getMessage());
            return 2;
        }
        Credentials credentials;
        try {
            credentials = credentials();
        } catch (IllegalArgumentException e) {
            output.err().println(e.getMessage());
            return 2;
        }
        URI target = gateway != null ? gateway : options.endpoints().gateway().api("/");
        HttpClient http = LoadGenerator.newClient();
        ShopTraffic traffic = new ShopTraffic(target, credentials, timeout);
        try {
            traffic.prepare(http);
        } catch (IllegalStateException e) {
            output.err().println("The shop is not ready for load: " + e.getMessage() + ". Is the sandbox up? ./faultline up");
            return 1;
        }
        output.out().printf("Sending %.0f requests/s to %s for %s (mix %s; %s)%n", rate, target, duration.toSeconds() + " s",
                requestMix, credentials);
        try (LoadGenerator generator = new LoadGenerator(traffic, http, new LoadStats(), maxInFlight)) {
            long start = System.nanoTime();
            generator.start(rate, requestMix);
            long end = start + duration.toNanos();
            long sentBefore = 0;
            long tick = start;
            while (System.nanoTime() < end) {
                long next = Math.min(end, tick + 1_000_000_000L);
                Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                if (!quiet) {
                    output.out().println(LoadReport.progress(generator, Duration.ofNanos(System.nanoTime() - start),
                            sentBefore, (System.nanoTime() - tick) / 1e9));
                }
                sentBefore = generator.stats().sent();
                tick = System.nanoTime();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            generator.stop(timeout);
            output.out().println(LoadReport.summary(generator, seconds, rate, options.traces()));
        }
        return 0;
    }

    /** The API key, or a client of the sandbox's issuer with its secret (a demo client's is published). */
    private Credentials credentials() {
        if (LoadIdentity.Kind.parse(auth) == LoadIdentity.Kind.API_KEY) {
            return Credentials.apiKey(apiKey);
        }
        if (renewEvery != null && (renewEvery.isNegative() || renewEvery.isZero())) {
            throw new IllegalArgumentException("--renew-every must be above zero.");
        }
        URI tokens = URI.create("http://127.0.0.1:" + options.port(Topology.AUTH) + "/token");
        String secret = TokenCommand.secret(client).orElseThrow(() -> new IllegalArgumentException("Client " + client
                + " is not a demo client: set " + TokenCommand.SECRET_VARIABLE + " to its secret."));
        return new ClientCredentials(tokens, client, secret, Optional.empty(), Optional.ofNullable(renewEvery));
    }
}
