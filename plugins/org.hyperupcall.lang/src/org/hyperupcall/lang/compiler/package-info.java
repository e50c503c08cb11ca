/**
 * The HUC compiler: {@link org.hyperupcall.lang.compiler.Compiler} turns a translation unit into
 * one eBPF program per entry point (with HUC source lines) and an ELF object.
 *
 * <ul>
 * <li>{@code Types}, {@code CType}: C types of HUC, the ABI structs of hyperupcall.h, typedefs.</li>
 * <li>{@code Literals}, {@code ConstantFolder}: integer literals with C's typing; enumerator values.</li>
 * <li>{@code FunctionCompiler}: statements and expressions to instructions (context pointer in r6,
 * locals in r7-r9 then on the stack, temporaries in r0-r5 spilled around helper calls, HUC
 * functions inlined).</li>
 * <li>{@code Emitter}: instructions, labels, lddw extern relocations, no unreachable code.</li>
 * <li>{@code Compilation}, {@code CompiledProgram}: results; verification, linking and running on
 * an engine through JDK and ABI types only.</li>
 * </ul>
 */
package org.hyperupcall.lang.compiler;
