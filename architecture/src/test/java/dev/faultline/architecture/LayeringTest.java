package dev.faultline.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.http1.Http1Client;
import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Test;

/**
 * The module map of docs/ARCHITECTURE.md as rules over the production classes of every module. A broken rule names
 * the class and the dependency that breaks it.
 */
class LayeringTest {

    /**
     * The processes that own data and meet others over the network only (the broker's network is Artemis's; auth's
     * data is its signing keys, and the gateway knows it by its metadata document only).
     */
    private static final List<String> SERVICES = List.of("users", "catalog", "orders", "payments", "shipping", "broker",
            "auth");
    private static final String[] SERVICE_PACKAGES = SERVICES.stream().map(s -> "dev.faultline." + s + "..")
            .toArray(String[]::new);
    /** The one part of the CLI that runs processes: the supervisor's, in a one-JVM sandbox. */
    private static final String HOSTED = "dev.faultline.cli.launcher.hosted";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.faultline");

    @Test
    void nothingDependsOnTheCli() {
        check(noClasses().that().resideOutsideOfPackage("dev.faultline.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.faultline.cli..")
                .because("the faultline command drives the sandbox from outside; nothing runs on it"));
    }

    @Test
    void servicesNeverDependOnTheGatewayOrOnEachOther() {
        check(noClasses().that().resideInAnyPackage(SERVICE_PACKAGES)
                .should().dependOnClassesThat().resideInAPackage("dev.faultline.gateway..")
                .because("services sit behind the gateway and know nothing of it"));
        for (String service : SERVICES) {
            check(noClasses().that().resideInAPackage("dev.faultline." + service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream().filter(other -> !other.equals(service))
                            .map(other -> "dev.faultline." + other + "..").toArray(String[]::new))
                    .because("each service owns its data and is reached over HTTP, never by its classes"));
        }
    }

    @Test
    void theRuntimeNeverDependsOnServicesTheGatewayOrTheEngine() {
        check(noClasses().that().resideInAnyPackage("dev.faultline.platform..", "dev.faultline.observability..")
                .should().dependOnClassesThat().resideInAnyPackage(with(SERVICE_PACKAGES, "dev.faultline.gateway..",
                        "dev.faultline.chaos.engine.."))
                .because("platform and observability are what every process is built on"));
        check(noClasses().that().resideInAPackage("dev.faultline.chaos.engine..")
                .should().dependOnClassesThat().resideInAnyPackage(with(SERVICE_PACKAGES, "dev.faultline.gateway.."))
                .because("the fault engine plugs into any process through the platform's extension point"));
    }

    @Test
    void theChaosModelStandsAlone() {
        check(noClasses().that().resideInAPackage("dev.faultline.chaos.model..")
                .should().dependOnClassesThat().resideInAPackage("dev.faultline..")
                .andShould().dependOnClassesThat().resideOutsideOfPackages("dev.faultline.chaos.model..", "java..")
                .because("the engine and the CLI share it: it can carry nothing of either side"));
    }

    @Test
    void theDriversReachTheSandboxOverHttpOnly() {
        check(noClasses().that().resideInAnyPackage("dev.faultline.chaos.runner..", "dev.faultline.cli..")
                .and().resideOutsideOfPackage(HOSTED)
                .should().dependOnClassesThat().resideInAnyPackage(with(SERVICE_PACKAGES, "dev.faultline.gateway..",
                        "dev.faultline.platform..", "dev.faultline.chaos.engine.."))
                .because("the runner and the CLI drive the sandbox from outside: admin API, /metrics, the shop's API"));
    }

    @Test
    void aOneJvmSupervisorBuildsProcessesThroughTheirDefinitionsOnly() {
        check(noClasses().that().resideInAPackage(HOSTED)
                .should().dependOnClassesThat().resideInAnyPackage(with(SERVICE_PACKAGES, "dev.faultline.gateway..",
                        "dev.faultline.console..", "dev.faultline.chaos.engine.."))
                .because("the supervisor of a one-JVM sandbox finds the processes by ServiceLoader (ProcessDefinition) "
                        + "and knows none of them"));
    }

    @Test
    void theConsoleWatchesTheShopOverHttpOnly() {
        check(noClasses().that().resideInAPackage("dev.faultline.console..")
                .should().dependOnClassesThat().resideInAnyPackage(with(SERVICE_PACKAGES, "dev.faultline.gateway..",
                        "dev.faultline.chaos.engine..", "dev.faultline.cli.."))
                .because("the console reads /metrics, the admin API and OTLP like any outside observer"));
    }

    @Test
    void servicesAndTheGatewayReachTheFaultEngineOnlyAtRunTime() {
        check(noClasses().that().resideInAnyPackage(with(SERVICE_PACKAGES, "dev.faultline.gateway.."))
                .should().dependOnClassesThat().resideInAPackage("dev.faultline.chaos.engine..")
                .because("the engine wires itself in (ProcessExtension, ServiceLoader): processes are built without it"));
    }

    /** Mutable static state makes one JVM one process: two services with chaos could not share a test JVM. */
    @Test
    void noMutableStaticState() {
        check(fields().that().areStatic().and().areDeclaredInClassesThat()
                .resideInAPackage("dev.faultline..").and().areDeclaredInClassesThat().doNotHaveSimpleName("Main")
                .should().beFinal()
                .because("wiring is handed down in the process context, not kept in globals"));
    }

    @Test
    void onlyTheProcessContextTouchesTheLibrariesGlobals() {
        check(noClasses().that().doNotHaveFullyQualifiedName("dev.faultline.observability.Telemetry")
                .should().accessField(Metrics.class, "globalRegistry")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("io.opentelemetry.api.GlobalOpenTelemetry")
                .because("meters and spans go where the process context says (ProcessContext, Telemetry)"));
    }

    @Test
    void outboundHttpIsSetUpInOnePlace() {
        check(noClasses().that().resideOutsideOfPackage("dev.faultline.platform.upstream..")
                .should().callMethod(WebClient.class, "builder")
                .orShould().callMethod(Http1Client.class, "builder")
                .because("UpstreamClient is the one client set-up: discovery, the policy, the retry rule, telemetry, "
                        + "the chaos engine's dependency faults"));
    }

    @Test
    void theBrokersClientIsSetUpInOnePlace() {
        check(noClasses().that().resideOutsideOfPackage("dev.faultline.platform.messaging..")
                .should().dependOnClassesThat().haveFullyQualifiedName(
                        "org.apache.activemq.artemis.api.core.client.ActiveMQClient")
                .because("BrokerClient is the one set-up of a broker connection: its reconnect policy, failure "
                        + "detection, consumer window, the chaos engine's faults and the messaging spans"));
    }

    private static String[] with(String[] packages, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(packages), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }

    private static void check(ArchRule rule) {
        rule.check(CLASSES);
    }
}
