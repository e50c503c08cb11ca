package org.hyperupcall.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.hyperupcall.ebpf.InputFiles;
import org.hyperupcall.ebpf.Utf8;
import org.hyperupcall.ebpf.asm.AsmException;
import org.hyperupcall.ebpf.asm.Assembler;
import org.hyperupcall.ebpf.conformance.ConformanceCase;
import org.hyperupcall.ebpf.conformance.MalformedCaseException;
import org.hyperupcall.ebpf.elf.ElfException;
import org.hyperupcall.ebpf.elf.ElfObject;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.Linker;
import org.hyperupcall.ebpf.elf.SymbolResolver;
import org.hyperupcall.ebpf.isa.InvalidProgramException;
import org.hyperupcall.ebpf.isa.Program;

/** Reads programs from the files users name: ELF objects or assembly text. */
final class ProgramFiles {
    private ProgramFiles() {
    }

    /**
     * The most huc reads from an object, assembly or conformance file given on the command line: an
     * object holding the most instructions a program may have is some kilobytes.
     */
    static final long MAX_FILE_BYTES = 16 << 20;

    static byte[] read(Path file) {
        try {
            return InputFiles.read(file, MAX_FILE_BYTES, "an input file");
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (InputFiles.TooLargeException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError(ioMessage(file, e));
        }
    }

    /**
     * Reads a text file (HUC source, a symbol map) within the front end's limits ({@link
     * org.hyperupcall.lang.Limits#readSource}); a missing or unreadable one is an I/O error, exit
     * status 2; one too large or not UTF-8 an error in the input, exit status 1.
     */
    static String readText(Path file) {
        try {
            return org.hyperupcall.lang.Limits.readSource(file, file.toString(), false);
        } catch (org.hyperupcall.lang.Limits.UnreadableSource e) {
            throw e.kind() == org.hyperupcall.lang.Limits.UnreadableSource.Kind.REFUSED ? new UserError(e.getMessage())
                    : UserError.io(e.getMessage());
        }
    }

    /** "FILE: is a directory", "FILE: cannot read: Permission denied". */
    private static String ioMessage(Path file, IOException e) {
        String m = e.getMessage();
        return m != null && m.startsWith(file.toString()) ? m : file + ": cannot read: " + (m == null ? e.getClass().getSimpleName() : m);
    }

    /** Strict UTF-8 without a leading byte order mark; other bytes are an error in the input naming the offset and line. */
    static String text(Path file, byte[] bytes) {
        try {
            return Utf8.decode(file.toString(), bytes);
        } catch (Utf8.NotUtf8Exception e) {
            throw new UserError(e.getMessage());
        }
    }

    /** A program and the memory block its file comes with (bpf_conformance files have one). */
    record Loaded(Program program, byte[] memory) {
    }

    /** Reads a bpf_conformance .data file, an ELF object or assembly text. */
    static Loaded loadWithMemory(Path file, String section) {
        if (!file.toString().endsWith(".data")) {
            return new Loaded(load(file, section), null);
        }
        read(file); // the same "no such file" message as for other inputs
        ConformanceCase c;
        try {
            c = ConformanceCase.read(file);
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage());
        } catch (MalformedCaseException e) {
            throw new UserError(e.getMessage());
        }
        try {
            Program program = c.raw() != null ? Program.fromBytes(file.getFileName().toString(), c.raw())
                    : Assembler.assemble(file.getFileName().toString(), c.asm());
            return new Loaded(program, c.mem());
        } catch (AsmException e) {
            int line = e.line() > 0 ? c.asmLine() + e.line() - 1 : 0;
            throw new UserError(file + (line > 0 ? ":" + line : "") + ": error: " + e.getMessage());
        } catch (InvalidProgramException e) {
            throw new UserError(file + ": " + e.describe());
        }
    }

    /** Reads an ELF object (whatever its name) or assembly text. */
    static Program load(Path file, String section) {
        byte[] bytes = read(file);
        if (ElfReader.isElf(bytes)) {
            try {
                ElfObject obj = ElfReader.read(file.toString(), bytes);
                return Linker.link(obj, section, SymbolResolver.NONE);
            } catch (ElfException e) {
                String m = e.getMessage();
                throw new UserError(m.startsWith(file.toString()) ? m : file + ": " + m);
            }
        }
        if (bytes.length >= 8 && looksBinary(bytes)) {
            throw new UserError(file + ": not an ELF object and not assembly text");
        }
        String name = file.getFileName().toString();
        try {
            return Assembler.assemble(name, text(file, bytes));
        } catch (AsmException e) {
            throw new UserError(file + (e.line() > 0 ? ":" + e.line() : "") + ": error: " + e.getMessage());
        }
    }

    private static boolean looksBinary(byte[] bytes) {
        int n = Math.min(bytes.length, 512);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** "file:line: insn N: error: message" for a program the loader refuses. */
    static UserError refused(Path file, Program program, InvalidProgramException e) {
        int line = e.index() >= 0 ? program.sourceLine(e.index()) : 0;
        return new UserError(file + (line > 0 ? ":" + line : "") + ": " + (e.index() >= 0 ? "insn " + e.index() + ": " : "")
                + "error: " + e.getMessage());
    }

    /** Parses hex bytes ("01 02 ff" or "0102ff"). */
    static byte[] hex(String text, String what) {
        String t = text.replaceAll("[\\s,:]", "");
        if (t.startsWith("0x")) {
            t = t.substring(2);
        }
        if (t.length() % 2 != 0 || !t.matches("[0-9a-fA-F]*")) {
            throw new UserError(what + ": '" + text + "' is not a sequence of hex bytes");
        }
        byte[] out = new byte[t.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
