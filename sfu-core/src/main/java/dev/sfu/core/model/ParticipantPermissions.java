package dev.sfu.core.model;

import dev.sfu.core.model.ParticipantPermissions;

/**
 * What a participant may do, from the grants of its join token. The media plane enforces them: an offer with a
 * sending m-line from a participant without {@code publish}, or subscriptions from one without
 * {@code subscribe}, is refused with {@code permission_denied}.
 *
 * @param publish may send audio and video
 * @param subscribe may receive the tracks of others
 * @param publishData may send on data channels (data channels are not forwarded yet; kept for the token format)
 * @param admin may manage the room (recorded; no signaling action needs it yet)
 */
public record ParticipantPermissions(boolean publish, boolean subscribe, boolean publishData, boolean admin) {
    /** Everything but admin: what a participant gets when no token restricts it (development mode). */
    public static ParticipantPermissions all() {
        return new ParticipantPermissions(true, true, true, false);
    }
}
