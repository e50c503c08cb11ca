package org.hyperupcall.ui.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.filesystem.EFS;
import org.eclipse.core.filesystem.IFileStore;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.jface.text.hyperlink.AbstractHyperlinkDetector;
import org.eclipse.jface.text.hyperlink.IHyperlink;
import org.eclipse.lsp4j.Location;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.texteditor.ITextEditor;
import org.hyperupcall.ui.HucUi;

/** Go to definition (Ctrl+click, F3 through the hyperlink): the server's definition, into included files too. */
public class HucHyperlinks extends AbstractHyperlinkDetector {
    @Override
    public IHyperlink[] detectHyperlinks(ITextViewer viewer, IRegion region, boolean canShowMultipleHyperlinks) {
        IDocument d = viewer.getDocument();
        String uri = HucDocuments.uri(d);
        int[] w = HucDocuments.word(d, region.getOffset());
        if (uri == null || w == null) {
            return null;
        }
        HucUi.session().sync(uri, d.get());
        List<IHyperlink> links = new ArrayList<>();
        for (Location l : HucUi.session().definition(uri, HucDocuments.position(d, region.getOffset()))) {
            links.add(new Link(new Region(w[0], w[1] - w[0]), l));
        }
        return links.isEmpty() ? null : links.toArray(new IHyperlink[0]);
    }

    /** Opens the definition's file in the HUC editor and selects the definition. */
    public static void open(Location l) {
        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        try {
            java.net.URI target = java.net.URI.create(l.getUri());
            IFile[] files = "file".equals(target.getScheme())
                    ? ResourcesPlugin.getWorkspace().getRoot().findFilesForLocationURI(target) : new IFile[0];
            IEditorPart editor;
            if (HucHeaderInput.URI.equals(l.getUri())) {
                editor = page.openEditor(HucHeaderInput.get(), "org.eclipse.ui.genericeditor.GenericEditor");
            } else if (files.length > 0) {
                editor = IDE.openEditor(page, files[0]);
            } else {
                IFileStore store = EFS.getStore(target);
                editor = IDE.openEditorOnFileStore(page, store);
            }
            if (editor instanceof ITextEditor te) {
                IDocument doc = te.getDocumentProvider().getDocument(te.getEditorInput());
                org.eclipse.jface.text.Position p = HucDocuments.span(doc, l.getRange());
                te.selectAndReveal(p.offset, p.length);
            }
        } catch (org.eclipse.core.runtime.CoreException | IllegalArgumentException e) {
            HucUi.log("cannot open " + l.getUri(), e);
        }
    }

    private record Link(IRegion region, Location target) implements IHyperlink {
        @Override
        public IRegion getHyperlinkRegion() {
            return region;
        }

        @Override
        public String getTypeLabel() {
            return "Definition";
        }

        @Override
        public String getHyperlinkText() {
            return "Open Definition";
        }

        @Override
        public void open() {
            HucHyperlinks.open(target);
        }
    }
}
