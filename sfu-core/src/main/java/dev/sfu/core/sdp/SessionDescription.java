package dev.sfu.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The generic SDP model (RFC 8866 section 5): origin ({@code o=} value), session name ({@code s=} value),
 * the session-level lines and the media sections. Nothing is interpreted beyond the line syntax, so
 * unknown lines survive {@link #parse} and {@link #encode}.
 *
 * <pre>
 *   v=0                       always 0
 *   o=- 4611731400430051336 2 IN IP4 127.0.0.1   origin
 *   s=-                       session name
 *   t=0 0                     kept as Attribute("t=", "0 0")
 *   a=group:BUNDLE 0 1        session attributes
 *   m=audio 9 UDP/TLS/RTP/SAVPF 111 63    one MediaSection per m= line
 *   c=IN IP4 0.0.0.0          MediaSection.connection
 *   a=...                     MediaSection.attributes
 * </pre>
 *
 * Immutable and thread-safe.
 */
public record SessionDescription(String origin, String sessionName, List<Attribute> attributes,
                                 List<MediaSection> media) {
    /** Longest SDP text accepted, in characters. */
    public static final int MAX_LENGTH = 128 * 1024;
    /** Most m= lines accepted. */
    public static final int MAX_MEDIA = 64;

    public SessionDescription {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(sessionName, "sessionName");
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /** The value of the first session-level {@code a=name} line; null when absent or a flag. */
    public String value(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return a.value();
            }
        }
        return null;
    }

    /** Values of every session-level {@code a=name} line ("" for flags). */
    public List<String> values(String name) {
        List<String> out = new ArrayList<>();
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                out.add(a.value() == null ? "" : a.value());
            }
        }
        return out;
    }

    public boolean has(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses SDP text with CRLF or LF line endings. Requires {@code v=0} as the first line and
     * {@code o=}, {@code s=} and {@code t=} before the first {@code m=}. Empty lines are skipped.
     *
     * @throws SdpException when the text is not SDP, too long (over {@value #MAX_LENGTH} characters) or has
     *     more than {@value #MAX_MEDIA} m-lines
     */
    public static SessionDescription parse(String sdp) throws SdpException {
        if (sdp == null || sdp.isBlank()) {
            throw new SdpException("not an SDP: the text is empty");
        }
        if (sdp.length() > MAX_LENGTH) {
            throw new SdpException("SDP too long: " + sdp.length() + " characters, at most " + MAX_LENGTH);
        }
        String origin = null;
        String sessionName = null;
        boolean timing = false;
        boolean first = true;
        List<Attribute> session = new ArrayList<>();
        List<MediaSection> media = new ArrayList<>();
        MediaBuilder current = null;
        String[] lines = sdp.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (line.isEmpty()) {
                continue;
            }
            int lineNo = i + 1;
            if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
                throw new SdpException(first
                        ? "not an SDP: the first line must be v=0, got '" + shorten(line) + "'"
                        : "line " + lineNo + ": expected <type>=<value>, got '" + shorten(line) + "'");
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (first) {
                if (type != 'v' || !value.trim().equals("0")) {
                    throw new SdpException("not an SDP: the first line must be v=0, got '" + shorten(line) + "'");
                }
                first = false;
                continue;
            }
            if (type == 'm') {
                if (origin == null || sessionName == null || !timing) {
                    throw missingSessionLine(origin, sessionName, timing);
                }
                if (current != null) {
                    media.add(current.build());
                }
                if (media.size() >= MAX_MEDIA) {
                    throw new SdpException("too many m-lines: at most " + MAX_MEDIA);
                }
                current = MediaBuilder.parse(value, lineNo);
                continue;
            }
            if (current != null) {
                if (type == 'c' && current.connection == null) {
                    current.connection = value;
                } else {
                    current.attributes.add(toAttribute(type, value));
                }
                continue;
            }
            switch (type) {
                case 'v' -> throw new SdpException("line " + lineNo + ": a second v= line");
                case 'o' -> {
                    if (origin != null) {
                        throw new SdpException("line " + lineNo + ": a second o= line");
                    }
                    origin = value;
                }
                case 's' -> {
                    if (sessionName != null) {
                        throw new SdpException("line " + lineNo + ": a second s= line");
                    }
                    sessionName = value;
                }
                default -> {
                    if (type == 't') {
                        timing = true;
                    }
                    session.add(toAttribute(type, value));
                }
            }
        }
        if (first) {
            throw new SdpException("not an SDP: the text is empty");
        }
        if (origin == null || sessionName == null || !timing) {
            throw missingSessionLine(origin, sessionName, timing);
        }
        if (current != null) {
            media.add(current.build());
        }
        return new SessionDescription(origin, sessionName, session, media);
    }

    /** Writes the description with CRLF line endings, every line in the order it was parsed. */
    public String encode() {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("v=0\r\n");
        sb.append("o=").append(origin).append("\r\n");
        sb.append("s=").append(sessionName).append("\r\n");
        for (Attribute a : attributes) {
            sb.append(a.line()).append("\r\n");
        }
        for (MediaSection m : media) {
            sb.append("m=").append(m.kind()).append(' ').append(m.port()).append(' ').append(m.protocol());
            for (String f : m.formats()) {
                sb.append(' ').append(f);
            }
            sb.append("\r\n");
            if (m.connection() != null) {
                sb.append("c=").append(m.connection()).append("\r\n");
            }
            for (Attribute a : m.attributes()) {
                sb.append(a.line()).append("\r\n");
            }
        }
        return sb.toString();
    }

    private static SdpException missingSessionLine(String origin, String sessionName, boolean timing) {
        List<String> missing = new ArrayList<>();
        if (origin == null) {
            missing.add("o=");
        }
        if (sessionName == null) {
            missing.add("s=");
        }
        if (!timing) {
            missing.add("t=");
        }
        return new SdpException("not an SDP: missing " + String.join(", ", missing)
                + " line(s) before the first m= line");
    }

    private static Attribute toAttribute(char type, String value) {
        if (type != 'a') {
            return new Attribute(type + "=", value);
        }
        int colon = value.indexOf(':');
        return colon < 0 ? new Attribute(value, null)
                : new Attribute(value.substring(0, colon), value.substring(colon + 1));
    }

    static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    private static final class MediaBuilder {
        final String kind;
        final int port;
        final String protocol;
        final List<String> formats;
        String connection;
        final List<Attribute> attributes = new ArrayList<>();

        private MediaBuilder(String kind, int port, String protocol, List<String> formats) {
            this.kind = kind;
            this.port = port;
            this.protocol = protocol;
            this.formats = formats;
        }

        static MediaBuilder parse(String value, int lineNo) throws SdpException {
            String[] parts = value.trim().split(" +");
            if (parts.length < 3) {
                throw new SdpException("line " + lineNo + ": malformed m= line '" + shorten(value)
                        + "' (expected <media> <port> <proto> <fmt> ...)");
            }
            String portText = parts[1];
            int slash = portText.indexOf('/');
            if (slash >= 0) {
                portText = portText.substring(0, slash);
            }
            int port = Tokens.parseInt(portText, 0, 65535, -1);
            if (port < 0) {
                throw new SdpException("line " + lineNo + ": malformed port '" + shorten(parts[1]) + "' in m= line");
            }
            List<String> formats = new ArrayList<>();
            for (int i = 3; i < parts.length; i++) {
                formats.add(parts[i]);
            }
            return new MediaBuilder(parts[0], port, parts[2], formats);
        }

        MediaSection build() {
            return new MediaSection(kind, port, protocol, formats, connection, attributes);
        }
    }
}
