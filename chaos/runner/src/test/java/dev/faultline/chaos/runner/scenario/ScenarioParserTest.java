package dev.faultline.chaos.runner.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.faultline.chaos.runner.load.LoadIdentity;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {

    private static final Path LIBRARY = Path.of("").toAbsolutePath().getParent().resolve("scenarios");

    private static final String VALID = """
            title: Test
            load: {rate: 10}
            steady-state:
              - name: shop answers
                http: {path: /api/products, status: 200, latency: "< 1s"}
            method:
              - inject:
                  name: slow
                  kind: latency
                  target: {service: catalog}
                  parameters: {ms: 300, jitter: 50}
                  probability: 0.5
                  duration: 30s
              - wait: 10s
              - clear: slow
            expectations:
              - name: p99 rises
                load: {endpoint: browse, measure: p99, over: 10s, expect: "> 250ms"}
                at: clear slow
              - name: counted
                metric: {process: catalog, series: 'faultline_chaos_injections_total{kind="latency"}', increase: true,
                         expect: "> 0"}
                after: slow
                within: 5s
            rollbacks:
              - clear: all
            """;

    @Test
    void everyScenarioInTheLibraryIsValid() throws IOException {
        try (Stream<Path> files = Files.list(LIBRARY)) {
            List<Path> scenarios = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(scenarios).extracting(f -> f.getFileName().toString()).contains("payment-outage.yaml",
                    "catalog-latency.yaml", "retry-storm.yaml", "bulkhead-saturation.yaml", "instance-crash.yaml",
                    "saga-compensation.yaml", "broken-tracing.yaml");
            for (Path file : scenarios) {
                Scenario scenario = ScenarioParser.parse(file);
                assertThat(scenario.expectations()).as(file.toString()).isNotEmpty();
                assertThat(scenario.title()).isNotBlank();
            }
        }
    }

    @Test
    void aValidScenarioBecomesItsSteps() throws Exception {
        Scenario scenario = ScenarioParser.parse("test.yaml", "test", VALID);
        assertThat(scenario.method()).hasSize(3);
        Step.Inject inject = (Step.Inject) scenario.method().getFirst();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(inject.fault().wire())).isEqualTo("{\"kind\":\"latency\",\"target\":{\"service\":\"catalog\"},"
                + "\"probability\":0.5,\"parameters\":{\"ms\":300,\"jitter\":50},\"duration\":\"30s\"}");
        assertThat(inject.location()).isEqualTo("test.yaml:8:7");
        Expectation p99 = scenario.expectations().getFirst();
        assertThat(p99.at()).contains("clear slow");
        assertThat(((Probe.Load) p99.probe()).expect().test(251)).isTrue();
        assertThat(((Probe.Load) p99.probe()).expect().test(250)).isFalse();
        assertThat(scenario.expectations().get(1).within()).contains(java.time.Duration.ofSeconds(5));
        assertThat(scenario.rollbacks()).containsExactly(new Step.Clear("clear all", "all"));
    }

    @Test
    void brokenYamlNamesLineAndColumn() {
        assertThatThrownBy(() -> ScenarioParser.parse("bad.yaml", "bad", "title: x\nmethod: [\n  - wait: 1s\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("bad.yaml:")
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> ScenarioParser.parse("tabs.yaml", "tabs", "title: x\nmethod:\n\t- wait: 1s\n"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith("tabs.yaml:3:");
    }

    @Test
    void schemaErrorsAreAllReportedWithLineColumnAndWhatWasExpected() {
        String text = VALID
                .replace("  - wait: 10s", "  - wait: ten seconds")
                .replace("measure: p99", "measure: p95")
                .replace("title: Test", "title: Test\ncolour: blue")
                .replace("expect: \"> 0\"", "expect: \"more than 0\"");
        ScenarioException error = (ScenarioException) org.assertj.core.api.Assertions.catchThrowable(
                () -> ScenarioParser.parse("s.yaml", "s", text));
        assertThat(error.errors()).extracting(ScenarioError::toString).containsExactlyInAnyOrder(
                "s.yaml:2:1: unknown key 'colour' in the scenario; expected one of: title, description, exercise, "
                        + "load, steady-state, method, expectations, measurements, rollbacks",
                "s.yaml:15:11: wait: 'ten seconds' is not a duration; write it like 500ms, 30s, 2m or 1h",
                "s.yaml:19:39: unknown measure 'p95'; expected one of: success-ratio, p50, p90, p99, max, rate, requests",
                "s.yaml:23:22: 'more than 0' is not a comparison like '>= 99%', '< 500ms' or '== 1'");
    }

    @Test
    void theLoadMayIdentifyItselfWithAccessTokensOfADemoClient() {
        Scenario plain = ScenarioParser.parse("a.yaml", "a", VALID);
        Scenario tokens = ScenarioParser.parse("t.yaml", "t", VALID.replace("load: {rate: 10}", "load: {rate: 10, auth: jwt}"));
        Scenario reader = ScenarioParser.parse("r.yaml", "r", VALID.replace("load: {rate: 10}",
                "load: {rate: 10, auth: {kind: jwt, client: catalog-reader, renew-every: 10s}}"));

        assertThat(plain.load().identity()).isEqualTo(LoadIdentity.API_KEY);
        assertThat(tokens.load().identity()).isEqualTo(LoadIdentity.jwt("faultline-cli", Optional.empty()));
        assertThat(reader.load().identity()).isEqualTo(LoadIdentity.jwt("catalog-reader", Optional.of(Duration.ofSeconds(10))));
        assertThatThrownBy(() -> ScenarioParser.parse("b.yaml", "b", VALID.replace("load: {rate: 10}",
                "load: {rate: 10, auth: oauth}"))).hasMessageContaining("b.yaml:2:")
                .hasMessageContaining("'oauth' is no way to identify: api-key or jwt");
        assertThatThrownBy(() -> ScenarioParser.parse("c.yaml", "c", VALID.replace("load: {rate: 10}",
                "load: {rate: 10, auth: {kind: jwt, client: mallory}}"))).hasMessageContaining("c.yaml:2:")
                .hasMessageContaining("'mallory' is not a demo client");
    }

    @Test
    void aMethodMayRotateTheSigningKeyWithALeadOrTheIssuers() {
        Scenario hasty = ScenarioParser.parse("k.yaml", "k", VALID.replace("  - wait: 10s\n",
                "  - rotate-signing-key: {lead: 0s}\n  - wait: 10s\n"));
        Scenario issuers = ScenarioParser.parse("i.yaml", "i", VALID.replace("  - wait: 10s\n",
                "  - rotate-signing-key: {}\n  - wait: 10s\n"));

        assertThat(hasty.method()).contains(new Step.RotateSigningKey("rotate signing key", Optional.of(Duration.ZERO)));
        assertThat(issuers.method()).contains(new Step.RotateSigningKey("rotate signing key", Optional.empty()));
        assertThatThrownBy(() -> ScenarioParser.parse("b.yaml", "b", VALID.replace("  - wait: 10s\n",
                "  - rotate-signing-key: {lead: soon}\n  - wait: 10s\n"))).hasMessageContaining("'soon' is not a duration");
    }

    @Test
    void referencesMustNameStepsAndFaultsThatExist() {
        String text = VALID.replace("  - clear: slow\n", "  - clear: fast\n").replace("after: slow", "after: slowly");
        assertThatThrownBy(() -> ScenarioParser.parse("r.yaml", "r", text))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("r.yaml:15:12: clear: no fault named 'fast' was injected before")
                .hasMessageContaining("r.yaml:23:12: after: no method step is named 'slowly'");
    }

    @Test
    void requiredPartsAndLoadForLoadProbesAreChecked() {
        assertThatThrownBy(() -> ScenarioParser.parse("e.yaml", "e", "description: nothing\n"))
                .hasMessageContaining("e.yaml:1:1: the scenario needs 'title'")
                .hasMessageContaining("the scenario needs 'method'");
        assertThatThrownBy(() -> ScenarioParser.parse("l.yaml", "l", VALID.replace("load: {rate: 10}\n", "")))
                .hasMessageContaining("load probes need traffic");
        assertThatThrownBy(() -> ScenarioParser.parse("i.yaml", "i", VALID.replace("target: {service: catalog}", "target: {}")))
                .hasMessageContaining("i.yaml:10:15: target needs 'service'");
    }

    @Test
    void measurementsNeedNoConditionButExpectationsDo() {
        String measured = VALID.replace("rollbacks:", """
                measurements:
                  - name: failed orders
                    metric: {process: orders, series: 'faultline_orders_total{status="failed"}', increase: true}
                    at: clear slow
                  - name: browse p99
                    load: {endpoint: browse, measure: p99}
                rollbacks:""");
        Scenario scenario = ScenarioParser.parse("m.yaml", "m", measured);

        assertThat(scenario.measurements()).extracting(Expectation::name).containsExactly("failed orders", "browse p99");
        assertThat(scenario.measurements().getFirst().at()).contains("clear slow");
        Probe.Metric metric = (Probe.Metric) scenario.measurements().getFirst().probe();
        assertThat(metric.expect().test(0)).isTrue();
        assertThat(metric.expect().test(Double.NaN)).as("no data is no measurement").isFalse();
        assertThat(scenario.expectations()).hasSize(2);

        String unconditioned = VALID.replaceAll("increase: true,\\s+expect: \"> 0\"}", "increase: true}");
        assertThatThrownBy(() -> ScenarioParser.parse("x.yaml", "x", unconditioned))
                .hasMessageContaining("x.yaml:21:13: metric probe needs 'expect'");
    }

    @Test
    void aLoadProbeMayBeRelativeToAnotherEndpointAndAnUnknownOneIsNamedWhereItIs() {
        String relative = VALID.replace("load: {endpoint: browse, measure: p99, over: 10s, expect: \"> 250ms\"}",
                "load: {endpoint: browse, measure: p99, per: place-order, over: 10s, expect: \"< 34%\"}");
        Probe.Load probe = (Probe.Load) ScenarioParser.parse("p.yaml", "p", relative).expectations().getFirst().probe();
        assertThat(probe.per()).contains(dev.faultline.chaos.runner.load.Endpoint.PLACE_ORDER);
        assertThat(probe.expect().test(0.33)).isTrue();
        assertThat(probe.expect().test(0.5)).isFalse();
        assertThat(ExpectationTracker.rule(ScenarioParser.parse("p.yaml", "p", relative).expectations().getFirst()))
                .startsWith("p99 of browse per p99 of place-order over 10s < 34%");

        assertThatThrownBy(() -> ScenarioParser.parse("u.yaml", "u", relative.replace("per: place-order", "per: checkout")))
                .hasMessageContaining("u.yaml:18:49: unknown endpoint 'checkout'; expected one of");
    }
}
