package dev.sfu.core.dtls;

import dev.sfu.core.srtp.SrtpProfile;
import java.io.IOException;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;

/**
 * What the server and client peers of one session share: our certificate, the fingerprint the peer
 * must present, the SRTP profiles, and where the outcome of the handshake is recorded.
 *
 * <p>Written by the handshake thread; read by it and, after the handshake thread published the
 * outcome through {@link DtlsSession}'s state, by others (fields are volatile).
 */
final class PeerPolicy {
    /** ECDHE_ECDSA only (our certificate is ECDSA); AEAD suites only; GCM-128 first as browsers prefer. */
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    };

    final DtlsCertificate local;
    final List<SrtpProfile> profiles;
    final int handshakeTimeoutMillis;
    private final String remoteFingerprintAlgorithm;
    private final String remoteFingerprint;

    private volatile SrtpProfile selectedProfile;
    private volatile SrtpKeyingMaterial keys;
    private volatile String failureReason;

    PeerPolicy(DtlsCertificate local, String remoteFingerprintAlgorithm, String remoteFingerprint,
            List<SrtpProfile> profiles, int handshakeTimeoutMillis) {
        this.local = local;
        this.remoteFingerprintAlgorithm = remoteFingerprintAlgorithm;
        this.remoteFingerprint = remoteFingerprint;
        this.profiles = profiles;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    int[] cipherSuites() {
        return TlsUtils.getSupportedCipherSuites(local.crypto(), CIPHER_SUITES);
    }

    /** Our certificate and key, signing with ecdsa_secp256r1_sha256 (RFC 8446 name; TLS 1.2 ecdsa/sha256). */
    TlsCredentialedSigner signerCredentials(TlsContext context) {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), local.crypto(),
                local.privateKey(), local.tlsCertificate(),
                SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /**
     * Checks the peer's end-entity certificate against the SDP fingerprint (RFC 8122 §5, RFC 8842 §5).
     * No chain or name checks: the fingerprint, signalled over an authenticated channel, is the trust
     * anchor. BC has already checked, or will check, that the peer holds the certificate's key
     * (CertificateVerify / ServerKeyExchange signature).
     */
    void verifyPeer(Certificate chain) throws IOException {
        if (chain == null || chain.isEmpty()) {
            throw fail(AlertDescription.bad_certificate, "peer presented no certificate");
        }
        byte[] der = chain.getCertificateAt(0).getEncoded();
        if (!Fingerprints.matches(remoteFingerprintAlgorithm, remoteFingerprint, der)) {
            throw fail(AlertDescription.bad_certificate, "remote certificate does not match the "
                    + remoteFingerprintAlgorithm + " fingerprint from SDP");
        }
    }

    TlsFatalAlert fail(short alert, String reason) {
        failureReason = reason;
        return new TlsFatalAlert(alert, reason);
    }

    void selected(SrtpProfile profile) {
        selectedProfile = profile;
    }

    SrtpProfile selectedProfile() {
        return selectedProfile;
    }

    /** Called from notifyHandshakeComplete, while the connection's security parameters are set. */
    void exportKeys(TlsContext context) throws IOException {
        SrtpProfile profile = selectedProfile;
        if (profile == null) {
            throw fail(AlertDescription.internal_error, "no SRTP profile negotiated");
        }
        keys = SrtpNegotiation.export(context, profile);
    }

    SrtpKeyingMaterial keys() {
        return keys;
    }

    /** The first reason recorded by our own checks, or null. */
    String failureReason() {
        return failureReason;
    }

    void recordFailure(String reason) {
        if (failureReason == null) {
            failureReason = reason;
        }
    }
}
