package org.hyperupcall.ui.editor;

import org.eclipse.core.filebuffers.FileBuffers;
import org.eclipse.core.filebuffers.ITextFileBuffer;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.IDocument;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** Where an editor's document lives (its file URI) and conversions between offsets and LSP positions. */
public final class HucDocuments {
    private HucDocuments() {
    }

    /** The file URI of the document's buffer ({@code file:///…}), or null when it is not a file's. */
    public static String uri(IDocument document) {
        if (document == null) {
            return null;
        }
        ITextFileBuffer buffer = FileBuffers.getTextFileBufferManager().getTextFileBuffer(document);
        if (buffer == null || buffer.getFileStore() == null) {
            return null;
        }
        java.net.URI u = buffer.getFileStore().toURI();
        return "file".equals(u.getScheme()) ? java.nio.file.Path.of(u).toUri().toString() : u.toString();
    }

    public static Position position(IDocument d, int offset) {
        try {
            int line = d.getLineOfOffset(offset);
            return new Position(line, offset - d.getLineOffset(line));
        } catch (BadLocationException e) {
            return new Position(0, 0);
        }
    }

    /** The offset of an LSP position, clamped into the document. */
    public static int offset(IDocument d, Position p) {
        try {
            if (p.getLine() >= d.getNumberOfLines()) {
                return d.getLength();
            }
            int start = d.getLineOffset(p.getLine());
            int length = d.getLineLength(p.getLine());
            return start + Math.max(0, Math.min(p.getCharacter(), length));
        } catch (BadLocationException e) {
            return 0;
        }
    }

    public static org.eclipse.jface.text.Position span(IDocument d, Range r) {
        int start = offset(d, r.getStart());
        int end = Math.max(start, offset(d, r.getEnd()));
        return new org.eclipse.jface.text.Position(start, end - start);
    }

    /**
     * Applies a server's text edits (ranges in the text before any of them) from the end of the
     * document backwards, so earlier offsets stay valid, as one rewrite (one undo).
     */
    public static void apply(IDocument d, java.util.List<? extends org.eclipse.lsp4j.TextEdit> edits) throws BadLocationException {
        java.util.List<org.eclipse.jface.text.Position> spans = new java.util.ArrayList<>();
        for (org.eclipse.lsp4j.TextEdit e : edits) {
            spans.add(span(d, e.getRange()));
        }
        java.util.List<Integer> order = new java.util.ArrayList<>();
        for (int i = 0; i < edits.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparingInt((Integer i) -> spans.get(i).offset).reversed());
        var session = d instanceof org.eclipse.jface.text.IDocumentExtension4 d4
                ? d4.startRewriteSession(org.eclipse.jface.text.DocumentRewriteSessionType.SEQUENTIAL) : null;
        try {
            for (int i : order) {
                d.replace(spans.get(i).offset, spans.get(i).length, edits.get(i).getNewText());
            }
        } finally {
            if (session != null) {
                ((org.eclipse.jface.text.IDocumentExtension4) d).stopRewriteSession(session);
            }
        }
    }

    /** The identifier around offset as [start, end), or null. */
    public static int[] word(IDocument d, int offset) {
        try {
            int s = offset;
            while (s > 0 && Character.isJavaIdentifierPart(d.getChar(s - 1))) {
                s--;
            }
            int e = offset;
            while (e < d.getLength() && Character.isJavaIdentifierPart(d.getChar(e))) {
                e++;
            }
            return e > s ? new int[] {s, e} : null;
        } catch (BadLocationException ex) {
            return null;
        }
    }

    /** LSP markup (markdown) as plain text for SWT: code fences and emphasis marks removed. */
    public static String plain(String markdown) {
        StringBuilder sb = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (line.startsWith("```")) {
                continue;
            }
            sb.append(line.replace("**", "").replace("`", "")).append('\n');
        }
        return sb.toString().strip();
    }
}
