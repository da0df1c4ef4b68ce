package dev.sfu.core.log;

import org.slf4j.Logger;
import org.slf4j.MDC;

/**
 * INFO lines of the media plane with the room and participant as MDC fields ({@code room}, {@code participant}), the
 * same fields the signaling side sets, so one participant can be followed across both (the thread name says which
 * media loop). String arguments are escaped first: a control character becomes {@code \\uXXXX}, so text a client
 * chose (SDP values quoted in errors, names) can never forge or split a log line.
 *
 * <p>For control-rate events (joins, leaves, negotiation, handshakes), never per packet: it allocates.
 */
public final class MediaLog {
    private MediaLog() {
    }

    /** Logs at INFO with {@code room} and {@code participant} (either may be null) in the MDC. */
    public static void info(Logger log, String room, String participant, String format, Object... args) {
        if (!log.isInfoEnabled()) {
            return;
        }
        put("room", room);
        put("participant", participant);
        try {
            log.info(format, escapeAll(args));
        } finally {
            MDC.remove("room");
            MDC.remove("participant");
        }
    }

    /** {@code text} with every ISO control character written as a Java escape ({@code \\u000a}). */
    public static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, escape(value));
        }
    }

    private static Object[] escapeAll(Object[] args) {
        Object[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof CharSequence text) {
                out[i] = escape(text.toString());
            }
        }
        return out;
    }
}
