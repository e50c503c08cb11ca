package org.hyperupcall.launch.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.ui.IEditorDescriptor;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.IHyperlink;
import org.eclipse.ui.console.IPatternMatchListenerDelegate;
import org.eclipse.ui.console.PatternMatchEvent;
import org.eclipse.ui.console.TextConsole;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;

/**
 * Makes {@code file.huc:LINE:COL: error:} in a run's console (and in the compile console) a link that
 * opens the file at that line and column (a workspace file, else a file on disk).
 */
public class SourceLinks implements IPatternMatchListenerDelegate {
    /** The location part of a diagnostic: file, line, column. */
    static final Pattern LOCATION = Pattern.compile("([^\\s:]+\\.huc):(\\d+):(\\d+)");
    /** The editor HUC files open in when the workbench has no association for them. */
    static final String GENERIC_EDITOR = "org.eclipse.ui.genericeditor.GenericEditor";

    private TextConsole console;

    @Override
    public void connect(TextConsole c) {
        console = c;
    }

    @Override
    public void disconnect() {
        console = null;
    }

    @Override
    public void matchFound(PatternMatchEvent event) {
        TextConsole c = console;
        if (c == null) {
            return;
        }
        try {
            String text = c.getDocument().get(event.getOffset(), event.getLength());
            Matcher m = LOCATION.matcher(text);
            if (m.lookingAt()) {
                c.addHyperlink(new Link(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))), event.getOffset(),
                        m.end());
            }
        } catch (BadLocationException | NumberFormatException e) {
            // the text changed under us: no link
        }
    }

    /** A link to a line and column of a HUC file. */
    public record Link(String file, int line, int column) implements IHyperlink {
        @Override
        public void linkActivated() {
            IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
            IWorkbenchPage page = window == null ? null : window.getActivePage();
            if (page == null) {
                return;
            }
            try {
                IEditorPart editor = open(page);
                if (editor != null) {
                    reveal(editor);
                }
            } catch (PartInitException e) {
                org.eclipse.core.runtime.Platform.getLog(SourceLinks.class).log(e.getStatus());
            }
        }

        private IEditorPart open(IWorkbenchPage page) throws PartInitException {
            IPath p = IPath.fromPortableString(file);
            IResource r = p.segmentCount() >= 2 ? ResourcesPlugin.getWorkspace().getRoot().findMember(p) : null;
            if (r instanceof IFile f && f.exists()) {
                return IDE.openEditor(page, f, editorId(f.getName()), true);
            }
            Path path = Path.of(file);
            if (path.isAbsolute() && Files.isRegularFile(path)) {
                return IDE.openEditor(page, new org.eclipse.ui.ide.FileStoreEditorInput(EFS.getLocalFileSystem().getStore(path.toUri())),
                        editorId(path.getFileName().toString()), true);
            }
            return null;
        }

        /** The editor associated with the name, else the generic editor, else the default text editor (never an external program). */
        private static String editorId(String name) {
            var registry = PlatformUI.getWorkbench().getEditorRegistry();
            IEditorDescriptor d = registry.getDefaultEditor(name);
            if (d != null && d.isInternal()) {
                return d.getId();
            }
            return registry.findEditor(GENERIC_EDITOR) != null ? GENERIC_EDITOR : "org.eclipse.ui.DefaultTextEditor";
        }

        private void reveal(IEditorPart editor) {
            ITextEditor text = editor.getAdapter(ITextEditor.class);
            if (text == null) {
                return;
            }
            IDocument doc = text.getDocumentProvider().getDocument(text.getEditorInput());
            if (doc == null) {
                return;
            }
            try {
                int l = Math.min(Math.max(line, 1), doc.getNumberOfLines()) - 1;
                int offset = doc.getLineOffset(l) + Math.min(Math.max(column - 1, 0), doc.getLineLength(l));
                text.selectAndReveal(offset, 0);
            } catch (BadLocationException e) {
                // the file is shorter than when it ran
            }
        }

        @Override
        public void linkEntered() {
        }

        @Override
        public void linkExited() {
        }
    }
}
