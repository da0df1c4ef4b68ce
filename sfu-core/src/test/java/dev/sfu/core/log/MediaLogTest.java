package dev.sfu.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class MediaLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("media-log-test");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @BeforeEach
    void attach() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    @Test
    void roomAndParticipantGoToTheMdcForTheLineOnly() {
        MediaLog.info(logger, "standup", "PA_1", "participant joined as {}", "Ann");
        ILoggingEvent event = appender.list.get(0);
        assertEquals(Map.of("room", "standup", "participant", "PA_1"), event.getMDCPropertyMap());
        assertEquals("participant joined as Ann", event.getFormattedMessage());
        assertNull(MDC.get("room"), "the loop thread's MDC is left clean");
        assertNull(MDC.get("participant"));
    }

    @Test
    void aRoomLineHasNoParticipantField() {
        MediaLog.info(logger, "standup", null, "room created");
        assertEquals(Map.of("room", "standup"), appender.list.get(0).getMDCPropertyMap());
    }

    @Test
    void clientTextCannotSplitOrForgeALine() {
        MediaLog.info(logger, "r", "PA_\n2", "m-line {} left idle: {}", "0", "bad\r\nINFO forged\u001b[31m");
        ILoggingEvent event = appender.list.get(0);
        assertEquals("m-line 0 left idle: bad\\u000d\\u000aINFO forged\\u001b[31m", event.getFormattedMessage());
        assertEquals("PA_\\u000a2", event.getMDCPropertyMap().get("participant"));
        assertFalse(event.getFormattedMessage().contains("\n"));
    }

    @Test
    void escapeReturnsCleanTextUnchanged() {
        String clean = "participant joined as Ann (café)";
        assertSame(clean, MediaLog.escape(clean));
        assertEquals("\\u0000", MediaLog.escape("\0"));
    }
}
