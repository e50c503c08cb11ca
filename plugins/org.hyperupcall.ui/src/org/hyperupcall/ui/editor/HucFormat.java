package org.hyperupcall.ui.editor;

import java.util.List;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;
import org.hyperupcall.ui.HucUi;

/**
 * Format (Ctrl+Shift+F in a HUC editor, or Hyperupcall &gt; Format HUC File): the language
 * server's formatting (indentation by braces, trailing blanks removed; only whitespace changes),
 * applied as one undoable change.
 */
public class HucFormat extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) {
        if (HandlerUtil.getActiveEditor(event) instanceof ITextEditor editor && editor.getEditorInput().getName().endsWith(".huc")
                && editor.isEditable()) {
            format(editor.getDocumentProvider().getDocument(editor.getEditorInput()));
        }
        return null;
    }

    /** Formats a HUC document in place; false when the server had nothing to change. */
    public static boolean format(IDocument d) {
        String uri = HucDocuments.uri(d);
        if (uri == null) {
            return false;
        }
        HucUi.session().sync(uri, d.get());
        List<? extends TextEdit> edits = HucUi.session().format(uri);
        if (edits.isEmpty()) {
            return false;
        }
        try {
            HucDocuments.apply(d, edits);
        } catch (BadLocationException e) {
            HucUi.log("formatting no longer applies to the text", e);
        }
        return true;
    }
}
