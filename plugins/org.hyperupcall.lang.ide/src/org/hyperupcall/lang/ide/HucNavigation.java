package org.hyperupcall.lang.ide;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.xtext.GrammarUtil;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ide.server.UriExtensions;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.util.LineAndColumn;
import org.hyperupcall.lang.Includes;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.TranslationUnit;
import org.hyperupcall.lang.ide.HucSymbols.Kind;
import org.hyperupcall.lang.ide.HucSymbols.Occurrence;
import org.hyperupcall.lang.ide.HucSymbols.Symbol;

/**
 * References and rename over identifier tokens resolved by {@link HucSymbols}: every occurrence,
 * in the file and in the loaded files that include it or that it includes, of the symbol the
 * token at a position denotes. Rename refuses (with a message) names of hyperupcall.h, keywords,
 * names nothing declares, new names that are not C identifiers or are keywords, and new names
 * that would collide with a declaration of the same scope or change what another name refers to.
 */
final class HucNavigation {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*");

    /** C's keywords (C11), which HUC's grammar does not all know but a C compiler of the same file would. */
    private static final Set<String> C_KEYWORDS = Set.of("auto", "break", "case", "char", "const", "continue", "default", "do", "double",
            "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short",
            "signed", "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Alignas",
            "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local");

    /** A refusal, its message for the client. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    private final UriExtensions uris;

    HucNavigation(UriExtensions uris) {
        this.uris = uris;
    }

    /** Whether a word is a keyword: HUC's grammar's or C's. */
    static boolean isKeyword(String word, TranslationUnit unit) {
        if (C_KEYWORDS.contains(word)) {
            return true;
        }
        ICompositeNode root = unit == null ? null : NodeModelUtils.getNode(unit);
        if (root != null && root.getGrammarElement() != null) {
            for (String k : GrammarUtil.getAllKeywords(GrammarUtil.getGrammar(root.getGrammarElement()))) {
                if (k.equals(word)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The occurrence at offset, or a refusal saying why there is nothing to rename there. */
    Occurrence renameable(TranslationUnit unit, String text, int offset) {
        HucSymbols symbols = new HucSymbols();
        Occurrence o = symbols.at(unit, offset);
        if (o == null) {
            ICompositeNode root = NodeModelUtils.getNode(unit);
            ILeafNode leaf = root == null ? null : NodeModelUtils.findLeafNodeAtOffset(root.getRootNode(), offset);
            if (leaf != null && leaf.getGrammarElement() instanceof Keyword k) {
                throw new Refusal("'" + k.getValue() + "' is a keyword of HUC: only names declared in HUC source can be renamed");
            }
            int[] w = HucAbiNames.wordAt(text, offset);
            String word = w == null ? null : text.substring(w[0], w[1]);
            if (word != null && isKeyword(word, unit)) {
                throw new Refusal("'" + word + "' is a keyword of HUC: only names declared in HUC source can be renamed");
            }
            throw new Refusal(word == null ? "there is no name here to rename" : "'" + word + "' is not a name that can be renamed here");
        }
        Symbol s = o.symbol();
        if (s == null) {
            throw new Refusal("'" + o.name() + "' is not declared in this file or the files it includes: nothing to rename");
        }
        if (s.kind().abi()) {
            throw new Refusal("'" + s.name() + "' is a " + s.kind().description
                    + " (the hyperupcall ABI): it cannot be renamed; rename your own declarations only");
        }
        if (s.declaration() == null || s.home() == null) {
            throw new Refusal("'" + s.name() + "' has no declaration in a loaded file: nothing to rename");
        }
        return o;
    }

    /** The units where a symbol may occur: its file and the loaded files that see it; for ABI names, those around unit. */
    static List<TranslationUnit> candidates(Symbol s, TranslationUnit unit) {
        Set<TranslationUnit> out = new LinkedHashSet<>();
        TranslationUnit home = s.home() != null ? s.home() : unit;
        out.add(home);
        if (s.kind() == Kind.LOCAL || s.kind() == Kind.PARAMETER) {
            return new ArrayList<>(out);
        }
        if (s.home() == null) {
            out.addAll(Includes.visible(unit));
        }
        Resource r = home.eResource();
        if (r != null && r.getResourceSet() != null) {
            for (Resource other : List.copyOf(r.getResourceSet().getResources())) {
                if (!other.getContents().isEmpty() && other.getContents().get(0) instanceof TranslationUnit u
                        && (Includes.visible(u).contains(home) || s.home() == null && Includes.visible(u).contains(unit))) {
                    out.add(u);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** Every occurrence of a symbol in the given units (only in its function for locals and parameters). */
    static List<Occurrence> occurrences(HucSymbols symbols, Symbol s, List<TranslationUnit> units) {
        List<Occurrence> out = new ArrayList<>();
        int from = 0;
        int to = Integer.MAX_VALUE;
        if (s.kind() == Kind.LOCAL || s.kind() == Kind.PARAMETER) {
            Function f = org.eclipse.xtext.EcoreUtil2.getContainerOfType(s.declaration(), Function.class);
            INode n = f == null ? null : NodeModelUtils.findActualNodeFor(f);
            if (n != null) {
                from = n.getOffset();
                to = n.getEndOffset();
            }
        }
        for (TranslationUnit u : units) {
            for (Occurrence o : symbols.occurrences(u, from, to)) {
                if (s.equals(o.symbol())) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** The locations of the symbol at offset: its occurrences (with its declaration, and hyperupcall.h's, if asked). */
    List<Location> references(TranslationUnit unit, int offset, boolean includeDeclaration) {
        HucSymbols symbols = new HucSymbols();
        Occurrence at = symbols.at(unit, offset);
        List<Location> out = new ArrayList<>();
        if (at == null || at.symbol() == null) {
            return out;
        }
        Symbol s = at.symbol();
        if (includeDeclaration) {
            HucHeader.location(s).ifPresent(out::add);
        }
        for (Occurrence o : occurrences(symbols, s, candidates(s, unit))) {
            if (includeDeclaration || !o.declaration()) {
                out.add(location(o));
            }
        }
        return out;
    }

    /** The occurrences in unit of the symbol at offset: its declaration (kind Write) and its uses (kind Read). */
    static List<org.eclipse.lsp4j.DocumentHighlight> highlights(TranslationUnit unit, int offset) {
        HucSymbols symbols = new HucSymbols();
        Occurrence at = symbols.at(unit, offset);
        List<org.eclipse.lsp4j.DocumentHighlight> out = new ArrayList<>();
        if (at == null || at.symbol() == null) {
            return out;
        }
        for (Occurrence o : occurrences(symbols, at.symbol(), List.of(unit))) {
            out.add(new org.eclipse.lsp4j.DocumentHighlight(range(unit, o.offset(), o.length()),
                    o.declaration() ? org.eclipse.lsp4j.DocumentHighlightKind.Write : org.eclipse.lsp4j.DocumentHighlightKind.Read));
        }
        return out;
    }

    /** The edits renaming the symbol at offset to newName, by file URI; a refusal when that is not possible. */
    WorkspaceEdit rename(TranslationUnit unit, String text, int offset, String newName) {
        Occurrence at = renameable(unit, text, offset);
        Symbol s = at.symbol();
        if (newName == null || !IDENTIFIER.matcher(newName).matches()) {
            throw new Refusal("'" + newName + "' is not a C identifier: use letters, digits and _, not starting with a digit");
        }
        if (isKeyword(newName, unit)) {
            throw new Refusal("'" + newName + "' is a keyword: choose another name");
        }
        if (newName.equals(s.name())) {
            return new WorkspaceEdit(new LinkedHashMap<>());
        }
        List<TranslationUnit> units = candidates(s, unit);
        HucSymbols now = new HucSymbols();
        // The same scope: a second declaration of newName there.
        for (Symbol other : now.sameScope(s, units)) {
            if (other.name().equals(newName)) {
                throw new Refusal("cannot rename " + s.kind().description + " '" + s.name() + "' to '" + newName + "': "
                        + other.kind().description + " '" + newName + "' is already declared in the same scope" + where(other));
            }
        }
        if (s.kind().fileScope() && HucSymbols.abi(newName) != null) {
            throw new Refusal("cannot rename '" + s.name() + "' to '" + newName + "': '" + newName + "' is a "
                    + HucSymbols.abi(newName).kind().description);
        }
        if (s.kind() == Kind.TAG && org.hyperupcall.lang.compiler.Typing.abiStruct(newName).isPresent()) {
            throw new Refusal("cannot rename '" + s.name() + "' to '" + newName + "': struct " + newName + " is declared in hyperupcall.h");
        }
        List<Occurrence> occurrences = occurrences(now, s, units);
        // After the rename every use must still mean the symbol, and every existing newName what it meant.
        HucSymbols after = new HucSymbols(new HucSymbols.Renaming(s, newName));
        for (TranslationUnit u : units) {
            for (Occurrence o : now.occurrences(u)) {
                boolean renamed = s.equals(o.symbol());
                if (!renamed && !newName.equals(o.name()) || o.declaration()) {
                    continue;
                }
                Occurrence then = resolveAs(after, u, o, renamed ? newName : o.name());
                Symbol meant = renamed ? s : o.symbol();
                if (then != null && !java.util.Objects.equals(then.symbol(), meant)) {
                    String line = " (line " + lineOf(o) + ")";
                    throw new Refusal(renamed
                            ? "cannot rename '" + s.name() + "' to '" + newName + "': the use" + line + " would then refer to "
                                    + HucSymbols.describe(then.symbol()).orElse("something else") + where(then.symbol())
                            : "cannot rename '" + s.name() + "' to '" + newName + "': the use of '" + newName + "'" + line
                                    + " would then refer to the renamed " + s.kind().description);
                }
            }
        }
        Map<String, List<TextEdit>> changes = new LinkedHashMap<>();
        for (Occurrence o : occurrences) {
            Location l = location(o);
            changes.computeIfAbsent(l.getUri(), k -> new ArrayList<>()).add(new TextEdit(l.getRange(), newName));
        }
        for (List<TextEdit> edits : changes.values()) {
            edits.sort(Comparator.comparingInt((TextEdit e) -> e.getRange().getStart().getLine())
                    .thenComparingInt(e -> e.getRange().getStart().getCharacter()));
        }
        return new WorkspaceEdit(changes);
    }

    /** How the token of o would resolve if its text were name, with the resolver's renaming applied. */
    private static Occurrence resolveAs(HucSymbols after, TranslationUnit u, Occurrence o, String name) {
        Occurrence same = after.at(u, o.offset());
        if (same == null) {
            return null;
        }
        // The token's text is o.name(); resolve as if it read name.
        ILeafNode leaf = HucSymbols.leafAt(u, o.offset());
        org.eclipse.emf.ecore.EObject owner = NodeModelUtils.findActualSemanticObjectFor(leaf);
        Symbol s;
        if (owner instanceof org.hyperupcall.lang.huc.NameExpression) {
            s = after.ordinary(u, name, owner);
        } else if (owner instanceof org.hyperupcall.lang.huc.TaggedType t) {
            s = after.tag(u, t.getKind(), name);
        } else if (owner instanceof org.hyperupcall.lang.huc.TypedefRef) {
            s = after.typedef(u, name);
        } else {
            return same;
        }
        return new Occurrence(u, o.offset(), o.length(), name, s, false);
    }

    private static String where(Symbol s) {
        if (s == null || s.declaration() == null) {
            return s != null && s.kind().abi() ? " in hyperupcall.h" : "";
        }
        Resource r = s.declaration().eResource();
        return " at " + (r == null || r.getURI() == null ? "" : r.getURI().lastSegment() + ":") + HucSymbols.line(s);
    }

    private static int lineOf(Occurrence o) {
        ICompositeNode root = NodeModelUtils.getNode(o.unit());
        return root == null ? 0 : NodeModelUtils.getLineAndColumn(root.getRootNode(), o.offset()).getLine();
    }

    /** The range of a token in its unit's text. */
    static Range range(TranslationUnit unit, int offset, int length) {
        ICompositeNode root = NodeModelUtils.getNode(unit).getRootNode();
        return new Range(position(root, offset), position(root, offset + length));
    }

    /** The position of an offset in the text of a root node (by its line breaks, found once per parse). */
    static Position position(INode root, int offset) {
        LineAndColumn lc = NodeModelUtils.getLineAndColumn(root, offset);
        return new Position(lc.getLine() - 1, lc.getColumn() - 1);
    }

    Location location(Occurrence o) {
        return new Location(uris.toUriString(o.unit().eResource().getURI()), range(o.unit(), o.offset(), o.length()));
    }

    /** Where a symbol is declared: the name in its declaration, or in hyperupcall.h. */
    java.util.Optional<Location> declaration(Symbol s) {
        if (s == null) {
            return java.util.Optional.empty();
        }
        if (s.kind().abi()) {
            return HucHeader.location(s);
        }
        INode n = s.declaration() == null ? null : HucSymbols.nameNode(s.declaration());
        if (n == null || s.declaration().eResource() == null) {
            return java.util.Optional.empty();
        }
        TranslationUnit home = org.eclipse.xtext.EcoreUtil2.getContainerOfType(s.declaration(), TranslationUnit.class);
        return java.util.Optional.of(new Location(uris.toUriString(s.declaration().eResource().getURI()),
                range(home, n.getOffset(), n.getLength())));
    }
}
