package org.hyperupcall.lang.validation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.validation.Check;
import org.hyperupcall.lang.HucRule;
import org.hyperupcall.lang.RelatedLocation;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.HelperSpec;
import org.hyperupcall.abi.Helpers;
import org.hyperupcall.lang.huc.AsmStatement;
import org.hyperupcall.lang.huc.AssignmentExpression;
import org.hyperupcall.lang.huc.BinaryExpression;
import org.hyperupcall.lang.huc.CallExpression;
import org.hyperupcall.lang.huc.Declarator;
import org.hyperupcall.lang.huc.DoStatement;
import org.hyperupcall.lang.huc.Expression;
import org.hyperupcall.lang.huc.ForStatement;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.GlobalVar;
import org.hyperupcall.lang.huc.GotoStatement;
import org.hyperupcall.lang.huc.HucPackage;
import org.hyperupcall.lang.huc.LabeledStatement;
import org.hyperupcall.lang.huc.LocalDecl;
import org.hyperupcall.lang.huc.NameExpression;
import org.hyperupcall.lang.huc.NumberLiteral;
import org.hyperupcall.lang.huc.PostfixExpression;
import org.hyperupcall.lang.huc.PrimitiveType;
import org.hyperupcall.lang.huc.Qualifier;
import org.hyperupcall.lang.huc.TranslationUnit;
import org.hyperupcall.lang.huc.TypeSpec;
import org.hyperupcall.lang.huc.UnaryExpression;
import org.hyperupcall.lang.huc.WhileStatement;

/**
 * The dialect's source-level rules, each one method with a stable rule id (the issue code):
 * what C allows but a hyperupcall may not do, reported where the source says it, with a hint.
 */
public class HucValidator extends AbstractHucValidator {
    /**
     * What the compiler and the verifier say about the file, at its lines: type errors and
     * warnings, and for each entry point the verifier's verdict in the default guest (externs
     * linked to its symbol map), within {@link #EDITOR_VERIFIER_BUDGET}. Expensive: the editor and the
     * language server run it, {@code huc check} does not (it only parses and applies the rules). Skipped while the file has errors of
     * its own, so that a rule broken is not reported twice.
     */
    /**
     * How long the verifier may take per entry point while the user types (system property
     * {@code hyperupcall.editor.verifierBudgetMs}, default 200): past it the entry point gets
     * HUV-COMPLEXITY and the next edit is checked, whatever the program.
     */
    public static final java.time.Duration EDITOR_VERIFIER_BUDGET = java.time.Duration.ofMillis(Long.getLong("hyperupcall.editor.verifierBudgetMs", 200));

    @org.eclipse.xtext.validation.Check(org.eclipse.xtext.validation.CheckType.EXPENSIVE)
    public void compiledAndVerified(TranslationUnit unit) {
        org.eclipse.emf.ecore.resource.Resource r = unit.eResource();
        if (r == null || !r.getErrors().isEmpty()
                || getChain() instanceof org.eclipse.emf.common.util.Diagnostic d && d.getSeverity() >= org.eclipse.emf.common.util.Diagnostic.ERROR) {
            return;
        }
        org.eclipse.xtext.nodemodel.ICompositeNode root = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getNode(unit);
        if (root == null) {
            return;
        }
        String text = root.getRootNode().getText();
        String file = r.getURI() == null || r.getURI().lastSegment() == null ? "file.huc" : r.getURI().lastSegment();
        org.hyperupcall.lang.compiler.Compilation c = org.hyperupcall.lang.compiler.Compiler.compileCached(file, unit);
        List<org.hyperupcall.lang.SourceDiagnostic> found = new java.util.ArrayList<>(c.diagnostics());
        for (org.hyperupcall.lang.compiler.CompiledProgram p : c.programs()) {
            found.addAll(p.verifyIn(org.hyperupcall.abi.GuestLayout.defaults(), EDITOR_VERIFIER_BUDGET));
        }
        for (org.hyperupcall.lang.SourceDiagnostic d : found) {
            if (d.file() != null && !d.file().equals(file)) {
                continue; // in an included file: reported when that file is validated
            }
            int[] span = lineSpan(text, d.line());
            String message = d.message();
            String[] related = d.related().stream().filter(x -> x.line() > 0 && (x.file() == null || x.file().equals(file)))
                    .map(x -> related(text, x.line(), x.message())).toArray(String[]::new);
            if (d.error()) {
                acceptError(message, unit, span[0], span[1], d.rule(), related);
            } else {
                acceptWarning(message, unit, span[0], span[1], d.rule(), related);
            }
        }
    }

