package org.hyperupcall.lang.compiler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.util.LineAndColumn;
import org.hyperupcall.lang.HucRule;
import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.Event;
import org.hyperupcall.ebpf.elf.ElfWriter;
import org.hyperupcall.ebpf.isa.Program;
import org.hyperupcall.lang.HucChecker;
import org.hyperupcall.lang.IncludeResolver;
import org.hyperupcall.lang.Includes;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.huc.AssignmentExpression;
import org.hyperupcall.lang.huc.CommaExpression;
import org.hyperupcall.lang.huc.Define;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.EnumDef;
import org.hyperupcall.lang.huc.Enumerator;
import org.hyperupcall.lang.huc.ExpressionInit;
import org.hyperupcall.lang.huc.ExternDecl;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.GlobalVar;
import org.hyperupcall.lang.huc.InitDeclarator;
import org.hyperupcall.lang.huc.Param;
import org.hyperupcall.lang.huc.PrimitiveType;
import org.hyperupcall.lang.huc.TopLevel;
import org.hyperupcall.lang.huc.TranslationUnit;


/**
 * The HUC compiler: each entry point of a translation unit ({@code SEC("hyperupcall/<event>")}
 * function) becomes an eBPF program for its event, with the HUC line of every slot; the unit
 * becomes one relocatable ELF object with a section per entry point. {@code #include
 * "hyperupcall.h"} stands for the ABI's built-in definitions (types, structures, constants, return
 * codes, helpers); no header file is read.
 *
 * <p>What the compiler cannot translate yet is reported as a {@value #UNSUPPORTED} diagnostic at
 * the construct, never as an exception; the other entry points of the unit still compile.
 */
public final class Compiler {
    /** What the error of an entry point over its instruction limit advises. */
    static final String INSN_LIMIT_ADVICE = ": move work into helpers (hup_find_next_bit, hup_memcpy) or shorten loops that the verifier follows";

    /** hyperupcall.h's constants and return codes, by name. */
    static final Map<String, Long> ABI_CONSTANTS;

    static {
        Map<String, Long> m = new HashMap<>();
        for (Constants.Constant c : Constants.ALL) {
            m.put(c.name(), c.value());
        }
        for (Event e : Event.values()) {
            for (Event.ReturnCode c : e.returnCodes().values()) {
                m.put(c.name(), c.value());
            }
        }
        ABI_CONSTANTS = Collections.unmodifiableMap(m);
    }

    /** What a name means at file scope: see {@link Unit#meaning}. */
    enum Meaning {
        DEFINE, EXTERN, CONSTANT, ENUMERATOR, ABI_CONSTANT, REFUSED, UNDECLARED
    }

    /** What the functions of a unit share: its types, #defines and other top-level names. */
    static final class Unit {
        final Types types;
        final Map<String, Define> defines = new HashMap<>();
        final Map<String, Function> functions = new HashMap<>();
        /** Extern variables: guest memory whose address the loader supplies (an ELF relocation). */
        final Map<String, ExternDecl> externs = new HashMap<>();
        /** Enumerators, by name, with their values. */
        final Map<String, Long> enumerators = new HashMap<>();
        /** Where each enumerator is declared: its Enumerator, or for C of "B = 5, C" the name C in B's comma expression. */
        final Map<String, EObject> enumeratorNodes = new HashMap<>();
        /** Global const scalars with an initializer: constants with a type. */
        final Map<String, GlobalVar> constants = new HashMap<>();
        /** Syntax-tree nodes of each #define's value, and how many the unit's #defines have expanded to so far. */
        private final Map<Define, Integer> defineSizes = new HashMap<>();
        private long expanded;
        /** The constant values of #defines as the constant folder found them (null: not a constant). */
        final Map<Define, FunctionState.Val> folded = new HashMap<>();

        /** Counts an expansion of d; the nodes expanded so far in the unit (see Limits.MAX_MACRO_EXPANSION). */
        long expand(Define d) {
            int size = defineSizes.computeIfAbsent(d, x -> {
                int k = 1;
                for (java.util.Iterator<EObject> it = x.getValue() == null ? java.util.Collections.emptyIterator() : x.getValue().eAllContents();
                        it.hasNext(); it.next()) {
                    k++;
                }
                return k;
            });
            expanded += size;
            return expanded;
        }

        /** Starts counting expansions afresh (each expression {@link Typing} types is a compilation of its own). */
        void forgetExpansions() {
            expanded = 0;
        }

        /** Names the compiler knows but cannot use yet, with what they are. */
        final Map<String, String> otherNames = new HashMap<>();

