package dev.sfu.api.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfu.core.model.ParticipantPermissions;
import dev.sfu.core.model.ParticipantSnapshot;
import dev.sfu.core.model.TrackSnapshot;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The bytes of what the server sends (docs/protocol.md): "type" first, fields in order, public views only. */
class ServerMessagesTest {
    private static final ServerMessages MESSAGES = new ServerMessages(new ObjectMapper());
    private static final TrackSnapshot TRACK = new TrackSnapshot("t1", "p1", "video", "0", "VP8", 1234, 10, 1000, 2,
            true, List.of());
    private static final ParticipantSnapshot ANN = new ParticipantSnapshot("p1", "Ann", "connected", "10.0.0.1:5000",
            List.of(TRACK), List.of(), "ann@example", null, ParticipantPermissions.all(), 1_000_000, false, null);

    static Stream<Arguments> messages() {
        return Stream.of(
                Arguments.of("type only", MESSAGES.message("pong"), "{\"type\":\"pong\"}"),
                Arguments.of("error", MESSAGES.error("bad_request", "nope"),
                        "{\"type\":\"error\",\"code\":\"bad_request\",\"message\":\"nope\"}"),
                Arguments.of("fields in the order given, null kept",
                        MESSAGES.message("closed", "code", "kicked", "reason", null),
                        "{\"type\":\"closed\",\"code\":\"kicked\",\"reason\":null}"),
                Arguments.of("long and boolean", MESSAGES.message("x", "deadlineMillis", 1_700_000_000_000L,
                        "muted", true), "{\"type\":\"x\",\"deadlineMillis\":1700000000000,\"muted\":true}"),
                Arguments.of("list of strings", MESSAGES.message("x", "offeredCodecs", List.of("VP8", "opus")),
                        "{\"type\":\"x\",\"offeredCodecs\":[\"VP8\",\"opus\"]}"),
                Arguments.of("record", MESSAGES.message("x", "permissions", new ParticipantPermissions(true, false,
                        true, false)), "{\"type\":\"x\",\"permissions\":{\"publish\":true,\"subscribe\":false,"
                        + "\"publishData\":true,\"admin\":false}}"),
                Arguments.of("public view of a track: no ssrc, counters or layers",
                        MESSAGES.message("trackPublished", "track", ServerMessages.publicView(TRACK)),
                        "{\"type\":\"trackPublished\",\"track\":{\"id\":\"t1\",\"participantId\":\"p1\","
                        + "\"kind\":\"video\",\"muted\":true}}"),
                Arguments.of("public view of a participant: no address, identity or estimate",
                        MESSAGES.message("participantJoined", "participant", ServerMessages.publicView(ANN)),
                        "{\"type\":\"participantJoined\",\"participant\":{\"id\":\"p1\",\"name\":\"Ann\","
                        + "\"metadata\":null,\"tracks\":[{\"id\":\"t1\",\"participantId\":\"p1\",\"kind\":\"video\","
                        + "\"muted\":true}]}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void encodesTypeFirstThenFieldsInOrder(String name, ObjectNode message, String expected) throws Exception {
        assertEquals(expected, MESSAGES.encode(message));
    }

    @Test
    void refusesAFieldWithoutValue() {
        assertThrows(IllegalArgumentException.class, () -> MESSAGES.message("x", "lonely"));
    }
}
