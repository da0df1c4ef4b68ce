package dev.sfu.core.sdp;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds the one bundled transport's ICE and DTLS parameters: each active m-line's media-level value, or
 * the session-level one when the m-line has none; all active m-lines must agree (RFC 8843 section 7).
 * A bundle-only m-line (RFC 8843 section 6) may carry no transport attributes of its own: it uses the
 * bundle's transport, so it is checked only when it names ICE or DTLS parameters itself.
 */
final class TransportResolver {
    private static final Pattern ICE_CHARS = Pattern.compile("[A-Za-z0-9+/]+");
    private static final Pattern ALGORITHM = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){15,63}");

    private TransportResolver() {
    }

    static TransportParameters resolve(SessionDescription sd, List<OfferedMedia> media) throws SdpException {
        TransportParameters first = null;
        String firstLabel = null;
        for (OfferedMedia m : media) {
            MediaSection s = sd.media().get(m.index());
            if (m.rejected() || m.bundleOnly() && !carriesTransport(s)) {
                continue;
            }
            TransportParameters t = forSection(m.label(), sd, s);
            if (first == null) {
                first = t;
                firstLabel = m.label();
            } else {
                agree(m.label(), firstLabel, "ice-ufrag", first.iceUfrag(), t.iceUfrag());
                agree(m.label(), firstLabel, "ice-pwd", first.icePwd(), t.icePwd());
                agree(m.label(), firstLabel, "fingerprint", first.fingerprintAlgorithm() + " " + first.fingerprint(),
                        t.fingerprintAlgorithm() + " " + t.fingerprint());
                agree(m.label(), firstLabel, "setup", first.setup(), t.setup());
            }
        }
        if (first == null) {
            // Every m-line is rejected: no transport is used, report whatever the session level says.
            String[] fp = splitFingerprint(sd.value("fingerprint"));
            return new TransportParameters(sd.value("ice-ufrag"), sd.value("ice-pwd"), fp[0], fp[1],
                    sd.value("setup"));
        }
        return first;
    }

    private static boolean carriesTransport(MediaSection s) {
        return s.has("ice-ufrag") || s.has("ice-pwd") || s.has("fingerprint") || s.has("setup");
    }

    private static TransportParameters forSection(String label, SessionDescription sd, MediaSection s)
            throws SdpException {
        String ufrag = pick(label, "ice-ufrag", s, sd);
        String pwd = pick(label, "ice-pwd", s, sd);
        String fingerprint = pick(label, "fingerprint", s, sd);
        String setup = s.has("setup") ? s.value("setup") : sd.value("setup");
        if (!ICE_CHARS.matcher(ufrag).matches() || ufrag.length() < 4 || ufrag.length() > 256) {
            throw new SdpException(label + ": malformed a=ice-ufrag:" + SessionDescription.shorten(ufrag)
                    + " (expected 4-256 characters of A-Z a-z 0-9 + /)");
        }
        if (!ICE_CHARS.matcher(pwd).matches() || pwd.length() < 22 || pwd.length() > 256) {
            throw new SdpException(label + ": malformed a=ice-pwd (expected 22-256 characters of A-Z a-z 0-9 + /)");
        }
        String[] fp = splitFingerprint(fingerprint);
        if (fp[0] == null || !ALGORITHM.matcher(fp[0]).matches() || !FINGERPRINT.matcher(fp[1]).matches()) {
            throw new SdpException(label + ": malformed a=fingerprint:" + SessionDescription.shorten(fingerprint)
                    + " (expected a=fingerprint:<hash> <hex bytes separated by ':'>)");
        }
        setup = setup == null ? "active" : setup.trim(); // RFC 4145 section 4: absent means active
        if (setup.equals("passive")) {
            throw new SdpException(label + ": a=setup:passive is not supported; the SFU is always the DTLS"
                    + " server, so the offer must say a=setup:actpass (or active)");
        }
        if (!setup.equals("actpass") && !setup.equals("active")) {
            throw new SdpException(label + ": unsupported a=setup:" + SessionDescription.shorten(setup)
                    + " (expected actpass or active)");
        }
        return new TransportParameters(ufrag.trim(), pwd.trim(), fp[0], fp[1], setup);
    }

    private static String pick(String label, String name, MediaSection s, SessionDescription sd)
            throws SdpException {
        String v = s.value(name);
        if (v == null) {
            v = sd.value(name);
        }
        if (v == null || v.isBlank()) {
            throw new SdpException(label + ": missing a=" + name + " (neither in the m-line nor at session level)");
        }
        return v.trim();
    }

    private static String[] splitFingerprint(String v) {
        if (v == null) {
            return new String[] {null, null};
        }
        String t = v.trim();
        int sp = t.indexOf(' ');
        return sp < 0 ? new String[] {null, t} : new String[] {t.substring(0, sp), t.substring(sp + 1).trim()};
    }

    private static void agree(String label, String firstLabel, String name, String expected, String actual)
            throws SdpException {
        if (!expected.equalsIgnoreCase(actual)) {
            throw new SdpException(label + ": a=" + name + " differs from " + firstLabel
                    + "; all bundled m-lines must share one transport");
        }
    }
}
