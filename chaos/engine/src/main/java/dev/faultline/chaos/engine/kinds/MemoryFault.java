package dev.faultline.chaos.engine.kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.faultline.chaos.engine.Effect;
import dev.faultline.chaos.engine.FaultKind;
import dev.faultline.chaos.engine.Params;

/**
 * {@code memory}: holds {@code mb} megabytes of heap, growing by {@code grow} megabytes per second if given, all
 * released when the fault ends (an {@code OutOfMemoryError} is the lesson when it grows past the heap cap).
 */
public final class MemoryFault implements FaultKind {

    private static final int MB = 1024 * 1024;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Effect parse(Params params) {
        int mb = (int) params.number("mb", 1, 4_096, null);
        int grow = (int) params.number("grow", 0, 1_024, 0L);
        return (Effect.Process) fault -> {
            List<byte[]> held = new ArrayList<>();
            fill(held, mb);
            ScheduledExecutorService grower = Executors.newSingleThreadScheduledExecutor();
            if (grow > 0) {
                grower.scheduleAtFixedRate(() -> fill(held, grow), 1, 1, TimeUnit.SECONDS);
            }
            return () -> {
                grower.shutdownNow();
                synchronized (held) {
                    held.clear();
                }
            };
        };
    }

    private static void fill(List<byte[]> held, int megabytes) {
        synchronized (held) {
            for (int i = 0; i < megabytes; i++) {
                byte[] block = new byte[MB];
                // touch every page so the memory is really resident
                for (int page = 0; page < MB; page += 4096) {
                    block[page] = 1;
                }
                held.add(block);
            }
        }
    }
}
