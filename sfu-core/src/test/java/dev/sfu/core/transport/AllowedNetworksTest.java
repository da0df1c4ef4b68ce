package dev.sfu.core.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedNetworksTest {
    @ParameterizedTest(name = "{1} in {0}: {2}")
    @CsvSource({
        "'127.0.0.0/8,::1/128', 127.0.0.1, true",
        "'127.0.0.0/8,::1/128', 127.255.1.2, true",
        "'127.0.0.0/8,::1/128', ::1, true",
        "'127.0.0.0/8,::1/128', 10.0.0.1, false",
        "'127.0.0.0/8,::1/128', ::2, false",
        "'10.1.0.0/20', 10.1.15.255, true",
        "'10.1.0.0/20', 10.1.16.0, false",
        "'192.168.1.7', 192.168.1.7, true",
        "'192.168.1.7', 192.168.1.8, false",
        "'', 8.8.8.8, true",
        "'0.0.0.0/0', 8.8.8.8, true",
        "'0.0.0.0/0', ::1, false",
    })
    void allowsOnlyTheConfiguredNetworks(String spec, String address, boolean allowed) {
        InetSocketAddress source = new InetSocketAddress(address, 5000);
        assertTrue(AllowedNetworks.parse(spec).allows(source) == allowed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.0/33", "::1/129", "10.0.0.0/x", "300.1.1.1/8", "10.0.0.0/-1"})
    void rejectsBadEntriesWithTheirText(String spec) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> AllowedNetworks.parse(spec));
        assertTrue(error.getMessage().contains(spec), error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ","})
    void anEmptyListAllowsEverything(String spec) {
        assertFalse(AllowedNetworks.parse(spec).toString().isEmpty());
        assertTrue(AllowedNetworks.parse(spec).allows(new InetSocketAddress("203.0.113.9", 1)));
    }
}
