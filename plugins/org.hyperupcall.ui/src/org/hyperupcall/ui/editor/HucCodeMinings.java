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
 * instructions"): the language server's inlay hints, as code minings; above the line an entry point
 * is rejected at, its code lenses "path to the failure: line 6 → 7; exit_reason = 48" and "run it",
 * which run their commands when clicked and show the answer ({@link HucCommandResults}). (The
 * "verifier log" lens is the Verifier Log view here.) Refreshed with each diagnostics report.
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
            for (org.eclipse.lsp4j.CodeLens lens : HucUi.session().codeLenses(uri)) {
                org.eclipse.lsp4j.Command c = lens.getCommand();
                if (c == null || !REJECTION_COMMANDS.contains(c.getCommand())) {
                    continue;
                }
                try {
                    LineHeaderCodeMining m = new LineHeaderCodeMining(lens.getRange().getStart().getLine(), d, this,
                            e -> HucCommandResults.run(c, c.getTitle().startsWith("path") ? "Path to the verifier's rejection" : "Run it")) {
                    };
                    m.setLabel(c.getTitle());
                    out.add(m);
                } catch (BadLocationException e) {
                    // the text changed since: the next refresh places it
                }
            }
            return out;
        });
    }

    /** The lenses of a rejection that are minings here: the path to it, and "run it". */
    private static final java.util.Set<String> REJECTION_COMMANDS = java.util.Set.of("huc.rejectionPath", "huc.runRejection");
}