        /**
         * What a name means at file scope, where no local has it, in the one order that code
         * generation ({@link Expressions}), the {@link ConstantFolder} and the IDE's {@link Typing}
         * look it up: a #define, an extern, a global constant, an enumerator, a constant of
         * hyperupcall.h, a name known but refused (a mutable global, an enumerator without a plain
         * value), or nothing.
         */
        Meaning meaning(String name) {
            if (defines.containsKey(name)) {
                return Meaning.DEFINE;
            }
            if (externs.containsKey(name)) {
                return Meaning.EXTERN;
            }
            if (constants.containsKey(name)) {
                return Meaning.CONSTANT;
            }
            if (enumerators.containsKey(name)) {
                return Meaning.ENUMERATOR;
            }
            if (ABI_CONSTANTS.containsKey(name)) {
                return Meaning.ABI_CONSTANT;
            }
            return otherNames.containsKey(name) ? Meaning.REFUSED : Meaning.UNDECLARED;
        }

        /** The value of a name that means an enumerator or a constant of hyperupcall.h. */
        long namedValue(String name) {
            Long v = enumerators.get(name);
            return v != null ? v : ABI_CONSTANTS.get(name);
        }

        Unit(List<TranslationUnit> units) {
            types = new Types(units);
            types.setUnit(this);
            for (TopLevel t : units.stream().flatMap(x -> x.getItems().stream()).toList()) {
                if (t instanceof Define d) {
                    defines.put(d.getName(), d);
                } else if (t instanceof Function f) {
                    if (f.getBody() != null || !functions.containsKey(f.getName())) {
                        functions.put(f.getName(), f);
                    }
                } else if (t instanceof ExternDecl x && x.getDeclarator() != null) {
                    externs.put(x.getDeclarator().getName(), x);
                } else if (t instanceof GlobalVar g) {
                    for (InitDeclarator d : g.getDeclarators()) {
                        if (d.getDeclarator() == null || g.getType() == null) {
                            continue; // a declaration that did not parse
                        }
                        if (d.getInit() instanceof ExpressionInit e && d.getDeclarator().getDims().isEmpty()
                                && g.getType().getQualifiers().stream().anyMatch(q -> q.getValue().equals("const"))) {
                            constants.put(d.getDeclarator().getName(), g);
                        } else {
                            otherNames.put(d.getDeclarator().getName(), "the global variable (only const scalars with an initializer are available)");
                        }
                    }
                }
            }
            for (EnumDef def : units.stream().flatMap(x -> EcoreUtil2.getAllContentsOfType(x, EnumDef.class).stream()).toList()) {
                long next = 0;
                for (Enumerator en : def.getValues()) {
                    if (en.getName() == null) {
                        continue; // an enumerator that did not parse
                    }
                    // The grammar reads "B = 5, C" as B = (5, C): the comma's operands after the
                    // first are further enumerators, "C" or "D = 7".
                    List<Expression> parts = new ArrayList<>();
                    flattenComma(en.getValue(), parts);
                    List<String> names = new ArrayList<>(List.of(en.getName()));
                    List<EObject> nodes = new ArrayList<>(List.of(en));
                    List<Expression> values = new ArrayList<>();
                    values.add(parts.isEmpty() ? null : parts.get(0));
                    for (Expression x : parts.subList(Math.min(1, parts.size()), parts.size())) {
                        if (x instanceof NameExpression n) {
                            names.add(n.getName());
                            nodes.add(n);
                            values.add(null);
                        } else if (x instanceof AssignmentExpression a && a.getTarget() instanceof NameExpression n && "=".equals(a.getOp())) {
                            names.add(n.getName());
                            nodes.add(n);
                            values.add(a.getValue());
                        }
                    }
                    for (int k = 0; k < names.size(); k++) {
                        enumeratorNodes.put(names.get(k), nodes.get(k));
                        Long v = values.get(k) == null ? Long.valueOf(next) : ConstantFolder.fold(values.get(k), this);
                        if (v == null) {
                            otherNames.put(names.get(k), "the enum constant (its value is not a plain constant)");
                            continue;
                        }
                        enumerators.put(names.get(k), v);
                        next = v + 1;
                    }
                }
            }
        }
    }

    private Compiler() {
    }

    /** Parses, checks and compiles HUC text (includes read beside the file); syntax and rule errors stop it before code generation. */
    public static Compilation compile(String file, String text) {
        return compile(file, text, IncludeResolver.files());
    }

    /** Parses, checks and compiles HUC text, its includes found by {@code includes}. */
    public static Compilation compile(String file, String text, IncludeResolver includes) {
        return org.hyperupcall.lang.Limits.onLargeStack(() -> compileHere(file, text, includes));
    }

