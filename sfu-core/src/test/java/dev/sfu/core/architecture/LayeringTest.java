package dev.sfu.core.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Who may call whom, over every module's main sources: the table below is the rule (docs/architecture.md draws
 * it), and every use of another package of the project must be in it. A use is an import, a static import or a
 * fully qualified name in code (comments and string literals do not count), so a wrong-way dependency cannot
 * hide behind a full name. The table itself must have no cycle, so the code cannot have one either.
 *
 * <p>Packages are named below {@code dev.sfu}: {@code core.room} is {@code dev.sfu.core.room}. A package that
 * is not in the table fails the test until it gets a row.
 */
class LayeringTest {
    private static final String PROTOCOLS = "core.stun core.ice core.dtls core.srtp core.rtp core.rtcp core.sdp core.sctp core.datachannel";
    private static final String BLOCKS = "core.bwe core.rtx core.stats core.time core.log";

    /** Package -> the project packages it may use, lowest layers first. */
    static final Map<String, Set<String>> ALLOWED = table(
            "core.time", "",
            "core.log", "",
            "core.stun", "",
            "core.rtp", "",
            "core.rtcp", "",
            "core.sdp", "",
            "core.sctp", "",
            "core.datachannel", "core.sctp",
            "core.srtp", "",
            "core.dtls", "core.srtp",
            "core.ice", "core.stun core.time",
            "core.stats", "core.rtcp core.time",
            "core.rtx", "core.rtp core.time",
            "core.bwe", "core.rtcp core.stats core.time",
            "core.transport", "core.dtls core.ice core.log core.rtp core.srtp core.stun core.time",
            // the relay protocol of data channel messages (envelope, parts): values only
            "core.data", "",
            // the media plane's values and upward callbacks, below the rooms that use them
            "core.model", "core.time core.transport",
            "core.room", PROTOCOLS + " " + BLOCKS + " core.transport core.model core.data",
            "core.engine", PROTOCOLS + " " + BLOCKS + " core.transport core.model core.room",
            "api.shared", "core.engine core.model",
            "api.auth", "api.shared core.model",
            "api.events", "api.shared core.model",
            "api.signaling", "api.auth api.shared core.engine core.model",
            "api", "api.auth api.signaling api.shared core.model",
            "api.rest", "api api.auth api.events api.shared api.signaling core.engine core.model core.data",
            "server", "api api.auth api.events api.rest api.shared api.signaling core.engine core.model core.transport",
            // sfu-peer, the Java WebRTC peer: it speaks the protocols and knows nothing of rooms
            "peer", PROTOCOLS + " " + BLOCKS + " core.data",
            // core.sctp: what the Java peer's sendData answers (SendResult: queued or why not)
            "loadtest", "peer core.model core.rtp core.sctp core.srtp core.time server",
            "benchmarks", "core.rtp core.srtp core.stats core.time core.transport");

    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    /** A project name in code: lower-case package segments, then a type. */
    private static final Pattern PROJECT_NAME = Pattern.compile("\\bdev\\.sfu((?:\\.[a-z]\\w*)+)\\.[A-Z]");

