package dev.sfu.core.sctp;

import java.security.SecureRandom;
import java.util.List;

/**
 * The four-way handshake of RFC 9260 §5.1 for one association, both roles: {@link #connect} sends INIT and
 * walks COOKIE-WAIT and COOKIE-ECHOED with T1 retransmissions (§5.1.6 / §6.3.3 back-off,
 * Max.Init.Retransmits); an INIT is answered statelessly with an INIT ACK whose State Cookie holds the
 * whole association (see {@link CookieSigner}); a valid COOKIE ECHO establishes it.
 *
 * <p>Collisions (§5.2): an INIT in COOKIE-WAIT or COOKIE-ECHOED is answered with our existing tag and
 * initial TSN (§5.2.1), so the COOKIE ECHO that comes back carries our tag and establishes the association
 * in either state (§5.2.4 case B/D); a duplicate COOKIE ECHO in ESTABLISHED with both tags ours is answered
 * with COOKIE ACK again (case D); other COOKIE ECHOs (a restart, case A/C) are dropped. Confined to the
 * association's thread.
 */
final class Handshake {
    static final int STREAMS = 0xFFFF;

    private final SctpAssociation association;
    private final CookieSigner cookies;
    private final SecureRandom random;
    private final TimerSlot t1;
    private long localTag;
    private long peerTag;
    private long localInitialTsn;
    /** the INIT or COOKIE ECHO that T1 retransmits */
    private Chunk pending;
    private int retransmissions;
    private long t1Timeout;
    private InitAckChunk initAck;

    Handshake(SctpAssociation association, CookieSigner cookies, SecureRandom random, TimerSlot t1) {
        this.association = association;
        this.cookies = cookies;
        this.random = random;
        this.t1 = t1;
    }

    long localTag() {
        return localTag;
    }

    long peerTag() {
        return peerTag;
    }

    void connect() {
        if (association.state != SctpAssociation.State.CLOSED) {
            return;
        }
        localTag = nonZeroTag();
        localInitialTsn = random.nextInt() & 0xFFFF_FFFFL;
        association.state = SctpAssociation.State.COOKIE_WAIT;
        send(new InitChunk(localTag, association.config.receiveWindow(), STREAMS, STREAMS, localInitialTsn,
                parameters(List.of())), 0);
    }

    /** §5.1 B / §5.2.1: answer with INIT ACK (a new tag and TSN unless a handshake of ours is under way). */
    void onInit(InitChunk init) {
        SctpAssociation.State state = association.state;
        if (init.initiateTag() == 0 || state.ordinal() >= SctpAssociation.State.ESTABLISHED.ordinal()) {
            association.counters.drop(SctpDropReason.UNEXPECTED_CHUNK);
            return;
        }
        boolean ours = state != SctpAssociation.State.CLOSED;
        long tag = ours ? localTag : nonZeroTag();
        long initialTsn = ours ? localInitialTsn : random.nextInt() & 0xFFFF_FFFFL;
        Bytes cookie = cookies.sign(new CookieSigner.Contents(tag, initialTsn, init.initiateTag(), init.initialTsn(),
                init.advertisedReceiverWindowCredit(), init.outboundStreams(), init.inboundStreams(),
                supportsForwardTsn(init.parameters()), association.clock.getAsLong()));
        InitAckChunk ack = new InitAckChunk(tag, association.config.receiveWindow(), STREAMS, STREAMS, initialTsn,
                parameters(List.of(new StateCookie(cookie))));
        association.writer.sendAlone(ack, init.initiateTag());
    }

    /** §5.1 C: in COOKIE-WAIT, echo the cookie. */
    void onInitAck(InitAckChunk ack) {
        if (association.state != SctpAssociation.State.COOKIE_WAIT || ack.initiateTag() == 0
                || ack.stateCookie().isEmpty()) {
            association.counters.drop(SctpDropReason.UNEXPECTED_CHUNK);
            return;
        }
        initAck = ack;
        peerTag = ack.initiateTag();
        association.writer.verificationTag(peerTag);
        association.state = SctpAssociation.State.COOKIE_ECHOED;
        send(new CookieEchoChunk(ack.stateCookie().get().cookie()), peerTag);
    }

