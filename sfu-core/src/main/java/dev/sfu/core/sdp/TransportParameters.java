package dev.sfu.core.sdp;

/**
 * ICE credentials (RFC 8839) and DTLS parameters (RFC 8122 fingerprint, RFC 8842 setup) of one side of
 * the single bundled transport. Fingerprint is the colon-separated hex text as written.
 */
public record TransportParameters(String iceUfrag, String icePwd, String fingerprintAlgorithm,
                                  String fingerprint, String setup) {
}
