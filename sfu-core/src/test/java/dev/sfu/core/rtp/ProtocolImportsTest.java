package dev.sfu.core.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md rule 1: the rtp and rtcp protocol packages import nothing from routing, Vert.x or Jackson.
 * A source scan stands in for ArchUnit, which the module does not depend on.
 */
class ProtocolImportsTest {
    private static final List<String> ALLOWED = List.of(
            "import io.netty.buffer.", "import java.", "import static java.", "import dev.sfu.core.rtp.",
            "import dev.sfu.core.rtcp.");

    @Test
    void protocolPackagesImportOnlyNettyBuffersAndTheJdk() throws IOException {
        for (String pkg : List.of("rtp", "rtcp")) {
            Path dir = Path.of("src/main/java/dev/sfu/core", pkg);
            assertTrue(Files.isDirectory(dir), dir.toAbsolutePath().toString());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList())) {
                    List<String> bad = Files.readAllLines(file).stream()
                            .filter(line -> line.startsWith("import "))
                            .filter(line -> ALLOWED.stream().noneMatch(line::startsWith))
                            .collect(Collectors.toList());
                    assertEquals(List.of(), bad, file.toString());
                }
            }
        }
    }
}
