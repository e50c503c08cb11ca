package org.hyperupcall.verifier.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hyperupcall.ebpf.isa.Program;

/**
 * The Linux kernel's verifier, reached through {@code native/kernel_verifier.c} (built with gcc on
 * first use): loads programs with bpf(BPF_PROG_LOAD) as socket filters and reads the verdicts.
 * {@link #unavailable()} says why it cannot be used here (not root, no gcc, the kernel refuses).
 */
final class KernelVerifier {
    /** One verdict: accepted or not, the instructions the kernel processed, its message when it refused. */
    record Verdict(boolean accepted, long processed, long nanos, long verifyMicros, String message) {
    }

    private static Path binary;
    private static String unavailable;

    private KernelVerifier() {
    }

    /** Why the kernel's verifier cannot be asked on this machine, or null when it can. */
    static synchronized String unavailable() {
        if (binary != null || unavailable != null) {
            return unavailable;
        }
        try {
            Path source = Path.of(System.getProperty("hyperupcall.repo", "."), "tests/org.hyperupcall.verifier.tests/native/kernel_verifier.c");
            if (!Files.exists(source)) {
                return unavailable = source + " is missing";
            }
            Path out = Files.createTempDirectory("kernel-verifier").resolve("kernel_verifier");
            Process gcc = new ProcessBuilder("gcc", "-O2", "-o", out.toString(), source.toString()).redirectErrorStream(true).start();
            String log = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                return unavailable = "gcc could not build " + source + ": " + log;
            }
            Process probe = new ProcessBuilder(out.toString()).start();
            probe.getOutputStream().close();
            String err = new String(probe.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                return unavailable = "the kernel refuses bpf(BPF_PROG_LOAD) here (root with CAP_BPF is needed): " + err.strip();
            }
            binary = out;
            return null;
        } catch (IOException e) {
            return unavailable = "gcc is not available: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable = "interrupted";
        }
    }

    /** The kernel's verdicts on the programs, in order; each loaded {@code runs} times (median time). */
    static List<Verdict> verify(List<Program> programs, int runs) throws IOException, InterruptedException {
        if (unavailable() != null) {
            throw new IllegalStateException(unavailable());
        }
        Process p = new ProcessBuilder(binary.toString(), Integer.toString(runs)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<Void> feed = CompletableFuture.runAsync(() -> {
            try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII)) {
                HexFormat hex = HexFormat.of();
                for (Program program : programs) {
                    w.write(hex.formatHex(program.toBytes()));
                    w.write('\n');
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<Verdict> out = new ArrayList<>(programs.size());
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(parse(line));
            }
        }
        feed.join();
        p.waitFor();
        if (out.size() != programs.size()) {
            throw new IOException("the kernel verifier helper answered " + out.size() + " of " + programs.size() + " programs");
        }
        return out;
    }

    private static Verdict parse(String line) {
        boolean accepted = line.startsWith("ACCEPT");
        String msg = line.contains(" msg=") ? line.substring(line.indexOf(" msg=") + 5) : "";
        return new Verdict(accepted, field(line, "processed="), field(line, "ns="), field(line, "verify_us="), msg);
    }

    private static long field(String line, String name) {
        int i = line.indexOf(name);
        if (i < 0) {
            return -1;
        }
        int j = i + name.length();
        int k = j;
        while (k < line.length() && (Character.isDigit(line.charAt(k)) || line.charAt(k) == '-')) {
            k++;
        }
        return Long.parseLong(line.substring(j, k));
    }
}
