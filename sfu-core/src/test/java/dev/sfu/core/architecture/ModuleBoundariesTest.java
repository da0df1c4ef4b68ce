package dev.sfu.core.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the rules of docs/architecture.md that {@link LayeringTest}'s table of project packages does not: the
 * media plane never imports the control plane's frameworks, and every package has a package-info. One exception:
 * the data channel envelope ({@code data}) reads and writes its small JSON header with Jackson's streaming
 * tokenizer (jackson-core, no data binding), which is a JSON parser rather than a framework; nothing else in the
 * media plane may use it.
 */
class ModuleBoundariesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/sfu/core");
    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void coreImportsNoControlPlaneFramework() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles(SOURCES)) {
            boolean envelope = SOURCES.relativize(file).startsWith("data");
            for (String imported : imports(file)) {
                if (envelope && imported.startsWith("com.fasterxml.jackson.core.")) {
                    continue;
                }
                if (imported.startsWith("io.vertx") || imported.startsWith("com.fasterxml")
                        || imported.startsWith("io.micrometer") || imported.startsWith("dev.sfu.api")
                        || imported.startsWith("dev.sfu.server")) {
                    violations.add(SOURCES.relativize(file) + " imports " + imported);
                }
            }
        }
        assertEquals(List.of(), violations);
    }


    @Test
    void everyPackageHasPackageInfo() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(SOURCES)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                boolean hasJava;
                try (Stream<Path> files = Files.list(dir)) {
                    hasJava = files.anyMatch(f -> f.toString().endsWith(".java"));
                }
                if (hasJava && !Files.exists(dir.resolve("package-info.java"))) {
                    missing.add(SOURCES.relativize(dir).toString());
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }

    private static List<String> imports(Path file) throws IOException {
        List<String> result = new ArrayList<>();
        Matcher matcher = IMPORT.matcher(Files.readString(file));
        while (matcher.find()) {
            result.add(matcher.group(2));
        }
        return result;
    }
}
