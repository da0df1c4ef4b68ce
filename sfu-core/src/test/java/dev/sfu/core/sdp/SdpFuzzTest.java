package dev.sfu.core.sdp;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated and mutated input must give an {@link SdpException} or a parsed offer, never another
 * exception. Seeds are fixed so a failure reproduces.
 */
class SdpFuzzTest {
    private static final String ALPHABET = "v=o-s t0123456789abcmxyz:/;, ~*\r\n\tAVPF=-.{}";

    @Test
    void randomTextGivesOnlySdpException() {
        Random random = new Random(8866);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder(i % 3 == 0 ? "v=0\r\n" : "");
            int length = random.nextInt(400);
            for (int j = 0; j < length; j++) {
                sb.append(random.nextInt(10) == 0 ? (char) random.nextInt(0x3000)
                        : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            check(sb.toString());
        }
    }

    @Test
    void truncatedFixturesGiveOnlySdpException() {
        for (String name : Fixtures.ALL) {
            String text = Fixtures.load(name);
            // every cut in the session part, then every 7th character and every line end
            for (int end = 0; end <= text.length(); end += end < 400 ? 1 : 7) {
                check(text.substring(0, end));
            }
            for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', end + 1)) {
                check(text.substring(0, end));
                check(text.substring(0, end + 1));
            }
        }
    }

    @Test
    void mutatedFixturesGiveOnlySdpException() {
        Random random = new Random(8829);
        String[] pieces = {" ", ":", "/", "=", "\r\n", "0", "-1", "99999999999999999999", "~", ";", ",", "*",
                "a=", "m=video 0 x\r\n", "a=mid:0\r\n", "a=setup:passive", "\r\nm=audio 9 UDP/TLS/RTP/SAVPF 0\r\n"};
        for (String name : Fixtures.ALL) {
            String text = Fixtures.load(name);
            for (int i = 0; i < 600; i++) {
                StringBuilder sb = new StringBuilder(text);
                int edits = 1 + random.nextInt(4);
                for (int e = 0; e < edits && sb.length() > 0; e++) {
                    int at = random.nextInt(sb.length());
                    switch (random.nextInt(3)) {
                        case 0 -> sb.deleteCharAt(at);
                        case 1 -> sb.insert(at, pieces[random.nextInt(pieces.length)]);
                        default -> sb.delete(at, Math.min(sb.length(), at + random.nextInt(40)));
                    }
                }
                check(sb.toString());
            }
        }
    }

    private static void check(String input) {
        try {
            Offer.parse(input);
        } catch (SdpException expected) {
            // fine: rejected with a message
        } catch (RuntimeException e) {
            fail("unexpected " + e + " for input:\n" + input, e);
        }
    }
}
