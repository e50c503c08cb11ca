package org.hyperupcall.lang.tests;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.parser.IParseResult;
import org.eclipse.xtext.parser.IParser;
import org.hyperupcall.lang.HucStandaloneSetup;

import com.google.inject.Injector;

/** The language's parser, through the injector of its standalone setup (inside OSGi in the tests). */
final class Huc {
    static final Injector INJECTOR = new HucStandaloneSetup().createInjectorAndDoEMFRegistration();

    private Huc() {
    }

    static IParseResult parse(String text) {
        return INJECTOR.getInstance(IParser.class).parse(new StringReader(text));
    }

    /** Parses and validates text as a .huc resource; the issues the editor and the CLI would report. */
    static List<org.eclipse.xtext.validation.Issue> validate(String text) {
        try {
            org.eclipse.xtext.resource.XtextResourceSet set = INJECTOR.getInstance(org.eclipse.xtext.resource.XtextResourceSet.class);
            org.eclipse.emf.ecore.resource.Resource r = set.createResource(org.eclipse.emf.common.util.URI.createURI("test.huc"));
            r.load(new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), java.util.Map.of());
            return INJECTOR.getInstance(org.eclipse.xtext.validation.IResourceValidator.class)
                    .validate(r, org.eclipse.xtext.validation.CheckMode.ALL, org.eclipse.xtext.util.CancelIndicator.NullImpl);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** "line N: message" for each syntax error. */
    static List<String> syntaxErrors(IParseResult result) {
        List<String> errors = new ArrayList<>();
        for (INode n : result.getSyntaxErrors()) {
            errors.add("line " + n.getStartLine() + ": " + n.getSyntaxErrorMessage().getMessage());
        }
        return errors;
    }
}
