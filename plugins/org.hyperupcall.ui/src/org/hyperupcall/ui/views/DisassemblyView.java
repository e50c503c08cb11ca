package org.hyperupcall.ui.views;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.LineBackgroundEvent;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.hyperupcall.lang.SourceDiagnostic;
import org.hyperupcall.lang.compiler.Compilation;

/**
 * Disassembly: the eBPF code of the active HUC editor's entry points as {@code huc compile --emit
 * asm} prints it (llvm-objdump's form, each HUC line before its instructions); the instructions
 * of the caret's line are highlighted and scrolled into view.
 */
public class DisassemblyView extends HucEditorView {
    public static final String ID = "org.hyperupcall.ui.disassemblyView";
    private static final Color HIGHLIGHT = new Color(new RGB(0xff, 0xf4, 0xc0));
    private StyledText text;
    /** Per listing line, the HUC line it belongs to (0 for headers). */
    private int[] sourceOf = new int[0];
    private int highlighted = -1;

    @Override
    public void createPartControl(Composite parent) {
        text = new StyledText(parent, SWT.READ_ONLY | SWT.H_SCROLL | SWT.V_SCROLL);
        text.setFont(JFaceResources.getTextFont());
        text.addLineBackgroundListener(this::background);
        startFollowing();
    }

    private void background(LineBackgroundEvent e) {
        int line = text.getLineAtOffset(e.lineOffset);
        if (highlighted > 0 && line < sourceOf.length && sourceOf[line] == highlighted) {
            e.lineBackground = HIGHLIGHT;
        }
    }

    @Override
    protected void update(String path, String source) {
        String[] lines = source.split("\r?\n", -1);
        Compilation c = compile(path, source);
        if (!c.ok()) {
            StringBuilder sb = new StringBuilder("; no code: the file does not compile\n");
            for (SourceDiagnostic d : c.diagnostics()) {
                if (d.error()) {
                    sb.append("; ").append(d.format()).append('\n');
                }
            }
            show(sb.toString(), new int[0]);
            return;
        }
        List<Integer> shownLines = new ArrayList<>();
        String listing = c.listingWithSource(l -> {
            shownLines.add(l);
            return l >= 1 && l <= lines.length ? lines[l - 1] : "";
        });
        String[] out = listing.split("\n", -1);
        int[] map = new int[out.length];
        int k = 0;
        int current = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i].startsWith("; ") && k < shownLines.size()) {
                current = shownLines.get(k++);
            } else if (out[i].startsWith("Disassembly of section")) {
                current = 0;
            }
            map[i] = current;
        }
        show(listing, map);
    }

    private void show(String listing, int[] map) {
        if (text.isDisposed()) {
            return;
        }
        int top = text.getTopIndex();
        sourceOf = map;
        text.setText(listing);
        text.setTopIndex(top);
    }

    @Override
    protected void caret(int line) {
        highlighted = line;
        if (text.isDisposed()) {
            return;
        }
        for (int i = 0; i < sourceOf.length; i++) {
            if (sourceOf[i] == line) {
                if (i < text.getTopIndex() || i > text.getTopIndex() + text.getClientArea().height / Math.max(1, text.getLineHeight()) - 2) {
                    text.setTopIndex(Math.max(0, i - 2));
                }
                break;
            }
        }
        text.redraw();
    }

    @Override
    protected void clear() {
        show("; open a HUC file: its eBPF code shows here", new int[0]);
    }

    /** The listing shown now. */
    public String listing() {
        return text.getText();
    }

    /** The listing lines highlighted now (those of the caret's HUC line). */
    public List<String> highlightedLines() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < sourceOf.length && i < text.getLineCount(); i++) {
            if (highlighted > 0 && sourceOf[i] == highlighted) {
                out.add(text.getLine(i));
            }
        }
        return out;
    }

    @Override
    public void setFocus() {
        text.setFocus();
    }
}
