package dev.sfu.core.sdp;

import java.util.Objects;

/**
 * {@code a=rid:<id> <send|recv> [<restrictions>]} (RFC 8851). Direction is SENDONLY for "send" and
 * RECVONLY for "recv"; restrictions (e.g. "max-width=1280;pt=96") are null when absent.
 */
public record Rid(String id, Direction direction, String restrictions) {
    public Rid {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
    }

    /** The same rid as the other side writes it: "send" becomes "recv". */
    public Rid reverse() {
        return new Rid(id, direction.reverse(), restrictions);
    }
}
