package dev.sfu.core.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The sdp package is a protocol package: it may import only the JDK (STYLE.md convention 1). */
class SdpPackageDependencyTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/sfu/core/sdp");

    @Test
    void importsOnlyTheJdk() throws IOException {
        assertTrue(Files.isDirectory(SOURCES), "run from the sfu-core module directory");
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                for (String line : Files.readAllLines(file)) {
                    String t = line.trim();
                    if (t.startsWith("import ") && !t.matches("import (static )?java\\..*")) {
                        offending.add(file.getFileName() + ": " + t);
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void hasPackageInfo() {
        assertTrue(Files.exists(SOURCES.resolve("package-info.java")));
    }
}
