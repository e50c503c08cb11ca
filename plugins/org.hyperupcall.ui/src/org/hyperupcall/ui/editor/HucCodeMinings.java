package org.hyperupcall.ui.editor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.codemining.AbstractCodeMiningProvider;
import org.eclipse.jface.text.codemining.ICodeMining;
import org.eclipse.jface.text.codemining.LineHeaderCodeMining;
import org.eclipse.lsp4j.InlayHint;
import org.hyperupcall.ui.HucUi;

/**
 * Above each entry point, its instruction count against its event's limit ("34 / 4096
 * instructions"): the language server's inlay hints, as code minings. Refreshed with each
 * diagnostics report.
 */
public class HucCodeMinings extends AbstractCodeMiningProvider {
    @Override
    public CompletableFuture<List<? extends ICodeMining>> provideCodeMinings(ITextViewer viewer, IProgressMonitor monitor) {
        IDocument d = viewer.getDocument();
        String uri = HucDocuments.uri(d);
        if (uri == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        String text = d.get();
        return CompletableFuture.supplyAsync(() -> {
            HucUi.session().sync(uri, text);
            List<ICodeMining> out = new ArrayList<>();
            for (InlayHint h : HucUi.session().inlayHints(uri, HucDocuments.position(d, 0), HucDocuments.position(d, text.length()))) {
                if (monitor != null && monitor.isCanceled()) {
                    break;
                }
                String label = h.getLabel().isLeft() ? h.getLabel().getLeft().strip() : "";
                if (label.isEmpty()) {
                    continue;
                }
                try {
                    LineHeaderCodeMining m = new LineHeaderCodeMining(h.getPosition().getLine(), d, this) {
                    };
                    m.setLabel(label.replace(" insns", " instructions"));
                    out.add(m);
                } catch (BadLocationException e) {
                    // the text changed since: the next refresh places it
                }
            }
            return out;
        });
    }
}
