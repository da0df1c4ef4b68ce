package dev.sfu.core.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;

/** Forwards Netty's "LEAK:" log lines to {@link LeakDetectionExtension}; configured in logback-test.xml. */
public final class LeakLogAppender extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        if (message != null && message.contains("LEAK:")) {
            LeakDetectionExtension.report(message);
        }
    }
}
