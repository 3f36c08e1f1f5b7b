package dev.faultline.chaos.runner.scenario;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.chaos.runner.control.AdminClient;
import dev.faultline.chaos.runner.control.ControlException;
import dev.faultline.chaos.runner.control.ProcessEndpoint;
import dev.faultline.chaos.runner.control.SandboxEndpoints;
import dev.faultline.chaos.runner.load.LoadReport;
import dev.faultline.chaos.runner.load.LoadStats;
import dev.faultline.chaos.runner.load.ShopTraffic;
import dev.faultline.chaos.runner.load.Window;
import dev.faultline.chaos.runner.metrics.MetricsText;
import dev.faultline.chaos.runner.metrics.Sample;

/** Measures probes: HTTP requests, series on the processes' {@code /metrics}, PromQL, and the load's own view. */
final class ProbeRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private final SandboxEndpoints endpoints;
    private final AdminClient admin;
    private final Optional<URI> prometheus;
    private final LoadStats load;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ProbeRunner(SandboxEndpoints endpoints, AdminClient admin, Optional<URI> prometheus, LoadStats load) {
        this.endpoints = endpoints;
        this.admin = admin;
        this.prometheus = prometheus;
        this.load = load;
    }

    /** Counter values at the start of an expectation, subtracted from later readings of an increasing metric. */
    record Baseline(double series, double per) {

        static final Baseline ZERO = new Baseline(0, 0);
    }

    /** The counters' values now, for an increasing metric probe; zero for series that do not exist yet. */
    Baseline baseline(Probe probe) {
        if (probe instanceof Probe.Metric metric && metric.increase()) {
            try {
                List<Sample> samples = scrape(metric.process());
                return new Baseline(metric.series().sum(samples).orElse(0),
                        metric.per().map(per -> per.sum(samples).orElse(0)).orElse(0.0));
            } catch (ControlException e) {
                return Baseline.ZERO;
            }
        }
        return Baseline.ZERO;
    }

    /** Measures now; {@code baseline} is subtracted from an increasing metric. */
    Reading read(Probe probe, Baseline baseline) {
        return switch (probe) {
            case Probe.Http p -> http(p);
            case Probe.Metric p -> metric(p, baseline);
            case Probe.Promql p -> promql(p);
            case Probe.Load p -> load(p);
        };
    }

    private Reading http(Probe.Http probe) {
        ProcessEndpoint process = endpoints.require(probe.process()).getFirst();
        HttpRequest.Builder request = HttpRequest.newBuilder(process.api(probe.path())).timeout(HTTP_TIMEOUT)
                .method(probe.method(), HttpRequest.BodyPublishers.noBody());
        if (process.name().equals(SandboxEndpoints.GATEWAY)) {
            request.header("X-API-Key", ShopTraffic.DEMO_KEY);
        }
        long start = System.nanoTime();
        try {
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            double millis = (System.nanoTime() - start) / 1e6;
            boolean holds = status == probe.status() && probe.latency().test(millis);
            return new Reading(holds, millis, status + " in " + LoadReport.millis(millis)
                    + (status == probe.status() ? "" : " (expected " + probe.status() + ")"));
        } catch (IOException e) {
            return Reading.failed(probe.method() + " " + probe.path() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reading.failed("interrupted");
        }
    }

    private Reading metric(Probe.Metric probe, Baseline baseline) {
        List<Sample> samples;
        try {
            samples = scrape(probe.process());
        } catch (ControlException e) {
            return Reading.failed(e.getMessage());
        }
        OptionalDouble sum = probe.series().sum(samples);
        if (sum.isEmpty()) {
            return Reading.failed("no series " + probe.series() + " on " + probe.process());
        }
        double value = probe.increase() ? sum.getAsDouble() - baseline.series() : sum.getAsDouble();
        if (probe.per().isPresent()) {
            OptionalDouble per = probe.per().get().sum(samples);
            double divisor = per.orElse(0) - (probe.increase() ? baseline.per() : 0);
            if (divisor <= 0) {
                return Reading.failed("nothing counted in " + probe.per().get() + " to divide by");
            }
            double ratio = value / divisor;
            return new Reading(probe.expect().test(ratio), ratio, number(ratio) + " (" + number(value) + " / "
                    + number(divisor) + ")");
        }
        return new Reading(probe.expect().test(value), value, (probe.increase() ? "increase " : "") + number(value));
    }

    private Reading promql(Probe.Promql probe) {
        if (prometheus.isEmpty()) {
            return Reading.failed("no Prometheus: run with --prometheus URL");
        }
        URI query = prometheus.get().resolve("/api/v1/query?query=" + URLEncoder.encode(probe.query(), StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(query).timeout(HTTP_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (!"success".equals(answer.path("status").asText())) {
                return Reading.failed("Prometheus refused the query: " + answer.path("error").asText(response.body()));
            }
            JsonNode result = answer.path("data").path("result");
            JsonNode value = answer.path("data").path("resultType").asText().equals("scalar") ? result
                    : result.path(0).path("value");
            if (value.isMissingNode() || value.size() < 2) {
                return Reading.failed("no data");
            }
            double number = Double.parseDouble(value.get(1).asText());
            return new Reading(probe.expect().test(number), number, number(number));
        } catch (IOException | RuntimeException e) {
            return Reading.failed("Prometheus at " + prometheus.get() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reading.failed("interrupted");
        }
    }

    private Reading load(Probe.Load probe) {
        Window window = load.window(probe.over(), probe.endpoint());
        double value = measure(probe.measure(), window);
        String detail = window.requests() == 0 ? "no requests in the last " + probe.over().toSeconds() + " s"
                : number(value) + " over " + window.requests() + " requests";
        if (probe.per().isEmpty()) {
            return new Reading(probe.expect().test(value), value, detail);
        }
        Window divisorWindow = load.window(probe.over(), probe.per());
        double divisor = measure(probe.measure(), divisorWindow);
        String per = probe.per().get().key();
        if (window.requests() == 0 || divisorWindow.requests() == 0 || !(divisor > 0)) {
            return Reading.failed(window.requests() == 0 ? detail
                    : "nothing measured on " + per + " in the last " + probe.over().toSeconds() + " s to divide by");
        }
        double ratio = value / divisor;
        return new Reading(probe.expect().test(ratio), ratio, number(ratio) + " (" + detail + " / " + number(divisor)
                + " over " + divisorWindow.requests() + " " + per + " requests)");
    }

    private static double measure(String measure, Window window) {
        return switch (measure) {
            case "success-ratio" -> window.successRatio();
            case "p50" -> window.p50();
            case "p90" -> window.p90();
            case "p99" -> window.p99();
            case "max" -> window.max();
            case "rate" -> window.rate();
            default -> window.requests();
        };
    }

    private List<Sample> scrape(String process) {
        List<Sample> samples = new ArrayList<>();
        for (ProcessEndpoint each : endpoints.require(process)) {
            samples.addAll(MetricsText.parse(admin.metrics(each)));
        }
        return samples;
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format("%.3f", value);
    }
}
