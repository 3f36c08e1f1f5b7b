package dev.faultline.chaos.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.faultline.chaos.engine.kinds.CertificateFault;
import dev.faultline.chaos.engine.kinds.ClockFault;
import dev.faultline.chaos.engine.kinds.ConsumerCrashFault;
import dev.faultline.chaos.engine.kinds.ConsumerFailFault;
import dev.faultline.chaos.engine.kinds.ConsumerSlowFault;
import dev.faultline.chaos.engine.kinds.CpuFault;
import dev.faultline.chaos.engine.kinds.CrashFault;
import dev.faultline.chaos.engine.kinds.DependencyFault;
import dev.faultline.chaos.engine.kinds.ErrorFault;
import dev.faultline.chaos.engine.kinds.ExceptionFault;
import dev.faultline.chaos.engine.kinds.HangFault;
import dev.faultline.chaos.engine.kinds.LatencyFault;
import dev.faultline.chaos.engine.kinds.MemoryFault;
import dev.faultline.chaos.engine.kinds.ResetFault;
import dev.faultline.chaos.engine.kinds.SlowBodyFault;
import dev.faultline.chaos.engine.kinds.TelemetryFault;
import dev.faultline.platform.ProcessClock;
import dev.faultline.platform.ProcessExit;
import dev.faultline.platform.tls.ProcessTls;

/** The fault kinds, registered by name ({@link dev.faultline.chaos.model.FaultKindNames} lists them for the CLI). */
final class FaultKinds {

    private final Map<String, FaultKind> kinds = new LinkedHashMap<>();

    FaultKinds(List<FaultKind> kinds) {
        kinds.forEach(kind -> this.kinds.put(kind.name(), kind));
    }

    /** Every kind, a crash halting the JVM, a clock fault shifting a clock of its own, TLS off (tests). */
    static FaultKinds standard() {
        return standard(ProcessExit.JVM, new ProcessClock(java.time.Clock.systemUTC()),
                ProcessTls.off("test", new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    /**
     * Every kind; a crash ends the process through {@code exit}, a clock fault shifts {@code clock}, a certificate
     * fault changes what {@code tls} presents.
     */
    static FaultKinds standard(ProcessExit exit, ProcessClock clock, ProcessTls tls) {
        return new FaultKinds(List.of(new LatencyFault(), new ErrorFault(), new ExceptionFault(), new HangFault(),
                new ResetFault(), new SlowBodyFault(), new DependencyFault(), new CrashFault(exit), new CpuFault(), new MemoryFault(),
                new TelemetryFault(), new ConsumerSlowFault(), new ConsumerFailFault(), new ConsumerCrashFault(exit),
                new ClockFault(clock), new CertificateFault(tls)));
    }

    FaultKind get(String name) {
        return kinds.get(name);
    }

    /** The kinds' names, in registration order. */
    java.util.Set<String> all() {
        return kinds.keySet();
    }

    /** The names as a list for messages. */
    String names() {
        return String.join(", ", kinds.keySet());
    }
}
