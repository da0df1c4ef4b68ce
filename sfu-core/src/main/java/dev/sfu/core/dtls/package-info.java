/**
 * DTLS-SRTP for WebRTC: DTLS 1.2 handshakes (RFC 6347) through Bouncy Castle, the {@code use_srtp}
 * extension (RFC 5764), SRTP key export (RFC 5705 / RFC 5764 §4.2) and certificate fingerprints as SDP
 * signals them (RFC 8122, RFC 8842).
 *
 * <pre>
 *   SDP a=fingerprint ----------------------------+
 *                                                 v
 *   UDP (RFC 7983 demux, 20..63) --> DtlsSession.receive --> [queue] --> BC handshake thread
 *                                                                         |-- DatagramSender --> UDP
 *                                                                         '-- Listener(SrtpKeyingMaterial)
 * </pre>
 *
 * <p>The handshake is blocking in Bouncy Castle, so it runs on a small dedicated executor and never on
 * an event loop; its outcome is handed back through {@link dev.sfu.core.dtls.DtlsSession.Listener}.
 * This package does not import routing or SRTP code beyond {@link dev.sfu.core.srtp.SrtpProfile}.
 */
package dev.sfu.core.dtls;
