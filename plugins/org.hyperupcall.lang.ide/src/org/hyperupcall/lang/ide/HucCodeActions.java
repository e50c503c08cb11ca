package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.ILanguageServerAccess;
import org.eclipse.xtext.ide.server.codeActions.ICodeActionService2;

import org.hyperupcall.lang.HucRule;

/**
 * Quick fixes for the rules that have a mechanical one: a mutable global or static local becomes
 * {@code const} (HUC-GLOBAL); an implicit conversion that changes a constant's value gets an
 * explicit cast to the target type, stating the truncation is meant (HUC-CONSTANT-CONVERSION);
 * a while loop is turned into a counted for loop skeleton to complete (HUC-LOOP on {@code while}).
 * On a verifier rejection, "Run it": a command that runs the entry point on the context that
 * reaches it and reports the fault ({@link HucRejections#RUN}).
 */
public class HucCodeActions implements ICodeActionService2 {
    @Override
    public List<Either<Command, CodeAction>> getCodeActions(Options options) {
        List<Either<Command, CodeAction>> out = new ArrayList<>();
        Document doc = options.getDocument();
        if (doc == null && options.getResource() instanceof org.eclipse.xtext.resource.XtextResource r && r.getParseResult() != null) {
            doc = new Document(1, r.getParseResult().getRootNode().getText());
        }
        if (doc == null && options.getLanguageServerAccess() != null && options.getURI() != null) {
            doc = options.getLanguageServerAccess().doSyncRead(options.getURI(), ILanguageServerAccess.Context::getDocument);
        }
        if (doc == null) {
            return out;
        }
        String text = doc.getContents();
        for (Diagnostic d : options.getCodeActionParams().getContext().getDiagnostics()) {
            String code = d.getCode() == null ? null : d.getCode().getLeft();
            if (code != null && code.startsWith("HUV-")) {
                runIt(options, d).ifPresent(out::add);
                continue;
            }
            HucRule rule = code == null ? null : HucRule.byId(code).orElse(null);
            if (rule == null) {
                continue;
            }
            int start;
            int end;
            try {
                start = doc.getOffSet(d.getRange().getStart());
                end = doc.getOffSet(d.getRange().getEnd());
            } catch (IndexOutOfBoundsException e) {
                continue;
            }
            switch (rule) {
                case MUTABLE_GLOBAL -> {
                    int lineStart = text.lastIndexOf('\n', Math.max(0, start - 1)) + 1;
                    int first = lineStart;
                    while (first < text.length() && Character.isWhitespace(text.charAt(first)) && text.charAt(first) != '\n') {
                        first++;
                    }
                    if (text.startsWith("static ", first)) {
                        first += "static ".length();
                    }
                    out.add(fix("Make it const", d, options.getURI(), doc, first, first, "const "));
                }
                case CONSTANT_CONVERSION -> {
                    String m = d.getMessage().isLeft() ? d.getMessage().getLeft() : d.getMessage().getRight().getValue();
                    int to = m.indexOf(" to ");
                    int changes = m.indexOf(" changes value");
                    if (to > 0 && changes > to) {
                        String type = m.substring(to + 4, changes);
                        int eq = text.indexOf('=', start);
                        int value = eq < 0 || eq > end ? -1 : eq + 1;
                        while (value > 0 && value < end && text.charAt(value) == ' ') {
                            value++;
                        }
                        if (value > 0 && value < end) {
                            out.add(fix("Cast to " + type + " (the truncation is meant)", d, options.getURI(), doc, value, value,
                                    "(" + type + ") "));
                        }
                    }
                }
                case UNBOUNDED_LOOP -> {
                    int w = text.lastIndexOf("while", start + 5);
                    if (w >= 0 && w <= start + 5 && text.startsWith("while", w)) {
                        int open = text.indexOf('(', w);
                        int close = open < 0 ? -1 : matching(text, open);
                        if (close > open) {
                            String cond = text.substring(open + 1, close).trim();
                            String loop = "for (u32 __i = 0; __i < MAX_ITERATIONS && (" + cond + "); __i++)";
                            out.add(fix("Bound the loop: for (u32 __i = 0; __i < MAX_ITERATIONS && ...; __i++)", d, options.getURI(), doc,
                                    w, close + 1, loop));
                        }
                    }
                }
                default -> {
                }
            }
        }
        return out;
    }

    /**
     * "Run it" on a verifier rejection: the command {@link HucRejections#RUN} for the entry point
     * rejected at the diagnostic's line, which runs it on the context that reaches the rejection.
     */
    private static java.util.Optional<Either<Command, CodeAction>> runIt(Options options, Diagnostic d) {
        // Xtext gives the code actions the URI and the server's access, not always the resource
        org.eclipse.emf.ecore.resource.Resource resource = options.getResource() != null ? options.getResource()
                : options.getLanguageServerAccess() == null || options.getURI() == null ? null
                        : options.getLanguageServerAccess().doSyncRead(options.getURI(), ILanguageServerAccess.Context::getResource);
        org.hyperupcall.lang.huc.TranslationUnit unit = HucLanguageServerImpl.unit(resource);
        if (unit == null || resource.getURI() == null) {
            return java.util.Optional.empty();
        }
        org.hyperupcall.lang.compiler.Compilation c = org.hyperupcall.lang.compiler.Compiler.compileCached(resource.getURI().lastSegment(), unit);
        int line = d.getRange().getStart().getLine() + 1;
        for (org.hyperupcall.lang.compiler.CompiledProgram p : c.programs()) {
            java.util.Optional<org.hyperupcall.lang.compiler.VerifierInsight.Failure> f = HucRejections.failure(p);
            if (f.isPresent() && f.get().line() == line) {
                CodeAction action = new CodeAction("Run it with " + HucRejections.context(f.get()) + " (shows the fault in the simulator)");
                action.setKind(CodeActionKind.QuickFix);
                action.setDiagnostics(List.of(d));
                action.setCommand(new Command("run it", HucRejections.RUN, List.of(new com.google.gson.JsonPrimitive(options.getURI()),
                        new com.google.gson.JsonPrimitive(p.function()))));
                return java.util.Optional.of(Either.forRight(action));
            }
        }
        return java.util.Optional.empty();
    }

    private static int matching(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static Either<Command, CodeAction> fix(String title, Diagnostic d, String uri, Document doc, int from, int to, String insert) {
        Position a = doc.getPosition(from);
        Position b = doc.getPosition(to);
        CodeAction action = new CodeAction(title);
        action.setKind(CodeActionKind.QuickFix);
        action.setDiagnostics(List.of(d));
        action.setEdit(new WorkspaceEdit(Map.of(uri, List.of(new TextEdit(new Range(a, b), insert)))));
        return Either.forRight(action);
    }
}
