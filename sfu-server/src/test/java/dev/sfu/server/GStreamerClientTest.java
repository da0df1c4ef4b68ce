package dev.sfu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A GStreamer webrtcbin client (e2e/gst/peer.py: max-bundle, so bundle-only m-lines; libnice, which keeps the
 * selected pair alive with Binding indications, not requests) calls a headless Chromium through the server,
 * each way, for much longer than the ICE consent timeout: the media they send must keep the GStreamer
 * participant in the room. The server runs with an 8 s consent timeout and each call is held 20 s, after which
 * the GStreamer client reads itself back over REST.
 */
class GStreamerClientTest {
    private static final String CONSENT_TIMEOUT_SECONDS = "8";
    private static final int HOLD_SECONDS = 20;
    private static final String PEER = "GStreamer";

    @RegisterExtension
    static final RunningServer SERVER =
            RunningServer.loopback(Map.of("SFU_ICE_CONSENT_TIMEOUT_SECONDS", CONSENT_TIMEOUT_SECONDS));

    @Test
    void chromiumDecodesAGStreamerPublisherPastTheConsentTimeout() throws Exception {
        String url = SERVER.url();
        String room = "gst-publishes";
        // The publisher holds until stopped: it must stay for the viewer's whole hold.
        try (BackgroundScript gst = startPeer(url, room, "--publish", "--seconds", "150")) {
            JsonNode viewer = SERVER.runScript("web-peer.mjs", 120, "--room", room, "--name", "Viewer",
                    "--publish", "0", "--from", PEER, "--seconds", String.valueOf(HOLD_SECONDS));
            JsonNode publisher = gst.stop(30);
            System.out.println("gst peer (publisher) result: " + withoutSdp(publisher).toPrettyString());

            assertEquals(0, viewer.path("failures").size(), "viewer failures: " + viewer.path("failures"));
            assertTrue(viewer.path("heldSeconds").asDouble() >= HOLD_SECONDS, "the viewer held the call");
            assertDecodedWhatWasSent(WEB_PEER, viewer, GST_PEER, publisher);

            assertStayedConnected(publisher);
            JsonNode tracks = publisher.path("server").path("tracks");
            assertEquals(2, tracks.size(), "the server holds both GStreamer tracks: " + tracks);
            for (JsonNode track : tracks) {
                assertTrue(track.path("packets").asLong() > 0, "the server received " + track);
            }
        }
    }

    @Test
    void gstreamerDecodesAChromiumPublisherPastTheConsentTimeout() throws Exception {
        String url = SERVER.url();
        String room = "gst-subscribes";
        try (BackgroundScript gst = startPeer(url, room, "--subscribe", "--from", "Chromium",
                "--seconds", String.valueOf(HOLD_SECONDS), "--timeout", "90")) {
            // GStreamer waits in the room, with nothing to offer yet, for longer than the consent timeout: that
            // wait must not count against its consent (no ICE check can come before an answer).
            Thread.sleep(Long.parseLong(CONSENT_TIMEOUT_SECONDS) * 1000 + 2000);
            // The publisher holds until stopped: it must stay for the subscriber's whole hold.
            BackgroundScript chromium = SERVER.startScript("web-peer.mjs", "--room", room,
                    "--name", "Chromium", "--seconds", "150");
            JsonNode subscriber;
            JsonNode publisher;
            try (chromium) {
                subscriber = gst.await(150);
                publisher = chromium.stop(30);
            }
            System.out.println("gst peer (subscriber) result: " + withoutSdp(subscriber).toPrettyString());
            System.out.println("web-peer (publisher) result: " + publisher.toPrettyString());

            assertEquals(0, publisher.path("failures").size(), "publisher failures: " + publisher.path("failures"));
            assertStayedConnected(subscriber);
            assertDecodedWhatWasSent(GST_PEER, subscriber, WEB_PEER, publisher);
            JsonNode subscriptions = subscriber.path("server").path("subscriptions");
            assertEquals(2, subscriptions.size(), "the server forwards both tracks: " + subscriptions);
            for (JsonNode subscription : subscriptions) {
                assertTrue(subscription.path("forwarding").asBoolean(), "forwarding " + subscription);
            }
        }
    }

    /** Where a peer's report keeps its figures: web-peer.mjs and gst/peer.py name the same ones differently. */
    private record PeerReport(String client, String frames, String width, String height, String samples) {}

    private static final PeerReport WEB_PEER =
            new PeerReport("Chromium", "framesDecoded", "frameWidth", "frameHeight", "totalSamplesReceived");
    private static final PeerReport GST_PEER = new PeerReport(PEER, "frames", "width", "height", "samples");

    /**
     * The receiver decoded the sender's video at the size it sent, and its audio, and was still decoding both in
     * its last window.
     */
    private static void assertDecodedWhatWasSent(PeerReport receiverReport, JsonNode receiver,
            PeerReport senderReport, JsonNode sender) {
        String from = receiverReport.client() + " decodes " + senderReport.client() + "'s ";
        JsonNode video = receiver.path("received").path("video");
        JsonNode sent = sender.path("sent").path("video");
        assertTrue(video.path(receiverReport.frames()).asInt() > 0, from + "VP8: " + video);
        assertEquals(sent.path(senderReport.width()).asInt(), video.path(receiverReport.width()).asInt(),
                "frame width sent: " + sent);
        assertEquals(sent.path(senderReport.height()).asInt(), video.path(receiverReport.height()).asInt(),
                "frame height sent");
        JsonNode audio = receiver.path("received").path("audio");
        assertTrue(audio.path(receiverReport.samples()).asLong() > 0, from + "Opus: " + audio);
        JsonNode lastWindow = receiver.path("lastWindow");
        assertTrue(lastWindow.path("video").asInt() > 0, "video still decoded at the end: " + lastWindow);
        assertTrue(lastWindow.path("audio").asLong() > 0, "audio still decoded at the end: " + lastWindow);
    }

    /** The GStreamer client was connected for the whole hold and the server still had it, connected, at the end. */
    private static void assertStayedConnected(JsonNode peer) {
        assertEquals(0, peer.path("failures").size(), "gst peer failures: " + peer.path("failures"));
        assertTrue(peer.path("ok").asBoolean(), "gst peer not ok");
        assertTrue(peer.path("connectedSeconds").asDouble() >= HOLD_SECONDS,
                "connected for the whole hold, well past the " + CONSENT_TIMEOUT_SECONDS + " s consent timeout: "
                        + peer.path("connectedSeconds"));
        assertEquals("connected", peer.path("server").path("state").asText(),
                "GET /api/v1/rooms/{room}/participants/{id} after the hold: " + peer.path("server"));
    }

    private static BackgroundScript startPeer(String url, String room, String... args) throws IOException {
        Path script = NodeScript.e2eDirectory().resolve("gst").resolve("peer.py");
        // Debian's python3: the GObject bindings (python3-gi, GStreamer's typelibs) are Debian packages.
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            throw new IllegalStateException("/usr/bin/python3 is missing: run scripts/install-test-deps.sh");
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), "--url", url,
                "--room", room, "--name", PEER, "--api-key", TestServers.API_KEY));
        command.addAll(List.of(args));
        return BackgroundScript.start("gst/peer.py", script.getParent(), command);
    }

    /** The report without its SDP and timeline, for a readable test log. */
    private static JsonNode withoutSdp(JsonNode report) {
        if (!(report instanceof ObjectNode object)) {
            return report;
        }
        ObjectNode copy = object.deepCopy();
        copy.remove(List.of("offer", "answer", "timeline"));
        return copy;
    }
}
