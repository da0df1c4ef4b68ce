package dev.sfu.core.ice;

import dev.sfu.core.stun.StunAttribute;
import dev.sfu.core.stun.StunMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the connectivity checks a full, controlling ICE agent sends (RFC 8445 §7.2), for the
 * project's own test client. Stateless.
 */
public final class IceBindingRequests {
    private IceBindingRequests() {}

    /**
     * A Binding request with USERNAME "remoteUfrag:localUfrag", PRIORITY, ICE-CONTROLLING, optional
     * USE-CANDIDATE, MESSAGE-INTEGRITY keyed with the remote password, and FINGERPRINT. The caller
     * sends and releases the buffer; the transaction ID is at bytes 8-19.
     */
    public static ByteBuf controllingCheck(ByteBufAllocator alloc, IceCredentials local, IceCredentials remote,
            long priority, boolean useCandidate, long tieBreaker) {
        List<StunAttribute> attributes = new ArrayList<>(4);
        attributes.add(StunAttribute.username(remote.ufrag() + ":" + local.ufrag()));
        attributes.add(StunAttribute.priority(priority));
        attributes.add(StunAttribute.iceControlling(tieBreaker));
        if (useCandidate) {
            attributes.add(StunAttribute.useCandidate());
        }
        return StunMessage.of(StunMessage.BINDING_REQUEST, StunMessage.newTransactionId(), attributes)
                .encode(alloc, remote.integrityKey(), true);
    }
}
