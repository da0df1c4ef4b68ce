package dev.sfu.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each row breaks the Chromium audio+video offer in one way and checks the message a developer sees. */
class OfferValidationTest {
    private static final String BASE = Fixtures.load(Fixtures.CHROME_AUDIO_VIDEO);

    static Stream<Arguments> rows() {
        return Stream.of(
                row("empty text", s -> "", "not an SDP: the text is empty"),
                row("json instead of sdp", s -> "{\"type\":\"offer\"}", "not an SDP: the first line must be v=0"),
                row("missing o=", s -> remove(s, "o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n"),
                        "not an SDP: missing o= line(s)"),
                row("missing s= and t=", s -> remove(remove(s, "s=-\r\n"), "t=0 0\r\n"),
                        "not an SDP: missing s=, t= line(s)"),
                row("no m-lines", s -> s.substring(0, s.indexOf("m=audio")), "the offer has no m-lines"),
                row("active m-line without mid", s -> remove(s, "a=mid:0\r\n"),
                        "m-line 1 (audio): missing a=mid"),
                row("duplicate mid", s -> replace(s, "a=mid:1", "a=mid:0"),
                        "m-line 2 (mid 0): duplicate a=mid:0"),
                row("no BUNDLE group", s -> remove(s, "a=group:BUNDLE 0 1\r\n"), "no a=group:BUNDLE line"),
                row("m-line outside BUNDLE", s -> replace(s, "a=group:BUNDLE 0 1", "a=group:BUNDLE 0"),
                        "m-line 2 (mid 1): not in the BUNDLE group (a=group:BUNDLE 0)"),
                row("missing rtcp-mux", s -> s.replace("a=rtcp-mux\r\n", ""),
                        "m-line 1 (mid 0): missing a=rtcp-mux"),
                row("missing ice-ufrag", s -> s.replace("a=ice-ufrag:Xk3p\r\n", ""),
                        "m-line 1 (mid 0): missing a=ice-ufrag"),
                row("missing ice-pwd", s -> s.replace("a=ice-pwd:4bZ9lq0sVhQm8rT2yN6cW1eK\r\n", ""),
                        "m-line 1 (mid 0): missing a=ice-pwd"),
                row("missing fingerprint", s -> s.replaceAll("a=fingerprint:[^\r]*\r\n", ""),
                        "m-line 1 (mid 0): missing a=fingerprint"),
                row("malformed fingerprint", s -> s.replaceAll("a=fingerprint:[^\r]*", "a=fingerprint:sha-256 zz"),
                        "m-line 1 (mid 0): malformed a=fingerprint:sha-256 zz"),
                row("ice-ufrag differs between bundled m-lines", s -> replaceLast(s, "a=ice-ufrag:Xk3p", "a=ice-ufrag:Zz9q"),
                        "m-line 2 (mid 1): a=ice-ufrag differs from m-line 1 (mid 0)"),
                row("passive setup", s -> s.replace("a=setup:actpass", "a=setup:passive"),
                        "m-line 1 (mid 0): a=setup:passive is not supported"),
                row("holdconn setup", s -> s.replace("a=setup:actpass", "a=setup:holdconn"),
                        "m-line 1 (mid 0): unsupported a=setup:holdconn"),
                row("plain RTP profile", s -> replace(s, "m=audio 9 UDP/TLS/RTP/SAVPF", "m=audio 9 RTP/AVP"),
                        "m-line 1 (mid 0): protocol RTP/AVP is not supported; audio needs UDP/TLS/RTP/SAVPF"),
                row("max-message-size not a number", s -> s + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
                        + "a=mid:2\r\na=max-message-size:lots\r\n", "m-line 3 (mid 2): a=max-message-size:lots is not a number"),
                row("sctp-port out of range", s -> s + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
                        + "a=mid:2\r\na=sctp-port:70000\r\n", "m-line 3 (mid 2): a=sctp-port:70000 is not a number in 1..65535"),
                row("data channel over RTP profile", s -> s + "m=application 9 UDP/TLS/RTP/SAVPF webrtc-datachannel\r\n"
                        + "a=mid:2\r\n", "m-line 3 (mid 2): protocol UDP/TLS/RTP/SAVPF is not supported for m=application"),
                row("payload type without rtpmap", s -> replace(s, "111 63 9 0 8 13 110 126", "111 63 9 0 8 13 110 126 120"),
                        "m-line 1 (mid 0): payload type 120 has no a=rtpmap line and is not a static payload type"),
                row("payload type not a number", s -> replace(s, "111 63 9 0 8 13 110 126", "111 opus"),
                        "m-line 1 (mid 0): malformed payload type 'opus' in the m= line"),
                row("malformed rtpmap", s -> replace(s, "a=rtpmap:111 opus/48000/2", "a=rtpmap:111 opus"),
                        "m-line 1 (mid 0): malformed a=rtpmap:111 opus (expected a=rtpmap:<payload type 0-127>"),
                row("rtpmap payload type out of range", s -> replace(s, "a=rtpmap:111 opus/48000/2", "a=rtpmap:300 opus/48000/2"),
                        "m-line 1 (mid 0): malformed a=rtpmap:300 opus/48000/2"),
                row("malformed fmtp", s -> replace(s, "a=fmtp:97 apt=96", "a=fmtp:x apt=96"),
                        "m-line 2 (mid 1): malformed a=fmtp:x apt=96"),
                row("malformed rtcp-fb", s -> replace(s, "a=rtcp-fb:96 nack pli", "a=rtcp-fb:96"),
                        "m-line 2 (mid 1): malformed a=rtcp-fb:96"),
                row("extmap id 0", s -> replace(s, "a=extmap:1 urn", "a=extmap:0 urn"),
                        "m-line 1 (mid 0): malformed a=extmap:0 urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
                row("extmap bad direction", s -> replace(s, "a=extmap:1 urn", "a=extmap:1/sideways urn"),
                        "m-line 1 (mid 0): malformed a=extmap:1/sideways"),
                row("extmap without uri", s -> replace(s, "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "a=extmap:1"),
                        "m-line 1 (mid 0): malformed a=extmap:1 (expected"),
                row("ssrc not a number", s -> replace(s, "a=ssrc:2825390221 cname", "a=ssrc:abc cname"),
                        "m-line 1 (mid 0): malformed a=ssrc:abc cname:u0sVxQ3dHk2pLmNb"),
                row("ssrc above 32 bits", s -> replace(s, "a=ssrc:2825390221 cname", "a=ssrc:4294967296 cname"),
                        "m-line 1 (mid 0): malformed a=ssrc:4294967296"),
                row("ssrc without attribute", s -> replace(s, "a=ssrc:2825390221 cname:u0sVxQ3dHk2pLmNb", "a=ssrc:2825390221"),
                        "m-line 1 (mid 0): malformed a=ssrc:2825390221 (expected"),
                row("ssrc-group without ssrcs", s -> replace(s, "a=ssrc-group:FID 1367423931 3171420866", "a=ssrc-group:FID"),
                        "m-line 2 (mid 1): malformed a=ssrc-group:FID"),
                row("malformed rid", s -> replace(s, "a=ssrc-group:FID", "a=rid:q sideways\r\na=ssrc-group:FID"),
                        "m-line 2 (mid 1): malformed a=rid:q sideways"),
                row("malformed simulcast", s -> replace(s, "a=ssrc-group:FID", "a=simulcast:send\r\na=ssrc-group:FID"),
                        "m-line 2 (mid 1): malformed a=simulcast:send"),
                row("malformed m= port", s -> replace(s, "m=audio 9 ", "m=audio nine "),
                        "line 8: malformed port 'nine' in m= line"),
                row("line without type", s -> replace(s, "a=extmap-allow-mixed", "extmap-allow-mixed"),
                        "line 6: expected <type>=<value>, got 'extmap-allow-mixed'"),
                row("too many m-lines", s -> s + "m=audio 0 UDP/TLS/RTP/SAVPF 0\r\n".repeat(63),
                        "too many m-lines: at most 64"),
                row("too long", s -> s + "a=x:" + "y".repeat(140_000) + "\r\n",
                        "SDP too long: "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void rejectsInvalidOffer(String name, UnaryOperator<String> breakIt, String expectedMessage) {
        String sdp = breakIt.apply(BASE);
        SdpException e = assertThrows(SdpException.class, () -> Offer.parse(sdp));
        assertTrue(e.getMessage().startsWith(expectedMessage),
                () -> "expected message starting with\n  " + expectedMessage + "\nbut was\n  " + e.getMessage());
    }

    @ParameterizedTest(name = "{0} parses")
    @MethodSource("dev.sfu.core.sdp.OfferValidationTest#fixtureNames")
    void acceptsEveryStoredBrowserOffer(String name) {
        assertEquals(false, Fixtures.offer(name).media().isEmpty());
    }

    static Stream<String> fixtureNames() {
        return Stream.of(Fixtures.ALL);
    }

    private static Arguments row(String name, UnaryOperator<String> breakIt, String expected) {
        return Arguments.of(name, breakIt, expected);
    }

    private static String remove(String s, String what) {
        return replace(s, what, "");
    }

    /** Replaces the first occurrence, literally; fails the test if absent. */
    static String replace(String s, String what, String with) {
        int i = s.indexOf(what);
        if (i < 0) {
            throw new AssertionError("fixture does not contain: " + what);
        }
        return s.substring(0, i) + with + s.substring(i + what.length());
    }

    private static String replaceLast(String s, String what, String with) {
        int i = s.lastIndexOf(what);
        if (i < 0) {
            throw new AssertionError("fixture does not contain: " + what);
        }
        return s.substring(0, i) + with + s.substring(i + what.length());
    }
}
