package dev.sfu.peer;

/**
 * A copy of one RTP packet a {@link JavaPeer} received and set apart from its accounting: one it dropped on
 * purpose (simulated loss) or one that came back after it NACKed it (a retransmission).
 *
 * @param payload the RTP payload (after the header and its extensions), copied
 * @param stampIntact whether the payload's {@link PayloadStamp} is present and its CRC matches
 */
public record CapturedPacket(long ssrc, int sequenceNumber, long timestamp, int payloadType, boolean marker,
        byte[] payload, boolean stampIntact, long receivedNanos) {
}
