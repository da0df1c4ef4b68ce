package dev.sfu.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sfu.api.rest.RoomsApi;
import dev.sfu.peer.JavaPeer;
import dev.sfu.peer.LocalOffer;
import dev.sfu.peer.PeerConfig;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /rooms/{room}/participants/{participant}/stats} during a live call: two {@link JavaPeer}s
 * signalled over the WebSocket (one publishes audio and video, one receives both) send real media over
 * UDP/DTLS/SRTP, and the statistics show it from both sides.
 */
class ParticipantStatsApiTest {
    private static final long WAIT_SECONDS = 10;

    private TestSfuServer server;
    private EventLoopGroup group;
    private ExecutorService dtls;
    private final List<JavaPeer> peers = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        server = TestSfuServer.start();
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("stats-peer", true),
                NioIoHandler.newFactory());
        dtls = Executors.newFixedThreadPool(2, new DefaultThreadFactory("stats-peer-dtls", true));
    }

    @AfterEach
    void stop() throws Exception {
        peers.forEach(JavaPeer::close);
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        dtls.shutdownNow();
    }

    @Test
    void statsOfALiveCallShowEveryStreamFromBothSides() throws Exception {
        String room = TestSfuServer.uniqueRoom("stats");
        WsClient publisherSocket = server.connect();
        String publisherId = publisherSocket.join(room, "pub").path("participantId").asText();
        JavaPeer publisher = peer(PeerConfig.defaults("pub", 401));
        connect(publisher, publisherSocket);

        WsClient subscriberSocket = server.connect();
        JsonNode joined = subscriberSocket.join(room, "sub");
        String subscriberId = joined.path("participantId").asText();
        JavaPeer subscriber = peer(PeerConfig.defaults("sub", 402).withPublishing(false, false));
        List<String> trackIds = new ArrayList<>();
        for (JsonNode track : joined.path("participants").get(0).path("tracks")) {
            subscriber.addReceiver(track.path("kind").asText(), track.path("id").asText())
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            trackIds.add(track.path("id").asText());
        }
        assertEquals(2, trackIds.size(), joined.toString());
        connect(subscriber, subscriberSocket);

        String base = RoomsApi.BASE + "/rooms/" + room + "/participants/";
        JsonNode[] last = new JsonNode[2];
        boolean ready = await(() -> {
            last[0] = stats(base + publisherId);
            last[1] = stats(base + subscriberId);
            return last[0].path("inbound").size() == 2 && last[1].path("outbound").size() == 2
                    && last[1].path("rttMillis").asDouble() > 0
                    && allPositive(last[0].path("inbound"), "packets", "bytes", "bitrateBps")
                    && allPositive(last[1].path("outbound"), "packets", "bytes", "bitrateBps")
                    && last[0].path("senderReportsReceived").asLong() > 0;
        });
        assertTrue(ready, "stats of the call: " + last[0] + " / " + last[1]);

        JsonNode publisherStats = last[0];
        assertEquals(publisherId, publisherStats.path("participantId").asText());
        for (JsonNode stream : publisherStats.path("inbound")) {
            assertTrue(stream.path("senderReportReceived").asBoolean(), stream.toString());
            assertTrue(stream.path("jitterMillis").asDouble() >= 0, stream.toString());
            assertTrue(stream.path("ssrc").asLong() > 0, stream.toString());
        }
        JsonNode subscriberStats = last[1];
        assertTrue(subscriberStats.path("reportBlocksReceived").asLong() > 0, subscriberStats.toString());
        for (JsonNode stream : subscriberStats.path("outbound")) {
            assertEquals(publisherId, stream.path("publisherId").asText());
            assertTrue(trackIds.contains(stream.path("trackId").asText()), stream.toString());
            assertTrue(stream.path("layer").asInt() >= 0, stream.toString());
        }
        assertTrue(subscriberStats.path("outbound").findValues("rttMillis").stream().anyMatch(r -> r.asDouble() > 0),
                subscriberStats.toString());
    }

    @Test
    void statsOfAnUnknownParticipantIs404() throws Exception {
        String room = TestSfuServer.uniqueRoom("stats");
        server.connect().join(room, "someone");
        HttpResponse<String> response = server.get(RoomsApi.BASE + "/rooms/" + room + "/participants/PA_nobody/stats");
        assertEquals(404, response.statusCode());
        assertEquals("participant_not_found", server.body(response).path("error").path("code").asText());
        HttpResponse<String> noRoom = server.get(RoomsApi.BASE + "/rooms/no-such-room/participants/PA_x/stats");
        assertEquals(404, noRoom.statusCode());
        assertEquals("room_not_found", server.body(noRoom).path("error").path("code").asText());
    }

    private JavaPeer peer(PeerConfig config) throws Exception {
        JavaPeer peer = JavaPeer.create(config, group, dtls).get(WAIT_SECONDS, TimeUnit.SECONDS);
        peers.add(peer);
        return peer;
    }

    /** Offers the peer's m-lines over the socket, applies the answer, waits for SRTP. */
    private void connect(JavaPeer peer, WsClient socket) throws Exception {
        LocalOffer offer = peer.createOffer().get(WAIT_SECONDS, TimeUnit.SECONDS);
        ObjectNode subscriptions = null;
        if (!offer.subscriptions().isEmpty()) {
            subscriptions = json.createObjectNode();
            for (Map.Entry<String, String> e : offer.subscriptions().entrySet()) {
                subscriptions.put(e.getKey(), e.getValue());
            }
        }
        String answer = socket.offer(offer.sdp(), subscriptions);
        peer.applyAnswer(answer).get(WAIT_SECONDS, TimeUnit.SECONDS);
        peer.mediaReady().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private JsonNode stats(String participantPath) {
        try {
            HttpResponse<String> response = server.get(participantPath + "/stats");
            assertEquals(200, response.statusCode(), response.body());
            return server.body(response);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean allPositive(JsonNode streams, String... fields) {
        for (JsonNode stream : streams) {
            for (String field : fields) {
                if (stream.path(field).asLong() <= 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }
}
