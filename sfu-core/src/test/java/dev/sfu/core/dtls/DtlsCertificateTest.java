package dev.sfu.core.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.junit.jupiter.api.Test;

class DtlsCertificateTest {
    private static final DtlsCertificate CERT = DtlsCertificate.generate();

    @Test
    void fingerprintIsUppercaseColonSeparatedSha256() {
        assertEquals("sha-256", CERT.fingerprintAlgorithm());
        assertTrue(CERT.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), CERT.fingerprint());
        assertEquals(Fingerprints.format(Fingerprints.digest("sha-256", CERT.encoded())), CERT.fingerprint());
    }

    @Test
    void certificateIsSelfSignedP256ValidFromYesterdayForThirtyDays() throws Exception {
        X509CertificateHolder holder = new X509CertificateHolder(CERT.encoded());
        var x509 = new JcaX509CertificateConverter().getCertificate(holder);
        x509.verify(x509.getPublicKey());
        assertEquals("CN=sfu", holder.getSubject().toString());
        assertEquals("SHA256withECDSA", x509.getSigAlgName().toUpperCase(Locale.ROOT).replace("SHA256WITHECDSA",
                "SHA256withECDSA"));
        assertEquals("EC", x509.getPublicKey().getAlgorithm());
        Instant notBefore = x509.getNotBefore().toInstant();
        Instant notAfter = x509.getNotAfter().toInstant();
        assertTrue(notBefore.isBefore(Instant.now().minus(Duration.ofHours(23))));
        assertEquals(Duration.ofDays(30), Duration.between(notBefore, notAfter));
        assertTrue(holder.getSerialNumber().signum() > 0);
    }

    @Test
    void eachCertificateIsDistinct() {
        assertNotEquals(CERT.fingerprint(), DtlsCertificate.generate().fingerprint());
    }

    @Test
    void fingerprintMatchingIgnoresCaseAndSupportsOtherHashes() {
        byte[] der = CERT.encoded();
        assertTrue(Fingerprints.matches("sha-256", CERT.fingerprint().toLowerCase(Locale.ROOT), der));
        assertTrue(Fingerprints.matches("SHA-256", " " + CERT.fingerprint() + " ", der));
        for (String alg : new String[] {"sha-1", "sha-384", "sha-512"}) {
            assertTrue(Fingerprints.isSupported(alg));
            assertTrue(Fingerprints.matches(alg, Fingerprints.format(Fingerprints.digest(alg, der)), der), alg);
        }
        assertFalse(Fingerprints.matches("sha-1", CERT.fingerprint(), der));
        assertFalse(Fingerprints.isSupported("md5"));
        assertFalse(Fingerprints.matches("sha-256", "AB:CD", der));
    }
}
