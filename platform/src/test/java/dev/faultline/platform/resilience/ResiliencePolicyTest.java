package dev.faultline.platform.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.faultline.observability.Telemetry;
import io.helidon.faulttolerance.CircuitBreaker;
import io.opentelemetry.api.OpenTelemetry;
import org.junit.jupiter.api.Test;

class ResiliencePolicyTest {

    private static final Telemetry TELEMETRY = Telemetry.create("resilience-test", OpenTelemetry.noop());

    private static final ResilienceSettings QUIET_BREAKER = TestResilience.base().attempts(3).retryBudget(1.0)
            .breakerVolume(1_000).breakerErrorRatio(100).build();

    @Test
    void aFailingIdempotentCallIsAttemptedUpToTheLimitThenFailsAsItDid() {
        ResiliencePolicy policy = ResiliencePolicy.create("flaky", QUIET_BREAKER, TELEMETRY);
        // earlier successful calls fill the retry budget (one retry per call at budget 1.0)
        policy.call(true, () -> "ok");
        policy.call(true, () -> "ok");
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> policy.call(true, () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("HTTP 503");
        })).isInstanceOf(IllegalStateException.class).hasMessage("HTTP 503");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void aNonIdempotentCallIsNeverRetried() {
        ResiliencePolicy policy = ResiliencePolicy.create("flaky", QUIET_BREAKER, TELEMETRY);
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> policy.call(false, () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("HTTP 503");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void retriesStayWithinTheBudget() {
        ResilienceSettings settings = TestResilience.base().attempts(3).breakerVolume(1_000)
                .breakerErrorRatio(100).build();
        ResiliencePolicy policy = ResiliencePolicy.create("storm", settings, TELEMETRY);
        AtomicInteger attempts = new AtomicInteger();
        int calls = 100;
        for (int i = 0; i < calls; i++) {
            try {
                policy.call(true, () -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("down");
                });
            } catch (IllegalStateException expected) {
                // every call fails
            }
        }
        int retries = attempts.get() - calls;
        assertThat(retries).isPositive().isLessThanOrEqualTo((int) (0.2 * calls));
    }

    @Test
    void theBreakerOpensRejectsFastHalfOpensAndCloses() {
        ResilienceSettings settings = TestResilience.base().breakerVolume(4)
                .breakerDelay(Duration.ofMillis(300)).build();
        ResiliencePolicy policy = ResiliencePolicy.create("payments", settings, TELEMETRY);
        AtomicInteger attempts = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            try {
                policy.call(true, () -> {
                    attempts.incrementAndGet();
                    throw new IllegalStateException("down");
                });
            } catch (IllegalStateException expected) {
                // filling the window with failures
            }
        }
        assertThat(policy.breakerState()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> policy.call(true, () -> attempts.incrementAndGet()))
                .isInstanceOfSatisfying(ResilienceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.BREAKER_OPEN));
        assertThat(attempts).hasValue(4);

        await().atMost(Duration.ofSeconds(5)).until(() -> policy.breakerState() != CircuitBreaker.State.OPEN);
        assertThat(policy.call(true, () -> "ok")).isEqualTo("ok");
        assertThat(policy.breakerState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aSlowAttemptTimesOut() {
        // on a platform thread (JUnit's): Helidon's timeout block, the attempt on a thread of its own
        ResiliencePolicy policy = ResiliencePolicy.create("slow", oneAttempt(Duration.ofMillis(100)), TELEMETRY);
        long started = System.nanoTime();
        assertThatThrownBy(() -> policy.call(true, () -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        })).isInstanceOfSatisfying(ResilienceException.class,
                e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void onAVirtualThreadASlowAttemptTimesOutInPlaceAndLeavesNoInterruptBehind() throws Exception {
        ResiliencePolicy policy = ResiliencePolicy.create("slow-virtual", oneAttempt(Duration.ofMillis(100)), TELEMETRY);
        onAVirtualThread(() -> {
            Thread caller = Thread.currentThread();
            long started = System.nanoTime();
            assertThatThrownBy(() -> policy.call(true, () -> {
                assertThat(Thread.currentThread()).as("the attempt runs on the caller's thread").isSameAs(caller);
                try {
                    Thread.sleep(5_000);
                    return "late";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            })).isInstanceOfSatisfying(ResilienceException.class,
                    e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.TIMEOUT));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
            assertThat(caller.isInterrupted()).as("the deadline's interrupt is cleared").isFalse();
        });
    }

    @Test
    void onAVirtualThreadACallToAnUpstreamThatNeverAnswersTimesOut() throws Exception {
        ResiliencePolicy policy = ResiliencePolicy.create("silent", oneAttempt(Duration.ofMillis(200)), TELEMETRY);
        // accepts connections and never answers: the client blocks in its socket read
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                java.util.List<java.net.Socket> held = new java.util.ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (java.io.IOException closed) {
                    held.forEach(socket -> {
                        try {
                            socket.close();
                        } catch (java.io.IOException ignored) {
                            // closing what the test held
                        }
                    });
                }
            });
            io.helidon.webclient.http1.Http1Client client = io.helidon.webclient.http1.Http1Client.builder()
                    .baseUri("http://127.0.0.1:" + silent.getLocalPort()).readTimeout(Duration.ofSeconds(30)).build();
            onAVirtualThread(() -> {
                long started = System.nanoTime();
                assertThatThrownBy(() -> policy.call(true, () -> {
                    try (var response = client.get("/never").request()) {
                        return response.status().code();
                    }
                })).isInstanceOfSatisfying(ResilienceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.TIMEOUT));
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
            });
            silent.close();
            acceptor.join(5_000);
        }
    }

    @Test
    void deadlinesRacingTheAnswersNeverLeaveAStrayInterrupt() throws Exception {
        // a breaker that never opens: every call reaches the deadline's race
        ResiliencePolicy policy = ResiliencePolicy.create("racing", TestResilience.base()
                .timeout(Duration.ofMillis(4)).retryBudget(1.0).breakerVolume(1_000).breakerErrorRatio(100).build(), TELEMETRY);
        java.util.Random random = new java.util.Random(17);
        AtomicInteger timedOut = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        onAVirtualThread(() -> {
            for (int i = 0; i < 200; i++) {
                // 2-20 ms against a 4 ms deadline that the watcher fires on its next tick (AttemptTimeout.TICK)
                long work = 2_000_000L + random.nextLong(18_000_000L);
                try {
                    policy.call(true, () -> {
                        long end = System.nanoTime() + work;
                        while (System.nanoTime() < end) {
                            Thread.onSpinWait();   // busy: the deadline may land just before or after the answer
                        }
                        return "done";
                    });
                    answered.incrementAndGet();
                } catch (ResilienceException e) {
                    assertThat(e.kind()).isEqualTo(ResilienceException.Kind.TIMEOUT);
                    timedOut.incrementAndGet();
                }
                assertThat(Thread.currentThread().isInterrupted()).as("call " + i).isFalse();
                try {
                    Thread.sleep(0, 100_000);   // a stray interrupt would end this sleep with an exception
                } catch (InterruptedException e) {
                    throw new AssertionError("an interrupt was left behind after call " + i, e);
                }
            }
        });
        assertThat(timedOut.get()).as("some calls timed out").isPositive();
        assertThat(answered.get()).as("some calls answered in time").isPositive();
    }

    /** One attempt per call with the given timeout, no retry delay, a breaker of ten calls at 50 %, a bulkhead of 8. */
    private static ResilienceSettings oneAttempt(Duration timeout) {
        return TestResilience.base().timeout(timeout).build();
    }

    /** Runs the check on a virtual thread, as Helidon runs request handlers, and rethrows what it threw. */
    private static void onAVirtualThread(Runnable check) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                check.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof AssertionError assertion) {
                throw assertion;
            }
            throw e;
        }
    }

    @Test
    void aFullBulkheadRejectsAtOnce() throws Exception {
        ResilienceSettings settings = TestResilience.base().timeout(Duration.ofSeconds(5))
                .bulkheadLimit(1).bulkheadQueue(0).build();
        ResiliencePolicy policy = ResiliencePolicy.create("narrow", settings, TELEMETRY);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> occupant = CompletableFuture.supplyAsync(() -> policy.call(true, () -> {
            running.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "done";
        }));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> policy.call(true, () -> "squeezed in"))
                .isInstanceOfSatisfying(ResilienceException.class,
                        e -> assertThat(e.kind()).isEqualTo(ResilienceException.Kind.BULKHEAD_FULL));
        release.countDown();
        assertThat(occupant.get(5, TimeUnit.SECONDS)).isEqualTo("done");
    }
}
