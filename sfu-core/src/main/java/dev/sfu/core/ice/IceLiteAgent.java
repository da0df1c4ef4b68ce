package dev.sfu.core.ice;

import dev.sfu.core.stun.StunAttribute;
import dev.sfu.core.stun.StunAttributeType;
import dev.sfu.core.stun.StunMessage;
import dev.sfu.core.time.MonotonicClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The ICE-lite side (RFC 8445 §2.5) of one participant transport: it answers the peer's Binding
 * requests (connectivity checks) and tracks consent freshness (RFC 7675).
 *
 * <pre>
 *   Binding request ──▶ type? ──▶ FINGERPRINT? ──▶ USERNAME + MI present? ──▶ USERNAME ok? ──▶ MI ok?
 *                        │drop      │drop            │400                      │401            │401
 *                        ▼          ▼                ▼                         ▼               ▼
 *                     ──▶ ICE-CONTROLLED? ──▶ success: XOR-MAPPED-ADDRESS, MI, FINGERPRINT; consent = now
 *                          │487
 * </pre>
 *
 * <p>A lite agent is always controlled: it never sends checks and never nominates; the peer nominates
 * a pair with USE-CANDIDATE, reported as {@link CheckOutcome#nominated()}.
 *
 * <p>Consent (RFC 7675) is refreshed by every authenticated check, and by {@link #refreshConsent} when the
 * owner saw authenticated SRTP/SRTCP from the selected address; never by Binding indications (unauthenticated).
 *
 * <p>Security: the USERNAME and MESSAGE-INTEGRITY are verified before anything about the check is
 * believed; only an authenticated check refreshes consent or may make the caller accept a new source
 * address. Responses to unauthenticated requests (400, 401) carry no MESSAGE-INTEGRITY.
 *
 * <p><b>Not thread-safe.</b> An agent is confined to the event loop of its transport; call every
 * method from that loop.
 */
public final class IceLiteAgent {
    /** RFC 7675 §5.1: consent is lost when no check succeeded for 30 seconds. */
    public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofSeconds(30);

    private final IceCredentials local;
    private final byte[] localKey;
    private final MonotonicClock clock;
    private final long consentTimeoutNanos;
    private IceCredentials remote;
    private long lastConsentNanos;

    /** An agent with the RFC 7675 consent timeout of 30 seconds. */
    public IceLiteAgent(IceCredentials local, MonotonicClock clock) {
        this(local, clock, DEFAULT_CONSENT_TIMEOUT);
    }

    /** An agent whose consent expires after {@code consentTimeout} without an authenticated check. */
    public IceLiteAgent(IceCredentials local, MonotonicClock clock, Duration consentTimeout) {
        this.local = Objects.requireNonNull(local, "local");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (consentTimeout.isNegative() || consentTimeout.isZero()) {
            throw new IllegalArgumentException("consent timeout must be positive: " + consentTimeout);
        }
        this.consentTimeoutNanos = consentTimeout.toNanos();
        this.localKey = local.integrityKey();
        this.lastConsentNanos = clock.nanos();
    }

    public IceCredentials localCredentials() {
        return local;
    }

    /**
     * The peer's credentials from its SDP. Until they are set, only the local part of USERNAME is
     * checked.
     */
    public void setRemoteCredentials(IceCredentials remote) {
        Objects.requireNonNull(remote, "remote");
        if (this.remote == null) {
            // The peer can only start checking once it has our answer: a participant that joined long before
            // its first offer (a viewer waiting for a track) must not find its consent already spent.
            lastConsentNanos = clock.nanos();
        }
        this.remote = remote;
    }

    /**
     * Handles one decoded STUN message. Never throws.
     *
     * @param message the decoded message
     * @param raw the whole datagram at its reader index, for MESSAGE-INTEGRITY and FINGERPRINT; not
     *     consumed and not released here
     * @param from the source address of the datagram
     * @param alloc allocates the response, which the caller sends and releases
     */
    public CheckOutcome handleStun(StunMessage message, ByteBuf raw, InetSocketAddress from, ByteBufAllocator alloc) {
        try {
            return check(message, raw, from, alloc);
        } catch (RuntimeException e) {
            return CheckOutcome.drop(CheckOutcome.INTERNAL_ERROR);
        }
    }

    private CheckOutcome check(StunMessage message, ByteBuf raw, InetSocketAddress from, ByteBufAllocator alloc) {
        if (message.type() != StunMessage.BINDING_REQUEST) {
            // Indications (keepalives) and responses need no answer; a lite agent sends no requests.
            return CheckOutcome.drop(CheckOutcome.NOT_A_BINDING_REQUEST);
        }
        if (message.attribute(StunAttributeType.FINGERPRINT) != null && !StunMessage.checkFingerprint(raw)) {
            // RFC 8489 §7.3: a bad FINGERPRINT means this is not STUN; discard silently.
            return CheckOutcome.drop(CheckOutcome.BAD_FINGERPRINT);
        }
        String username = message.username();
        if (username == null || message.attribute(StunAttributeType.MESSAGE_INTEGRITY) == null) {
            return CheckOutcome.reject(error(message, 400, "Bad Request", false, alloc),
                    CheckOutcome.MISSING_ATTRIBUTES);
        }
        if (!usernameMatches(username)) {
            return CheckOutcome.reject(error(message, 401, "Unauthenticated", false, alloc),
                    CheckOutcome.WRONG_USERNAME);
        }
        if (!StunMessage.checkMessageIntegrity(raw, localKey)) {
            return CheckOutcome.reject(error(message, 401, "Unauthenticated", false, alloc),
                    CheckOutcome.BAD_INTEGRITY);
        }
        // Authenticated from here on.
        if (message.attribute(StunAttributeType.ICE_CONTROLLED) != null) {
            // RFC 8445 §7.3.1.1: the peer is controlled too, and a lite agent cannot take control.
            return CheckOutcome.reject(error(message, 487, "Role Conflict", true, alloc),
                    CheckOutcome.ROLE_CONFLICT);
        }
        if (from == null || from.getAddress() == null) {
            return CheckOutcome.drop(CheckOutcome.BAD_ADDRESS);
        }
        byte[] transactionId = message.transactionId();
        ByteBuf response = StunMessage.of(StunMessage.BINDING_SUCCESS_RESPONSE, transactionId,
                        List.of(StunAttribute.xorMappedAddress(from, transactionId)))
                .encode(alloc, localKey, true);
        lastConsentNanos = clock.nanos();
        boolean nominated = message.attribute(StunAttributeType.USE_CANDIDATE) != null;
        return new CheckOutcome(response, true, nominated, null);
    }

    /** USERNAME of a check sent to us is "localUfrag:remoteUfrag" (RFC 8445 §7.2.2). */
    private boolean usernameMatches(String username) {
        IceCredentials peer = remote;
        if (peer != null) {
            return username.length() == local.ufrag().length() + 1 + peer.ufrag().length()
                    && username.startsWith(local.ufrag())
                    && username.charAt(local.ufrag().length()) == ':'
                    && username.endsWith(peer.ufrag());
        }
        return username.length() > local.ufrag().length()
                && username.startsWith(local.ufrag())
                && username.charAt(local.ufrag().length()) == ':';
    }

    /** An error response with FINGERPRINT, and MESSAGE-INTEGRITY only for authenticated requests. */
    private ByteBuf error(StunMessage request, int code, String reason, boolean integrity, ByteBufAllocator alloc) {
        return StunMessage.of(StunMessage.BINDING_ERROR_RESPONSE, request.transactionId(),
                        List.of(StunAttribute.errorCode(code, reason)))
                .encode(alloc, integrity ? localKey : null, true);
    }

    /**
     * True when no authenticated check arrived for the consent timeout (30 s by default), counted from
     * the first {@link #setRemoteCredentials} (or construction, before it) until the first one (RFC 7675 §5.1). The caller then stops sending and drops the
     * transport.
     */
    public boolean consentExpired() {
        return clock.nanos() - lastConsentNanos >= consentTimeoutNanos;
    }

    /**
     * Records consent shown by other means than a check: the caller received authenticated SRTP or SRTCP
     * from the selected pair's remote address. Binding indications must never lead here: they carry no
     * MESSAGE-INTEGRITY, so anyone could forge them.
     */
    public void refreshConsent() {
        lastConsentNanos = clock.nanos();
    }

    /** The clock time of the last consent (authenticated check or media), or of construction before either. */
    public long lastConsentNanos() {
        return lastConsentNanos;
    }

    /**
     * The local ufrag of a USERNAME "localUfrag:remoteUfrag", the part before the first ':', so a UDP
     * demultiplexer can find the agent for a packet from a new address. Null when there is no ':' or
     * nothing before it.
     */
    public static String localUfragOf(String username) {
        if (username == null) {
            return null;
        }
        int colon = username.indexOf(':');
        return colon <= 0 ? null : username.substring(0, colon);
    }
}
