package dev.sfu.core.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed parsing of the a= lines of one media section: rtpmap/fmtp/rtcp-fb (RFC 8866, 4585), extmap
 * (RFC 8285), ssrc/ssrc-group (RFC 5576), rid (RFC 8851), simulcast (RFC 8853). Each method throws an
 * {@link SdpException} naming the m-line and quoting the malformed line.
 */
final class MediaLines {
    private MediaLines() {
    }

    /** Static payload types (RFC 3551 table 4 and 5) that may appear without a=rtpmap. */
    private static final Map<Integer, Codec> STATIC = Map.of(
            0, new Codec(0, "PCMU", 8000, 1, null, List.of()),
            3, new Codec(3, "GSM", 8000, 1, null, List.of()),
            4, new Codec(4, "G723", 8000, 1, null, List.of()),
            8, new Codec(8, "PCMA", 8000, 1, null, List.of()),
            9, new Codec(9, "G722", 8000, 1, null, List.of()),
            13, new Codec(13, "CN", 8000, 1, null, List.of()),
            18, new Codec(18, "G729", 8000, 1, null, List.of()),
            34, new Codec(34, "H263", 90000, 1, null, List.of()));

    static List<Codec> codecs(String label, MediaSection s, boolean active) throws SdpException {
        Map<Integer, String[]> rtpmaps = OfferParser.orderedMap();
        for (String v : s.values("rtpmap")) {
            String[] head = splitFirst(v);
            int pt = Tokens.parseInt(head[0], 0, 127, -1);
            String[] enc = head[1].trim().split("/");
            int clock = enc.length >= 2 ? Tokens.parseInt(enc[1].trim(), 1, Integer.MAX_VALUE, -1) : -1;
            int channels = enc.length == 3 ? Tokens.parseInt(enc[2].trim(), 1, 255, -1) : 1;
            if (pt < 0 || enc.length < 2 || enc.length > 3 || enc[0].isBlank() || clock < 0 || channels < 0) {
                throw malformed(label, "rtpmap", v,
                        "<payload type 0-127> <encoding name>/<clock rate>[/<channels>]");
            }
            rtpmaps.putIfAbsent(pt, new String[] {enc[0].trim(), String.valueOf(clock), String.valueOf(channels)});
        }
        Map<Integer, String> fmtps = OfferParser.orderedMap();
        for (String v : s.values("fmtp")) {
            String[] head = splitFirst(v);
            int pt = Tokens.parseInt(head[0], 0, 127, -1);
            if (pt < 0 || head[1].isBlank()) {
                throw malformed(label, "fmtp", v, "<payload type 0-127> <parameters>");
            }
            fmtps.putIfAbsent(pt, head[1].trim());
        }
        Map<Integer, List<String>> feedback = OfferParser.orderedMap();
        List<String> wildcard = new ArrayList<>();
        for (String v : s.values("rtcp-fb")) {
            String[] head = splitFirst(v);
            String fb = head[1].trim().replaceAll(" +", " ");
            int pt = head[0].equals("*") ? -2 : Tokens.parseInt(head[0], 0, 127, -1);
            if (pt == -1 || fb.isEmpty()) {
                throw malformed(label, "rtcp-fb", v, "<payload type or *> <feedback type> [<parameter>]");
            }
            if (pt == -2) {
                wildcard.add(fb);
            } else {
                feedback.computeIfAbsent(pt, k -> new ArrayList<>()).add(fb);
            }
        }
        List<Codec> codecs = new ArrayList<>();
        for (String format : s.formats()) {
            int pt = Tokens.parseInt(format, 0, 127, -1);
            if (pt < 0) {
                throw new SdpException(label + ": malformed payload type '" + SessionDescription.shorten(format)
                        + "' in the m= line (expected a number 0-127)");
            }
            List<String> fb = new ArrayList<>(feedback.getOrDefault(pt, List.of()));
            for (String w : wildcard) {
                if (!fb.contains(w)) {
                    fb.add(w);
                }
            }
            String[] map = rtpmaps.get(pt);
            if (map != null) {
                codecs.add(new Codec(pt, map[0], Integer.parseInt(map[1]), Integer.parseInt(map[2]),
                        fmtps.get(pt), fb));
            } else if (STATIC.containsKey(pt)) {
                Codec c = STATIC.get(pt);
                codecs.add(new Codec(pt, c.name(), c.clockRate(), c.channels(), fmtps.get(pt), fb));
            } else if (active) {
                throw new SdpException(label + ": payload type " + pt + " has no a=rtpmap line and is not a"
                        + " static payload type");
            }
        }
        return codecs;
    }

    static List<Extmap> extmaps(String label, MediaSection s) throws SdpException {
        List<Extmap> out = new ArrayList<>();
        for (String v : s.values("extmap")) {
            String[] head = splitFirst(v);
            String idText = head[0];
            Direction direction = Direction.SENDRECV;
            int slash = idText.indexOf('/');
            if (slash >= 0) {
                direction = Direction.parseOrNull(idText.substring(slash + 1));
                idText = idText.substring(0, slash);
            }
            int id = Tokens.parseInt(idText, 1, 255, -1);
            String[] rest = head[1].trim().split(" +");
            if (id < 0 || direction == null || rest[0].isEmpty()) {
                throw malformed(label, "extmap", v, "<id 1-255>[/<direction>] <URI> [<attributes>]");
            }
            out.add(new Extmap(id, rest[0], direction));
        }
        return out;
    }

