package dev.faultline.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless Chromium through its chromedriver) against a sandbox of this
 * class's own: the map draws the shop; a fault added to payments on the Faults page turns orders' payments edge open
 * on the map; a failed trace opens from the list with the injected fault's event in its waterfall and its log lines
 * beside it; every page renders with no error in the browser's console. Screenshots of each page go to
 * {@code target/console-screenshots/} for a person to look at. Each test makes the situation it looks at (its own
 * fault, its own traffic) and lifts what it added, so they pass in any order.
 */
class ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    private static FaultlineScript faultline;
    private static WebDriver browser;
    private static String console;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
        faultline = new FaultlineScript(Map.of(), Hosting.ONE_JVM);
        FaultlineScript.Result up = faultline.run("up");
        assertThat(up.exitCode()).as(up.output()).isZero();
        console = "http://127.0.0.1:" + faultline.port("console");
        assertThat(up.output()).contains("Console: " + console);
        assertThat(up.output().indexOf("Console: ")).as("up names the console before anything of its own")
                .isLessThan(up.output().indexOf("PROCESS"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory(faultline.stateDir, "chromium-"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.quit();
            }
        } finally {
            if (faultline != null) {
                faultline.close();
            }
        }
    }

    @Test
    void theMapDrawsEveryProcessOfTheShop() throws Exception {
        open("/");
        waitFor(By.cssSelector("g.node[data-process='gateway']"));
        for (String process : List.of("users", "catalog", "orders", "payments-1", "payments-2", "broker", "shipping")) {
            assertThat(browser.findElements(By.cssSelector("g.node[data-process='" + process + "']"))).as(process).hasSize(1);
        }
        traffic(5);
        waitFor(By.cssSelector("g.edge[data-edge='gateway->catalog']"));
        // the asynchronous path: orders publishes into the broker, shipping consumes out of it
        orders(user(), 2);
        waitFor(By.cssSelector("g.edge.message[data-edge='orders->broker']"));
        waitFor(By.cssSelector("g.edge.message[data-edge='broker->shipping']"));
        screenshot("map");
        assertNoBrowserErrors();
    }

    @Test
    void aFaultAddedOnTheFaultsPageOpensOrdersBreakerForPaymentsOnTheMap() throws Exception {
        open("/faults");
        WebElement form = waitFor(By.id("fault-form"));
        new Select(form.findElement(By.name("kind"))).selectByValue("error");
        new Select(form.findElement(By.name("service"))).selectByValue("payments");
        form.findElement(By.name("parameters")).sendKeys("status=503");
        WebElement duration = form.findElement(By.name("duration"));
        duration.clear();
        duration.sendKeys("90s");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.id("fault-message")).getText()
                .contains("Applied on payments-1, payments-2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#fault-list tr[data-fault]"))
                .size() == 2);
        screenshot("faults");

        open("/");
        waitFor(By.cssSelector("g.node[data-process='orders']"));
        String user = user();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            orders(user, 6);
            return !browser.findElements(By.cssSelector("g.edge.open[data-edge='orders->payments']")).isEmpty();
        });
        // the table is redrawn every second: read it afresh until it says so
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() ->
                browser.findElement(By.cssSelector("tr[data-edge='orders->payments']")).getText().contains("open"));
        screenshot("map-breaker-open");
        assertNoBrowserErrors();
        clearFaults();
    }

    @Test
    void aFailedTraceOpensWithTheInjectedFaultInItsWaterfallAndItsLogLinesBeside() throws Exception {
        addFault("error", "payments", "status=503");
        String user = user();
        open("/traces?faulted=true");
        WebElement first;
        try {
            first = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                orders(user, 2);
                browser.navigate().refresh();
                List<WebElement> rows = browser.findElements(By.cssSelector("tr[data-trace] a"));
                return rows.isEmpty() ? null : rows.getFirst();
            }, element -> element != null);
        } finally {
            clearFaults();
        }
        screenshot("traces");
        first.click();
        WebElement event = waitFor(By.cssSelector("[data-span-detail] li[data-event='chaos.fault']"));
        assertThat(event.getText()).contains("faultline.fault.kind=error");
        assertThat(browser.findElements(By.cssSelector(".waterfall .tag.fault"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#trace-logs tr"))).as("the trace's log lines").isNotEmpty();
        screenshot("trace");
        assertNoBrowserErrors();
    }

    @Test
    void theChartsScenariosAndLogsPagesRenderAndTheFaultsClearFromTheirPage() throws Exception {
        open("/charts");
        waitFor(By.cssSelector("figure[data-chart='rps'] canvas"));
        assertThat(browser.findElements(By.cssSelector("figure[data-chart]"))).hasSizeGreaterThanOrEqualTo(7);
        screenshot("charts");
        open("/scenarios");
        waitFor(By.cssSelector("article[data-scenario='payment-outage']"));
        screenshot("scenarios");
        open("/logs?level=INFO");
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.cssSelector("main table tbody tr")).isEmpty());
        screenshot("logs");
        addFault("latency", "users", "ms=100");
        open("/faults");
        waitFor(By.cssSelector("#fault-list tr[data-fault]"));
        browser.findElement(By.xpath("//button[text()='Clear all faults']")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElements(By.cssSelector("#fault-list tr[data-fault]")).isEmpty());
        assertNoBrowserErrors();
    }

    @Test
    void aScenarioStartedFromItsPageRunsAloneAndItsRunPageShowsItToTheEnd() throws Exception {
        open("/scenarios");
        waitFor(By.cssSelector("article[data-scenario='payment-outage'] button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/scenarios/runs/payment-outage-"));
        String runPage = browser.getCurrentUrl();
        waitFor(By.cssSelector("main h1 .state.running"));
        screenshot("scenario-run");

        open("/scenarios");
        waitFor(By.cssSelector("article[data-scenario='instance-crash'] button")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.tagName("main")).getText()
                .contains("one runs at a time"));

        browser.get(runPage);
        waitFor(By.xpath("//button[starts-with(text(), 'Stop')]")).click();
        await().atMost(Duration.ofSeconds(60)).until(() -> !browser.findElements(By.cssSelector("main h1 .state.INTERRUPTED"))
                .isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.findElement(By.tagName("pre")).getText()
                .contains("Verdict: INTERRUPTED"));
        // the refused second start is the one failed request Chromium reports, and it was meant to fail
        assertNoBrowserErrors("status of 409");
    }

    @Test
    void aChangeFromAnotherOriginOrWithoutTheTokenIsRefusedAndChangesNothing() throws Exception {
        JsonNode before = faults();
        String fault = "{\"kind\":\"error\",\"target\":{\"service\":\"users\"},\"duration\":\"30s\"}";
        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(URI.create(console + "/api/faults"))
                .header("Content-Type", "application/json").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(fault)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tokenless = HTTP.send(HttpRequest.newBuilder(URI.create(console + "/api/faults"))
                .header("Content-Type", "application/json").header("Origin", console)
                .POST(HttpRequest.BodyPublishers.ofString(fault)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(tokenless.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(faults()).isEqualTo(before);
    }

    /**
     * The issuer's persona page in a real browser: a public client's authorization request (PKCE) shows who may sign
     * in; a click on Ada sends the browser back to the client's registered loopback address with a code and the
     * state, and the code with its verifier becomes a token the gateway takes.
     */
    @Test
    void aPersonSignsInOnTheIssuersPageAndTheClientsCodeBecomesATokenTheGatewayTakes() throws Exception {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        CompletableFuture<String> callback = new CompletableFuture<>();
        HttpServer app = HttpServer.create(
                new InetSocketAddress("127.0.0.1", 8765), 0);
        app.createContext("/callback", exchange -> {
            callback.complete(exchange.getRequestURI().getRawQuery());
            byte[] page = "<!doctype html><title>Signed in</title><main>Signed in</main>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        app.start();
        String issuer = "http://127.0.0.1:" + faultline.port("auth");
        String redirect = "http://127.0.0.1:8765/callback";
        try {
            browser.get(issuer + "/authorize?response_type=code&client_id=shop-app&redirect_uri="
                    + URLEncoder.encode(redirect, StandardCharsets.UTF_8)
                    + "&scope=catalog%3Aread%20orders%3Aread&state=abc&code_challenge=" + challenge
                    + "&code_challenge_method=S256");
            WebElement ada = new WebDriverWait(browser, Duration.ofSeconds(20))
                    .until(driver -> driver.findElements(By.cssSelector("button[value='ada']")).stream().findFirst().orElse(null));
            assertThat(browser.getPageSource()).contains("Grace, who only browses");
            screenshot("persona-page");
            ada.click();
            String query = callback.get(20, TimeUnit.SECONDS);
            Map<String, String> back = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                back.put(pair.substring(0, pair.indexOf('=')), URLDecoder.decode(pair.substring(pair.indexOf('=') + 1),
                        StandardCharsets.UTF_8));
            }
            assertThat(back).containsEntry("state", "abc").containsEntry("iss", issuer).containsKey("code");

            HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&client_id=shop-app&code="
                            + back.get("code") + "&redirect_uri=" + URLEncoder.encode(redirect,
                            StandardCharsets.UTF_8) + "&code_verifier=" + verifier)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
            String access = JSON.readTree(token.body()).path("access_token").asText();
            HttpResponse<String> products = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + faultline.port("gateway") + "/api/products")).header("Authorization", "Bearer " + access)
                    .timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(products.statusCode()).as(products.body()).isEqualTo(200);
            // neither the issuer nor this stand-in for the client has an icon
            assertNoBrowserErrors("favicon.ico");
        } finally {
            app.stop(0);
        }
    }

    /**
     * The Security page: who may call what as the gateway states it, a refusal counted live by its reason, and the
     * token decoder in a real browser: a token from {@code ./faultline token} is accepted with the routes its scope
     * allows, the same token with its claims changed fails the signature check (WebCrypto, against the issuer's
     * published key), and neither token leaves the browser.
     */
    @Test
    void theSecurityPageShowsWhoMayCallWhatCountsRefusalsAndJudgesAPastedTokenWithoutSendingIt() throws Exception {
        FaultlineScript.Result issued = faultline.run("token", "--scope", "catalog:read");
        assertThat(issued.exitCode()).as(issued.output()).isZero();
        String token = issued.output().lines().findFirst().orElseThrow().strip();
        HttpResponse<String> order = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + faultline.port("gateway") + "/api/orders")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(order.statusCode()).as(order.body()).isEqualTo(403);
        assertThat(order.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(challenge ->
                assertThat(challenge).contains("insufficient_scope").contains("scope=\"orders:write\""));

        open("/security");
        assertThat(waitFor(By.cssSelector("#routes tr[data-route='POST /api/orders']")).getText()).contains("orders:write");
        WebElement refused = waitFor(By.cssSelector("#rejections tr[data-reason='insufficient-scope']"));
        assertThat(refused.getText()).contains("the token's scope does not cover this request");
        assertThat(Integer.parseInt(refused.findElements(By.tagName("td")).get(2).getText())).isPositive();

        WebElement pasted = waitFor(By.id("token"));
        pasted.sendKeys(token);
        WebElement accepted = waitFor(By.cssSelector("#token-verdict p[data-reason='none']"));
        assertThat(accepted.getText()).contains("would accept it").contains("GET /api/products")
                .doesNotContain("POST /api/orders").doesNotContain("could not be checked");
        assertThat(waitFor(By.id("token-claims")).getText()).contains("\"client_id\"").contains("catalog:read");
        screenshot("security-page");

        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("catalog:read", "catalog:read orders:write");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        pasted.clear();
        pasted.sendKeys(forged);
        assertThat(waitFor(By.cssSelector("#token-verdict p[data-reason='bad-signature']")).getText())
                .contains("no key of the issuer verifies the token's signature");

        // every address the page fetched, after both pastes: none carries either token or any part of one
        @SuppressWarnings("unchecked")
        List<String> fetched = (List<String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(fetched).isNotEmpty().allSatisfy(address -> assertThat(address)
                .doesNotContain(parts[1]).doesNotContain(parts[2]).doesNotContain(forged.split("\\.")[1]));
        assertNoBrowserErrors();
    }

    private static JsonNode faults() throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(console + "/api/faults")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("faults");
    }

    /** A fault on every process of a service, added as a user would from the command line. */
    private static void addFault(String kind, String service, String parameter) throws Exception {
        FaultlineScript.Result added = faultline.run("fault", "add", kind, "--service", service, "-p", parameter,
                "--duration", "60s");
        assertThat(added.exitCode()).as(added.output()).isZero();
    }

    private static void clearFaults() throws Exception {
        FaultlineScript.Result cleared = faultline.run("fault", "clear");
        assertThat(cleared.exitCode()).as(cleared.output()).isZero();
    }

    private static void open(String path) {
        browser.get(console + path);
    }

    /** Waits for an element; when it never comes, the failure shows the page and the browser's console. */
    private static WebElement waitFor(By what) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> {
                List<WebElement> found = driver.findElements(what);
                return found.isEmpty() ? null : found.getFirst();
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("No " + what + " on " + browser.getCurrentUrl() + "; the browser's console: "
                    + browser.manage().logs().get(LogType.BROWSER).getAll() + "\nThe page: "
                    + browser.findElement(By.tagName("main")).getText(), e);
        }
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** No error in the browser's console since the last check, but those expected (a refusal meant to happen). */
    private static void assertNoBrowserErrors(String... expected) {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .filter(entry -> java.util.Arrays.stream(expected).noneMatch(entry.getMessage()::contains)).toList();
        assertThat(errors).as("errors in the browser's console").isEmpty();
    }

    private static void traffic(int count) throws Exception {
        for (int i = 0; i < count; i++) {
            HTTP.send(gateway("/api/products").GET().build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private static String user() throws Exception {
        String email = "console-" + UUID.randomUUID() + "@example.com";
        return JSON.readTree(HTTP.send(gateway("/api/users").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Ada\", \"email\": \"" + email + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("id").asText();
    }

    private static void orders(String user, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            HTTP.send(gateway("/api/orders").header("Content-Type", "application/json")
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("userId", user,
                            "items", List.of(Map.of("productId", "laptop-stand", "quantity", 1)))))).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }

    private static HttpRequest.Builder gateway(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + faultline.port("gateway") + path))
                .header("X-API-Key", "faultline-demo-key").timeout(Duration.ofSeconds(15));
    }
}
