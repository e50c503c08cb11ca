package org.hyperupcall.lang.ide;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.xtext.EcoreUtil2;
import org.hyperupcall.abi.Constants;
import org.hyperupcall.abi.Event;
import org.hyperupcall.abi.Field;
import org.hyperupcall.abi.Struct;
import org.hyperupcall.lang.Includes;
import org.hyperupcall.lang.huc.Function;
import org.hyperupcall.lang.huc.TranslationUnit;

/** What the IDE services know of the ABI and of a document's text: events of entry points, structures, names at an offset. */
final class HucAbiNames {
    private HucAbiNames() {
    }

    private static final Pattern SECTION = Pattern.compile("SEC\\s*\\(\\s*\"([^\"]*)\"\\s*\\)");

    /**
     * The event of the entry point whose text contains offset (from its SEC), if any: from the
     * model, or while the text does not parse, from the last SEC before offset.
     */
    static Optional<Event> eventAt(TranslationUnit unit, String text, int offset) {
        Function f = functionAt(unit, offset);
        if (f != null && f.getSection() != null && f.getSection().getName() != null) {
            String s = f.getSection().getName();
            Optional<Event> e = Event.bySection(s.length() >= 2 && s.startsWith("\"") ? s.substring(1, s.length() - 1) : s);
            if (e.isPresent()) {
                return e;
            }
        }
        if (text == null) {
            return Optional.empty();
        }
        // While the text does not parse, the SEC may sit outside the function's node: take the last
        // SEC before the offset that no closing brace of an earlier function separates from it.
        String before = text.substring(0, Math.min(offset, text.length()));
        if (f != null) {
            org.eclipse.xtext.nodemodel.ICompositeNode n = org.eclipse.xtext.nodemodel.util.NodeModelUtils.findActualNodeFor(f);
            int start = n == null ? before.length() : Math.min(n.getOffset(), before.length());
            int brace = before.lastIndexOf('}', start);
            int body = before.indexOf('{', start);
            before = before.substring(brace + 1, body < 0 ? before.length() : body);
        } else {
            int brace = before.lastIndexOf("\n}");
            int sec = before.lastIndexOf("SEC");
            if (sec < brace) {
                return Optional.empty();
            }
        }
        Matcher m = SECTION.matcher(before);
        Optional<Event> found = Optional.empty();
        while (m.find()) {
            found = Event.bySection(m.group(1));
        }
        return found;
    }

    /** The function whose text contains offset, or null. */
    static Function functionAt(TranslationUnit unit, int offset) {
        if (unit == null) {
            return null;
        }
        for (Function f : EcoreUtil2.getAllContentsOfType(unit, Function.class)) {
            org.eclipse.xtext.nodemodel.ICompositeNode n = org.eclipse.xtext.nodemodel.util.NodeModelUtils.findActualNodeFor(f);
            if (n != null && n.getOffset() <= offset && offset <= n.getEndOffset()) {
                return f;
            }
        }
        return null;
    }

    /** The identifier around offset in text, with its start, or null. */
    static int[] wordAt(String text, int offset) {
        int s = Math.min(offset, text.length());
        while (s > 0 && Character.isJavaIdentifierPart(text.charAt(s - 1))) {
            s--;
        }
        int e = Math.min(offset, text.length());
        while (e < text.length() && Character.isJavaIdentifierPart(text.charAt(e))) {
            e++;
        }
        return e > s ? new int[] {s, e} : null;
    }

    /** "u64 flags (offset 0): doc". */
    static String describe(Struct s, Field f) {
        return "`" + f.cType() + " " + f.name() + "` — struct " + s.name() + ", offset " + f.offset() + ", " + f.size() + " bytes: " + f.doc();
    }

    /** The value and doc of an ABI constant or return code. */
    static Optional<String> constant(String name) {
        for (Constants.Constant c : Constants.ALL) {
            if (c.name().equals(name)) {
                return Optional.of("`#define " + c.name() + " " + c.value() + "` — " + c.doc());
            }
        }
        for (Event e : Event.values()) {
            for (Event.ReturnCode c : e.returnCodes().values()) {
                if (c.name().equals(name)) {
                    return Optional.of("`" + c.name() + " = " + c.value() + "` — return code of " + e.id() + ": " + c.doc());
                }
            }
        }
        return Optional.empty();
    }

    /** The units a unit sees (itself and its includes). */
    static List<TranslationUnit> visible(TranslationUnit unit) {
        return Includes.visible(unit);
    }
}
