package org.hyperupcall.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.ProgramType;
import org.hyperupcall.ebpf.elf.ElfException;
import org.hyperupcall.ebpf.elf.ElfObject;
import org.hyperupcall.ebpf.elf.ElfReader;
import org.hyperupcall.ebpf.elf.Linker;
import org.hyperupcall.ebpf.elf.SymbolResolver;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.verifier.Diagnostic;
import org.hyperupcall.verifier.MemoryRange;
import org.hyperupcall.verifier.Verification;
import org.hyperupcall.verifier.Verifier;
import org.hyperupcall.verifier.VerifierOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code huc verify}: the verifier's verdict on a program for an event. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verify hyperupcalls: every hyperupcall/<event> program of an ELF object, or an assembly file for --event.",
            "Exit status 0 when accepted (instruction count and time printed), 1 when rejected (errors on stderr as",
            "'file: insn N (line L): error: message [RULE]'), 2 on a usage or I/O error."})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "ELF object (.o) or assembly (.s).")
    Path file;

    @Option(names = "--event", paramLabel = "NAME", description = "Event to verify for (default: from the section name hyperupcall/<event>): "
            + "tlb_shootdown, page_reclaim, vm_exit, page_mapping.")
    String event;

    @Option(names = {"-j", "--section"}, paramLabel = "NAME", description = "Only this program (section or function).")
    String section;

    @Option(names = "--region", paramLabel = "NAME=BASE:SIZE[:ro]",
            description = "Registered guest memory the program may access (repeatable), e.g. mem_map=0xffff888000000000:0x40000.")
    List<String> regions = new ArrayList<>();

    @Option(names = "--symbol", paramLabel = "NAME=ADDRESS", description = "Address of an extern guest symbol (repeatable).")
    List<String> symbols = new ArrayList<>();

    @Option(names = "--limit", paramLabel = "N", description = "Instruction limit of a local hyperupcall (default 4096; global ones: 4096).")
    Integer limit;

    @Option(names = "--log", description = "Print the abstract state before every instruction the verifier follows.")
    boolean log;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Event fixed = event == null ? null : Event.byId(event).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown event '" + event + "' (events: tlb_shootdown, page_reclaim, vm_exit, page_mapping)"));
        List<MemoryRange> ranges = new ArrayList<>();
        for (String r : regions) {
            ranges.add(parseRegion(r));
        }
        Map<String, Long> symbolTable = new LinkedHashMap<>();
        for (String s : symbols) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ParameterException(spec.commandLine(), "--symbol wants NAME=ADDRESS, not '" + s + "'");
            }
            symbolTable.put(s.substring(0, eq), parseNumber(s.substring(eq + 1), "--symbol " + s));
        }
        if (!Files.isReadable(file)) {
            spec.commandLine().getErr().println("huc: " + file + ": " + (Files.exists(file) ? "cannot read" : "no such file"));
            return 2;
        }
        Map<String, Program> programs = new LinkedHashMap<>();
        Map<String, Event> events = new LinkedHashMap<>();
        byte[] bytes = ProgramFiles.read(file);
        if (ElfReader.isElf(bytes)) {
            try {
                ElfObject obj = ElfReader.read(file.toString(), bytes);
                for (String name : Linker.programNames(obj)) {
                    if (section != null && !section.equals(name)) {
                        continue;
                    }
                    Event e = fixed != null ? fixed : Event.bySection(name).orElse(null);
                    if (e == null) {
                        if (section != null || name.startsWith("hyperupcall/")) {
                            throw new UserError(file + ": section " + name + " names no event: use --event");
                        }
                        continue; // .text and other helper sections are linked into the programs that call them
                    }
                    programs.put(name, Linker.link(obj, name, SymbolResolver.of(symbolTable)));
                    events.put(name, e);
                }
            } catch (ElfException e) {
                throw new UserError(e.getMessage().startsWith(file.toString()) ? e.getMessage() : file + ": " + e.getMessage());
            }
            if (programs.isEmpty()) {
                throw new UserError(file + ": no hyperupcall/<event> program to verify" + (section != null ? " named " + section : ""));
            }
        } else {
            if (fixed == null) {
                throw new ParameterException(spec.commandLine(), "an assembly file needs --event");
            }
            programs.put(file.getFileName().toString(), ProgramFiles.load(file, null));
            events.put(file.getFileName().toString(), fixed);
        }
        VerifierOptions options = VerifierOptions.defaults().withRegions(ranges).withLog(log);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allAccepted = true;
        for (Map.Entry<String, Program> p : programs.entrySet()) {
            Event e = events.get(p.getKey());
            ProgramType type;
            try {
                type = limit == null || e.isGlobal() ? ProgramType.of(e) : new ProgramType(e, limit);
            } catch (IllegalArgumentException ex) {
                throw new ParameterException(spec.commandLine(), ex.getMessage());
            }
            Verification v = Verifier.verify(p.getValue(), type, options);
            if (log) {
                out.print(v.log());
            }
            String where = programs.size() > 1 || ElfReader.isElf(bytes) ? file + ": " + p.getKey() : file.toString();
            if (v.accepted()) {
                out.printf("%s: accepted for %s: %d instructions (limit %d), %d followed, verified in %.2f ms%n", where, e.id(),
                        v.instructions(), v.limit(), v.processed(), v.nanos() / 1e6);
            } else {
                allAccepted = false;
                for (Diagnostic d : v.diagnostics()) {
                    err.println(d.format(where));
                }
            }
        }
        out.flush();
        err.flush();
        return allAccepted ? 0 : 1;
    }

    private MemoryRange parseRegion(String text) {
        int eq = text.indexOf('=');
        String[] parts = text.substring(eq + 1).split(":");
        if (eq <= 0 || parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].equals("ro") && !parts[2].equals("rw"))) {
            throw new ParameterException(spec.commandLine(), "--region wants NAME=BASE:SIZE[:ro], not '" + text + "'");
        }
        long size = parseNumber(parts[1], "--region " + text);
        if (size <= 0) {
            throw new ParameterException(spec.commandLine(), "--region " + text + ": the size must be positive");
        }
        return new MemoryRange(text.substring(0, eq), parseNumber(parts[0], "--region " + text), size,
                parts.length < 3 || parts[2].equals("rw"));
    }

    private long parseNumber(String s, String what) {
        try {
            return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), what + ": '" + s + "' is not a number");
        }
    }
}
