package org.hyperupcall.lang.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.util.CancelIndicator;
import org.eclipse.xtext.validation.CheckMode;
import org.eclipse.xtext.validation.Issue;
import org.eclipse.xtext.validation.ResourceValidatorImpl;

import org.hyperupcall.lang.HucRule;

/**
 * Validation in two passes when all checks are asked for (the editor, the language server): the
 * syntax and the rules first, and the expensive check (compile and verify) only when they found
 * no error. A rule broken is then reported once, by the rule, not a second time by the compiler
 * (HUC-FUNCPTR and HUC-UNSUPPORTED for the same function pointer). Within one pass Xtext checks
 * the file's root first, so the expensive check could not see the rules' verdict by itself.
 *
 * <p>The front end's limits ({@link org.hyperupcall.lang.Limits}) admit only what the checks
 * check on its stack; should a check still run out of stack, the file gets one error (HUC-LIMIT,
 * at its first character) instead of the checks' verdict: the overflow must not escape into the
 * build of the other files.
 */
public class HucResourceValidator extends ResourceValidatorImpl {
    @Override
    public List<Issue> validate(Resource resource, CheckMode mode, CancelIndicator cancel) {
        converted.get()[0] = 0;
        try {
            return capped(validateInPasses(resource, mode, cancel));
        } catch (RuntimeException | StackOverflowError e) {
            if (!org.hyperupcall.lang.resource.HucResource.stackOverflow(e)) {
                throw e;
            }
            Issue.IssueImpl i = new Issue.IssueImpl();
            i.setSeverity(Severity.ERROR);
            i.setCode(HucRule.LIMIT.id());
            i.setMessage("internal limit: a check ran out of stack in this file; nothing in it is checked");
            i.setOffset(0);
            i.setLength(0);
            i.setLineNumber(1);
            i.setColumn(1);
            i.setLineNumberEnd(1);
            i.setColumnEnd(1);
            i.setUriToProblem(resource.getURI());
            return List.of(i);
        }
    }

    /** Errors converted to issues in full so far by this thread's validation (see {@link #convertInFull}). */
    private final ThreadLocal<int[]> converted = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * Whether a diagnostic is converted to an issue in full (its position, its object's URI): not
     * an error past the first {@code MAX_DIAGNOSTICS + 1}, which {@link #capped} only counts. A
     * full conversion costs as much as the object is deep (its URI fragment is its path from the
     * root): thousands of errors in a deeply nested file cost time and memory that grow with the
     * square of its depth.
     */
    private boolean convertInFull(boolean error) {
        return !error || ++converted.get()[0] <= org.hyperupcall.lang.Limits.MAX_DIAGNOSTICS + 1;
    }

    private static Issue counted(String message) {
        Issue.IssueImpl i = new Issue.IssueImpl();
        i.setSeverity(Severity.ERROR);
        i.setMessage(message);
        return i;
    }

    @Override
    protected void issueFromEValidatorDiagnostic(org.eclipse.emf.common.util.Diagnostic diagnostic,
            org.eclipse.xtext.util.IAcceptor<Issue> acceptor) {
        if (convertInFull(diagnostic.getSeverity() == org.eclipse.emf.common.util.Diagnostic.ERROR)) {
            super.issueFromEValidatorDiagnostic(diagnostic, acceptor);
        } else {
            acceptor.accept(counted(diagnostic.getMessage()));
        }
    }

    @Override
    protected void issueFromXtextResourceDiagnostic(Resource.Diagnostic diagnostic, Severity severity,
            org.eclipse.xtext.util.IAcceptor<Issue> acceptor) {
        if (convertInFull(severity == Severity.ERROR)) {
            super.issueFromXtextResourceDiagnostic(diagnostic, severity, acceptor);
        } else {
            acceptor.accept(counted(diagnostic.getMessage()));
        }
    }

    /**
     * At most {@link org.hyperupcall.lang.Limits#MAX_DIAGNOSTICS} errors of a file (a garbage file
     * has one per token), then one that says how many more there are, at the first one not shown;
     * warnings and infos are kept while the errors are within the cap.
     */
    static List<Issue> capped(List<Issue> issues) {
        int max = org.hyperupcall.lang.Limits.MAX_DIAGNOSTICS;
        if (issues.stream().filter(i -> i.getSeverity() == Severity.ERROR).count() <= max) {
            return issues;
        }
        List<Issue> out = new ArrayList<>();
        int errors = 0;
        Issue firstHidden = null;
        for (Issue i : issues) {
            if (i.getSeverity() == Severity.ERROR && ++errors > max) {
                firstHidden = firstHidden == null ? i : firstHidden;
                continue;
            }
            if (errors <= max) {
                out.add(i);
            }
        }
        Issue.IssueImpl more = new Issue.IssueImpl();
        more.setSeverity(Severity.ERROR);
        more.setCode(HucRule.LIMIT.id());
        more.setMessage(org.hyperupcall.lang.Limits.moreErrors(errors - max));
        more.setOffset(firstHidden.getOffset());
        more.setLength(0);
        more.setLineNumber(firstHidden.getLineNumber());
        more.setColumn(firstHidden.getColumn());
        more.setLineNumberEnd(firstHidden.getLineNumber());
        more.setColumnEnd(firstHidden.getColumn());
        more.setUriToProblem(firstHidden.getUriToProblem());
        out.add(more);
        return out;
    }

    private List<Issue> validateInPasses(Resource resource, CheckMode mode, CancelIndicator cancel) {
        if (mode != CheckMode.ALL) {
            return super.validate(resource, mode, cancel);
        }
        List<Issue> first = super.validate(resource, CheckMode.NORMAL_AND_FAST, cancel);
        if (first.stream().anyMatch(i -> i.getSeverity() == Severity.ERROR)
                || cancel != null && cancel.isCanceled()) {
            return first;
        }
        List<Issue> out = new ArrayList<>(first);
        Set<String> seen = new HashSet<>();
        first.forEach(i -> seen.add(key(i)));
        for (Issue i : super.validate(resource, CheckMode.EXPENSIVE_ONLY, cancel)) {
            if (seen.add(key(i))) {
                out.add(i); // the second pass repeats the resource's own warnings: keep them once
            }
        }
        return out;
    }

    private static String key(Issue i) {
        return i.getCode() + "@" + i.getOffset() + ":" + i.getLength() + ":" + i.getMessage();
    }
}