    static List<SsrcDescription> ssrcs(String label, MediaSection s) throws SdpException {
        Map<Long, String[]> byId = OfferParser.orderedMap();
        for (String v : s.values("ssrc")) {
            String[] head = splitFirst(v);
            long ssrc = Tokens.parseLong(head[0], 0, 0xFFFF_FFFFL, -1);
            String attr = head[1].trim();
            if (ssrc < 0 || attr.isEmpty()) {
                throw malformed(label, "ssrc", v, "<ssrc 0-4294967295> <attribute>[:<value>]");
            }
            String[] fields = byId.computeIfAbsent(ssrc, k -> new String[2]);
            int colon = attr.indexOf(':');
            String name = colon < 0 ? attr : attr.substring(0, colon);
            String value = colon < 0 ? null : attr.substring(colon + 1).trim();
            if (name.equals("cname") && fields[0] == null) {
                fields[0] = value;
            } else if (name.equals("msid") && fields[1] == null) {
                fields[1] = value;
            }
        }
        List<SsrcDescription> out = new ArrayList<>();
        byId.forEach((ssrc, f) -> out.add(new SsrcDescription(ssrc, f[0], f[1])));
        return out;
    }

    static List<SsrcGroup> ssrcGroups(String label, MediaSection s) throws SdpException {
        List<SsrcGroup> out = new ArrayList<>();
        for (String v : s.values("ssrc-group")) {
            String[] parts = v.trim().split(" +");
            List<Long> ssrcs = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                long ssrc = Tokens.parseLong(parts[i], 0, 0xFFFF_FFFFL, -1);
                if (ssrc < 0) {
                    throw malformed(label, "ssrc-group", v, "<semantics> <ssrc> ...");
                }
                ssrcs.add(ssrc);
            }
            if (parts[0].isEmpty() || ssrcs.isEmpty()) {
                throw malformed(label, "ssrc-group", v, "<semantics> <ssrc> ...");
            }
            out.add(new SsrcGroup(parts[0], ssrcs));
        }
        return out;
    }

    static List<Rid> rids(String label, MediaSection s) throws SdpException {
        List<Rid> out = new ArrayList<>();
        for (String v : s.values("rid")) {
            String[] parts = v.trim().split(" +", 3);
            Direction d = parts.length >= 2 ? ridDirection(parts[1]) : null;
            if (parts.length < 2 || !isRidId(parts[0]) || d == null) {
                throw malformed(label, "rid", v, "<rid id> <send|recv> [<restrictions>]");
            }
            out.add(new Rid(parts[0], d, parts.length == 3 ? parts[2].trim() : null));
        }
        return out;
    }

    static Simulcast simulcast(String label, MediaSection s) throws SdpException {
        String v = s.value("simulcast");
        if (v == null) {
            return s.has("simulcast") ? fail(label, "") : null;
        }
        String[] parts = v.trim().split(" +");
        if (parts.length % 2 != 0 || parts[0].isEmpty()) {
            return fail(label, v);
        }
        List<String> send = new ArrayList<>();
        List<String> recv = new ArrayList<>();
        for (int i = 0; i < parts.length; i += 2) {
            Direction d = ridDirection(parts[i]);
            String list = parts[i + 1];
            if (list.startsWith("rid=")) {
                list = list.substring(4);
            }
            if (d == null) {
                return fail(label, v);
            }
            List<String> target = d == Direction.SENDONLY ? send : recv;
            for (String stream : list.split(";", -1)) {
                String first = stream.split(",", -1)[0];
                boolean paused = first.startsWith("~");
                String id = paused ? first.substring(1) : first;
                if (!isRidId(id)) {
                    return fail(label, v);
                }
                if (!paused) {
                    target.add(id);
                }
            }
        }
        return new Simulcast(send, recv);
    }

    private static Simulcast fail(String label, String v) throws SdpException {
        throw malformed(label, "simulcast", v, "send <rid>;<rid>... [recv <rid>;...]");
    }

    private static Direction ridDirection(String word) {
        return switch (word) {
            case "send" -> Direction.SENDONLY;
            case "recv" -> Direction.RECVONLY;
            default -> null;
        };
    }

    /** RFC 8851: rid-id = 1*(alpha-numeric / "-" / "_"); at most 255 characters. */
    private static boolean isRidId(String id) {
        if (id.isEmpty() || id.length() > 255) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Splits "head rest" at the first space; rest is "" when there is none. */
    private static String[] splitFirst(String v) {
        String t = v.trim();
        int sp = t.indexOf(' ');
        return sp < 0 ? new String[] {t, ""} : new String[] {t.substring(0, sp), t.substring(sp + 1)};
    }

    private static SdpException malformed(String label, String name, String value, String expected) {
        return new SdpException(label + ": malformed a=" + name + ":" + SessionDescription.shorten(value)
                + " (expected a=" + name + ":" + expected + ")");
    }
}
