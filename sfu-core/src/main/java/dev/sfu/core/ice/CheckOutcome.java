package dev.sfu.core.ice;

import io.netty.buffer.ByteBuf;

/**
 * What {@link IceLiteAgent#handleStun} made of one STUN message.
 *
 * @param response the datagram to send back to the sender, or null when nothing is to be sent; the
 *     caller sends and releases it
 * @param authenticated true when the message was a valid connectivity check answered with success:
 *     USERNAME and MESSAGE-INTEGRITY verified and no role conflict. Only then may the caller treat the
 *     source address as a valid candidate pair.
 * @param nominated true when an authenticated check carried USE-CANDIDATE
 * @param dropReason why the check was not accepted (one of the constants here), or null when it was
 */
public record CheckOutcome(ByteBuf response, boolean authenticated, boolean nominated, String dropReason) {
    public static final String NOT_A_BINDING_REQUEST = "not a binding request";
    public static final String BAD_FINGERPRINT = "bad fingerprint";
    public static final String MISSING_ATTRIBUTES = "missing USERNAME or MESSAGE-INTEGRITY";
    public static final String WRONG_USERNAME = "wrong USERNAME";
    public static final String BAD_INTEGRITY = "bad MESSAGE-INTEGRITY";
    public static final String ROLE_CONFLICT = "role conflict";
    public static final String BAD_ADDRESS = "unresolved source address";
    public static final String INTERNAL_ERROR = "internal error";

    static CheckOutcome drop(String reason) {
        return new CheckOutcome(null, false, false, reason);
    }

    static CheckOutcome reject(ByteBuf response, String reason) {
        return new CheckOutcome(response, false, false, reason);
    }
}
