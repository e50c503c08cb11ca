package org.hyperupcall.lang;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.resource.XtextResourceSet;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.IResourceValidator;
import org.eclipse.xtext.validation.Issue;

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
                    i = new HucStandaloneSetup().createInjectorAndDoEMFRegistration();
                    injector = i;
                }
            }
        }
        return i;
    }

    /** Syntax errors and rule violations of {@code text}, reported against the name {@code file}. */
    public static List<SourceDiagnostic> check(String file, String text) {
        Injector inj = injector();
        XtextResourceSet set = inj.getInstance(XtextResourceSet.class);
        Resource resource = set.createResource(URI.createURI("file.huc"));
        try {
            resource.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Map.of());
        } catch (IOException e) {
            throw new IllegalStateException("reading from memory failed", e);
        }
        List<Issue> issues = inj.getInstance(IResourceValidator.class).validate(resource, CheckMode.ALL, CancelIndicator.NullImpl);
        List<SourceDiagnostic> out = new ArrayList<>();
        for (Issue i : issues) {
            if (i.getSeverity() == Severity.IGNORE || i.getSeverity() == Severity.INFO) {
                continue;
            }
            String code = i.getCode();
            String rule = code != null && code.startsWith("HUC-") ? code : (i.isSyntaxError() ? "HUC-SYNTAX" : null);
            out.add(new SourceDiagnostic(file, i.getLineNumber() == null ? 0 : i.getLineNumber(),
                    i.getColumn() == null ? 0 : i.getColumn(), i.getSeverity() == Severity.ERROR, i.getMessage(), rule));
        }
        return out;
    }
}
