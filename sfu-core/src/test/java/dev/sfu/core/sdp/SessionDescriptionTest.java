package dev.sfu.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SessionDescriptionTest {
    static String[] fixtures() {
        return Fixtures.ALL;
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void encodeReproducesTheOfferByteForByte(String name) throws SdpException {
        String text = Fixtures.load(name);
        assertEquals(text, SessionDescription.parse(text).encode());
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void lfAndCrlfParseTheSame(String name) throws SdpException {
        String text = Fixtures.load(name);
        assertEquals(SessionDescription.parse(text), SessionDescription.parse(text.replace("\r\n", "\n")));
    }

    @Test
    void keepsUnknownLinesAndSplitsAttributes() throws SdpException {
        String text = "v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\ns=talk\r\ni=info\r\nt=0 0\r\na=x-custom:1:2\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\nb=AS:500\r\na=rtcp-mux\r\na=mid:v\r\n";
        SessionDescription sd = SessionDescription.parse(text);
        assertEquals("- 1 2 IN IP4 0.0.0.0", sd.origin());
        assertEquals("talk", sd.sessionName());
        assertEquals(List.of(new Attribute("i=", "info"), new Attribute("t=", "0 0"), new Attribute("x-custom", "1:2")),
                sd.attributes());
        MediaSection m = sd.media().get(0);
        assertEquals(new Attribute("b=", "AS:500"), m.attributes().get(0));
        assertTrue(m.attributes().get(0).isRawLine());
        assertNull(m.value("rtcp-mux"));
        assertTrue(m.has("rtcp-mux"));
        assertEquals(List.of(""), m.values("rtcp-mux"));
        assertEquals("v", m.value("mid"));
        assertEquals(text, sd.encode());
    }

    @Test
    void acceptsExactly64MediaLinesAnd128KiB() throws SdpException {
        StringBuilder sb = new StringBuilder("v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n");
        for (int i = 0; i < 64; i++) {
            sb.append("m=audio 0 UDP/TLS/RTP/SAVPF 0\r\n");
        }
        sb.append("a=x:");
        sb.append("y".repeat(SessionDescription.MAX_LENGTH - sb.length() - 2)).append("\r\n");
        assertEquals(SessionDescription.MAX_LENGTH, sb.length());
        assertEquals(64, SessionDescription.parse(sb.toString()).media().size());
    }
}
