package dev.sfu.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Two network namespaces of a test's own, joined by a veth pair: the server's side ({@link #serverNs},
 * {@link #SERVER_ADDRESS} on {@link #SERVER_DEV}) and the browsers' side ({@link #clientNs},
 * {@link #CLIENT_ADDRESS}). Traffic stays between them; {@code tc} on {@link #SERVER_DEV} shapes what the
 * server sends toward the browsers. Needs root and iproute2; {@link #close} deletes both namespaces (and so
 * the pair).
 */
final class VethLink implements AutoCloseable {
    static final String SERVER_ADDRESS = "10.203.0.1";
    static final String CLIENT_ADDRESS = "10.203.0.2";
    static final String NETWORK = "10.203.0.0/30";
    static final String SERVER_DEV = "veth-sfu";
    private static final String CLIENT_DEV = "veth-browser";

    final String serverNs;
    final String clientNs;

    private VethLink(String serverNs, String clientNs) {
        this.serverNs = serverNs;
        this.clientNs = clientNs;
    }

    /** Whether this test can create namespaces here: root, with ip and tc. */
    static boolean available() {
        return "root".equals(System.getProperty("user.name")) && new java.io.File("/usr/sbin/ip").canExecute()
                && new java.io.File("/usr/sbin/tc").canExecute();
    }

    static VethLink create(String prefix) throws IOException, InterruptedException {
        long pid = ProcessHandle.current().pid();
        VethLink link = new VethLink(prefix + "-srv-" + pid, prefix + "-cli-" + pid);
        try {
            ip("netns", "add", link.serverNs);
            ip("netns", "add", link.clientNs);
            ip("-n", link.serverNs, "link", "add", SERVER_DEV, "type", "veth", "peer", "name", CLIENT_DEV, "netns",
                    link.clientNs);
            ip("-n", link.serverNs, "addr", "add", SERVER_ADDRESS + "/30", "dev", SERVER_DEV);
            ip("-n", link.clientNs, "addr", "add", CLIENT_ADDRESS + "/30", "dev", CLIENT_DEV);
            for (String ns : List.of(link.serverNs, link.clientNs)) {
                ip("-n", ns, "link", "set", "lo", "up");
            }
            ip("-n", link.serverNs, "link", "set", SERVER_DEV, "up");
            ip("-n", link.clientNs, "link", "set", CLIENT_DEV, "up");
        } catch (IOException | RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }

    /** Starts a command inside the server's namespace. */
    ProcessBuilder inServerNs(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", serverNs));
        full.addAll(command);
        return new ProcessBuilder(full);
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.trim());
        }
    }

    @Override
    public void close() {
        for (String ns : List.of(serverNs, clientNs)) {
            try {
                ip("netns", "del", ns);
            } catch (Exception ignored) {
                // not created, or gone already
            }
        }
    }
}
