package dev.sfu.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The loss-recovery, statistics and estimation blocks (bwe, rtx, stats) import only the JDK, Netty
 * buffers and the protocol and time packages, never routing: the room package wires them, not the
 * other way round.
 */
class MediaBlocksImportsTest {
    private static final List<String> ALLOWED = List.of(
            "import java.", "import static java.", "import io.netty.buffer.",
            "import dev.sfu.core.rtp.", "import dev.sfu.core.rtcp.", "import dev.sfu.core.time.",
            "import dev.sfu.core.stats.", "import dev.sfu.core.bwe.", "import dev.sfu.core.rtx.");

    @Test
    void blocksImportNoRouting() throws IOException {
        List<String> bad = new ArrayList<>();
        for (String pkg : List.of("bwe", "rtx", "stats")) {
            try (Stream<Path> files = Files.list(Path.of("src/main/java/dev/sfu/core", pkg))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (line.startsWith("import ") && ALLOWED.stream().noneMatch(line::startsWith)) {
                            bad.add(pkg + "/" + file.getFileName() + ": " + line);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), bad);
    }
}
