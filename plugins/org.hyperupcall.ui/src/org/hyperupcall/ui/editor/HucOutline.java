package org.hyperupcall.ui.editor;

import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IAdapterFactory;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.jface.viewers.SelectionChangedEvent;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.texteditor.ITextEditor;
import org.eclipse.ui.views.contentoutline.ContentOutlinePage;
import org.eclipse.ui.views.contentoutline.IContentOutlinePage;
import org.hyperupcall.ui.HucUi;

/**
 * The Outline of a HUC editor: entry points with their event, functions with parameters and
 * locals, structs with members, #defines, externs, typedefs and enumerators (the server's
 * document symbols), refreshed after each check; selecting one selects it in the editor.
 */
public class HucOutline extends ContentOutlinePage {
    private final ITextEditor editor;
    private final String uri;
    private final Consumer<PublishDiagnosticsParams> refresh = p -> refreshLater();

    public HucOutline(ITextEditor editor, String uri) {
        this.editor = editor;
        this.uri = uri;
    }

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        TreeViewer viewer = getTreeViewer();
        viewer.setContentProvider(new ITreeContentProvider() {
            @Override
            public Object[] getElements(Object input) {
                return input instanceof List<?> l ? l.toArray() : new Object[0];
            }

            @Override
            public Object[] getChildren(Object parent) {
                return parent instanceof DocumentSymbol s && s.getChildren() != null ? s.getChildren().toArray() : new Object[0];
            }

            @Override
            public Object getParent(Object element) {
                return null;
            }

            @Override
            public boolean hasChildren(Object element) {
                return element instanceof DocumentSymbol s && s.getChildren() != null && !s.getChildren().isEmpty();
            }
        });
        viewer.setLabelProvider(new LabelProvider() {
            @Override
            public String getText(Object element) {
                if (element instanceof DocumentSymbol s) {
                    return s.getName() + (s.getDetail() == null || s.getDetail().isEmpty() ? "" : " : " + s.getDetail());
                }
                return String.valueOf(element);
            }
        });
        viewer.addSelectionChangedListener(this::reveal);
        HucUi.session().addDiagnosticsListener(uri, refresh);
        refreshLater();
    }

    private void reveal(SelectionChangedEvent e) {
        if (e.getSelection() instanceof IStructuredSelection s && s.getFirstElement() instanceof DocumentSymbol sym) {
            IDocument d = editor.getDocumentProvider().getDocument(editor.getEditorInput());
            org.eclipse.jface.text.Position p = HucDocuments.span(d, sym.getSelectionRange());
            editor.selectAndReveal(p.offset, p.length);
        }
    }

    /** Off the caller's thread: a diagnostics report comes from inside the server's build, which a request would wait for. */
    private void refreshLater() {
        java.util.concurrent.CompletableFuture.runAsync(() -> show(HucUi.session().symbols(uri)));
    }

    private void show(List<DocumentSymbol> symbols) {
        if (symbols == null) {
            return; // stale: the report of the newer text refreshes again
        }
        Display.getDefault().asyncExec(() -> {
            TreeViewer v = getTreeViewer();
            if (v != null && !v.getControl().isDisposed()) {
                v.setInput(symbols);
                v.expandToLevel(2);
            }
        });
    }

    @Override
    public void dispose() {
        HucUi.session().removeDiagnosticsListener(uri, refresh);
        super.dispose();
    }

    /** Gives HUC editors (the generic editor on a *.huc file) this outline. */
    public static class Factory implements IAdapterFactory {
        @Override
        public <T> T getAdapter(Object adaptable, Class<T> adapterType) {
            if (adapterType != IContentOutlinePage.class || !(adaptable instanceof ITextEditor editor) || editor.getEditorInput() == null
                    || !editor.getEditorInput().getName().endsWith(".huc") || editor.getDocumentProvider() == null) {
                return null;
            }
            String uri = HucDocuments.uri(editor.getDocumentProvider().getDocument(editor.getEditorInput()));
            return uri == null ? null : adapterType.cast(new HucOutline(editor, uri));
        }

        @Override
        public Class<?>[] getAdapterList() {
            return new Class<?>[] {IContentOutlinePage.class};
        }
    }
}
