package dev.sfu.peer.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.model.DataChannelStats;
import dev.sfu.core.model.DataCounters;
import dev.sfu.core.model.DataDropReason;
import dev.sfu.core.model.JoinOptions;
import dev.sfu.core.model.ParticipantPermissions;
import dev.sfu.core.model.RoomSettings;
import dev.sfu.core.sctp.SendResult;
import dev.sfu.core.engine.RecordingObserver;
import dev.sfu.peer.DataMessage;
import dev.sfu.peer.PeerConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Data channels through the SFU between {@link dev.sfu.peer.JavaPeer}s over real UDP, DTLS and SCTP on
 * 127.0.0.1: messages of every size arrive intact and in order at every other participant, named recipients
 * only get theirs, the lossy channel delivers, a participant without {@code publishData} is refused, the backend
 * reaches everyone, and a receiver that stops reading costs at most its send budget while the others go on.
 */
class DataChannelsEndToEndTest {
    private static final long WAIT = PeerSession.WAIT_SECONDS;

    @RegisterExtension
    final LoopbackSfu sfu = LoopbackSfu.threads("data-peer", 4);
    private int nextSenderId = 700;

    /** A participant with data channels (and the tracks {@code config} publishes), connected. */
    private PeerSession connect(String room, PeerConfig config, JoinOptions options, long partLimit) throws Exception {
        PeerSession session = sfu.join(room, config, options);
        session.peer.enableDataChannels(partLimit).get(WAIT, TimeUnit.SECONDS);
        session.publishAndConnect();
        session.peer.dataReady().get(WAIT, TimeUnit.SECONDS);
        return session;
    }

