package org.hyperupcall.verifier;

import java.util.List;

import org.hyperupcall.ebpf.isa.Program;

/**
 * Thrown by the checks to stop at the first error: the verifier reports one diagnostic per
 * program, the first it finds on the first path that breaks a rule.
 */
final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Diagnostic diagnostic;

    Rejection(Diagnostic d) {
        super(d.message(), null, false, false);
        this.diagnostic = d;
    }

    static Rejection at(Program p, Rule rule, int pc, String message) {
        return new Rejection(Diagnostic.at(p, rule, pc, message));
    }

    static Rejection at(Program p, Rule rule, int pc, String message, List<Diagnostic.Related> related) {
        return new Rejection(Diagnostic.at(p, rule, pc, message, related));
    }
}
