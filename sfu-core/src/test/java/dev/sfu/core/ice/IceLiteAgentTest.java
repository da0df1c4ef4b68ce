package dev.sfu.core.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sfu.core.stun.StunAttribute;
import dev.sfu.core.stun.StunAttributeType;
import dev.sfu.core.stun.StunException;
import dev.sfu.core.stun.StunMessage;
import dev.sfu.core.testing.ManualClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IceLiteAgentTest {
    private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;
    private static final IceCredentials SFU = new IceCredentials("sfuUfrag", "sfuPasswordSfuPassword12");
    private static final IceCredentials PEER = new IceCredentials("peerUfra", "peerPasswordPeerPassword");
    private static final InetSocketAddress FROM_V4 = address("203.0.113.7", 54321);
    private static final InetSocketAddress FROM_V6 = address("2001:db8::42", 61000);

    private final ManualClock clock = new ManualClock();
    private final IceLiteAgent agent = newAgent();

    private IceLiteAgent newAgent() {
        IceLiteAgent a = new IceLiteAgent(SFU, clock);
        a.setRemoteCredentials(PEER);
        return a;
    }

    @Test
    void answersValidCheckWithMappedAddressIntegrityAndFingerprint() throws Exception {
        for (InetSocketAddress from : List.of(FROM_V4, FROM_V6)) {
            ByteBuf request = IceBindingRequests.controllingCheck(ALLOC, PEER, SFU, 0x6e0001ffL, false, 42L);
            try {
                StunMessage sent = StunMessage.decode(request);
                CheckOutcome outcome = agent.handleStun(sent, request, from, ALLOC);
                assertTrue(outcome.authenticated());
                assertFalse(outcome.nominated());
                assertNull(outcome.dropReason());
                assertEquals(0, request.readerIndex(), "raw datagram is not consumed");
                assertEquals(1, request.refCnt(), "raw datagram is not released");
                StunMessage response = decodeAndRelease(outcome.response(), SFU.password(), true);
                assertEquals(StunMessage.BINDING_SUCCESS_RESPONSE, response.type());
                assertArrayEquals(sent.transactionId(), response.transactionId());
                assertEquals(from, response.attribute(StunAttributeType.XOR_MAPPED_ADDRESS)
                        .decodeXorMappedAddress(response.transactionId()));
            } finally {
                request.release();
            }
        }
    }

    @Test
    void reportsNominationWhenUseCandidateIsPresent() throws Exception {
        CheckOutcome outcome = send(IceBindingRequests.controllingCheck(ALLOC, PEER, SFU, 1, true, 7L));
        try {
            assertTrue(outcome.authenticated());
            assertTrue(outcome.nominated());
        } finally {
            outcome.response().release();
        }
    }

    @Test
    void rejectsWrongLocalUfragWith401WithoutIntegrity() throws Exception {
        IceCredentials wrongSfu = new IceCredentials("otherUfr", SFU.password());
        assertError(send(IceBindingRequests.controllingCheck(ALLOC, PEER, wrongSfu, 1, false, 7L)),
                401, CheckOutcome.WRONG_USERNAME);
    }

    @Test
    void rejectsWrongRemoteUfragOnceRemoteCredentialsAreKnown() throws Exception {
        IceCredentials stranger = new IceCredentials("stranger", PEER.password());
        assertError(send(IceBindingRequests.controllingCheck(ALLOC, stranger, SFU, 1, false, 7L)),
                401, CheckOutcome.WRONG_USERNAME);
    }

    @Test
    void acceptsAnyRemoteUfragBeforeRemoteCredentialsAreSet() throws Exception {
        IceLiteAgent fresh = new IceLiteAgent(SFU, clock);
        IceCredentials stranger = new IceCredentials("stranger", PEER.password());
        ByteBuf request = IceBindingRequests.controllingCheck(ALLOC, stranger, SFU, 1, false, 7L);
        try {
            CheckOutcome outcome = fresh.handleStun(StunMessage.decode(request), request, FROM_V4, ALLOC);
            assertTrue(outcome.authenticated());
            outcome.response().release();
        } finally {
            request.release();
        }
    }

    @Test
    void rejectsWrongPasswordWith401() throws Exception {
        IceCredentials wrongPassword = new IceCredentials(SFU.ufrag(), "notTheSfuPasswordAtAll!!");
        assertError(send(IceBindingRequests.controllingCheck(ALLOC, PEER, wrongPassword, 1, false, 7L)),
                401, CheckOutcome.BAD_INTEGRITY);
    }

    @Test
    void rejectsMissingUsernameWith400() throws Exception {
        ByteBuf request = request(List.of(StunAttribute.priority(1), StunAttribute.iceControlling(7)), SFU.password());
        assertError(send(request), 400, CheckOutcome.MISSING_ATTRIBUTES);
    }

    @Test
    void rejectsMissingIntegrityWith400() throws Exception {
        ByteBuf request = request(List.of(StunAttribute.username(SFU.ufrag() + ":" + PEER.ufrag()),
                StunAttribute.iceControlling(7)), null);
        assertError(send(request), 400, CheckOutcome.MISSING_ATTRIBUTES);
    }

    @Test
    void answersRoleConflictWith487WhenPeerClaimsControlled() throws Exception {
        ByteBuf request = request(List.of(StunAttribute.username(SFU.ufrag() + ":" + PEER.ufrag()),
                StunAttribute.priority(1), StunAttribute.iceControlled(7)), SFU.password());
        CheckOutcome outcome = send(request);
        assertFalse(outcome.authenticated());
        assertEquals(CheckOutcome.ROLE_CONFLICT, outcome.dropReason());
        StunMessage response = decodeAndRelease(outcome.response(), SFU.password(), true);
        assertEquals(StunMessage.BINDING_ERROR_RESPONSE, response.type());
        assertEquals(487, response.attribute(StunAttributeType.ERROR_CODE).decodeErrorCode());
    }

    @Test
    void dropsIndicationsAndResponsesWithoutAnswer() throws Exception {
        for (int type : new int[] {StunMessage.BINDING_INDICATION, StunMessage.BINDING_SUCCESS_RESPONSE,
                StunMessage.BINDING_ERROR_RESPONSE}) {
            ByteBuf raw = StunMessage.of(type, StunMessage.newTransactionId(), List.of()).encode(ALLOC, null, true);
            CheckOutcome outcome = send(raw);
            assertNull(outcome.response());
            assertFalse(outcome.authenticated());
            assertEquals(CheckOutcome.NOT_A_BINDING_REQUEST, outcome.dropReason());
        }
    }

    @Test
    void dropsCheckWithBadFingerprintSilently() throws Exception {
        ByteBuf request = IceBindingRequests.controllingCheck(ALLOC, PEER, SFU, 1, false, 7L);
        int last = request.writerIndex() - 1;
        request.setByte(last, request.getByte(last) ^ 1);
        CheckOutcome outcome = send(request);
        assertNull(outcome.response());
        assertEquals(CheckOutcome.BAD_FINGERPRINT, outcome.dropReason());
    }

    @Test
    void acceptsCheckWithoutFingerprint() throws Exception {
        ByteBuf request = request(List.of(StunAttribute.username(SFU.ufrag() + ":" + PEER.ufrag()),
                StunAttribute.iceControlling(7)), SFU.password(), false);
        CheckOutcome outcome = send(request);
        assertTrue(outcome.authenticated());
        outcome.response().release();
    }

    @Test
    void consentExpiresThirtySecondsAfterConstructionWithoutChecks() {
        clock.advance(29_999, TimeUnit.MILLISECONDS);
        assertFalse(agent.consentExpired());
        clock.advance(1, TimeUnit.MILLISECONDS);
        assertTrue(agent.consentExpired());
    }

    @Test
    void consentCountsFromTheFirstOfferNotFromConstruction() {
        IceLiteAgent late = new IceLiteAgent(SFU, clock);
        clock.advance(60, TimeUnit.SECONDS); // joined, then waited a minute for something to subscribe to
        late.setRemoteCredentials(PEER);
        assertFalse(late.consentExpired());
        clock.advance(20, TimeUnit.SECONDS);
        late.setRemoteCredentials(PEER); // a later offer does not extend consent
        clock.advance(10, TimeUnit.SECONDS);
        assertTrue(late.consentExpired());
    }

    @Test
    void authenticatedCheckRefreshesConsent() throws Exception {
        clock.advance(20, TimeUnit.SECONDS);
        send(IceBindingRequests.controllingCheck(ALLOC, PEER, SFU, 1, false, 7L)).response().release();
        assertEquals(clock.nanos(), agent.lastConsentNanos());
        clock.advance(29, TimeUnit.SECONDS);
        assertFalse(agent.consentExpired());
        clock.advance(1, TimeUnit.SECONDS);
        assertTrue(agent.consentExpired());
    }

    @Test
    void rejectedChecksDoNotRefreshConsent() throws Exception {
        long before = agent.lastConsentNanos();
        clock.advance(20, TimeUnit.SECONDS);
        IceCredentials wrongPassword = new IceCredentials(SFU.ufrag(), "notTheSfuPasswordAtAll!!");
        send(IceBindingRequests.controllingCheck(ALLOC, PEER, wrongPassword, 1, false, 7L)).response().release();
        assertEquals(before, agent.lastConsentNanos());
        clock.advance(10, TimeUnit.SECONDS);
        assertTrue(agent.consentExpired());
    }

    @Test
    void authenticatedMediaRefreshesConsentButIndicationsDoNot() throws Exception {
        clock.advance(20, TimeUnit.SECONDS);
        agent.refreshConsent(); // the transport saw authenticated SRTP from the selected address
        assertEquals(clock.nanos(), agent.lastConsentNanos());
        clock.advance(20, TimeUnit.SECONDS);
        ByteBuf indication = StunMessage.of(StunMessage.BINDING_INDICATION, new byte[12], List.of())
                .encode(ALLOC, null, true);
        CheckOutcome outcome = agent.handleStun(StunMessage.decode(indication), indication, FROM_V4, ALLOC);
        indication.release();
        assertFalse(outcome.authenticated());
        assertNull(outcome.response());
        clock.advance(10, TimeUnit.SECONDS);
        assertTrue(agent.consentExpired(), "an indication is no proof of consent");
    }

    @Test
    void consentTimeoutIsConfigurable() {
        IceLiteAgent quick = new IceLiteAgent(SFU, clock, Duration.ofSeconds(5));
        clock.advance(4, TimeUnit.SECONDS);
        assertFalse(quick.consentExpired());
        clock.advance(1, TimeUnit.SECONDS);
        assertTrue(quick.consentExpired());
    }

    @Test
    void localUfragOfIsThePartBeforeTheColon() {
        assertEquals("sfuUfrag", IceLiteAgent.localUfragOf("sfuUfrag:peerUfra"));
        assertEquals("a", IceLiteAgent.localUfragOf("a:"));
        assertNull(IceLiteAgent.localUfragOf("noColon"));
        assertNull(IceLiteAgent.localUfragOf(":peer"));
        assertNull(IceLiteAgent.localUfragOf(null));
    }

    @Test
    void randomCredentialsUseIceCharsWithRfcLengths() {
        IceCredentials a = IceCredentials.random();
        IceCredentials b = IceCredentials.random();
        assertEquals(8, a.ufrag().length());
        assertEquals(24, a.password().length());
        assertTrue(a.ufrag().matches("[A-Za-z0-9+/]{8}"));
        assertTrue(a.password().matches("[A-Za-z0-9+/]{24}"));
        assertFalse(a.equals(b));
        assertFalse(a.toString().contains(a.password()));
    }

    @Test
    void fuzzedDatagramsNeverThrow() {
        Random random = new Random(0x1CE);
        byte[] valid;
        ByteBuf check = IceBindingRequests.controllingCheck(ALLOC, PEER, SFU, 1, true, 7L);
        try {
            valid = ByteBufUtil.getBytes(check);
        } finally {
            check.release();
        }
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = valid.clone();
            int flips = 1 + random.nextInt(4);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            ByteBuf raw = Unpooled.wrappedBuffer(bytes);
            try {
                StunMessage message = StunMessage.decode(raw);
                CheckOutcome outcome = agent.handleStun(message, raw, FROM_V4, ALLOC);
                assertNotEquals(CheckOutcome.INTERNAL_ERROR, outcome.dropReason(), "no exception inside");
                if (outcome.response() != null) {
                    outcome.response().release();
                }
            } catch (StunException expected) {
                // malformed: the demultiplexer drops it
            } finally {
                raw.release();
            }
        }
    }

    // ---- helpers ----

    /** Decodes and releases the buffer; returns the request outcome. */
    private CheckOutcome send(ByteBuf request) throws StunException {
        try {
            return agent.handleStun(StunMessage.decode(request), request, FROM_V4, ALLOC);
        } finally {
            request.release();
        }
    }

    private static void assertError(CheckOutcome outcome, int code, String reason) throws StunException {
        assertFalse(outcome.authenticated());
        assertFalse(outcome.nominated());
        assertEquals(reason, outcome.dropReason());
        assertNotNull(outcome.response());
        StunMessage response = decodeAndRelease(outcome.response(), null, true);
        assertEquals(StunMessage.BINDING_ERROR_RESPONSE, response.type());
        assertEquals(code, response.attribute(StunAttributeType.ERROR_CODE).decodeErrorCode());
        assertNull(response.attribute(StunAttributeType.MESSAGE_INTEGRITY), "no MESSAGE-INTEGRITY on " + code);
    }

    /** Decodes a response, checks FINGERPRINT and (when a password is given) MESSAGE-INTEGRITY, releases it. */
    private static StunMessage decodeAndRelease(ByteBuf response, String password, boolean fingerprint)
            throws StunException {
        try {
            if (fingerprint) {
                assertTrue(StunMessage.checkFingerprint(response), "FINGERPRINT verifies");
            }
            if (password != null) {
                assertTrue(StunMessage.checkMessageIntegrity(response, password.getBytes(StandardCharsets.UTF_8)),
                        "MESSAGE-INTEGRITY verifies with the SFU password");
            }
            return StunMessage.decode(response);
        } finally {
            response.release();
        }
    }

    private static ByteBuf request(List<StunAttribute> attributes, String password) {
        return request(attributes, password, true);
    }

    private static ByteBuf request(List<StunAttribute> attributes, String password, boolean fingerprint) {
        return StunMessage.of(StunMessage.BINDING_REQUEST, StunMessage.newTransactionId(), new ArrayList<>(attributes))
                .encode(ALLOC, password == null ? null : password.getBytes(StandardCharsets.UTF_8), fingerprint);
    }

    private static InetSocketAddress address(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
