/**
 * The shared UDP socket and per-participant transports: RFC 7983 demultiplexing, ICE-lite checks,
 * the DTLS handshake handed to a small pool, and SRTP protect/unprotect around the routing layer. The routing
 * sends a receiver's RTP through {@link dev.sfu.core.transport.RtpOutput} (implemented by
 * {@code ParticipantTransport}), which states the scratch-array and pooled-buffer ownership rules.
 *
 * <p>Everything in this package runs on the media socket's event loop; the only other thread is the
 * DTLS handshake, whose results are handed back with {@code eventLoop.execute}.
 */
package dev.sfu.core.transport;