    /** The issue datum of related information at a line (1-based) of text: the line without its indentation. */
    static String related(String text, int line, String message) {
        int[] span = lineSpan(text, line);
        int lineStart = text.lastIndexOf('\n', Math.max(0, span[0] - 1)) + 1;
        if (span[0] == 0) {
            lineStart = 0;
        }
        int col = span[0] - lineStart;
        return new RelatedLocation(line - 1, col, line - 1, col + span[1], message).encode();
    }

    /**
     * Related information at an object's text (a function: its name) in the same file, as issue
     * data; none when the object has no text or is in another file than the one validated.
     */
    private String[] relatedAt(EObject o, String message) {
        org.eclipse.xtext.nodemodel.INode n = o instanceof Function f && f.getName() != null
                ? org.eclipse.xtext.nodemodel.util.NodeModelUtils.findNodesForFeature(f, HucPackage.Literals.FUNCTION__NAME).stream().findFirst()
                        .orElse(null)
                : org.eclipse.xtext.nodemodel.util.NodeModelUtils.findActualNodeFor(o);
        EObject validated = getCurrentObject();
        if (n == null || validated == null || o.eResource() != validated.eResource()) {
            return new String[0];
        }
        org.eclipse.xtext.nodemodel.INode root = n.getRootNode();
        org.eclipse.xtext.util.LineAndColumn s = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getLineAndColumn(root, n.getOffset());
        org.eclipse.xtext.util.LineAndColumn e = org.eclipse.xtext.nodemodel.util.NodeModelUtils.getLineAndColumn(root, n.getEndOffset());
        return new String[] {new RelatedLocation(s.getLine() - 1, s.getColumn() - 1, e.getLine() - 1, e.getColumn() - 1, message).encode()};
    }

