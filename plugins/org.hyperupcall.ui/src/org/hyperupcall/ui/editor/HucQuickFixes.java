package org.hyperupcall.ui.editor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.contentassist.ICompletionProposal;
import org.eclipse.jface.text.contentassist.IContextInformation;
import org.eclipse.jface.text.quickassist.IQuickAssistInvocationContext;
import org.eclipse.jface.text.quickassist.IQuickAssistProcessor;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.hyperupcall.ui.HucUi;

/**
 * Quick fixes (Ctrl+1 or the ruler's light bulb) for the diagnostics at the caret: the language
 * server's code actions (const for a mutable global, an explicit cast where a constant changes
 * value, a bounded for loop in place of a while), applied to the document as one edit; and those
 * that are commands ("Run it" on a verifier rejection), run with their answer shown.
 */
public class HucQuickFixes implements IQuickAssistProcessor {
    @Override
    public String getErrorMessage() {
        return null;
    }

    @Override
    public boolean canFix(Annotation annotation) {
        return annotation instanceof HucAnnotation a && !a.rule().isEmpty();
    }

    @Override
    public boolean canAssist(IQuickAssistInvocationContext context) {
        return false;
    }

    @Override
    public ICompletionProposal[] computeQuickAssistProposals(IQuickAssistInvocationContext context) {
        IDocument d = context.getSourceViewer().getDocument();
        IAnnotationModel model = context.getSourceViewer().getAnnotationModel();
        String uri = HucDocuments.uri(d);
        if (uri == null || model == null) {
            return new ICompletionProposal[0];
        }
        HucUi.session().sync(uri, d.get());
        int offset = context.getOffset();
        List<Diagnostic> at = new ArrayList<>();
        for (Iterator<Annotation> i = model.getAnnotationIterator(); i.hasNext();) {
            Annotation a = i.next();
            org.eclipse.jface.text.Position p = model.getPosition(a);
            if (a instanceof HucAnnotation h && p != null && p.offset <= offset && offset <= p.offset + p.length) {
                at.add(h.diagnostic());
            }
        }
        List<ICompletionProposal> out = new ArrayList<>();
        for (Diagnostic diag : at) {
            for (CodeAction action : HucUi.session().codeActions(uri, diag.getRange(), List.of(diag))) {
                if (action.getEdit() == null && action.getCommand() != null) {
                    org.eclipse.lsp4j.Command command = action.getCommand();
                    out.add(new Fix(action.getTitle(), doc -> HucCommandResults.run(command, action.getTitle())));
                    continue;
                }
                if (action.getEdit() == null || action.getEdit().getChanges() == null) {
                    continue;
                }
                List<TextEdit> edits = new ArrayList<>();
                for (Map.Entry<String, List<TextEdit>> e : action.getEdit().getChanges().entrySet()) {
                    if (HucLanguageKeys.same(e.getKey(), uri)) {
                        edits.addAll(e.getValue());
                    }
                }
                if (!edits.isEmpty()) {
                    String title = action.getTitle();
                    out.add(new Fix(title, doc -> {
                        try {
                            HucDocuments.apply(doc, edits);
                        } catch (BadLocationException ex) {
                            HucUi.log("quick fix '" + title + "' no longer applies", ex);
                        }
                    }));
                }
            }
        }
        return out.toArray(new ICompletionProposal[0]);
    }

    /**
     * A code action: its edits applied (from the end of the document backwards, so earlier offsets
     * stay valid), or its command run.
     */
    private record Fix(String title, java.util.function.Consumer<IDocument> action) implements ICompletionProposal {
        @Override
        public void apply(IDocument d) {
            action.accept(d);
        }

        @Override
        public Point getSelection(IDocument d) {
            return null;
        }

        @Override
        public String getAdditionalProposalInfo() {
            return title;
        }

        @Override
        public String getDisplayString() {
            return title;
        }

        @Override
        public Image getImage() {
            return null;
        }

        @Override
        public IContextInformation getContextInformation() {
            return null;
        }
    }
}
