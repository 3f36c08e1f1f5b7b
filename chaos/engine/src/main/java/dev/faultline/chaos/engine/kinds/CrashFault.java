package dev.faultline.chaos.engine.kinds;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;
import dev.faultline.platform.ProcessExit;
import org.slf4j.LoggerFactory;

/**
 * {@code crash}: the process exits with {@code code} after {@code delay} milliseconds; the launcher's supervisor
 * (or compose's restart policy) starts it again, which clears its faults.
 */
public final class CrashFault implements FaultKind {

    private final ProcessExit exit;

    /** @param exit how the process ends itself: its JVM halts, or (one JVM for the shop) it alone stops */
    public CrashFault(ProcessExit exit) {
        this.exit = exit;
    }

    @Override
    public String name() {
        return "crash";
    }

    @Override
    public Effect parse(Params params) {
        int code = (int) params.number("code", 1, 255, 137L);
        long delay = params.number("delay", 0, 600_000, 0L);
        return (Effect.Process) fault -> {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            timer.schedule(() -> {
                LoggerFactory.getLogger(CrashFault.class).error("Fault {} (crash): exiting with code {}", fault.id(), code);
                exit.halt(code);
            }, delay, TimeUnit.MILLISECONDS);
            return timer::shutdownNow;
        };
    }
}
