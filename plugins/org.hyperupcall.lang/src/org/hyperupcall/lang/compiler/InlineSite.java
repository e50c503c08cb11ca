package org.hyperupcall.lang.compiler;

/**
 * A call of a HUC function that the compiler inlined, for a debugger's view of the inlined frames:
 * the function called, the source line of the call, and the site it was itself inlined at (-1:
 * the call is in the entry point's own body). {@link CompiledProgram#inlineStack} turns the site of
 * an instruction into the stack of frames a debugger shows.
 */
public record InlineSite(String function, int callLine, int parent) {
}
