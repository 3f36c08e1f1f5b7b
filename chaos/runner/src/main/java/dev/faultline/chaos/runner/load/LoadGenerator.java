package dev.faultline.chaos.runner.load;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-model load generator: requests start at a constant arrival rate whatever the latency, each on its own
 * virtual thread, and latency is measured from when the request was due, not from when it could be sent (no
 * coordinated omission). When more than {@code maxInFlight} are outstanding, due requests are counted as not sent
 * instead of queueing without bound.
 */
public final class LoadGenerator implements AutoCloseable {

    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ShopTraffic traffic;
    private final HttpClient http;
    private final LoadStats stats;
    private final int maxInFlight;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong maxLagNanos = new AtomicLong();
    private final AtomicInteger schedule = new AtomicInteger();
    private volatile double rate;
    private volatile RequestMix mix;
    private volatile boolean running;
    private Thread scheduler;

    public LoadGenerator(ShopTraffic traffic, HttpClient http, LoadStats stats, int maxInFlight) {
        this.traffic = traffic;
        this.http = http;
        this.stats = stats;
        this.maxInFlight = maxInFlight;
    }

    /** Starts sending at {@code rate} requests per second. */
    public synchronized void start(double rate, RequestMix mix) {
        if (running) {
            throw new IllegalStateException("already running");
        }
        this.rate = rate;
        this.mix = mix;
        running = true;
        scheduler = Thread.ofPlatform().name("faultline-load-scheduler").daemon().start(this::schedule);
    }

    /** Changes the arrival rate from now on. */
    public void rate(double perSecond) {
        rate = perSecond;
        schedule.incrementAndGet();
        LockSupport.unpark(scheduler);
    }

    public double rate() {
        return rate;
    }

    /** Changes the mix from now on. */
    public void mix(RequestMix newMix) {
        mix = newMix;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** How far behind its schedule the scheduler fell at worst: where the generator stops keeping up. */
    public Duration maxLag() {
        return Duration.ofNanos(maxLagNanos.get());
    }

    public LoadStats stats() {
        return stats;
    }

    /** Stops sending, then waits up to {@code drain} for the requests in flight. */
    public void stop(Duration drain) {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
        }
        LockSupport.unpark(scheduler);
        try {
            scheduler.join();
            senders.shutdown();
            senders.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.shutdownNow();
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    private void schedule() {
        SplittableRandom random = new SplittableRandom();
        while (running) {
            int version = schedule.get();
            double perSecond = rate;
            long segmentStart = System.nanoTime();
            long index = 0;
            while (running && version == schedule.get()) {
                if (perSecond <= 0) {
                    LockSupport.parkNanos(IDLE_PARK_NANOS);
                    continue;
                }
                long due = segmentStart + (long) (index * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                maxLagNanos.accumulateAndGet(-wait, Math::max);
                index++;
                if (inFlight.get() >= maxInFlight) {
                    stats.started(false);
                    continue;
                }
                inFlight.incrementAndGet();
                stats.started(true);
                ShopTraffic.Call call = traffic.request(mix.pick(random), random);
                senders.execute(() -> send(call, due));
            }
        }
    }

    private void send(ShopTraffic.Call call, long due) {
        Optional<String> failure;
        try {
            if (ShopTraffic.needsBody(call.endpoint())) {
                HttpResponse<String> response = http.send(call.request(), HttpResponse.BodyHandlers.ofString());
                failure = traffic.judge(call.endpoint(), response.statusCode(), response.body());
            } else {
                HttpResponse<Void> response = http.send(call.request(), HttpResponse.BodyHandlers.discarding());
                failure = traffic.judge(call.endpoint(), response.statusCode(), null);
            }
        } catch (HttpTimeoutException e) {
            failure = Optional.of("timeout");
        } catch (ConnectException e) {
            failure = Optional.of("connection refused");
        } catch (IOException | RuntimeException e) {
            failure = Optional.of(e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = Optional.of("interrupted");
        } finally {
            inFlight.decrementAndGet();
        }
        stats.record(call.endpoint(), System.nanoTime() - due, failure, call.trace().traceId());
    }

    /** How the traffic identifies itself. */
    public Credentials credentials() {
        return traffic.credentials();
    }

    /** The HTTP client for shop traffic: HTTP/1.1 with keep-alive, like a browser behind the gateway. */
    public static HttpClient newClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }
}
