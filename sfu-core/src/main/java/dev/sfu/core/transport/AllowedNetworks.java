package dev.sfu.core.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks ICE checks may come from. Operators restrict media to chosen networks (and tests keep
 * media on loopback): a check from anywhere else is dropped before any crypto and never answered, so the
 * server never sends to an address outside these networks.
 */
public final class AllowedNetworks {
    private final List<Cidr> networks;

    private AllowedNetworks(List<Cidr> networks) {
        this.networks = networks;
    }

    /** Every address is allowed. */
    public static AllowedNetworks any() {
        return new AllowedNetworks(List.of());
    }

    /**
     * Parses a comma-separated list of CIDR blocks ("127.0.0.0/8,::1/128"); an empty or blank list
     * allows everything.
     *
     * @throws IllegalArgumentException with a message naming the bad entry
     */
    public static AllowedNetworks parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return any();
        }
        List<Cidr> parsed = new ArrayList<>();
        for (String entry : spec.split(",")) {
            String trimmed = entry.trim();
            if (!trimmed.isEmpty()) {
                parsed.add(Cidr.parse(trimmed));
            }
        }
        return new AllowedNetworks(List.copyOf(parsed));
    }

    public boolean allows(InetSocketAddress address) {
        if (networks.isEmpty()) {
            return true;
        }
        byte[] bytes = address.getAddress().getAddress();
        for (Cidr cidr : networks) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return networks.isEmpty() ? "any" : networks.toString();
    }

    private record Cidr(byte[] network, int prefixLength, String text) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            byte[] network;
            try {
                if (!host.matches("[0-9a-fA-F:.]+")) {
                    throw new IllegalArgumentException("not an IP address: " + text);
                }
                network = InetAddress.getByName(host).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IP address: " + text, e);
            }
            int prefix;
            try {
                prefix = slash < 0 ? network.length * 8 : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in " + text, e);
            }
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("bad prefix length in " + text);
            }
            return new Cidr(network, prefix, text);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - remainingBits)) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
