/**
 * STUN (RFC 8489) messages as the ICE-lite agent needs them: Binding requests, responses and
 * indications with USERNAME, XOR-MAPPED-ADDRESS, ERROR-CODE, the ICE attributes of RFC 8445 §16.1,
 * MESSAGE-INTEGRITY (HMAC-SHA1) and FINGERPRINT.
 *
 * <pre>
 *   datagram (ByteBuf) --isStun--> StunMessage.decode --> StunMessage (immutable)
 *                      \--checkFingerprint / checkMessageIntegrity (raw bytes, key)
 *   StunMessage.of(type, id, attributes).encode(alloc, key, fingerprint) --> ByteBuf (caller releases)
 * </pre>
 *
 * <p>Parsing never moves buffer indexes, never reads outside the readable bytes and throws only
 * {@link dev.sfu.core.stun.StunException}. Everything here is immutable or stateless and so safe to
 * share between threads. This package depends on nothing but Netty's buffers and the JDK / Bouncy
 * Castle HMAC.
 */
package dev.sfu.core.stun;
