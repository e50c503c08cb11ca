package org.hyperupcall.lang;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The front end's limits, in one place: what the parser, the checks and the compiler
 * ({@code huc check}, {@code compile}, {@code verify}, the language server and the editors) accept
 * of a source file, each with its value and the error beyond it. Input within every limit is read,
 * checked and compiled on a stack that admits it; input beyond one gets that limit's one-line
 * error ({@value #RULE}), never a stack trace, a hang or memory that grows with the input.
 * docs/limits.md explains each value.
 */
public final class Limits {

    /** The largest source file (and each file it includes) huc reads, in bytes: 1 MiB. */
    public static final int MAX_SOURCE_BYTES = 1 << 20;

    /**
     * The deepest nesting huc reads: brackets, blocks, statements that contain statements, prefix
     * operators and the operators of one expression (each one a level of the syntax tree).
     */
    public static final int MAX_NESTING = 12_000;

    /** The most syntax-tree nodes that the #defines of one file may expand to in all, when compiled. */
    public static final int MAX_MACRO_EXPANSION = 1 << 20;

    /**
     * The deepest chain of calls from an entry point (every HUC call is inlined): 8, the frames
     * of BPF-to-BPF calls the kernel's verifier admits.
     */
    public static final int MAX_CALL_DEPTH = 8;

    /** The most errors reported per file; one more line says how many were not shown. */
    public static final int MAX_DIAGNOSTICS = 100;

    /** The most columns of a source line shown under a diagnostic (clang-style), around its caret. */
    public static final int MAX_EXCERPT_COLUMNS = 160;

    /**
     * The intermediate instructions an entry point may grow to before the compiler stops it, as a
     * multiple of its event's instruction limit: far past what any optimisation brings back.
     */
    public static final int INSN_BUDGET_FACTOR = 4;

    /**
     * The stack of the threads the front end runs on: enough for {@link #MAX_NESTING} levels in
     * the parser and in every walker of the syntax tree. It is reserved address space, touched only
     * as deep as a file needs.
     */
    public static final long STACK_BYTES = 512L << 20;

    private Limits() {
    }

    private static final String SOURCE = "a source file";

    /** "FILE: larger than 1 MiB, the most huc reads from a source file". */
    public static String tooLarge(String file) {
        return org.hyperupcall.ebpf.InputFiles.tooLargeMessage(file, MAX_SOURCE_BYTES, SOURCE);
    }

    /** The error of a file nested too deeply, at the line where it crosses the limit. */
    public static String tooDeep() {
        return "nesting deeper than " + MAX_NESTING + " levels (brackets, blocks, nested statements and the operators "
                + "of one expression each count), the deepest huc reads";
    }

    /** The error of a call that would be inlined deeper than {@link #MAX_CALL_DEPTH}. */
    public static String callsTooDeep(String callee) {
        return "the call of '" + callee + "' nests calls deeper than " + MAX_CALL_DEPTH
                + " levels from the entry point, the deepest huc inlines";
    }

    /** The error at the use of a #define whose expansion passes {@link #MAX_MACRO_EXPANSION}. */
    public static String macroTooLarge(String name) {
        return "the expansion of " + name + " exceeds " + MAX_MACRO_EXPANSION
                + " syntax-tree nodes for this file, the most huc expands (#defines that use each other double at each level)";
    }

    /** The line after the first {@link #MAX_DIAGNOSTICS} errors. */
    public static String moreErrors(int notShown) {
        return notShown + " more error" + (notShown == 1 ? "" : "s") + " not shown (huc reports the first " + MAX_DIAGNOSTICS
                + " of a file)";
    }

    /** A source file that huc refuses to read: too large, not a regular file, unreadable, not UTF-8. */
    public static final class UnreadableSource extends Exception {
        private static final long serialVersionUID = 1L;

        /** Why: there is no such file; it cannot be read (a directory, no permission); its content is refused. */
        public enum Kind { MISSING, UNREADABLE, REFUSED }

        private final Kind kind;

        UnreadableSource(String message, Kind kind) {
            super(message, null, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    /**
     * The text of a source file: at most {@link #MAX_SOURCE_BYTES} bytes read (an endless or huge
     * file is refused without reading it all), strict UTF-8 with a leading byte order mark skipped.
     * {@code regularOnly} refuses directories, FIFOs and devices without opening them (includes);
     * a file named on the command line may be a pipe.
     *
     * @param shown the file's name in messages
     */
    public static String readSource(Path file, String shown, boolean regularOnly) throws UnreadableSource {
        if (Files.isDirectory(file)) {
            throw new UnreadableSource(shown + ": is a directory", UnreadableSource.Kind.UNREADABLE);
        }
        if (regularOnly && Files.exists(file) && !Files.isRegularFile(file)) {
            throw new UnreadableSource(shown + ": not a regular file (a FIFO, socket or device)", UnreadableSource.Kind.UNREADABLE);
        }
        try {
            return org.hyperupcall.ebpf.Utf8.decode(shown, org.hyperupcall.ebpf.InputFiles.read(file, shown, MAX_SOURCE_BYTES, SOURCE));
        } catch (org.hyperupcall.ebpf.InputFiles.TooLargeException e) {
            throw new UnreadableSource(e.getMessage(), UnreadableSource.Kind.REFUSED); // a regular file: without reading it
        } catch (NoSuchFileException e) {
            throw new UnreadableSource(shown + ": no such file", UnreadableSource.Kind.MISSING);
        } catch (AccessDeniedException e) {
            throw new UnreadableSource(shown + ": cannot read: permission denied", UnreadableSource.Kind.UNREADABLE);
        } catch (IOException e) {
            throw new UnreadableSource(shown + ": cannot read: " + e.getMessage(), UnreadableSource.Kind.UNREADABLE);
        } catch (org.hyperupcall.ebpf.Utf8.NotUtf8Exception e) {
            throw new UnreadableSource(e.getMessage(), UnreadableSource.Kind.REFUSED);
        }
    }

    /** The thread-local mark of a thread with the front end's stack. */
    private static final ThreadLocal<Boolean> LARGE_STACK = ThreadLocal.withInitial(() -> false);

    /**
     * Runs {@code work} on a thread with {@link #STACK_BYTES} of stack (the calling one if it is
     * such a thread already) and returns its result; its exceptions and errors are the caller's.
     */
    public static <T> T onLargeStack(Callable<T> work) {
        if (LARGE_STACK.get()) {
            return call(work);
        }
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            LARGE_STACK.set(true);
            try {
                result[0] = work.call();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "huc-front-end", STACK_BYTES);
        t.setDaemon(true);
        t.start();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] instanceof Error e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0]);
        }
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return r;
    }

    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The first line (1-based) where a source crosses {@link #MAX_NESTING}, or 0 when it stays
     * within it: a scan of its tokens before parsing, cheap and without recursion. It counts more
     * than the syntax tree's depth, never less: an open bracket, and at each bracket level the
     * operators of the expression (binary ones too: a chain of them nests left in the tree) and the
     * statements nested without braces (if, else, while, for, do, switch, labels) since the last
     * ';', ',' or brace of that level; an else chain adds up until a statement that is not an else.
     */
    public static int nestingExceeded(byte[] src, int from, int to) {
        int[] base = new int[64];
        int[] chain = new int[64];
        int[] elses = new int[64];
        int level = 0;
        int line = 1;
        boolean pendingReset = false; // a ';' or '}' ended a statement: an else continues the chain, else it resets
        int i = from;
        while (i < to) {
            int c = src[i] & 0xff;
            if (c == '\n') {
                line++;
                i++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == 0x0b) {
                i++;
                continue;
            }
            if (c == '/' && i + 1 < to && src[i + 1] == '/') {
                while (i < to && src[i] != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < to && src[i + 1] == '*') {
                i += 2;
                while (i < to && !(src[i] == '*' && i + 1 < to && src[i + 1] == '/')) {
                    if (src[i] == '\n') {
                        line++;
                    }
                    i++;
                }
                i += 2;
                continue;
            }
            if (c == '"' || c == '\'') {
                i++;
                while (i < to && (src[i] & 0xff) != c && src[i] != '\n') {
                    i += src[i] == '\\' && i + 1 < to && src[i + 1] != '\n' ? 2 : 1;
                }
                i++;
                continue;
            }
            int start = i;
            boolean word = Character.isLetterOrDigit(c) || c == '_';
            if (word) {
                while (i < to && (Character.isLetterOrDigit(src[i] & 0xff) || src[i] == '_' || src[i] == '.')) {
                    i++;
                }
            } else {
                i++;
            }
            if (pendingReset) {
                pendingReset = false;
                if (!(word && is(src, start, i, "else"))) {
                    elses[level] = 0;
                }
            }
            int added = 0;
            if (c == '(' || c == '[' || c == '{') {
                level++;
                if (level == base.length) {
                    base = java.util.Arrays.copyOf(base, level * 2);
                    chain = java.util.Arrays.copyOf(chain, level * 2);
                    elses = java.util.Arrays.copyOf(elses, level * 2);
                }
                base[level] = base[level - 1] + chain[level - 1] + elses[level - 1] + 1;
                chain[level] = 0;
                elses[level] = 0;
            } else if (c == ')' || c == ']' || c == '}') {
                if (level > 0) {
                    level--;
                }
                if (c == '}') {
                    chain[level] = 0;
                    pendingReset = true;
                } else {
                    added = 1; // a cast or a call: a level of the tree around what follows
                }
            } else if (c == ';') {
                chain[level] = 0;
                pendingReset = true;
            } else if (c == ',' || c == '#') {
                chain[level] = 0;
                elses[level] = 0;
            } else if (word) {
                if (is(src, start, i, "else")) {
                    elses[level]++;
                } else if (is(src, start, i, "if") || is(src, start, i, "while") || is(src, start, i, "for")
                        || is(src, start, i, "do") || is(src, start, i, "switch") || is(src, start, i, "case")
                        || is(src, start, i, "sizeof") || is(src, start, i, "return")) {
                    added = 1;
                }
            } else {
                added = 1; // an operator (a two-character one counts twice: more, never less)
            }
            chain[level] += added;
            if (base[level] + chain[level] + elses[level] > MAX_NESTING) {
                return line;
            }
        }
        return 0;
    }

    private static boolean is(byte[] src, int from, int to, String word) {
        if (to - from != word.length()) {
            return false;
        }
        for (int k = 0; k < word.length(); k++) {
            if (src[from + k] != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
