package org.hyperupcall.ui.editor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.ITextViewerLifecycle;
import org.eclipse.jface.text.Position;
import org.eclipse.jface.text.reconciler.DirtyRegion;
import org.eclipse.jface.text.reconciler.IReconcilingStrategy;
import org.eclipse.jface.text.reconciler.IReconcilingStrategyExtension;
import org.eclipse.jface.text.source.Annotation;
import org.eclipse.jface.text.source.IAnnotationModel;
import org.eclipse.jface.text.source.IAnnotationModelExtension;
import org.eclipse.jface.text.source.ISourceViewer;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.swt.widgets.Display;
import org.hyperupcall.ui.HucUi;

/**
 * Live diagnostics: after the editor's reconciler delay, the document's text goes to the
 * language session; what the server publishes (the rules, the compiler, the verifier, each
 * with its rule id) replaces this editor's annotations.
 */
public class HucDiagnosticsStrategy implements IReconcilingStrategy, IReconcilingStrategyExtension, ITextViewerLifecycle {
    private ITextViewer viewer;
    private IDocument document;
    private String uri;
    private boolean opened;
    private final Consumer<PublishDiagnosticsParams> listener = this::published;
    private final List<Annotation> shown = new ArrayList<>();

    @Override
    public void install(ITextViewer textViewer) {
        this.viewer = textViewer;
    }

    @Override
    public void uninstall() {
        if (opened) {
            HucUi.session().removeDiagnosticsListener(uri, listener);
            HucUi.session().close(uri);
            opened = false;
        }
        viewer = null;
    }

    @Override
    public void setDocument(IDocument d) {
        this.document = d;
    }

    @Override
    public void setProgressMonitor(IProgressMonitor monitor) {
    }

    @Override
    public void initialReconcile() {
        uri = HucDocuments.uri(document);
        if (uri == null) {
            return;
        }
        HucUi.session().addDiagnosticsListener(uri, listener);
        HucUi.session().sync(uri, document.get());
        opened = true;
    }

    @Override
    public void reconcile(DirtyRegion dirtyRegion, IRegion subRegion) {
        reconcile(subRegion);
    }

    @Override
    public void reconcile(IRegion partition) {
        if (opened) {
            HucUi.session().sync(uri, document.get());
        }
    }

    private void published(PublishDiagnosticsParams p) {
        Display display = Display.getDefault();
        if (display.isDisposed()) {
            return;
        }
        display.asyncExec(() -> show(p.getDiagnostics()));
    }

    private void show(List<Diagnostic> diagnostics) {
        ITextViewer v = viewer;
        if (!(v instanceof ISourceViewer sv) || sv.getAnnotationModel() == null || sv.getDocument() != document) {
            return;
        }
        IAnnotationModel model = sv.getAnnotationModel();
        Map<Annotation, Position> added = new HashMap<>();
        for (Diagnostic d : diagnostics) {
            Position at = HucDocuments.span(document, d.getRange());
            if (at.length == 0 && at.offset < document.getLength()) {
                at.length = 1;
            }
            added.put(new HucAnnotation(d), at);
        }
        synchronized (shown) {
            if (model instanceof IAnnotationModelExtension ext) {
                ext.replaceAnnotations(shown.toArray(new Annotation[0]), added);
            } else {
                shown.forEach(model::removeAnnotation);
                added.forEach(model::addAnnotation);
            }
            shown.clear();
            shown.addAll(added.keySet());
        }
        if (sv instanceof org.eclipse.jface.text.source.ISourceViewerExtension5 minings) {
            minings.updateCodeMinings(); // the instruction counts above the entry points
        }
    }

    /** The HUC annotations an editor's annotation model holds now. */
    public static List<HucAnnotation> annotations(IAnnotationModel model) {
        List<HucAnnotation> out = new ArrayList<>();
        for (Iterator<Annotation> i = model.getAnnotationIterator(); i.hasNext();) {
            if (i.next() instanceof HucAnnotation a) {
                out.add(a);
            }
        }
        return out;
    }
}
