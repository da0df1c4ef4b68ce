package dev.sfu.core.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class H264PayloadTest {

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of("single NAL IDR slice", true, Bytes.of(
                        0x65,             // F=0, NRI=3, type 5 (IDR)
                        0x88, 0x84)),     // slice data
                Arguments.of("single NAL SPS", true, Bytes.of(
                        0x67,             // F=0, NRI=3, type 7 (SPS)
                        0x42, 0xC0, 0x1F)), // profile_idc, constraints, level
                Arguments.of("single NAL non-IDR slice", false, Bytes.of(
                        0x41,             // F=0, NRI=2, type 1
                        0x9A, 0x00)),
                Arguments.of("STAP-A with SPS and PPS", true, Bytes.of(
                        0x78,             // F=0, NRI=3, type 24 (STAP-A)
                        0x00, 0x04,       // NALU 1 size 4
                        0x67, 0x42, 0xC0, 0x1F, // SPS
                        0x00, 0x02,       // NALU 2 size 2
                        0x68, 0xCE)),     // PPS
                Arguments.of("STAP-A with PPS then IDR", true, Bytes.of(
                        0x78,             // STAP-A
                        0x00, 0x02,       // size 2
                        0x68, 0xCE,       // PPS
                        0x00, 0x02,       // size 2
                        0x65, 0x88)),     // IDR
                Arguments.of("STAP-A without keyframe NAL", false, Bytes.of(
                        0x78,             // STAP-A
                        0x00, 0x02,       // size 2
                        0x68, 0xCE,       // PPS
                        0x00, 0x02,       // size 2
                        0x41, 0x9A)),     // non-IDR
                Arguments.of("STAP-A with size beyond payload", false, Bytes.of(
                        0x78,             // STAP-A
                        0x00, 0x09,       // size 9, only 2 bytes follow
                        0x65, 0x88)),
                Arguments.of("FU-A start of IDR", true, Bytes.of(
                        0x7C,             // FU indicator: F=0, NRI=3, type 28
                        0x85,             // FU header: S=1, E=0, R=0, type 5
                        0x88, 0x84)),
                Arguments.of("FU-A middle of IDR", false, Bytes.of(
                        0x7C,             // FU indicator
                        0x05,             // FU header: S=0, E=0, type 5
                        0x88)),
                Arguments.of("FU-A end of IDR", false, Bytes.of(
                        0x7C,             // FU indicator
                        0x45,             // FU header: S=0, E=1, type 5
                        0x88)),
                Arguments.of("FU-A start of non-IDR", false, Bytes.of(
                        0x5C,             // FU indicator: NRI=2, type 28
                        0x81,             // FU header: S=1, type 1
                        0x9A)),
                Arguments.of("FU-A without header", false, Bytes.of(0x7C)),
                Arguments.of("empty payload", false, new byte[0]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void detectsKeyframes(String name, boolean keyframe, byte[] payload) {
        ByteBuf buf = Bytes.exact(payload, 3);
        try {
            assertEquals(keyframe, H264Payload.isKeyframe(buf, 3, payload.length));
        } finally {
            buf.release();
        }
    }
}
