package dev.sfu.core.model;

import java.util.List;

/**
 * One participant's data channels from the server's side (the REST stats' {@code data}).
 *
 * @param channels the labels of its open channels ({@code reliable}, {@code lossy})
 * @param messagesIn message parts it sent us
 * @param bytesIn their bytes
 * @param messagesOut message parts we handed to its association
 * @param bytesOut their bytes
 * @param dropped messages (or parts) meant for it that it did not get: no such channel, too large, its send
 *     budget full
 * @param bufferedAmount bytes queued to it and not yet acknowledged (at most the send budget)
 * @param retransmissions SCTP chunks retransmitted to it (timeouts and fast retransmits)
 * @param state the SCTP association's state ({@code ESTABLISHED}, ...; {@code NONE} before its INIT)
 */
public record DataChannelStats(List<String> channels, long messagesIn, long bytesIn, long messagesOut, long bytesOut,
        long dropped, long bufferedAmount, long retransmissions, String state) {
    public DataChannelStats {
        channels = List.copyOf(channels);
    }
}
