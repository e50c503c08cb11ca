package org.hyperupcall.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The external tools the differential tests compare with (clang, llvm-objdump, llvm-readelf), found on
 * PATH. Tests skip themselves with {@code assumeTrue(ExternalTools.present("clang"), ...)} where a tool is
 * missing; CI installs them all (.ci/run).
 */
public final class ExternalTools {
    private ExternalTools() {
    }

    /** Whether an executable called {@code tool} is on PATH. */
    public static boolean present(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs a command (60 s at most) and returns its output, stdout and stderr together; throws when it fails. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " timed out");
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + text);
        }
        return text;
    }
}
