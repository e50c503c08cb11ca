package org.hyperupcall.ui.views;

import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IDocumentListener;
import org.eclipse.jface.text.DocumentEvent;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.texteditor.ITextEditor;
import org.hyperupcall.ui.editor.HucDocuments;

/**
 * A view that follows the active HUC editor: it recomputes when another HUC editor becomes
 * active or the text changes (after a pause in typing), and follows the caret's line.
 */
public abstract class HucEditorView extends ViewPart {
    private static final int DELAY_MS = 300;
    private ITextEditor editor;
    private IDocument document;
    private int caretLine = -1;
    private int generation;
    private final IDocumentListener typing = new IDocumentListener() {
        @Override
        public void documentAboutToBeChanged(DocumentEvent event) {
        }

        @Override
        public void documentChanged(DocumentEvent event) {
            schedule();
        }
    };
    private final ISelectionListener follow = this::selectionChanged;

    /** Recomputes the view for this text of the file ({@code path}); on the UI thread. */
    protected abstract void update(String path, String text);

    /** Shows the caret's line (1-based). */
    protected abstract void caret(int line);

    /** Shows that there is no HUC editor to follow. */
    protected abstract void clear();

    protected void startFollowing() {
        getSite().getPage().addPostSelectionListener(follow);
        IEditorPart active = getSite().getPage().getActiveEditor();
        if (active != null) {
            selectionChanged(active, active.getSite().getSelectionProvider() == null ? null
                    : active.getSite().getSelectionProvider().getSelection());
        } else {
            clear();
        }
    }

    private void selectionChanged(IWorkbenchPart part, ISelection selection) {
        if (!(part instanceof ITextEditor te) || te.getEditorInput() == null || !te.getEditorInput().getName().endsWith(".huc")) {
            return;
        }
        if (te != editor) {
            if (document != null) {
                document.removeDocumentListener(typing);
            }
            editor = te;
            document = te.getDocumentProvider().getDocument(te.getEditorInput());
            document.addDocumentListener(typing);
            caretLine = -1;
            recompute();
        }
        if (selection instanceof ITextSelection ts && ts.getStartLine() + 1 != caretLine) {
            caretLine = ts.getStartLine() + 1;
            caret(caretLine);
        }
    }

    private void schedule() {
        int g = ++generation;
        Display.getDefault().timerExec(DELAY_MS, () -> {
            if (g == generation) {
                recompute();
            }
        });
    }

    private void recompute() {
        if (document == null) {
            clear();
            return;
        }
        String uri = HucDocuments.uri(document);
        String path = uri == null ? editor.getEditorInput().getName() : java.nio.file.Path.of(java.net.URI.create(uri)).toString();
        update(path, document.get());
        if (caretLine > 0) {
            caret(caretLine);
        }
    }

    private static String compiledPath;
    private static String compiledText;
    private static org.hyperupcall.lang.compiler.Compilation compiled;

    /**
     * The editor's text compiled (includes beside the file), once for all the views that follow the
     * same editor: after a pause in typing each of them asks for the same text.
     */
    protected static synchronized org.hyperupcall.lang.compiler.Compilation compile(String path, String text) {
        if (!path.equals(compiledPath) || !text.equals(compiledText)) {
            compiled = org.hyperupcall.lang.compiler.Compiler.compile(path, text, org.hyperupcall.lang.IncludeResolver.files());
            compiledPath = path;
            compiledText = text;
        }
        return compiled;
    }

    /** The editor the view follows (null before the first). */
    protected ITextEditor editor() {
        return editor;
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(follow);
        if (document != null) {
            document.removeDocumentListener(typing);
        }
        super.dispose();
    }
}