    private PeerSession dataOnly(String room, long partLimit) throws Exception {
        int id = nextSenderId++;
        return connect(room, PeerConfig.defaults(room + "-" + id, id).withPublishing(false, false),
                JoinOptions.defaults(), partLimit);
    }

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static List<DataMessage> awaitMessages(PeerSession receiver, int count) throws Exception {
        List<DataMessage>[] got = new List[1];
        boolean arrived = RecordingObserver.await(Duration.ofSeconds(30), () -> {
            try {
                got[0] = receiver.peer.dataMessages().get(WAIT, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return got[0].size() >= count;
        });
        assertTrue(arrived, receiver.id() + " got " + got[0].size() + " of " + count + " messages");
        return got[0];
    }

    private DataCounters counters() {
        return sfu.engine().counters().data();
    }

    @Test
    void messagesOfEverySizeArriveIntactAndInOrderAtEveryOtherParticipant() throws Exception {
        String room = "data-sizes";
        // A publishes audio and video too; its messages go in the JavaScript library's 64 KiB parts. B cuts its
        // messages only at the SFU's limit, so its 1 MB message is one SCTP message of 1 MiB and a small rest.
        PeerSession a = connect(room, PeerConfig.defaults("a", nextSenderId++), JoinOptions.defaults(), 64 * 1024);
        PeerSession b = dataOnly(room, 1 << 20);
        PeerSession c = dataOnly(room, 64 * 1024);
        List<byte[]> sent = List.of(random(10, 1), random(64 * 1024, 2), random(1_000_000, 3), random(1, 4));
        for (byte[] message : sent) {
            assertEquals(SendResult.QUEUED, a.peer.sendData(message, List.of(), "files", true).get(WAIT, TimeUnit.SECONDS));
            assertEquals(SendResult.QUEUED, b.peer.sendData(message, List.of(), null, true).get(WAIT, TimeUnit.SECONDS));
        }
        for (PeerSession receiver : List.of(b, c)) {
            List<DataMessage> fromA = awaitFrom(receiver, a, sent.size());
            for (int i = 0; i < sent.size(); i++) {
                assertArrayEquals(sent.get(i), fromA.get(i).data(), "message " + i + " from A at " + receiver.id());
                assertEquals("files", fromA.get(i).topic());
                assertTrue(fromA.get(i).reliable());
            }
        }
        for (PeerSession receiver : List.of(a, c)) {
            List<DataMessage> fromB = awaitFrom(receiver, b, sent.size());
            for (int i = 0; i < sent.size(); i++) {
                assertArrayEquals(sent.get(i), fromB.get(i).data(), "message " + i + " from B at " + receiver.id());
                assertNull(fromB.get(i).topic());
            }
        }
        assertEquals(0, counters().drops(DataDropReason.MALFORMED));
        DataChannelStats atC = sfu.engine().participantStats(room, c.id()).get(WAIT, TimeUnit.SECONDS).data();
        assertEquals(List.of("reliable", "lossy"), atC.channels());
        assertEquals("ESTABLISHED", atC.state());
        assertEquals(0, atC.dropped());
        assertTrue(atC.bytesOut() > 2 * 1_065_000, "both senders' messages went to C: " + atC);
        // the media of A still flows beside its data
        c.subscribeToAll(2);
        assertTrue(RecordingObserver.await(Duration.ofSeconds(WAIT), () -> c.knownRemoteTracks().stream()
                .allMatch(t -> c.inbound(c.midByTrack.get(t.id())) != null
                        && c.inbound(c.midByTrack.get(t.id())).packets() > 20)), "C receives A's tracks");
    }

    private static List<DataMessage> awaitFrom(PeerSession receiver, PeerSession sender, int count) throws Exception {
        List<DataMessage> from = new ArrayList<>();
        assertTrue(RecordingObserver.await(Duration.ofSeconds(30), () -> {
            from.clear();
            try {
                for (DataMessage m : receiver.peer.dataMessages().get(WAIT, TimeUnit.SECONDS)) {
                    if (sender.id().equals(m.from())) {
                        from.add(m);
                    }
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return from.size() >= count;
        }), receiver.id() + " got " + from.size() + " of " + count + " messages from " + sender.id());
        return from;
    }

    @Test
    void namedRecipientsOnlyGetTheirsAndTheLossyChannelDeliversWhatArrives() throws Exception {
        String room = "data-named";
        PeerSession a = dataOnly(room, 64 * 1024);
        PeerSession b = dataOnly(room, 64 * 1024);
        PeerSession c = dataOnly(room, 64 * 1024);
        byte[] secret = random(100, 5);
        a.peer.sendData(secret, List.of(b.id(), "PA_nobody"), "dm", true).get(WAIT, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            a.peer.sendData(new byte[] {(byte) i}, List.of(), "pos", false).get(WAIT, TimeUnit.SECONDS);
        }
        a.peer.sendData(new byte[] {42}, List.of(), "done", true).get(WAIT, TimeUnit.SECONDS);
        List<DataMessage> atB = awaitMessages(b, 22);
        List<DataMessage> atC = awaitMessages(c, 21);
        assertArrayEquals(secret, atB.stream().filter(m -> "dm".equals(m.topic())).findFirst().orElseThrow().data());
        assertTrue(atC.stream().noneMatch(m -> "dm".equals(m.topic())), "C was not named");
        assertEquals(20, atC.stream().filter(m -> !m.reliable()).count(), "no loss on loopback: every lossy one");
        assertTrue(counters().drops(DataDropReason.UNKNOWN_RECIPIENT) >= 1);
    }

    @Test
    void withoutPublishDataNothingIsRelayedAndTheSenderIsTold() throws Exception {
        String room = "data-grant";
        PeerSession listener = dataOnly(room, 64 * 1024);
        PeerSession muted = connect(room, PeerConfig.defaults("muted", nextSenderId++).withPublishing(false, false),
                new JoinOptions("", "", new ParticipantPermissions(true, true, false, false), RoomSettings.defaults()),
                64 * 1024);
        long before = counters().drops(DataDropReason.NOT_ALLOWED);
        for (int i = 0; i < 3; i++) {
            muted.peer.sendData(new byte[] {1, 2, 3}, List.of(), null, true).get(WAIT, TimeUnit.SECONDS);
        }
        assertTrue(RecordingObserver.await(Duration.ofSeconds(WAIT),
                () -> counters().drops(DataDropReason.NOT_ALLOWED) - before == 3), "three refused");
        assertEquals(List.of("data_not_allowed"), muted.events.dataRefusals, "told once (at most once a second)");
        // what it may do still works: it receives the others' messages
        listener.peer.sendData(new byte[] {9}, List.of(), null, true).get(WAIT, TimeUnit.SECONDS);
        assertArrayEquals(new byte[] {9}, awaitMessages(muted, 1).get(0).data());
        assertEquals(0, listener.peer.dataMessages().get(WAIT, TimeUnit.SECONDS).size());
    }

    @Test
    void theBackendReachesEveryParticipantWithoutASender() throws Exception {
        String room = "data-backend";
        PeerSession a = dataOnly(room, 64 * 1024);
        PeerSession b = dataOnly(room, 64 * 1024);
        byte[] notice = random(300_000, 6); // larger than Chromium's 256 KiB: cut into parts for such receivers
        int recipients = sfu.engine().sendData(room, List.of(), "notice", true, notice).get(WAIT, TimeUnit.SECONDS);
        assertEquals(2, recipients);
        for (PeerSession receiver : List.of(a, b)) {
            DataMessage message = awaitMessages(receiver, 1).get(0);
            assertNull(message.from());
            assertEquals("notice", message.topic());
            assertArrayEquals(notice, message.data());
        }
        assertEquals(1, sfu.engine().sendData(room, List.of(b.id()), null, false, new byte[] {1})
                .get(WAIT, TimeUnit.SECONDS));
    }

    @Test
    void aReceiverThatStopsReadingCostsAtMostItsBudgetAndTheOthersGetEverything() throws Exception {
        String room = "data-slow";
        PeerSession sender = dataOnly(room, 64 * 1024);
        PeerSession fast = dataOnly(room, 64 * 1024);
        PeerSession stalled = dataOnly(room, 64 * 1024);
        stalled.peer.setDataStalled(true).get(WAIT, TimeUnit.SECONDS); // no SACK leaves it: the SFU's queue fills
        int count = 120;
        byte[] chunk = random(60_000, 7); // 7.2 MB in all, against a 4 MiB budget
        long before = counters().drops(DataDropReason.RECEIVER_BUFFER_FULL);
        for (int i = 0; i < count; i++) {
            byte[] message = chunk.clone();
            message[0] = (byte) i;
            while (sender.peer.sendData(message, List.of(), null, true).get(WAIT, TimeUnit.SECONDS)
                    == SendResult.BUFFER_FULL) {
                Thread.sleep(5); // the sender's own SCTP budget: wait as bufferedamountlow would
            }
        }
        List<DataMessage> got = awaitFrom(fast, sender, count);
        for (int i = 0; i < count; i++) {
            assertEquals((byte) i, got.get(i).data()[0], "in order");
            assertEquals(chunk.length, got.get(i).data().length);
        }
        DataChannelStats atStalled = sfu.engine().participantStats(room, stalled.id()).get(WAIT, TimeUnit.SECONDS)
                .data();
        assertTrue(atStalled.bufferedAmount() > 3 * 1024 * 1024 && atStalled.bufferedAmount() <= 4 * 1024 * 1024,
                "what waits for the stalled receiver is bounded by its 4 MiB budget: " + atStalled);
        assertTrue(atStalled.dropped() > 0 && atStalled.retransmissions() > 0, atStalled.toString());
        long dropped = counters().drops(DataDropReason.RECEIVER_BUFFER_FULL) - before;
        System.out.printf("stalled receiver: %d of %d messages dropped for it at its 4 MiB budget%n", dropped, count);
        assertTrue(dropped >= count - 4 * 1024 * 1024 / chunk.length - 1, dropped + " dropped");
    }
}
