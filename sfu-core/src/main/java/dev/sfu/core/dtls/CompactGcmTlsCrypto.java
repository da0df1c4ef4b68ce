package dev.sfu.core.dtls;

import java.security.SecureRandom;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.modes.AEADBlockCipher;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.gcm.BasicGCMMultiplier;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Bouncy Castle's TLS crypto with GCM record protection that keeps no multiplication tables.
 *
 * <p>Why: an association keeps its DTLS record layer after the handshake (to answer a retransmitted final flight
 * and send or notice close_notify), and the default GCM multiplier holds a 4 KB table per direction, about 18 KB
 * per participant in all. After the handshake only a few alerts pass through it (media is SRTP, keyed from the
 * exported keying material), so the table-free multiplier costs nothing that matters.
 *
 * <p>Thread-safe as {@link BcTlsCrypto} is: every cipher it creates belongs to one session.
 */
final class CompactGcmTlsCrypto extends BcTlsCrypto {
    CompactGcmTlsCrypto(SecureRandom random) {
        super(random);
    }

    @Override
    protected AEADBlockCipher createGCMMode(BlockCipher engine) {
        return GCMBlockCipher.newInstance(engine, new BasicGCMMultiplier());
    }
}
