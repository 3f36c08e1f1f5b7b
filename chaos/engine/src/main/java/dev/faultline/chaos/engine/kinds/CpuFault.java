package dev.faultline.chaos.engine.kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;

/** {@code cpu}: burns {@code share} (0-1) of {@code cores} cores while the fault lasts, in 10 ms slices. */
public final class CpuFault implements FaultKind {

    private static final long SLICE_NANOS = 10_000_000L;

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public Effect parse(Params params) {
        int cores = (int) params.number("cores", 1, 64, 1L);
        double share = params.decimal("share", 0.01, 1.0, 1.0);
        return (Effect.Process) fault -> {
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> burners = new ArrayList<>();
            for (int i = 0; i < cores; i++) {
                burners.add(Thread.ofPlatform().daemon().name("chaos-cpu-" + i).start(() -> burn(running, share)));
            }
            return () -> {
                running.set(false);
                for (Thread burner : burners) {
                    burner.join(1_000);
                }
            };
        };
    }

    private static void burn(AtomicBoolean running, double share) {
        long busy = (long) (SLICE_NANOS * share);
        double sink = 0;
        while (running.get()) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < busy) {
                sink += Math.sqrt(sink + start);
            }
            if (busy < SLICE_NANOS) {
                java.util.concurrent.locks.LockSupport.parkNanos(SLICE_NANOS - busy);
            }
        }
        if (sink == -1) {
            throw new IllegalStateException("unreachable");
        }
    }
}
