package dev.sfu.api.signaling;

import org.slf4j.MDC;

/**
 * The room and participant of one signaling session, put in the logging MDC around its log lines so every line
 * names them. Empty until the join succeeded. Used on the session's context only.
 */
final class LogContext {
    private String room;
    private String participantId;

    void joined(String roomName, String participant) {
        room = roomName;
        participantId = participant;
    }

    /** Runs {@code work} with the room and participant in the MDC (as it is when not joined yet). */
    void run(Runnable work) {
        if (room == null) {
            work.run();
            return;
        }
        MDC.put("room", room);
        MDC.put("participant", participantId);
        try {
            work.run();
        } finally {
            MDC.remove("room");
            MDC.remove("participant");
        }
    }
}
