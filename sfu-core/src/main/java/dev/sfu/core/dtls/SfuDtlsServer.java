package dev.sfu.core.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;

/**
 * Bouncy Castle server callbacks for a WebRTC DTLS-SRTP server: DTLS 1.2 only (a ClientHello offering
 * DTLS 1.3 and 1.2, as Chromium's does, negotiates 1.2 through supported_versions), ECDHE_ECDSA AEAD
 * suites, a mandatory client certificate checked against the SDP fingerprint, and {@code use_srtp}.
 * Used by one handshake thread only.
 */
final class SfuDtlsServer extends DefaultTlsServer {
    private final PeerPolicy policy;

    SfuDtlsServer(PeerPolicy policy) {
        super(policy.local.crypto());
        this.policy = policy;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return policy.cipherSuites();
    }

    @Override
    protected boolean preferLocalCipherSuites() {
        return true;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return policy.handshakeTimeoutMillis;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() {
        return policy.signerCredentials(context);
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        try {
            policy.selected(SrtpNegotiation.select(policy.profiles,
                    TlsSRTPUtils.getUseSRTPExtension(clientExtensions)));
        } catch (org.bouncycastle.tls.TlsFatalAlert e) {
            throw policy.fail(e.getAlertDescription(), e.getMessage());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(extensions, SrtpNegotiation.answer(policy.selectedProfile()));
        return extensions;
    }

    /** WebRTC peers always present a certificate (RFC 8827 §6.5); we ask for one and require it. */
    @Override
    public CertificateRequest getCertificateRequest() {
        short[] types = {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign};
        Vector<?> algorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(types, algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        policy.verifyPeer(clientCertificate);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        policy.exportKeys(context);
    }

    @Override
    public void notifyAlertRaised(short alertLevel, short alertDescription, String message, Throwable cause) {
        // BC logs these by default; the session reports the outcome to its listener instead.
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertLevel == AlertLevel.fatal) {
            policy.recordFailure("peer sent fatal alert " + AlertDescription.getText(alertDescription));
        }
    }
}
