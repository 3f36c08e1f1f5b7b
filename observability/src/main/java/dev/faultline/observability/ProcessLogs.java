package dev.faultline.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerBuilder;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.instrumentation.logback.appender.v1_0.OpenTelemetryAppender;

/**
 * Log records of several processes in one JVM ({@code ./faultline up --one-jvm}), each exported by its own process's
 * SDK: logback's OTLP appender is one per JVM, so it is given a router that picks the SDK of the process whose thread
 * logs. A process is built on a thread of its own that {@linkplain #routeThisThread names its SDK}; the threads it
 * starts (its server's listeners, their request threads, its executors) inherit that, so their lines are the
 * process's too. A line from a thread no process started (a JDK pool's) is not exported, as the appender does before
 * it is installed.
 */
public final class ProcessLogs {

    private static final InheritableThreadLocal<OpenTelemetry> CURRENT = new InheritableThreadLocal<>();
    private static final OpenTelemetry ROUTER = new OpenTelemetry() {
        @Override
        public TracerProvider getTracerProvider() {
            return TracerProvider.noop();
        }

        @Override
        public ContextPropagators getPropagators() {
            return ContextPropagators.noop();
        }

        @Override
        public LoggerProvider getLogsBridge() {
            return ROUTED;
        }
    };
    private static final LoggerProvider ROUTED = new LoggerProvider() {
        @Override
        public LoggerBuilder loggerBuilder(String instrumentationScopeName) {
            OpenTelemetry owner = CURRENT.get();
            LoggerProvider provider = owner == null ? LoggerProvider.noop() : owner.getLogsBridge();
            return provider.loggerBuilder(instrumentationScopeName);
        }
    };
    private ProcessLogs() {
    }

    /** Puts the router in logback's OTLP appender (again for each process: the same router, so no harm). */
    static void install() {
        OpenTelemetryAppender.install(ROUTER);
    }

    /** Lines logged on this thread, and on the threads it starts from now on, go to this SDK. */
    static void routeThisThread(OpenTelemetry sdk) {
        CURRENT.set(sdk);
    }
}
