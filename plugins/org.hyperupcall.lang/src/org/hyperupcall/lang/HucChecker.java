package org.hyperupcall.lang;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

import org.hyperupcall.lang.huc.Include;
import org.hyperupcall.lang.huc.TopLevel;
import org.hyperupcall.lang.huc.TranslationUnit;

import com.google.inject.Injector;

/** Parses and checks HUC source outside any IDE: the same diagnostics the editor and the language server show. */
public final class HucChecker {
    private static volatile Injector injector;

    private HucChecker() {
    }

    static Injector injector() {
        Injector i = injector;
        if (i == null) {
            synchronized (HucChecker.class) {
                i = injector;
                if (i == null) {
                    // The language as registered in this JVM when there is one (a language server of an editor
                    // registers it with its IDE services: a checker must not replace them), else the language alone,
                    // registered only if no server registered HUC while it was being made (servers register under
                    // the same lock, see HucLanguageServer).
                    i = HucStandaloneSetup.registered();
                    if (i == null) {
                        i = new HucStandaloneSetup().createInjectorAndDoEMFRegistrationIfAbsent();
                    }
                    injector = i;
                }
            }
        }
        return i;
    }

    /** Syntax errors and rule violations of {@code text}, reported against the name {@code file}; includes read beside it. */
    public static List<SourceDiagnostic> check(String file, String text) {
        return load(file, text, IncludeResolver.files()).diagnostics();
    }

    /** Syntax errors and rule violations of {@code text} and of the files it includes. */
    public static List<SourceDiagnostic> check(String file, String text, IncludeResolver includes) {
        return load(file, text, includes).diagnostics();
    }

    /**
     * A file parsed with the files it includes, each in its own resource of one resource set
     * ({@link Includes#visible} finds them), and the diagnostics of all of them.
     *
     * @param unit the file's unit (null when nothing could be parsed)
     * @param names the name each resource's diagnostics use
     */
    public record Loaded(TranslationUnit unit, Map<URI, String> names, List<SourceDiagnostic> diagnostics) {
        /** The name diagnostics use for the file a node is in. */
        public String fileOf(org.eclipse.emf.ecore.EObject node, String fallback) {
            Resource r = node == null ? null : node.eResource();
            return r == null ? fallback : names.getOrDefault(r.getURI(), fallback);
        }
    }

    /** Parses and checks a file and, transitively, what it includes ({@code #include "x.h"} through {@code includes}). */
    public static Loaded load(String file, String text, IncludeResolver includes) {
        return Limits.onLargeStack(() -> loadHere(file, text, includes));
    }

    private static Loaded loadHere(String file, String text, IncludeResolver includes) {
        Injector inj = injector();
        XtextResourceSet set = inj.getInstance(XtextResourceSet.class);
        Map<URI, String> names = new LinkedHashMap<>();
        List<SourceDiagnostic> out = new ArrayList<>();
        URI mainUri = URI.createFileURI(Path.of(file).toAbsolutePath().normalize().toString());
        XtextResource main = resource(inj, set, mainUri, text);
        names.put(mainUri, file);
        Deque<XtextResource> todo = new ArrayDeque<>(List.of(main));
        List<XtextResource> all = new ArrayList<>();
        while (!todo.isEmpty()) {
            XtextResource r = todo.pop();
            all.add(r);
            if (r.getContents().isEmpty() || !(r.getContents().get(0) instanceof TranslationUnit unit)) {
                continue;
            }
            for (TopLevel t : unit.getItems()) {
                if (!(t instanceof Include inc) || Includes.name(inc) == null || Includes.ABI_HEADER.equals(Includes.name(inc))) {
                    continue;
                }
                String name = Includes.name(inc);
                if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0) { // C: a string ends on its line
                    out.add(atInclude(names.get(r.getURI()), inc, "the name of the included file runs past the end of the line "
                            + "(missing terminating '\"')"));
                    continue;
                }
                URI uri = Includes.resolve(r.getURI(), name);
                if (set.getResource(uri, false) != null) {
                    continue; // included already (or a cycle): each file once, like #pragma once
                }
                Optional<IncludeResolver.Source> found;
                try {
                    found = includes.resolve(names.get(r.getURI()), name);
                } catch (IncludeResolver.Unreadable e) {
                    out.add(atInclude(names.get(r.getURI()), inc, "cannot read included file: " + e.getMessage()));
                    continue;
                }
                if (found.isEmpty()) {
                    out.add(atInclude(names.get(r.getURI()), inc,
                            "cannot open included file '" + org.hyperupcall.ebpf.InputFiles.printable(name, 200) + "' (looked beside "
                                    + names.get(r.getURI()) + ")"));
                    continue;
                }
                names.put(uri, found.get().path());
                todo.add(resource(inj, set, uri, found.get().text()));
            }
        }
        IResourceValidator validator = inj.getInstance(IResourceValidator.class);
        for (XtextResource r : all) {
            String shown = names.get(r.getURI());
            for (Issue i : validator.validate(r, CheckMode.NORMAL_AND_FAST, CancelIndicator.NullImpl)) {
                if (i.getSeverity() == Severity.IGNORE || i.getSeverity() == Severity.INFO) {
                    continue;
                }
                String code = i.getCode();
                String rule = HucRule.byId(code).map(HucRule::id).orElse(i.isSyntaxError() ? HucRule.SYNTAX.id() : null);
                out.add(new SourceDiagnostic(shown, i.getLineNumber() == null ? 0 : i.getLineNumber(),
                        i.getColumn() == null ? 0 : i.getColumn(), i.getSeverity() == Severity.ERROR, i.getMessage(), rule));
            }
        }
        TranslationUnit unit = !main.getContents().isEmpty() && main.getContents().get(0) instanceof TranslationUnit u ? u : null;
        return new Loaded(unit, names, out);
    }

    private static SourceDiagnostic atInclude(String file, Include inc, String message) {
        ICompositeNode n = NodeModelUtils.findActualNodeFor(inc);
        return new SourceDiagnostic(file, n == null ? 0 : n.getStartLine(),
                n == null ? 0 : NodeModelUtils.getLineAndColumn(n, n.getOffset()).getColumn(), true, message, HucRule.INCLUDE.id());
    }

    private static XtextResource resource(Injector inj, XtextResourceSet set, URI uri, String text) {
        XtextResource r = inj.getInstance(XtextResource.class);
        r.setURI(uri);
        set.getResources().add(r);
        try {
            r.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory failed", e);
        }
        return r;
    }
}
