package dev.sfu.api;

import static dev.sfu.api.ApiAssertions.trackIds;
import static dev.sfu.api.ApiAssertions.withoutLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfu.api.rest.RoomsApi;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed or out-of-range signaling message gets an {@code error} with the documented code, and the
 * session goes on (docs/protocol.md).
 */
class SignalingValidationTest extends DevelopmentServerPerClass {
    private static final String CHROME_SENDONLY = TestSfuServer.sdp("chrome-audio-video-sendonly.sdp");

    // ---- malformed messages ----

    static Stream<Arguments> malformedMessages() {
        return Stream.of(
                Arguments.of("not JSON", "hello"),
                Arguments.of("truncated JSON", "{\"type\":\"ping\""),
                Arguments.of("empty text", ""),
                Arguments.of("JSON array", "[{\"type\":\"ping\"}]"),
                Arguments.of("JSON string", "\"ping\""),
                Arguments.of("JSON number", "42"),
                Arguments.of("JSON null", "null"),
                Arguments.of("object without type", "{\"room\":\"a\",\"name\":\"b\"}"),
                Arguments.of("numeric type", "{\"type\":7}"),
                Arguments.of("null type", "{\"type\":null}"),
                Arguments.of("object type", "{\"type\":{\"type\":\"ping\"}}"),
                Arguments.of("unknown type", "{\"type\":\"dance\"}"),
                Arguments.of("type in the wrong case", "{\"type\":\"PING\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedMessages")
    void malformedMessageGetsBadRequestAndTheSessionGoesOn(String name, String text) throws Exception {
        WsClient client = server.connect();
        client.sendText(text);
        client.nextError("bad_request");
        client.assertStillServing();
        client.join(TestSfuServer.uniqueRoom("malformed"), "Ann");
    }

    @Test
    void unknownTypeErrorNamesTheType() throws Exception {
        WsClient client = server.connect();
        client.send(client.message("dance"));
        assertTrue(client.nextError("bad_request").path("message").asText().contains("dance"));
    }

    @Test
    void binaryFrameGetsBadRequestAndTheSessionGoesOn() throws Exception {
        WsClient client = server.connect();
        client.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
        client.nextError("bad_request");
        client.assertStillServing();
    }

    // ---- join validation ----

    static Stream<Arguments> badJoins() {
        String longest = "r".repeat(64);
        return Stream.of(
                Arguments.of("room missing", "{\"type\":\"join\",\"name\":\"Ann\"}"),
                Arguments.of("room empty", "{\"type\":\"join\",\"room\":\"\",\"name\":\"Ann\"}"),
                Arguments.of("room with a space", "{\"type\":\"join\",\"room\":\"a b\",\"name\":\"Ann\"}"),
                Arguments.of("room with a slash", "{\"type\":\"join\",\"room\":\"a/b\",\"name\":\"Ann\"}"),
                Arguments.of("room with a non-ASCII letter",
                        "{\"type\":\"join\",\"room\":\"caf\u00e9\",\"name\":\"Ann\"}"),
                Arguments.of("room of 65 characters",
                        "{\"type\":\"join\",\"room\":\"" + longest + "x\",\"name\":\"Ann\"}"),
                Arguments.of("room a number", "{\"type\":\"join\",\"room\":42,\"name\":\"Ann\"}"),
                Arguments.of("room null", "{\"type\":\"join\",\"room\":null,\"name\":\"Ann\"}"),
                Arguments.of("name missing", "{\"type\":\"join\",\"room\":\"ok\"}"),
                Arguments.of("name empty", "{\"type\":\"join\",\"room\":\"ok\",\"name\":\"\"}"),
                Arguments.of("name only spaces", "{\"type\":\"join\",\"room\":\"ok\",\"name\":\"   \"}"),
                Arguments.of("name of 65 characters",
                        "{\"type\":\"join\",\"room\":\"ok\",\"name\":\"" + "n".repeat(65) + "\"}"),
                Arguments.of("name a number", "{\"type\":\"join\",\"room\":\"ok\",\"name\":42}"),
                Arguments.of("name an object", "{\"type\":\"join\",\"room\":\"ok\",\"name\":{\"first\":\"Ann\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badJoins")
    void badJoinGetsBadRequestAndALaterValidJoinSucceeds(String name, String join) throws Exception {
        WsClient client = server.connect();
        client.sendText(join);
        client.nextError("bad_request");
        client.assertStillServing();
        assertEquals(404, server.get(RoomsApi.BASE + "/rooms/ok").statusCode(), "a refused join creates no room");
        String room = TestSfuServer.uniqueRoom("retry");
        JsonNode joined = client.join(room, "Ann");
        assertTrue(joined.path("participantId").asText().startsWith("PA_"));
    }

    @Test
    void joinAcceptsTheLongestRoomAndNameAndEveryAllowedCharacter() throws Exception {
        String room = ("Az09._-" + TestSfuServer.uniqueRoom("x") + "r".repeat(64)).substring(0, 64);
        String name = "N".repeat(63) + "\uD83D\uDE00"; // 64 characters, the last one outside the BMP
        WsClient client = server.connect();
        JsonNode joined = client.join(room, name);
        assertEquals(room, joined.path("room").asText());
        JsonNode snapshot = server.room(room);
        assertEquals(name, snapshot.path("participants").get(0).path("name").asText());
    }

    // ---- offer validation ----

    static Stream<Arguments> nonStringSdps() {
        return Stream.of(
                Arguments.of("sdp missing", "{\"type\":\"offer\"}"),
                Arguments.of("sdp null", "{\"type\":\"offer\",\"sdp\":null}"),
                Arguments.of("sdp a number", "{\"type\":\"offer\",\"sdp\":42}"),
                Arguments.of("sdp an object", "{\"type\":\"offer\",\"sdp\":{\"type\":\"offer\",\"sdp\":\"v=0\"}}"),
                Arguments.of("sdp an array", "{\"type\":\"offer\",\"sdp\":[\"v=0\"]}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonStringSdps")
    void offerWithoutAStringSdpGetsBadRequest(String name, String offer) throws Exception {
        WsClient client = server.joined(TestSfuServer.uniqueRoom("sdp"), "Ann");
        client.sendText(offer);
        client.nextError("bad_request");
        client.assertStillServing();
    }

    static Stream<Arguments> badSubscriptions() {
        StringBuilder tooMany = new StringBuilder("{");
        for (int i = 0; i < 257; i++) {
            tooMany.append(i == 0 ? "" : ",").append("\"").append(i).append("\":\"TR_x\"");
        }
        tooMany.append('}');
        return Stream.of(
                Arguments.of("an array", "[\"TR_a\"]"),
                Arguments.of("a string", "\"TR_a\""),
                Arguments.of("a number", "5"),
                Arguments.of("a numeric track id", "{\"0\":5}"),
                Arguments.of("a null track id", "{\"0\":null}"),
                Arguments.of("an object track id", "{\"0\":{\"id\":\"TR_a\"}}"),
                Arguments.of("257 entries", tooMany.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSubscriptions")
    void offerWithBadSubscriptionsGetsBadRequestAndPublishesNothing(String name, String subscriptions)
            throws Exception {
        assertOfferRefused(subscriptions, "bad_request");
    }

    /**
     * Sends a sendonly offer with these {@code subscriptions} (JSON), expects the error {@code code}, a session that
     * goes on and nothing published; returns the error.
     */
    private static JsonNode assertOfferRefused(String subscriptions, String code) throws Exception {
        String room = TestSfuServer.uniqueRoom("subs");
        WsClient client = server.joined(room, "Ann");
        String offer = "{\"type\":\"offer\",\"sdp\":" + server.json.writeValueAsString(CHROME_SENDONLY)
                + ",\"subscriptions\":" + subscriptions + "}";
        client.sendText(offer);
        JsonNode error = client.nextError(code);
        client.assertStillServing();
        assertEquals(0, server.room(room).path("participants").get(0).path("tracks").size(),
                "a refused offer publishes nothing");
        return error;
    }

    @Test
    void offerWithNullSubscriptionsIsAnOfferWithoutSubscriptions() throws Exception {
        WsClient client = server.joined(TestSfuServer.uniqueRoom("nullsubs"), "Ann");
        ObjectNode offer = client.offerMessage(CHROME_SENDONLY);
        offer.putNull("subscriptions");
        client.send(offer);
        assertTrue(client.next("answer").path("sdp").asText().startsWith("v=0"));
    }

    @Test
    void subscriptionKeyThatIsNoMidOfTheOfferIsBadSubscriptionsNamingIt() throws Exception {
        JsonNode error = assertOfferRefused("{\"7\":\"TR_x\",\"0\":\"TR_y\"}", "bad_subscriptions");
        assertEquals("[\"7\"]", error.path("mids").toString(), error.toString());
        assertTrue(error.path("message").asText().contains("7"), error.toString());
    }

    // ---- request ids ----

    @Test
    void requestIdIsEchoedInTheAnswerAndInTheErrorsItCauses() throws Exception {
        WsClient client = server.joined(TestSfuServer.uniqueRoom("request-ids"), "Ann");

        client.send(client.offerMessage("this is not SDP").put("requestId", "offer-1"));
        assertEquals("offer-1", client.nextError("invalid_sdp").path("requestId").asText());
        client.send(client.message("trackSettings").put("trackId", "TR_nope").put("requestId", "ts-2"));
        assertEquals("ts-2", client.nextError("unknown_track").path("requestId").asText());
        client.send(client.message("dance").put("requestId", "x"));
        assertEquals("x", client.nextError("bad_request").path("requestId").asText());
        client.send(client.offerMessage(CHROME_SENDONLY).put("requestId", "offer-3"));
        JsonNode answer = client.next("answer");
        assertEquals("offer-3", answer.path("requestId").asText(), answer.toString());
        client.send(client.message("ping").put("requestId", "p"));
        assertEquals("p", client.next("pong").path("requestId").asText());
    }

    @Test
    void messagesWithoutARequestIdGetRepliesWithoutOne() throws Exception {
        WsClient client = server.joined(TestSfuServer.uniqueRoom("no-request-id"), "Ann");
        client.send(client.offerMessage("this is not SDP"));
        assertTrue(client.nextError("invalid_sdp").path("requestId").isMissingNode());
    }

    static Stream<Arguments> badRequestIds() {
        return Stream.of(
                Arguments.of("a number", "7"),
                Arguments.of("an object", "{\"id\":\"a\"}"),
                Arguments.of("empty", "\"\""),
                Arguments.of("65 characters", "\"" + "r".repeat(65) + "\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequestIds")
    void badRequestIdGetsBadRequestAndTheMessageIsNotHandled(String name, String requestId) throws Exception {
        WsClient client = server.connect();
        client.sendText("{\"type\":\"ping\",\"requestId\":" + requestId + "}");
        JsonNode error = client.nextError("bad_request");
        assertTrue(error.path("message").asText().contains("requestId"), error.toString());
        client.assertStillServing();
    }

    @Test
    void requestIdOfSixtyFourCharactersIsEchoed() throws Exception {
        WsClient client = server.connect();
        String id = "r".repeat(64);
        client.send(client.message("ping").put("requestId", id));
        assertEquals(id, client.next("pong").path("requestId").asText());
    }

    static Stream<Arguments> unacceptableSdps() {
        return Stream.of(
                Arguments.of("garbage", "this is not SDP"),
                Arguments.of("empty", ""),
                Arguments.of("no fingerprint", withoutLines(CHROME_SENDONLY, "a=fingerprint:")),
                Arguments.of("no BUNDLE", withoutLines(CHROME_SENDONLY, "a=group:BUNDLE")),
                Arguments.of("no rtcp-mux", withoutLines(CHROME_SENDONLY, "a=rtcp-mux")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unacceptableSdps")
    void unacceptableOfferGetsInvalidSdpAndChangesNothing(String name, String sdp) throws Exception {
        String room = TestSfuServer.uniqueRoom("invalid");
        WsClient client = server.joined(room, "Ann");
        client.send(client.offerMessage(sdp));
        client.nextError("invalid_sdp");
        client.assertStillServing();
        JsonNode ann = server.room(room).path("participants").get(0);
        assertEquals(0, ann.path("tracks").size(), "nothing published: " + ann);
        assertEquals("joined", ann.path("state").asText(), "not negotiated: " + ann);

        assertTrue(client.offer(CHROME_SENDONLY, null).contains("a=ice-lite"), "a valid offer still works");
    }

    @Test
    void unacceptableOfferAfterPublishingKeepsThePublishedTracks() throws Exception {
        String room = TestSfuServer.uniqueRoom("keep");
        WsClient client = server.joined(room, "Ann");
        client.offer(CHROME_SENDONLY, null);
        List<String> before = trackIds(server.room(room).path("participants").get(0));
        assertEquals(2, before.size());

        client.send(client.offerMessage(withoutLines(CHROME_SENDONLY, "a=fingerprint:")));

        client.nextError("invalid_sdp");
        assertEquals(before, trackIds(server.room(room).path("participants").get(0)));
    }

    // ---- message size ----

    @Test
    void messageJustUnderTheLimitIsReadAndAnswered() throws Exception {
        WsClient client = server.connect();
        String padding = "x".repeat(TestSfuServer.MAX_WEBSOCKET_MESSAGE - 1024);
        client.sendText("{\"type\":\"dance\",\"padding\":\"" + padding + "\"}");
        client.nextError("bad_request");
        client.assertStillServing();
    }

    @Test
    void oversizedMessageEndsThatSessionOnlyAndItsParticipantLeaves() throws Exception {
        String room = TestSfuServer.uniqueRoom("big");
        WsClient big = server.connect();
        String bigId = big.join(room, "Big").path("participantId").asText();
        WsClient other = server.connect();
        other.join(room, "Other");
        big.next("participantJoined");

        String padding = "x".repeat(TestSfuServer.MAX_WEBSOCKET_MESSAGE + 1024);
        try {
            big.sendText("{\"type\":\"ping\",\"padding\":\"" + padding + "\"}");
        } catch (Exception e) {
            // The server may close before the whole frame is written; what matters is how it reacts.
        }

        // The server refuses it with an error and ends that session with 1009 "message too big" (RFC 6455 7.4.1).
        big.nextError("bad_request");
        assertEquals(1009, big.awaitClosed(), "close code");
        assertEquals(bigId, other.next("participantLeft").path("participantId").asText(),
                "the closed session left the room");
        other.assertStillServing();
        assertEquals(1, server.room(room).path("participants").size());
        WsClient late = server.connect();
        assertEquals(1, late.join(room, "Late").path("participants").size());
    }

}
