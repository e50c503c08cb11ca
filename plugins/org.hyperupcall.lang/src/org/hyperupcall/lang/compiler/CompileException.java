package org.hyperupcall.lang.compiler;

import org.eclipse.emf.ecore.EObject;

/** Stops compiling one entry point: the rule broken, the node where, and a message a person can act on. */
final class CompileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient EObject node;
    final String rule;

    CompileException(EObject node, String rule, String message) {
        super(message, null, false, false);
        this.node = node;
        this.rule = rule;
    }

    static CompileException unsupported(EObject node, String construct) {
        return new CompileException(node, Compiler.UNSUPPORTED, construct + " is not supported by the compiler yet");
    }

    static CompileException type(EObject node, String message) {
        return new CompileException(node, Compiler.TYPE, message);
    }
}
