package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeKind;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.TerminalRule;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.hyperupcall.lang.huc.Block;
import org.hyperupcall.lang.huc.EnumDef;
import org.hyperupcall.lang.huc.Include;
import org.hyperupcall.lang.huc.ListInit;
import org.hyperupcall.lang.huc.StructDef;
import org.hyperupcall.lang.huc.SwitchStatement;
import org.hyperupcall.lang.huc.TopLevel;
import org.hyperupcall.lang.huc.TranslationUnit;

/**
 * Folding ranges: each brace pair that spans lines (function bodies and other compound
 * statements, struct, union and enum bodies, switch bodies, initializer lists) from the line of
 * its '{' to the line before its '}' (which stays visible); block comments over several lines and
 * runs of two or more lines holding only a '//' comment (kind comment); runs of two or more
 * consecutive #include lines (kind imports).
 */
final class HucFolding {
    private HucFolding() {
    }

    static List<FoldingRange> ranges(TranslationUnit unit) {
        List<FoldingRange> out = new ArrayList<>();
        ICompositeNode node = unit == null ? null : NodeModelUtils.getNode(unit);
        if (node == null) {
            return out;
        }
        ICompositeNode root = node.getRootNode();
        String text = root.getText();
        for (java.util.Iterator<EObject> it = unit.eAllContents(); it.hasNext();) {
            EObject o = it.next();
            if (o instanceof Block || o instanceof StructDef || o instanceof EnumDef || o instanceof SwitchStatement || o instanceof ListInit) {
                braces(o, out);
            }
        }
        comments(root, text, out);
        includes(unit, out);
        out.sort(Comparator.comparingInt(FoldingRange::getStartLine).thenComparingInt(FoldingRange::getEndLine));
        return out;
    }

    /** The object's first '{' and last '}' keyword tokens. */
    private static void braces(EObject o, List<FoldingRange> out) {
        ICompositeNode n = NodeModelUtils.findActualNodeFor(o);
        if (n == null) {
            return;
        }
        ILeafNode open = null;
        ILeafNode close = null;
        for (ILeafNode l : n.getLeafNodes()) {
            if (l.getGrammarElement() instanceof Keyword k) {
                if (open == null && "{".equals(k.getValue())) {
                    open = l;
                } else if ("}".equals(k.getValue())) {
                    close = l;
                }
            }
        }
        if (open == null || close == null) {
            return;
        }
        int start = open.getStartLine() - 1;
        int end = close.getStartLine() - 2; // the line before the closing brace
        if (end > start) {
            out.add(new FoldingRange(start, end));
        }
    }

    private static void comments(ICompositeNode root, String text, List<FoldingRange> out) {
        int runStart = -1;
        int runEnd = -1;
        for (ILeafNode l : root.getLeafNodes()) {
            if (!l.isHidden() || !(l.getGrammarElement() instanceof TerminalRule t)) {
                continue;
            }
            if ("ML_COMMENT".equals(t.getName())) {
                int s = l.getStartLine() - 1;
                int e = l.getEndLine() - 1;
                if (e > s) {
                    out.add(kind(new FoldingRange(s, e), FoldingRangeKind.Comment));
                }
            } else if ("SL_COMMENT".equals(t.getName()) && aloneOnItsLine(text, l)) {
                int line = l.getStartLine() - 1;
                if (runStart >= 0 && line == runEnd + 1) {
                    runEnd = line;
                } else {
                    flushRun(runStart, runEnd, out);
                    runStart = line;
                    runEnd = line;
                }
            }
        }
        flushRun(runStart, runEnd, out);
    }

    private static void flushRun(int start, int end, List<FoldingRange> out) {
        if (start >= 0 && end > start) {
            out.add(kind(new FoldingRange(start, end), FoldingRangeKind.Comment));
        }
    }

    /** Whether only blanks stand before a '//' comment on its line. */
    private static boolean aloneOnItsLine(String text, INode comment) {
        for (int i = comment.getOffset() - 1; i >= 0 && text.charAt(i) != '\n'; i--) {
            if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                return false;
            }
        }
        return true;
    }

    private static void includes(TranslationUnit unit, List<FoldingRange> out) {
        int start = -1;
        int end = -1;
        for (TopLevel t : unit.getItems()) {
            INode n = NodeModelUtils.findActualNodeFor(t);
            if (!(t instanceof Include) || n == null) {
                if (end > start && start >= 0) {
                    out.add(kind(new FoldingRange(start, end), FoldingRangeKind.Imports));
                }
                start = -1;
                end = -1;
                continue;
            }
            int line = n.getStartLine() - 1;
            if (start >= 0 && line == end + 1) {
                end = line;
            } else {
                if (end > start && start >= 0) {
                    out.add(kind(new FoldingRange(start, end), FoldingRangeKind.Imports));
                }
                start = line;
                end = line;
            }
        }
        if (end > start && start >= 0) {
            out.add(kind(new FoldingRange(start, end), FoldingRangeKind.Imports));
        }
    }

    private static FoldingRange kind(FoldingRange r, String kind) {
        r.setKind(kind);
        return r;
    }
}