    /** §5.1 D / §5.1.5: MAC, lifetime, then the tag in the packet against the one in the cookie. */
    void onCookieEcho(CookieEchoChunk echo, long packetTag) {
        long now = association.clock.getAsLong();
        CookieSigner.Check check = cookies.check(echo.cookie(), now,
                SctpAssociation.millis(association.config.cookieLifetimeMillis()));
        if (check != CookieSigner.Check.VALID) {
            association.counters.drop(check == CookieSigner.Check.STALE
                    ? SctpDropReason.STALE_COOKIE : SctpDropReason.BAD_COOKIE);
            return;
        }
        CookieSigner.Contents cookie = cookies.read(echo.cookie());
        if (packetTag != cookie.localTag()) {
            association.counters.drop(SctpDropReason.BAD_VERIFICATION_TAG);
            return;
        }
        SctpAssociation.State state = association.state;
        if (state.ordinal() >= SctpAssociation.State.ESTABLISHED.ordinal()) {
            if (cookie.localTag() == localTag && cookie.peerTag() == peerTag) {
                association.writer.add(new CookieAckChunk()); // §5.2.4 D: our COOKIE ACK was lost
            } else {
                association.counters.drop(SctpDropReason.UNEXPECTED_CHUNK); // a restart: not supported
            }
            return;
        }
        if (state != SctpAssociation.State.CLOSED && cookie.localTag() != localTag) {
            association.counters.drop(SctpDropReason.UNEXPECTED_CHUNK);
            return;
        }
        localTag = cookie.localTag();
        peerTag = cookie.peerTag();
        association.writer.verificationTag(peerTag);
        t1.stop();
        pending = null;
        association.writer.add(new CookieAckChunk());
        association.establish(cookie.localInitialTsn(), cookie.peerInitialTsn(), cookie.peerRwnd(),
                Math.min(STREAMS, cookie.peerInboundStreams()), Math.min(STREAMS, cookie.peerOutboundStreams()),
                cookie.peerSupportsForwardTsn());
    }

    /** §5.1 E: COOKIE-ECHOED to ESTABLISHED. */
    void onCookieAck() {
        if (association.state != SctpAssociation.State.COOKIE_ECHOED) {
            return; // a duplicate, or one for a handshake a collision already completed
        }
        t1.stop();
        pending = null;
        association.establish(localInitialTsn, initAck.initialTsn(), initAck.advertisedReceiverWindowCredit(),
                Math.min(STREAMS, initAck.inboundStreams()), Math.min(STREAMS, initAck.outboundStreams()),
                supportsForwardTsn(initAck.parameters()));
    }

    /** T1-init / T1-cookie: send again with a doubled timeout, up to Max.Init.Retransmits (§5.1.6). */
    void onT1Expiry() {
        if (pending == null) {
            return;
        }
        if (++retransmissions > association.config.maxInitRetransmissions()) {
            String unanswered = pending instanceof InitChunk ? "INIT" : "COOKIE ECHO";
            association.close("handshake failed: no answer to " + unanswered);
            return;
        }
        t1Timeout = Math.min(t1Timeout * 2, SctpAssociation.millis(association.config.rtoMaxMillis()));
        association.writer.sendAlone(pending, pending instanceof InitChunk ? 0 : peerTag);
        t1.start(t1Timeout);
    }

    void stop() {
        t1.stop();
        pending = null;
    }

    private void send(Chunk chunk, long tag) {
        pending = chunk;
        retransmissions = 0;
        t1Timeout = association.rto.rto();
        association.writer.sendAlone(chunk, tag);
        t1.start(t1Timeout);
    }

    private long nonZeroTag() {
        long tag;
        do {
            tag = random.nextInt() & 0xFFFF_FFFFL;
        } while (tag == 0);
        return tag;
    }

    /** Our optional parameters: RE-CONFIG and FORWARD TSN as Supported Extensions (RFC 5061), PR-SCTP. */
    private static List<InitParameter> parameters(List<InitParameter> first) {
        List<InitParameter> parameters = new java.util.ArrayList<>(first);
        parameters.add(new SupportedExtensions(List.of(ReConfigChunk.TYPE, ForwardTsnChunk.TYPE)));
        parameters.add(new ForwardTsnSupported());
        return parameters;
    }

    private static boolean supportsForwardTsn(List<InitParameter> parameters) {
        return parameters.stream().anyMatch(p -> p instanceof ForwardTsnSupported);
    }
}
