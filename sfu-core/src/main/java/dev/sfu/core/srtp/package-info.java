/**
 * SRTP and SRTCP (RFC 3711) with the AES-CM/HMAC-SHA1 profiles and AEAD_AES_128_GCM (RFC 7714), keyed
 * from DTLS-SRTP (RFC 5764).
 *
 * <pre>
 *  DTLS exporter ──&gt; master key + salt ──&gt; SrtpContext (one per direction per transport)
 *                                               │ SrtpSessionKeys (RFC 3711 §4.3, labels 0..5)
 *                                               │ SrtpStreamTable  (per-SSRC ROC, replay window, SRTCP index)
 *                                               └ SrtpTransform    (AES-CM + HMAC-SHA1, or AES-GCM)
 *  inbound:  ByteBuf ──unprotectRtp/Rtcp──&gt; plaintext in place, tag removed, or a drop reason
 *  outbound: ByteBuf ──protectRtp/Rtcp────&gt; ciphertext in place, tag appended
 * </pre>
 *
 * <p>Security decisions are taken in this order on receive: shape check, replay check (cheap, before
 * any crypto), authentication, and only then is per-stream state committed. A forged packet therefore
 * can neither move the rollover counter nor occupy a stream slot.
 *
 * <p>Nothing here is thread-safe: a context is confined to the event loop of its transport.
 */
package dev.sfu.core.srtp;
