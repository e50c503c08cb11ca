package org.hyperupcall.lang;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.hyperupcall.lang.huc.Include;
import org.hyperupcall.lang.huc.TopLevel;
import org.hyperupcall.lang.huc.TranslationUnit;

/** What a unit sees through {@code #include "…"}: the units of the included files already loaded in its resource set. */
public final class Includes {
    /** The built-in header: the ABI's definitions, never a file. */
    public static final String ABI_HEADER = "hyperupcall.h";

    private Includes() {
    }

    /** The name in an include directive, without quotes. */
    public static String name(Include inc) {
        String s = inc.getFile();
        return s != null && s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** The URI an include of name from a resource at base refers to. */
    public static URI resolve(URI base, String name) {
        URI relative;
        try {
            relative = URI.createURI(name);
        } catch (IllegalArgumentException notAUri) { // "a:" and the like: a file name all the same, its characters escaped
            relative = URI.createFileURI(name);
        }
        return base == null || base.isRelative() ? relative : relative.resolve(base);
    }

    /**
     * The unit and, transitively, the units it includes that are loaded in its resource set: the
     * included ones first (in include order), the unit itself last. Each file counts once.
     */
    public static List<TranslationUnit> visible(TranslationUnit unit) {
        List<TranslationUnit> out = new ArrayList<>();
        if (unit == null) {
            return out;
        }
        Set<TranslationUnit> seen = new LinkedHashSet<>();
        collect(unit, seen, out, new ArrayDeque<>());
        return out;
    }

    private static void collect(TranslationUnit unit, Set<TranslationUnit> seen, List<TranslationUnit> out, Deque<TranslationUnit> path) {
        if (!seen.add(unit)) {
            return;
        }
        Resource r = unit.eResource();
        ResourceSet set = r == null ? null : r.getResourceSet();
        if (set != null) {
            for (TopLevel t : unit.getItems()) {
                if (t instanceof Include inc && !ABI_HEADER.equals(name(inc)) && name(inc) != null) {
                    Resource included = set.getResource(resolve(r.getURI(), name(inc)), false);
                    if (included != null && !included.getContents().isEmpty() && included.getContents().get(0) instanceof TranslationUnit u) {
                        collect(u, seen, out, path);
                    }
                }
            }
        }
        out.add(unit);
    }
}
