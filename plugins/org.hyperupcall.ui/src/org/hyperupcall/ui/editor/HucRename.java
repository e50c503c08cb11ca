package org.hyperupcall.ui.editor;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.core.filebuffers.ITextFileBufferManager;
import org.eclipse.core.filebuffers.LocationKind;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.jface.dialogs.IInputValidator;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.ITextSelection;
import org.eclipse.jface.window.Window;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.ui.handlers.HandlerUtil;
import org.eclipse.ui.texteditor.ITextEditor;
import org.hyperupcall.ui.HucLanguageSession;
import org.hyperupcall.ui.HucUi;

/**
 * Rename (Alt+Shift+R in a HUC editor, or Hyperupcall &gt; Rename Symbol): the language server's
 * rename by C's scope rules, applied to every file it touches (open editors and files on disk
 * alike, through their file buffers); a refusal (a helper, a keyword, a collision, a use that
 * would change meaning) is shown with the server's reason.
 */
public class HucRename extends AbstractHandler {
    private static final IInputValidator IDENTIFIER = s -> s.matches("[A-Za-z_][A-Za-z0-9_]*") ? null : "not a C identifier";

    @Override
    public Object execute(ExecutionEvent event) {
        if (!(HandlerUtil.getActiveEditor(event) instanceof ITextEditor editor) || !editor.getEditorInput().getName().endsWith(".huc")) {
            return null;
        }
        IDocument d = editor.getDocumentProvider().getDocument(editor.getEditorInput());
        int offset = ((ITextSelection) editor.getSelectionProvider().getSelection()).getOffset();
        int[] w = HucDocuments.word(d, offset);
        if (w == null) {
            MessageDialog.openInformation(HandlerUtil.getActiveShell(event), "Rename", "Put the caret on a name to rename it.");
            return null;
        }
        String old = d.get().substring(w[0], w[1]);
        InputDialog ask = new InputDialog(HandlerUtil.getActiveShell(event), "Rename", "New name for '" + old + "':", old, IDENTIFIER);
        if (ask.open() != Window.OK || ask.getValue().equals(old)) {
            return null;
        }
        try {
            rename(d, offset, ask.getValue());
        } catch (HucLanguageSession.RenameRefused e) {
            MessageDialog.openError(HandlerUtil.getActiveShell(event), "Rename", e.getMessage());
        }
        return null;
    }

    /** Renames the symbol at offset in every file; returns how many edits were applied. */
    public static int rename(IDocument d, int offset, String newName) throws HucLanguageSession.RenameRefused {
        String uri = HucDocuments.uri(d);
        if (uri == null) {
            throw new HucLanguageSession.RenameRefused("the document is not a file");
        }
        HucUi.session().sync(uri, d.get());
        WorkspaceEdit edit = HucUi.session().rename(uri, HucDocuments.position(d, offset), newName);
        int applied = 0;
        Map<String, List<TextEdit>> changes = edit.getChanges() == null ? Map.of() : edit.getChanges();
        for (Map.Entry<String, List<TextEdit>> e : changes.entrySet()) {
            try {
                apply(e.getKey(), e.getValue());
                applied += e.getValue().size();
            } catch (CoreException | BadLocationException ex) {
                throw new HucLanguageSession.RenameRefused("cannot change " + e.getKey() + ": " + ex.getMessage());
            }
        }
        return applied;
    }

    /** Applies edits to a file's buffer: the open editor's document if there is one; a closed file is saved. */
    private static void apply(String uri, List<TextEdit> edits) throws CoreException, BadLocationException {
        IFile[] files = ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(URI.create(uri));
        ITextFileBufferManager manager = FileBuffers.getTextFileBufferManager();
        org.eclipse.core.runtime.IPath path = files.length > 0 ? files[0].getFullPath()
                : org.eclipse.core.runtime.Path.fromOSString(java.nio.file.Path.of(URI.create(uri)).toString());
        LocationKind kind = files.length > 0 ? LocationKind.IFILE : LocationKind.LOCATION;
        boolean wasOpen = manager.getTextFileBuffer(path, kind) != null;
        manager.connect(path, kind, null);
        try {
            ITextFileBuffer buffer = manager.getTextFileBuffer(path, kind);
            HucDocuments.apply(buffer.getDocument(), edits);
            if (!wasOpen) {
                buffer.commit(null, true);
            }
        } finally {
            manager.disconnect(path, kind, null);
        }
    }
}
