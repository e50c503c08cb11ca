package org.hyperupcall.ui.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.ITextViewerLifecycle;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotation;
import org.eclipse.jface.text.source.projection.ProjectionAnnotationModel;
import org.eclipse.jface.text.source.projection.ProjectionViewer;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.swt.widgets.Display;
import org.hyperupcall.ui.HucUi;

/**
 * Folding of HUC in the Eclipse editor: the language server's folding ranges (bodies in braces that
 * span lines, block comments, runs of line comments and of #include lines), so that every editor
 * folds alike; this class only turns them into projection annotations.
 */
public class HucFolding implements IReconcilingStrategy, IReconcilingStrategyExtension, ITextViewerLifecycle {
    private ProjectionViewer viewer;
    private IDocument document;

    /** A foldable region: from the start of its first line to the end of its last. */
    public record Region(int startLine, int endLine, String kind) {
    }

    @Override
    public void install(ITextViewer textViewer) {
        viewer = textViewer instanceof ProjectionViewer p ? p : null;
    }

    @Override
    public void uninstall() {
        viewer = null;
    }

    @Override
    public void setDocument(IDocument d) {
        document = d;
    }

    @Override
    public void setProgressMonitor(IProgressMonitor monitor) {
    }

    @Override
    public void initialReconcile() {
        update();
    }

    @Override
    public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
        update();
    }

    @Override
    public void reconcile(IRegion partition) {
        update();
    }

    private void update() {
        IDocument d = document;
        String uri = d == null ? null : HucDocuments.uri(d);
        if (uri == null || viewer == null) {
            return;
        }
        // The text the user sees, then the server's ranges for it: the same folding VS Code and Neovim show.
        HucUi.session().sync(uri, d.get());
        List<Region> regions = regions(HucUi.session().foldingRanges(uri));
        if (regions == null) {
            return; // no answer (a newer edit made the request stale): the next reconcile asks again
        }
        Display display = Display.getDefault();
        display.asyncExec(() -> apply(d, regions));
    }

    private void apply(IDocument d, List<Region> regions) {
        ProjectionViewer v = viewer;
        if (v == null || v.getDocument() != d) {
            return;
        }
        ProjectionAnnotationModel model = v.getProjectionAnnotationModel();
        if (model == null) {
            return;
        }
        Map<String, Annotation> existing = new HashMap<>();
        for (Iterator<Annotation> i = model.getAnnotationIterator(); i.hasNext();) {
            Annotation a = i.next();
            Position p = model.getPosition(a);
            if (a instanceof ProjectionAnnotation && p != null) {
                existing.put(p.offset + ":" + p.length, a);
            }
        }
        Map<Annotation, Position> added = new HashMap<>();
        for (Region r : regions) {
            try {
                int start = d.getLineOffset(r.startLine());
                int end = r.endLine() + 1 < d.getNumberOfLines() ? d.getLineOffset(r.endLine() + 1) : d.getLength();
                if (existing.remove(start + ":" + (end - start)) == null) {
                    added.put(new ProjectionAnnotation(), new Position(start, end - start));
                }
            } catch (BadLocationException e) {
                // the document changed since: the next reconcile brings it up to date
            }
        }
        model.modifyAnnotations(existing.values().toArray(new Annotation[0]), added, null);
    }

    /**
     * The language server's folding ranges as regions (0-based lines), or null for no answer. A range
     * ends on the line before a closing brace, which stays visible, as in VS Code.
     */
    public static List<Region> regions(List<FoldingRange> ranges) {
        if (ranges == null) {
            return null;
        }
        List<Region> out = new ArrayList<>();
        for (FoldingRange r : ranges) {
            if (r.getEndLine() > r.getStartLine()) {
                out.add(new Region(r.getStartLine(), r.getEndLine(), r.getKind() == null ? "region" : r.getKind()));
            }
        }
        return out;
    }
}