    @Test
    void everyModuleUsesOnlyWhatTheTableAllows() throws IOException {
        List<Path> sourceRoots = sourceRoots();
        assertTrue(sourceRoots.size() >= 5, "expected every module's sources, found " + sourceRoots);
        List<String> violations = new ArrayList<>();
        for (Path root : sourceRoots) {
            for (Path file : javaFiles(root)) {
                String source = Files.readString(file);
                String from = packageOf(source);
                Set<String> allowed = ALLOWED.get(from);
                if (allowed == null) {
                    violations.add(from + " (" + file.getFileName() + ") has no row in LayeringTest.ALLOWED");
                    continue;
                }
                for (String used : uses(source)) {
                    if (!allowed.contains(used)) {
                        violations.add(root.getParent().getParent().getParent().getFileName() + ": " + from + "/"
                                + file.getFileName() + " uses " + used);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void theAllowedDependenciesHaveNoCycle() {
        assertEquals(List.of(), cycle(ALLOWED));
        for (Map.Entry<String, Set<String>> row : ALLOWED.entrySet()) {
            for (String target : row.getValue()) {
                assertTrue(ALLOWED.containsKey(target), row.getKey() + " allows " + target + ", which has no row");
            }
        }
    }

    @Test
    void fullyQualifiedNamesCountAndCommentsDoNot() {
        String source = """
                package dev.sfu.core.room;

                import dev.sfu.core.model.TrackSnapshot;
                import static dev.sfu.core.rtp.RtpPacket.MIN_LENGTH;

                /** Entered by {@link dev.sfu.core.engine.SfuEngine}. */
                class Example {
                    // dev.sfu.core.engine.MediaShard in a comment is not a use
                    String text = "dev.sfu.api.ApiConfig.x";
                    Object engine = new dev.sfu.core.engine.SfuEngine(null);
                }
                """;
        assertEquals("core.room", packageOf(source));
        assertEquals(Set.of("core.model", "core.rtp", "core.engine"), uses(source));
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Set<String>> graph = new LinkedHashMap<>();
        graph.put("core.room", Set.of("core.model", "core.engine"));
        graph.put("core.model", Set.of());
        graph.put("core.engine", Set.of("core.room"));
        assertEquals(List.of("core.room", "core.engine", "core.room"), cycle(graph));
        assertEquals(List.of(), cycle(Map.of("core.room", Set.of("core.model"), "core.model", Set.of())));
    }

    /** The project packages a source file uses, named below {@code dev.sfu}. */
    static Set<String> uses(String source) {
        Matcher code = PROJECT_NAME.matcher(withoutCommentsAndLiterals(source));
        Set<String> used = new TreeSet<>();
        String own = packageOf(source);
        while (code.find()) {
            String name = code.group(1).substring(1);
            if (!name.equals(own)) {
                used.add(name);
            }
        }
        return used;
    }

    /** The source with comments, string, text block and char literals blanked (a regex would recurse). */
    static String withoutCommentsAndLiterals(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("//", i)) {
                i = end(source.indexOf('\n', i), source);
            } else if (source.startsWith("/*", i)) {
                int close = source.indexOf("*/", i + 2);
                i = close < 0 ? source.length() : close + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int close = source.indexOf("\"\"\"", i + 3);
                i = close < 0 ? source.length() : close + 3;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < source.length() && source.charAt(j) != c) {
                    j += source.charAt(j) == '\\' ? 2 : 1;
                }
                i = j + 1;
            } else {
                code.append(c);
                i++;
                continue;
            }
            code.append(' ');
        }
        return code.toString();
    }

    private static int end(int index, String source) {
        return index < 0 ? source.length() : index;
    }

    static String packageOf(String source) {
        Matcher matcher = PACKAGE.matcher(source);
        if (!matcher.find() || !matcher.group(1).startsWith("dev.sfu.")) {
            throw new IllegalArgumentException("no dev.sfu package line");
        }
        return matcher.group(1).substring("dev.sfu.".length());
    }

    /** A cycle as the path that closes it (first node repeated at the end), or empty when there is none. */
    static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1: on the current path, 2: done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(start, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state,
            List<String> path) {
        Integer seen = state.get(node);
        if (seen != null && seen == 2) {
            return List.of();
        }
        if (seen != null) {
            List<String> loop = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            loop.add(node);
            return loop;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            List<String> found = visit(next, graph, state, path);
            if (!found.isEmpty()) {
                return found;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }

    private static Map<String, Set<String>> table(String... rows) {
        Map<String, Set<String>> table = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i += 2) {
            Set<String> targets = new TreeSet<>();
            for (String target : rows[i + 1].split(" ")) {
                if (!target.isEmpty()) {
                    targets.add(target);
                }
            }
            table.put(rows[i], Set.copyOf(targets));
        }
        return table;
    }

    /** Every module's {@code src/main/java}; the test runs in sfu-core, so the modules are its siblings. */
    private static List<Path> sourceRoots() throws IOException {
        try (Stream<Path> modules = Files.list(Path.of("..").toAbsolutePath().normalize())) {
            return modules.map(module -> module.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .sorted()
                    .toList();
        }
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }
}
