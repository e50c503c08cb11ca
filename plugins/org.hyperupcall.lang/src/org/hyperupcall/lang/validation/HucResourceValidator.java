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
 */
public class HucResourceValidator extends ResourceValidatorImpl {
    @Override
    public List<Issue> validate(Resource resource, CheckMode mode, CancelIndicator cancel) {
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
