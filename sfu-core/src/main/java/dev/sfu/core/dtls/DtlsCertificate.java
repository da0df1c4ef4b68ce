package dev.sfu.core.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The server's DTLS identity: an ECDSA P-256 self-signed X.509 certificate and its private key, and the
 * fingerprint announced in SDP ({@code a=fingerprint:sha-256 AB:CD:...}, RFC 8122 §5 / RFC 8842).
 *
 * <p>WebRTC peers do not check the certificate chain; they compare the certificate's hash with the
 * fingerprint from the signalled SDP. The certificate is therefore self-signed, short-lived
 * (valid from one day ago for 30 days, so clock skew does not matter) and named only {@code CN=sfu}.
 *
 * <p>Immutable and thread-safe: one instance is shared by every {@link DtlsSession} of a server.
 */
public final class DtlsCertificate {
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private final BcTlsCrypto crypto;
    private final AsymmetricKeyParameter privateKey;
    private final byte[] der;
    private final Certificate tlsCertificate;
    private final String fingerprint;

    private DtlsCertificate(BcTlsCrypto crypto, AsymmetricKeyParameter privateKey, byte[] der) throws IOException {
        this.crypto = crypto;
        this.privateKey = privateKey;
        this.der = der;
        this.tlsCertificate = new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
        this.fingerprint = Fingerprints.format(Fingerprints.digest(Fingerprints.SHA_256, der));
    }

    /** Generates a fresh key pair and self-signed certificate. Takes a few milliseconds. */
    public static DtlsCertificate generate() {
        SecureRandom random = new SecureRandom();
        X9ECParameters x9 = ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1);
        ECNamedDomainParameters domain = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, x9);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(domain, random));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();
        try {
            SubjectPublicKeyInfo publicKeyInfo =
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic());
            X500Name name = new X500Name("CN=sfu");
            Instant now = Instant.now();
            BigInteger serial = new BigInteger(63, random).add(BigInteger.ONE);
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, serial,
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(29))),
                    name, publicKeyInfo);
            AlgorithmIdentifier signatureAlgorithm =
                    new DefaultSignatureAlgorithmIdentifierFinder().find(SIGNATURE_ALGORITHM);
            AlgorithmIdentifier digestAlgorithm =
                    new DefaultDigestAlgorithmIdentifierFinder().find(signatureAlgorithm);
            ContentSigner signer = new BcECContentSignerBuilder(signatureAlgorithm, digestAlgorithm)
                    .build(keyPair.getPrivate());
            byte[] der = builder.build(signer).getEncoded();
            return new DtlsCertificate(new CompactGcmTlsCrypto(random), keyPair.getPrivate(), der);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign DTLS certificate", e);
        }
    }

    /** The hash function name for SDP's {@code a=fingerprint}: always {@code "sha-256"}. */
    public String fingerprintAlgorithm() {
        return Fingerprints.SHA_256;
    }

    /** Uppercase hex pairs separated by colons, e.g. {@code "AB:CD:..."} (RFC 8122 §5). */
    public String fingerprint() {
        return fingerprint;
    }

    /** The DER encoding (a copy). */
    byte[] encoded() {
        return der.clone();
    }

    BcTlsCrypto crypto() {
        return crypto;
    }

    Certificate tlsCertificate() {
        return tlsCertificate;
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "DtlsCertificate[sha-256 " + fingerprint + "]";
    }
}
