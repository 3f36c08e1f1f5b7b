package dev.faultline.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Logger;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {

    @Test
    void julRecordsFromHelidonReachLogback() {
        Logging.configure();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        context.getLogger("io.helidon.test").addAppender(captured);

        Logger.getLogger("io.helidon.test").info("server started");

        assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("server started");
    }
}
