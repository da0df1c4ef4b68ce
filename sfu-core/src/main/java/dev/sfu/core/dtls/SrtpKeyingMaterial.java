package dev.sfu.core.dtls;

import dev.sfu.core.srtp.SrtpProfile;

/**
 * SRTP master keys and salts derived from a DTLS-SRTP handshake (RFC 5764 §4.2).
 *
 * <p>The exporter "EXTRACTOR-dtls_srtp" (RFC 5705) yields {@code 2 * (key + salt)} bytes laid out as
 * <pre>
 *   client_write_SRTP_master_key | server_write_SRTP_master_key |
 *   client_write_SRTP_master_salt | server_write_SRTP_master_salt
 * </pre>
 * "Local" is what this endpoint protects its outgoing packets with (the server's half when we are the
 * DTLS server); "remote" unprotects what the peer sends.
 *
 * <p>The arrays are not copied: treat them as read-only. {@link #toString()} never prints key bytes.
 */
public record SrtpKeyingMaterial(SrtpProfile profile, byte[] localMasterKey, byte[] localMasterSalt,
        byte[] remoteMasterKey, byte[] remoteMasterSalt) {

    /**
     * Splits exporter output into keying material.
     *
     * @param exported {@code 2 * (key + salt)} bytes from the exporter
     * @param weAreClient whether the local endpoint is the DTLS client
     */
    static SrtpKeyingMaterial fromExporter(SrtpProfile profile, byte[] exported, boolean weAreClient) {
        int keyLen = profile.masterKeyLength();
        int saltLen = profile.masterSaltLength();
        if (exported.length != 2 * (keyLen + saltLen)) {
            throw new IllegalArgumentException("exporter output is " + exported.length + " bytes, expected "
                    + 2 * (keyLen + saltLen));
        }
        byte[] clientKey = slice(exported, 0, keyLen);
        byte[] serverKey = slice(exported, keyLen, keyLen);
        byte[] clientSalt = slice(exported, 2 * keyLen, saltLen);
        byte[] serverSalt = slice(exported, 2 * keyLen + saltLen, saltLen);
        return weAreClient
                ? new SrtpKeyingMaterial(profile, clientKey, clientSalt, serverKey, serverSalt)
                : new SrtpKeyingMaterial(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    private static byte[] slice(byte[] src, int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(src, offset, out, 0, length);
        return out;
    }

    @Override
    public String toString() {
        return "SrtpKeyingMaterial[" + profile + "]";
    }
}