    /** Offset and length of a line's text without its indentation (line 1 is the first; 0 or unknown: the first line). */
    static int[] lineSpan(String text, int line) {
        int start = 0;
        for (int l = 1; l < Math.max(1, line) && start < text.length(); l++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        if (end < 0) {
            end = text.length();
        }
        int first = start;
        while (first < end && Character.isWhitespace(text.charAt(first))) {
            first++;
        }
        if (first == end) {
            first = start;
        }
        return new int[] {first, Math.max(0, end - first)};
    }


    @Check
    public void functionPointers(Declarator d) {
        if (d.isFunctionPointer()) {
            error("function pointers are not allowed in hyperupcalls: call the function or the helper by name",
                    d, HucPackage.Literals.DECLARATOR__NAME, HucRule.FUNCTION_POINTER.id());
        }
    }

    @Check
    public void inlineAssembly(AsmStatement asm) {
        error("inline assembly is not allowed: the verifier must see every instruction; use a helper or plain C",
                asm, HucPackage.Literals.ASM_STATEMENT__KEYWORD, HucRule.INLINE_ASM.id());
    }

    @Check
    public void floatingPointTypes(PrimitiveType t) {
        for (String name : t.getNames()) {
            if (name.equals("float") || name.equals("double")) {
                error("floating point is not available in eBPF: use integers (fixed point if you need fractions)",
                        t, HucPackage.Literals.PRIMITIVE_TYPE__NAMES, HucRule.FLOATING_POINT.id());
                return;
            }
        }
    }

    @Check
    public void floatingPointLiterals(NumberLiteral n) {
        String v = n.getValue();
        boolean hex = v.startsWith("0x") || v.startsWith("0X");
        if (!hex && (v.contains(".") || v.contains("e") || v.contains("E") || v.endsWith("f") || v.endsWith("F"))) {
            error("floating-point literal " + v + ": eBPF has no floating point; use an integer", n,
                    HucPackage.Literals.NUMBER_LITERAL__VALUE, HucRule.FLOATING_POINT.id());
        }
    }

    @Check
    public void mutableGlobals(GlobalVar g) {
        if (!hasQualifier(g.getType(), "const")) {
            error("mutable global variables are not allowed: a hyperupcall keeps no state of its own; declare it const, "
                    + "or keep the state in registered guest memory", g, HucPackage.Literals.GLOBAL_VAR__DECLARATORS, HucRule.MUTABLE_GLOBAL.id());
        }
    }

    @Check
    public void staticLocals(LocalDecl d) {
        if (hasQualifier(d.getType(), "static") && !hasQualifier(d.getType(), "const")) {
            error("static local variables are mutable state, which hyperupcalls may not keep: make it a plain local",
                    d, HucPackage.Literals.LOCAL_DECL__TYPE, HucRule.MUTABLE_GLOBAL.id());
        }
    }

    @Check
    public void gotoStatements(GotoStatement g) {
        error("goto is not allowed: use if, loops with break and continue, or return", g, HucPackage.Literals.GOTO_STATEMENT__LABEL, HucRule.GOTO.id());
    }

    @Check
    public void labels(LabeledStatement l) {
        error("labels serve only goto, which is not allowed", l, HucPackage.Literals.LABELED_STATEMENT__LABEL, HucRule.GOTO.id());
    }

    @Check
    public void whileLoops(WhileStatement w) {
        error("a while loop has no bound the compiler can prove: write for (i = 0; i < N; i++) with a constant N "
                + "and break out early", w, HucPackage.Literals.WHILE_STATEMENT__CONDITION, HucRule.UNBOUNDED_LOOP.id());
    }

    @Check
    public void doLoops(DoStatement d) {
        error("a do-while loop has no bound the compiler can prove: write for (i = 0; i < N; i++) with a constant N "
                + "and break out early", d, HucPackage.Literals.DO_STATEMENT__CONDITION, HucRule.UNBOUNDED_LOOP.id());
    }

    /** A for loop is bounded when it counts one variable from a constant towards a constant and nothing else changes it. */
    @Check
    public void forLoops(ForStatement f) {
        Optional<LoopBounds.Unbounded> why = LoopBounds.unbounded(f, constants(f));
        why.ifPresent(u -> error("loop without a constant bound: " + u.reason()
                + "; write for (i = 0; i < N; i++) with a constant N and break out early",
                f, HucPackage.Literals.FOR_STATEMENT__CONDITION, HucRule.UNBOUNDED_LOOP.id(),
                u.where() == null ? new String[0] : relatedAt(u.where(), "the loop's counter changes here")));
    }

    @Check
    public void calls(CallExpression call) {
        Expression target = call.getTarget();
        if (!(target instanceof NameExpression name)) {
            error("indirect call: only HUC functions and ABI helpers can be called, by name", call,
                    HucPackage.Literals.CALL_EXPRESSION__TARGET, HucRule.FUNCTION_POINTER.id());
            return;
        }
        TranslationUnit unit = EcoreUtil2.getContainerOfType(call, TranslationUnit.class);
        if (functions(unit).containsKey(name.getName()) || Helpers.byName(name.getName()).isPresent()) {
            return;
        }
        error("call of '" + name.getName() + "', which is neither a function of this file nor an ABI helper (hup_*)",
                call, HucPackage.Literals.CALL_EXPRESSION__TARGET, HucRule.UNKNOWN_CALL.id());
    }

    /** Recursion and helpers the entry point's event may not call, found on the call graph from each entry point. */
    @Check
    public void entryPoints(Function f) {
        if (f.getSection() == null) {
            return;
        }
        String section = f.getSection().getName();
        Optional<Event> event = Event.bySection(section);
        if (event.isEmpty()) {
            error("section \"" + section + "\" names no event: use hyperupcall/tlb_shootdown, hyperupcall/page_reclaim, "
                    + "hyperupcall/vm_exit or hyperupcall/page_mapping", f.getSection(), HucPackage.Literals.SECTION__NAME, HucRule.SECTION.id());
            return;
        }
        Map<String, Function> functions = functions(EcoreUtil2.getContainerOfType(f, TranslationUnit.class));
        Deque<Function> path = new ArrayDeque<>();
        walk(f, event.get(), functions, path, new HashSet<>());
    }

    private void walk(Function f, Event event, Map<String, Function> functions, Deque<Function> path, Set<Function> done) {
        if (done.contains(f) || f.getBody() == null) {
            return;
        }
        path.push(f);
        for (CallExpression call : EcoreUtil2.getAllContentsOfType(f.getBody(), CallExpression.class)) {
            if (!(call.getTarget() instanceof NameExpression name)) {
                continue;
            }
            Function callee = functions.get(name.getName());
            if (callee != null) {
                if (path.contains(callee)) {
                    StringBuilder cycle = new StringBuilder();
                    List<Function> chain = new java.util.ArrayList<>(path);
                    java.util.Collections.reverse(chain);
                    for (Function c : chain.subList(chain.indexOf(callee), chain.size())) {
                        cycle.append(c.getName()).append(" -> ");
                    }
                    cycle.append(callee.getName());
                    String[] related = chain.subList(chain.indexOf(callee), chain.size()).stream()
                            .flatMap(c -> java.util.Arrays.stream(relatedAt(c, c.getName() + " is in the cycle"))).toArray(String[]::new);
                    error("recursive call (" + cycle + "): recursion is not allowed; rewrite it as a bounded loop", call,
                            HucPackage.Literals.CALL_EXPRESSION__TARGET, HucRule.RECURSION.id(), related);
                    continue;
                }
                if (path.size() > org.hyperupcall.lang.Limits.MAX_CALL_DEPTH) {
                    error(org.hyperupcall.lang.Limits.callsTooDeep(callee.getName()), call, HucPackage.Literals.CALL_EXPRESSION__TARGET,
                            HucRule.LIMIT.id());
                    continue;
                }
                walk(callee, event, functions, path, done);
                continue;
            }
            Optional<HelperSpec> helper = Helpers.byName(name.getName());
            if (helper.isPresent() && helper.get().localOnly() && event.isGlobal()) {
                error(helper.get().name() + " is only allowed in local hyperupcalls; " + event.id() + " is global", call,
                        HucPackage.Literals.CALL_EXPRESSION__TARGET, HucRule.HELPER_NOT_ALLOWED.id());
            }
        }
        path.pop();
        done.add(f);
    }

    /**
     * What a check needs of the whole unit, computed once per validation run (the run's context
     * map, keyed by what and the unit) rather than once per call or loop checked.
     */
    @SuppressWarnings("unchecked")
    private <T> T perRun(String what, EObject unit, java.util.function.Supplier<T> compute) {
        Map<Object, Object> context = getContext();
        if (context == null) {
            return compute.get();
        }
        List<Object> key = java.util.Arrays.asList(HucValidator.class, what, unit);
        Object cached = context.get(key);
        if (cached == null) {
            cached = compute.get();
            try {
                context.put(key, cached);
            } catch (UnsupportedOperationException e) {
                // a read-only context: compute each time
            }
        }
        return (T) cached;
    }

    /** The functions of the unit and of the files it includes. */
    private Map<String, Function> functions(TranslationUnit unit) {
        return perRun("functions", unit, () -> allFunctions(unit));
    }

    private static Map<String, Function> allFunctions(TranslationUnit unit) {
        Map<String, Function> out = new LinkedHashMap<>();
        for (TranslationUnit u : org.hyperupcall.lang.Includes.visible(unit)) {
            for (org.hyperupcall.lang.huc.TopLevel t : u.getItems()) { // functions are top-level items only
                if (t instanceof Function f && (f.getBody() != null || !out.containsKey(f.getName()))) {
                    out.put(f.getName(), f);
                }
            }
        }
        return out;
    }

    private static boolean hasQualifier(TypeSpec t, String q) {
        if (t == null) {
            return false;
        }
        for (Qualifier x : t.getQualifiers()) {
            if (q.equals(x.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** Names that stand for constants here: #defines and enumerators of the file and its includes, and the ABI's constants. */
    private Set<String> constants(EObject context) {
        TranslationUnit unit = EcoreUtil2.getContainerOfType(context, TranslationUnit.class);
        return perRun("constants", unit, () -> allConstants(context));
    }

    private static Set<String> allConstants(EObject context) {
        Set<String> names = new java.util.HashSet<>();
        for (TranslationUnit u : org.hyperupcall.lang.Includes.visible(EcoreUtil2.getContainerOfType(context, TranslationUnit.class))) {
            names.addAll(Constants.names(u));
        }
        return names.isEmpty() ? Constants.names(null) : names;
    }

    static boolean isName(Expression e, String name) {
        return e instanceof NameExpression n && n.getName().equals(name);
    }

    static boolean isIncrement(Expression e, String var) {
        if (e instanceof PostfixExpression p) {
            return isName(p.getOperand(), var);
        }
        if (e instanceof UnaryExpression u && ("++".equals(u.getOp()) || "--".equals(u.getOp()))) {
            return isName(u.getOperand(), var);
        }
        if (e instanceof AssignmentExpression a && ("+=".equals(a.getOp()) || "-=".equals(a.getOp()))) {
            return isName(a.getTarget(), var);
        }
        return false;
    }

    static boolean isComparison(Expression e) {
        return e instanceof BinaryExpression b && List.of("<", "<=", ">", ">=", "!=").contains(b.getOp());
    }
}
