package dev.sfu.core.room;

import java.util.HashMap;
import java.util.Map;

/**
 * Which multi-part messages one receiver is in the middle of on its reliable channel, per sender, so that it
 * gets every part of a message or none:
 *
 * <pre>
 *   part      state before   fits?  decision           state after (none once the last part passed)
 *   first     -              yes    SEND               SENDING
 *   first     -              no     DROP               SKIPPING
 *   later     SENDING        yes    SEND               SENDING
 *   later     SENDING        no     DROP_AND_DISCARD   BROKEN    (the last part sends a DISCARD instead)
 *   later     SKIPPING       -      DROP               SKIPPING
 *   later     BROKEN         -      DROP_AND_DISCARD   BROKEN
 *   later     -              -      DROP               SKIPPING  (it joined in the middle of the message)
 * </pre>
 *
 * <p>Holds at most one entry per sender in the middle of a message (the backend's messages are single parts).
 * Confined to the room's loop.
 */
final class DataReceiverState {
    enum Decision { SEND, DROP, DROP_AND_DISCARD }

    private enum Progress { SENDING, SKIPPING, BROKEN }

    private final Map<String, Progress> inProgress = new HashMap<>();

    /**
     * @param from the sender's id, null for the backend
     * @param first whether this is the first part of the sender's message
     * @param fits whether the part can be queued to this receiver now
     * @param more whether more parts of the message follow
     */
    Decision decide(String from, boolean first, boolean fits, boolean more) {
        String key = from == null ? "" : from; // participant ids are never empty
        Progress before = first ? null : inProgress.get(key);
        Decision decision;
        Progress after;
        if (before == null) {
            decision = first && fits ? Decision.SEND : Decision.DROP;
            after = decision == Decision.SEND ? Progress.SENDING : Progress.SKIPPING;
        } else if (before == Progress.SENDING) {
            decision = fits ? Decision.SEND : Decision.DROP_AND_DISCARD;
            after = fits ? Progress.SENDING : Progress.BROKEN;
        } else {
            decision = before == Progress.BROKEN ? Decision.DROP_AND_DISCARD : Decision.DROP;
            after = before;
        }
        if (more) {
            inProgress.put(key, after);
        } else {
            inProgress.remove(key);
        }
        return decision;
    }

    /** The sender left: whatever it was sending will not be finished. */
    void forget(String from) {
        inProgress.remove(from);
    }
}
