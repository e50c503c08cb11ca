package org.hyperupcall.ui.editor;

import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkedString;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.hyperupcall.ui.HucUi;

/**
 * Hover from the language server: helpers and their docs, fields with offset and size, constants,
 * guest symbols, entry points' instruction counts; and anywhere on a line with code what the
 * verifier knows after it (registers, accesses, on a rejected line the path to it).
 */
public class HucTextHover implements ITextHover {
    @Override
    public String getHoverInfo(ITextViewer viewer, IRegion region) {
        String uri = HucDocuments.uri(viewer.getDocument());
        if (uri == null) {
            return null;
        }
        HucUi.session().sync(uri, viewer.getDocument().get());
        Hover h = HucUi.session().hover(uri, HucDocuments.position(viewer.getDocument(), region.getOffset()));
        return h == null || h.getContents() == null ? null : text(h);
    }

    static String text(Hover h) {
        if (h.getContents().isRight()) {
            return HucDocuments.plain(h.getContents().getRight().getValue());
        }
        StringBuilder sb = new StringBuilder();
        for (Either<String, MarkedString> part : h.getContents().getLeft()) {
            sb.append(part.isLeft() ? HucDocuments.plain(part.getLeft()) : part.getRight().getValue()).append('\n');
        }
        String s = sb.toString().strip();
        return s.isEmpty() ? null : s;
    }

    @Override
    public IRegion getHoverRegion(ITextViewer viewer, int offset) {
        int[] w = HucDocuments.word(viewer.getDocument(), offset);
        return w == null ? new Region(offset, 0) : new Region(w[0], w[1] - w[0]);
    }
}
