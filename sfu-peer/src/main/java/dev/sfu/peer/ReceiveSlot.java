package dev.sfu.peer;

/**
 * A recvonly m-line for one remote track. A stopped slot stays in the offer with port 0, as a stopped
 * transceiver does in Chromium, and its mid is not reused.
 */
record ReceiveSlot(String mid, String kind, String trackId, boolean stopped) implements MediaLine {
    ReceiveSlot stop() {
        return new ReceiveSlot(mid, kind, trackId, true);
    }
}
