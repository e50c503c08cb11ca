package org.hyperupcall.lang.compiler;

import org.eclipse.emf.ecore.EObject;

import org.hyperupcall.lang.HucRule;

/** Stops compiling one entry point: the rule broken, the node where, and a message a person can act on. */
final class CompileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient EObject node;
    final HucRule rule;

    CompileException(EObject node, HucRule rule, String message) {
        super(message, null, false, false);
        this.node = node;
        this.rule = rule;
    }

    static CompileException unsupported(EObject node, String construct) {
        return new CompileException(node, HucRule.UNSUPPORTED, construct + " is not supported by the compiler yet");
    }

    static CompileException type(EObject node, String message) {
        return new CompileException(node, HucRule.TYPE, message);
    }
}
