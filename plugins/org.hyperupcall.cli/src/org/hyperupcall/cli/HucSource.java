package org.hyperupcall.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.hyperupcall.ebpf.elf.ElfObject;
import org.hyperupcall.ebpf.elf.LineInfo;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;
import org.hyperupcall.lang.compiler.Compiler;

/** A HUC source file as the commands that compile it see it: its text, and diagnostics shown the way clang shows them. */
final class HucSource {
    private final Path file;
    private final String text;
    private final String[] lines;
    /** The lines of included files that diagnostics are in, read when one is shown. */
    private final Map<String, String[]> included = new java.util.HashMap<>();

    private HucSource(Path file, String text) {
        this.file = file;
        this.text = text;
        this.lines = text.split("\r?\n", -1);
    }

    static boolean isHuc(Path file) {
        return file.getFileName() != null && file.getFileName().toString().endsWith(".huc");
    }

    /** Reads the file; a missing or unreadable one is an I/O error (exit status 2). */
    static HucSource read(Path file) {
        return new HucSource(file, ProgramFiles.readText(file));
    }

    /**
     * The source of an object, as far as its line information (.BTF.ext) carries it: the text of
     * each line an instruction came from. Empty when the object has none, or its lines come from
     * several files (the programs' line numbers would not say which).
     */
    static Optional<HucSource> of(ElfObject obj) {
        List<LineInfo.Entry> entries = LineInfo.of(obj).values().stream().flatMap(List::stream).toList();
        Set<String> files = entries.stream().map(LineInfo.Entry::file).collect(Collectors.toSet());
        if (files.size() != 1 || files.contains("")) {
            return Optional.empty();
        }
        Map<Integer, String> byLine = new TreeMap<>();
        entries.forEach(e -> byLine.putIfAbsent(e.line(), e.source()));
        String[] lines = new String[byLine.keySet().stream().mapToInt(Integer::intValue).max().orElse(0)];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = byLine.getOrDefault(i + 1, "");
        }
        return Optional.of(new HucSource(Path.of(files.iterator().next()), String.join("\n", lines)));
    }

    Path file() {
        return file;
    }

    /** Compiles the file, printing its diagnostics as clang does (see {@link #print}). */
    Compilation compile(PrintWriter err) {
        Compilation c = Compiler.compile(file.toString(), text);
        for (SourceDiagnostic d : c.diagnostics()) {
            print(err, d, false);
        }
        err.flush();
        return c;
    }

    /** The line a diagnostic is at: of this file, or of the file it includes that the diagnostic names. */
    private String sourceLine(SourceDiagnostic d) {
        if (d.file() == null || d.file().equals(file.toString())) {
            return line(d.line());
        }
        String[] other = included.computeIfAbsent(d.file(), f -> {
            try {
                return org.hyperupcall.lang.Limits.readSource(Path.of(f), f, true).split("\r?\n", -1);
            } catch (org.hyperupcall.lang.Limits.UnreadableSource | RuntimeException e) {
                return new String[0]; // no source line shown rather than another file's
            }
        });
        return d.line() >= 1 && d.line() <= other.length ? other[d.line() - 1] : "";
    }

    /** The text of a line (1-based), or "" outside the file. */
    String line(int line) {
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }

    /** The column (1-based) where {@code word} starts on a line, else where the line's code starts. */
    int column(int line, String word) {
        String l = line(line);
        int at = word == null ? -1 : l.indexOf(word);
        if (at < 0) {
            at = 0;
            while (at < l.length() && Character.isWhitespace(l.charAt(at))) {
                at++;
            }
        }
        return at + 1;
    }

    /**
     * Prints a diagnostic as clang does: {@code file:line:col: error: message [RULE]}, the source
     * line and a caret under the column; {@code underline} marks the rest of the line with '~'
     * (for a whole statement rather than a point in it).
     */
    void print(PrintWriter err, SourceDiagnostic d, boolean underline) {
        err.println(d.format());
        for (String l : SourceDiagnostic.excerpt(sourceLine(d), d.column(), underline)) {
            err.println(l);
        }
    }
}