    private static Compilation compileHere(String file, String text, IncludeResolver includes) {
        HucChecker.Loaded loaded = HucChecker.load(file, text, includes);
        List<SourceDiagnostic> checked = loaded.diagnostics();
        if (checked.stream().anyMatch(SourceDiagnostic::error)) {
            return new Compilation(List.of(), checked, null);
        }
        if (loaded.unit() == null) {
            return new Compilation(List.of(), List.of(new SourceDiagnostic(file, 1, 1, true, "nothing to compile", HucRule.SECTION.id())), null);
        }
        Compilation c = compile(file, loaded.unit(), loaded);
        List<SourceDiagnostic> all = new ArrayList<>(checked);
        all.addAll(c.diagnostics());
        return new Compilation(c.programs(), all, c.elf());
    }

    /** Compiles every entry point of a parsed unit (and of the units it includes that its resource set holds). */
    public static Compilation compile(String file, TranslationUnit unit) {
        return compile(file, unit, null);
    }

    /**
     * A compilation kept for a unit: valid while the unit sees the same unit objects with the same
     * texts. Holds the units weakly (a value of the weak map must not hold its key).
     */
    private record Cached(String file, List<java.lang.ref.WeakReference<TranslationUnit>> units, List<String> texts,
            Compilation compilation) {
        boolean validFor(String f, List<TranslationUnit> us, List<String> ts) {
            if (!file.equals(f) || units.size() != us.size() || !texts.equals(ts)) {
                return false;
            }
            for (int i = 0; i < us.size(); i++) {
                if (units.get(i).get() != us.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final java.util.Map<TranslationUnit, Cached> CACHE = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /**
     * {@link #compile(String, TranslationUnit)}, computed once per text: the editor's and the
     * language server's services (validation, hover, inlay hints, commands) ask for the same unit
     * in turn. The result is the same object while the unit sees the same units with the same
     * texts; units are held weakly.
     */
    public static Compilation compileCached(String file, TranslationUnit unit) {
        List<TranslationUnit> units = Includes.visible(unit);
        List<String> texts = new ArrayList<>();
        for (TranslationUnit x : units) {
            ICompositeNode n = NodeModelUtils.getNode(x);
            texts.add(n == null ? null : n.getRootNode().getText());
        }
        Cached c = CACHE.get(unit);
        if (c != null && c.validFor(file, units, texts)) {
            return c.compilation();
        }
        Compilation fresh = compile(file, unit);
        CACHE.put(unit, new Cached(file, units.stream().map(java.lang.ref.WeakReference::new).toList(), texts, fresh));
        return fresh;
    }

    private static Compilation compile(String mainFile, TranslationUnit unit, HucChecker.Loaded loaded) {
        List<SourceDiagnostic> diagnostics = new ArrayList<>();
        List<CompiledProgram> programs = new ArrayList<>();
        List<TranslationUnit> units = Includes.visible(unit);
        Unit u = new Unit(units);
        java.util.function.Function<EObject, String> fileOf = node -> loaded == null ? mainFile : loaded.fileOf(node, mainFile);
        ElfWriter elf = new ElfWriter();
        ICompositeNode parsed = NodeModelUtils.getNode(unit);
        if (parsed != null) {
            elf.withSource(mainFile, parsed.getRootNode().getText()); // line info (.BTF, .BTF.ext) with the source lines
        }
        Set<String> sections = new HashSet<>();
        for (TopLevel t : units.stream().flatMap(x -> x.getItems().stream()).toList()) {
            if (!(t instanceof Function f) || f.getSection() == null || f.getBody() == null) {
                continue;
            }
            String section = unquote(f.getSection().getName());
            Optional<Event> event = Event.bySection(section);
            if (event.isEmpty()) {
                diagnostics.add(diagnostic(fileOf.apply(f.getSection()), f.getSection(), HucRule.SECTION, "section \"" + section + "\" names no event"));
                continue;
            }
            if (!sections.add(section)) {
                diagnostics.add(diagnostic(fileOf.apply(f), f, HucRule.SECTION, "a second entry point for " + section
                        + ": an object has one program per event"));
                continue;
            }
            try {
                FunctionCompiler fc = new FunctionCompiler(u, f, event.get());
                Program p = fc.compile();
                try {
                    org.hyperupcall.ebpf.isa.ProgramChecker.check(p);
                } catch (org.hyperupcall.ebpf.isa.InvalidProgramException e) {
                    diagnostics.add(diagnostic(fileOf.apply(f), f, HucRule.INTERNAL, "internal compiler error in " + f.getName()
                            + ": the code it produced is not a valid program (" + e.getMessage() + "); please report it"));
                    continue;
                }
                int limit = org.hyperupcall.abi.ProgramType.of(event.get()).instructionLimit();
                if (p.size() > limit) {
                    diagnostics.add(diagnostic(fileOf.apply(f), f, HucRule.INSN_LIMIT, f.getName() + " compiles to " + p.size()
                            + " instructions, over the limit of " + limit + " for " + event.get().id() + INSN_LIMIT_ADVICE));
                    continue;
                }
                programs.add(new CompiledProgram(mainFile, f.getName(), event.get(), p, fc.externs(), fc.variables(), fc.sites(),
                        fc.inlineSites()));
                for (FunctionCompiler.Warning w : fc.warnings()) {
                    SourceDiagnostic d = diagnostic(fileOf.apply(w.node()), w.node(), w.rule(), w.message());
                    diagnostics.add(new SourceDiagnostic(d.file(), d.line(), d.column(), false, d.message(), d.rule()));
                }
                elf.add(section, p, fc.externs());
            } catch (CompileException e) {
                diagnostics.add(diagnostic(fileOf.apply((e.node == null ? f : e.node)), e.node == null ? f : e.node, e.rule, e.getMessage()));
            } catch (RuntimeException e) {
                diagnostics.add(diagnostic(fileOf.apply(f), f, HucRule.INTERNAL, "internal compiler error in " + f.getName() + ": " + e));
            }
        }
        return new Compilation(programs, diagnostics, elf.toBytes());
    }

    static String unquote(String s) {
        return s != null && s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    static SourceDiagnostic diagnostic(String file, EObject node, HucRule rule, String message) {
        ICompositeNode n = NodeModelUtils.findActualNodeFor(node);
        int line = 0;
        int column = 0;
        if (n != null) {
            LineAndColumn lc = NodeModelUtils.getLineAndColumn(n, n.getOffset());
            line = lc.getLine();
            column = lc.getColumn();
        }
        return new SourceDiagnostic(file, line, column, true, message, rule.id());
    }

    private static void flattenComma(Expression x, List<Expression> out) {
        if (x instanceof CommaExpression c) {
            flattenComma(c.getLeft(), out);
            flattenComma(c.getRight(), out);
        } else if (x != null) {
            out.add(x);
        }
    }

    /** Whether a declarator declares an array ("[]" has no dimension expression in the model). */
    static boolean isArray(EObject declarator) {
        ICompositeNode n = NodeModelUtils.findActualNodeFor(declarator);
        return n != null && NodeModelUtils.getTokenText(n).contains("[");
    }

    /** A parameter's name, or null. */
    static String paramName(Param p) {
        return p.getDeclarator() == null ? null : p.getDeclarator().getName();
    }

    /** A parameter's type. */
    static CType paramType(Types types, Param p) {
        if (p.getDeclarator() != null && isArray(p.getDeclarator())) {
            throw CompileException.unsupported(p, "an array parameter");
        }
        return types.of(p.getType(), p.getDeclarator() == null ? List.of() : p.getDeclarator().getPointers());
    }

    /** A function's parameters; none for (void). */
    static List<Param> params(Function f) {
        List<Param> ps = f.getParams();
        if (ps.size() == 1 && (ps.get(0).getDeclarator() == null || ps.get(0).getDeclarator().getName() == null
                && ps.get(0).getDeclarator().getPointers().isEmpty())
                && ps.get(0).getType().getBase() instanceof PrimitiveType p && p.getNames().equals(List.of("void"))) {
            return List.of();
        }
        return ps;
    }

    /** The source line a node starts on (0 when unknown). */
    static int line(EObject node) {
        ICompositeNode n = NodeModelUtils.findActualNodeFor(node);
        return n == null ? 0 : n.getStartLine();
    }

    /** The line of a function's closing brace. */
    static int endLine(Function f) {
        return endLine((EObject) f);
    }

    /** The last line of a construct (a block's closing brace). */
    static int endLine(EObject f) {
        ICompositeNode n = NodeModelUtils.findActualNodeFor(f);
        return n == null ? 0 : n.getEndLine();
    }

    /** A construct's name for messages: "a switch statement", "a while loop". */
    static String construct(EObject node) {
        String c = node.eClass().getName();
        return switch (c) {
            case "SwitchStatement" -> "a switch statement";
            case "WhileStatement" -> "a while loop";
            case "DoStatement" -> "a do-while loop";
            case "GotoStatement" -> "goto";
            case "LabeledStatement" -> "a label";
            case "AsmStatement" -> "inline assembly";
            default -> "the construct " + c;
        };
    }
}
