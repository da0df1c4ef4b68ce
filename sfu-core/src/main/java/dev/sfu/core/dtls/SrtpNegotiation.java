package dev.sfu.core.dtls;

import dev.sfu.core.srtp.SrtpProfile;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;

/**
 * The {@code use_srtp} extension (RFC 5764 §4.1) and the key export that follows the handshake (§4.2).
 *
 * <pre>
 *   SRTPProtectionProfile SRTPProtectionProfiles&lt;2..2^16-1&gt;;
 *   struct { SRTPProtectionProfiles SRTPProtectionProfiles; opaque srtp_mki&lt;0..255&gt;; } UseSRTPData;
 * </pre>
 * We never use an MKI: it is offered and answered empty.
 */
final class SrtpNegotiation {
    private SrtpNegotiation() {
    }

    /** The client's offer: our profiles in preference order, no MKI. */
    static UseSRTPData offer(List<SrtpProfile> profiles) {
        int[] ids = profiles.stream().mapToInt(SrtpProfile::useSrtpId).toArray();
        return new UseSRTPData(ids, TlsUtils.EMPTY_BYTES);
    }

    /**
     * The server's choice: the first of our profiles the client offers (RFC 5764 §4.1.1 leaves the order
     * to the server).
     */
    static SrtpProfile select(List<SrtpProfile> ours, UseSRTPData offered) throws TlsFatalAlert {
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "peer did not offer use_srtp");
        }
        for (SrtpProfile profile : ours) {
            for (int id : offered.getProtectionProfiles()) {
                if (id == profile.useSrtpId()) {
                    return profile;
                }
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP protection profile");
    }

    /** The server's answer: exactly one profile, no MKI. */
    static UseSRTPData answer(SrtpProfile selected) {
        return new UseSRTPData(new int[] {selected.useSrtpId()}, TlsUtils.EMPTY_BYTES);
    }

    /**
     * Checks the server's answer (RFC 5764 §4.1.1: exactly one profile, one we offered, and the MKI we
     * sent, here none).
     */
    static SrtpProfile checkAnswer(List<SrtpProfile> offered, UseSRTPData answer) throws TlsFatalAlert {
        if (answer == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "server did not answer use_srtp");
        }
        int[] ids = answer.getProtectionProfiles();
        if (ids.length != 1 || answer.getMki().length != 0) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter,
                    "use_srtp answer must carry one profile and no MKI");
        }
        SrtpProfile profile = SrtpProfile.fromUseSrtpId(ids[0]);
        if (profile == null || !offered.contains(profile)) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter,
                    "server chose SRTP profile 0x" + Integer.toHexString(ids[0]) + " that was not offered");
        }
        return profile;
    }

    /** Runs the RFC 5705 exporter with label "EXTRACTOR-dtls_srtp" and no context. */
    static SrtpKeyingMaterial export(TlsContext context, SrtpProfile profile) {
        int length = 2 * (profile.masterKeyLength() + profile.masterSaltLength());
        byte[] exported = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
        return SrtpKeyingMaterial.fromExporter(profile, exported, !context.isServer());
    }
}
