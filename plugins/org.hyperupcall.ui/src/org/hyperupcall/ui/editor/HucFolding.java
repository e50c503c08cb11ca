package org.hyperupcall.ui.editor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
import org.eclipse.swt.widgets.Display;

/**
 * Folding of HUC: bodies in braces that span lines (functions, structs, enums, blocks), block
 * comments, runs of line comments and runs of #include lines.
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
        if (d == null || viewer == null) {
            return;
        }
        List<Region> regions = regions(d.get());
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

    /** The foldable regions of a HUC text (0-based lines), in order of their start. */
    public static List<Region> regions(String text) {
        List<Region> out = new ArrayList<>();
        Deque<Integer> open = new ArrayDeque<>();
        int line = 0;
        int commentRunStart = -1;
        int commentRunEnd = -2;
        int includeStart = -1;
        int includeEnd = -2;
        int n = text.length();
        boolean lineHasCode = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineHasCode = false;
                continue;
            }
            if (Character.isWhitespace(c)) {
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int startLine = line;
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                for (int k = i; k < end; k++) {
                    if (text.charAt(k) == '\n') {
                        line++;
                    }
                }
                if (line > startLine) {
                    out.add(new Region(startLine, line, "comment"));
                }
                i = end - 1;
                continue;
            }
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                if (!lineHasCode) {
                    if (commentRunEnd == line - 1) {
                        commentRunEnd = line;
                    } else {
                        flush(out, commentRunStart, commentRunEnd, "comment");
                        commentRunStart = line;
                        commentRunEnd = line;
                    }
                }
                int eol = text.indexOf('\n', i);
                i = (eol < 0 ? n : eol) - 1;
                continue;
            }
            if (!lineHasCode && c == '#' && text.startsWith("include", skipBlank(text, i + 1))) {
                if (includeEnd == line - 1) {
                    includeEnd = line;
                } else {
                    flush(out, includeStart, includeEnd, "imports");
                    includeStart = line;
                    includeEnd = line;
                }
            }
            lineHasCode = true;
            if (c == '"' || c == '\'') {
                int k = i + 1;
                while (k < n && text.charAt(k) != c && text.charAt(k) != '\n') {
                    k += text.charAt(k) == '\\' ? 2 : 1;
                }
                i = Math.min(k, n - 1);
            } else if (c == '{') {
                open.push(line);
            } else if (c == '}' && !open.isEmpty()) {
                int from = open.pop();
                if (line > from) {
                    out.add(new Region(from, line, "region"));
                }
            }
        }
        flush(out, commentRunStart, commentRunEnd, "comment");
        flush(out, includeStart, includeEnd, "imports");
        out.sort(java.util.Comparator.comparingInt(Region::startLine));
        return out;
    }

    private static int skipBlank(String text, int i) {
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static void flush(List<Region> out, int start, int end, String kind) {
        if (start >= 0 && end > start) {
            out.add(new Region(start, end, kind));
        }
    }
}
