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

/**
 * Validation in two passes when all checks are asked for (the editor, the language server): the
 * syntax and the rules first, and the expensive check (compile and verify) only when they found
 * no error. A rule broken is then reported once, by the rule, not a second time by the compiler
 * (HUC-FUNCPTR and HUC-UNSUPPORTED for the same function pointer). Within one pass Xtext checks
 * the file's root first, so the expensive check could not see the rules' verdict by itself.
 *
 * <p>A file that parsed but nests so deeply that a check runs out of stack gets one error
 * (HUC-SYNTAX, at its first character) instead of the checks' verdict: the overflow must not
 * escape into the build of the other files.
 */
public class HucResourceValidator extends ResourceValidatorImpl {
    @Override
    public List<Issue> validate(Resource resource, CheckMode mode, CancelIndicator cancel) {
        try {
            return validateInPasses(resource, mode, cancel);
        } catch (RuntimeException | StackOverflowError e) {
            if (!org.hyperupcall.lang.resource.HucResource.stackOverflow(e)) {
                throw e;
            }
            Issue.IssueImpl i = new Issue.IssueImpl();
            i.setSeverity(Severity.ERROR);
            i.setCode("HUC-SYNTAX");
            i.setMessage("this file nests expressions or blocks too deeply to be checked (a check ran out of stack)");
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
