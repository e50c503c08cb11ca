package org.hyperupcall.ui.editor;

import org.eclipse.jface.text.source.Annotation;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;

/** A diagnostic of the language server shown in the editor (squiggle, ruler and overview marks, hover). */
public class HucAnnotation extends Annotation {
    public static final String ERROR = "org.eclipse.ui.workbench.texteditor.error";
    public static final String WARNING = "org.eclipse.ui.workbench.texteditor.warning";
    public static final String INFO = "org.eclipse.ui.workbench.texteditor.info";
    private final Diagnostic diagnostic;

    public HucAnnotation(Diagnostic d) {
        super(type(d.getSeverity()), false, text(d));
        this.diagnostic = d;
    }

    private static String type(DiagnosticSeverity s) {
        if (s == null || s == DiagnosticSeverity.Error) {
            return ERROR;
        }
        return s == DiagnosticSeverity.Warning ? WARNING : INFO;
    }

    private static String text(Diagnostic d) {
        String rule = rule(d);
        // LSP 3.18: the message is a string or markup; printing the Either gave "Either [ left = … ]"
        String message = d.getMessage() == null ? "" : d.getMessage().isLeft() ? d.getMessage().getLeft() : d.getMessage().getRight().getValue();
        return message + (rule.isEmpty() ? "" : " [" + rule + "]");
    }

    static String rule(Diagnostic d) {
        return d.getCode() == null ? "" : d.getCode().isLeft() ? d.getCode().getLeft() : String.valueOf(d.getCode().getRight());
    }

    /** The rule id (HUC-LOOP, VER-…), or "" when the diagnostic has none (a syntax error). */
    public String rule() {
        return rule(diagnostic);
    }

    public Diagnostic diagnostic() {
        return diagnostic;
    }
}
