package dev.sfu.core.sctp;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Stream reset (RFC 6525) for data channels: our outgoing SSN reset requests (§5.1.2), one in flight at a
 * time, sent once no message of those streams waits for a TSN and retransmitted on the RE-CONFIG timer
 * until the peer performs it; and the peer's outgoing requests (§5.2.2), performed once every TSN up to its
 * last assigned one has arrived (until then answered "In progress", and the peer asks again).
 *
 * <p>Request sequence numbers start at each side's initial TSN (§4.1). Bounds: the set of streams waiting
 * for a reset holds at most the outbound stream count. Confined to the association's thread.
 */
final class StreamResets {
    static final long SUCCESS_NOTHING_TO_DO = 0;
    static final long DENIED = 2;
    static final long BAD_SEQUENCE_NUMBER = 5;

    private final DataSender sender;
    private final DataTracker tracker;
    private final ReassemblyQueue reassembly;
    private final TimerSlot timer;
    private final RtoEstimator rto;
    private final Consumer<int[]> incomingResets;
    /** streams whose outgoing reset was asked for and not yet performed (send refuses them) */
    private final Set<Integer> resetting = new LinkedHashSet<>();
    private OutgoingSsnResetRequest inFlight;
    private long nextRequestSequence;
    /** the peer's next request sequence number, and our answer to its last one (for retransmissions) */
    private long peerNextRequestSequence;
    private long lastResponseResult = -1;

    StreamResets(DataSender sender, DataTracker tracker, ReassemblyQueue reassembly, TimerSlot timer,
            RtoEstimator rto, long localInitialTsn, long peerInitialTsn, Consumer<int[]> incomingResets) {
        this.sender = sender;
        this.tracker = tracker;
        this.reassembly = reassembly;
        this.timer = timer;
        this.rto = rto;
        this.nextRequestSequence = localInitialTsn;
        this.peerNextRequestSequence = peerInitialTsn;
        this.incomingResets = incomingResets;
    }

    boolean isResetting(int streamId) {
        return resetting.contains(streamId);
    }

    void request(int[] streamIds) {
        for (int streamId : streamIds) {
            resetting.add(streamId);
        }
    }

    /** Adds our request to {@code writer} when one may go now. */
    void fill(PacketWriter writer) {
        if (inFlight != null || resetting.isEmpty() || sender.hasQueuedMessagesFor(resetting)) {
            return;
        }
        inFlight = new OutgoingSsnResetRequest(SerialNumbers.wrapTsn(nextRequestSequence),
                SerialNumbers.wrapTsn(peerNextRequestSequence - 1), SerialNumbers.wrapTsn(sender.lastAssignedTsn()),
                List.copyOf(resetting));
        writer.add(new ReConfigChunk(List.of(inFlight)));
        timer.start(rto.rto());
    }

    /** The RE-CONFIG timer expired (§5.1.1): send the same request again; false if none was pending. */
    boolean onTimerExpiry(PacketWriter writer) {
        if (inFlight == null) {
            return false;
        }
        rto.backOff();
        writer.add(new ReConfigChunk(List.of(inFlight)));
        timer.start(rto.rto());
        return true;
    }

    /** Handles each parameter of a RE-CONFIG chunk, adding the responses to {@code writer}. */
    void onReConfig(ReConfigChunk chunk, PacketWriter writer) {
        List<ReConfigParameter> responses = new ArrayList<>();
        for (ReConfigParameter parameter : chunk.parameters()) {
            if (parameter instanceof OutgoingSsnResetRequest request) {
                responses.add(onPeerRequest(request));
            } else if (parameter instanceof IncomingSsnResetRequest request) {
                // WebRTC peers reset their own outgoing streams; asking us to is not supported
                responses.add(new ReconfigurationResponse(request.requestSequenceNumber(), DENIED,
                        OptionalLong.empty(), OptionalLong.empty()));
            } else if (parameter instanceof ReconfigurationResponse response) {
                onResponse(response);
            }
        }
        if (!responses.isEmpty()) {
            writer.add(new ReConfigChunk(responses));
        }
    }

    private ReconfigurationResponse onPeerRequest(OutgoingSsnResetRequest request) {
        long sequence = SerialNumbers.unwrapTsn(peerNextRequestSequence, request.requestSequenceNumber());
        long result;
        if (sequence == peerNextRequestSequence - 1 && lastResponseResult >= 0) {
            result = lastResponseResult; // a retransmission of the request we answered last (§5.2.1)
        } else if (sequence != peerNextRequestSequence) {
            result = BAD_SEQUENCE_NUMBER;
        } else if (tracker.cumulativeTsn() < tracker.unwrap(request.sendersLastAssignedTsn())) {
            // §5.2.2 E2: data up to that TSN still missing; answered "in progress" and the peer retries
            result = ReconfigurationResponse.IN_PROGRESS;
        } else {
            reassembly.resetStreams(request.streams());
            peerNextRequestSequence++;
            lastResponseResult = ReconfigurationResponse.SUCCESS_PERFORMED;
            result = lastResponseResult;
            incomingResets.accept(request.streams().stream().mapToInt(Integer::intValue).toArray());
        }
        return new ReconfigurationResponse(request.requestSequenceNumber(), result, OptionalLong.empty(),
                OptionalLong.empty());
    }

    private void onResponse(ReconfigurationResponse response) {
        if (inFlight == null || response.responseSequenceNumber() != inFlight.requestSequenceNumber()) {
            return;
        }
        if (response.result() == ReconfigurationResponse.IN_PROGRESS) {
            timer.start(rto.rto()); // ask again when the timer fires
            return;
        }
        if (response.result() == ReconfigurationResponse.SUCCESS_PERFORMED
                || response.result() == SUCCESS_NOTHING_TO_DO) {
            sender.resetOutgoingSsns(inFlight.streams());
        }
        // denied or an error: the streams stop resetting; they carry on with their old SSNs
        inFlight.streams().forEach(resetting::remove);
        inFlight = null;
        nextRequestSequence++;
        timer.stop();
    }
}
