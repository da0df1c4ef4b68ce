package dev.sfu.core.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sfu.core.srtp.SrtpProfile;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 5764 §4.2: client key | server key | client salt | server salt. */
class SrtpKeyingMaterialTest {

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rfc5764Section4_2LayoutForBothRoles(SrtpProfile profile) {
        int k = profile.masterKeyLength();
        int s = profile.masterSaltLength();
        byte[] exported = new byte[2 * (k + s)];
        for (int i = 0; i < exported.length; i++) {
            exported[i] = (byte) i;
        }
        SrtpKeyingMaterial client = SrtpKeyingMaterial.fromExporter(profile, exported, true);
        SrtpKeyingMaterial server = SrtpKeyingMaterial.fromExporter(profile, exported, false);

        assertArrayEquals(Arrays.copyOfRange(exported, 0, k), client.localMasterKey());
        assertArrayEquals(Arrays.copyOfRange(exported, k, 2 * k), client.remoteMasterKey());
        assertArrayEquals(Arrays.copyOfRange(exported, 2 * k, 2 * k + s), client.localMasterSalt());
        assertArrayEquals(Arrays.copyOfRange(exported, 2 * k + s, 2 * (k + s)), client.remoteMasterSalt());
        assertArrayEquals(client.localMasterKey(), server.remoteMasterKey());
        assertArrayEquals(client.remoteMasterKey(), server.localMasterKey());
        assertArrayEquals(client.localMasterSalt(), server.remoteMasterSalt());
        assertArrayEquals(client.remoteMasterSalt(), server.localMasterSalt());
        assertEquals(profile, server.profile());
        assertFalse(server.toString().contains("["  + exported[0] + ","));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rejectsExporterOutputOfWrongLength(SrtpProfile profile) {
        byte[] shortOutput = new byte[2 * (profile.masterKeyLength() + profile.masterSaltLength()) - 1];
        assertThrows(IllegalArgumentException.class, () -> SrtpKeyingMaterial.fromExporter(profile, shortOutput, true));
    }
}
