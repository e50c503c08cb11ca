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

    /** "line N: message" for each syntax error. */
    static List<String> syntaxErrors(IParseResult result) {
        List<String> errors = new ArrayList<>();
        for (INode n : result.getSyntaxErrors()) {
            errors.add("line " + n.getStartLine() + ": " + n.getSyntaxErrorMessage().getMessage());
        }
        return errors;
    }
}
