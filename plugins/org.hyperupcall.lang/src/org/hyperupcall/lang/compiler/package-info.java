/**
 * The HUC compiler: {@link org.hyperupcall.lang.compiler.Compiler} turns a translation unit into
 * one eBPF program per entry point (with HUC source lines) and an ELF object.
 *
 * <ul>
 * <li>{@code Types}, {@code CType}: C types of HUC, the ABI structs of hyperupcall.h, typedefs.</li>
 * <li>{@code Literals}: integer literals with C's typing. {@code ConstantFolder}: the one evaluator of
 * constant expressions with C's types (operators on constants during code generation; array sizes,
 * enumerator values, case labels, designators). {@code Comparison}: C's comparison operators, their
 * negation, mirror and jumps.</li>
 * <li>{@code FunctionCompiler}: statements and expressions to {@code Ir} over virtual registers
 * (constants folded with C's types and used as immediates, HUC functions inlined, arrays and structs
 * on the stack, array indexes bounds-checked). Its parts, over the state they share
 * ({@code FunctionState}, {@code FunctionPart}): {@code Statements} (statements, local declarations),
 * {@code Expressions} (operators, names, folding, pointer arithmetic), {@code Conversions} (C's
 * conversions, warnings), {@code Conditions} (jumps, comparisons, ?:), {@code Addressing} (addresses,
 * loads, stores), {@code Assignments} (=, op=, ++, --), {@code Calls} (helpers, inlining).</li>
 * <li>{@code Ir}: eBPF instructions on virtual registers, labels, lddw extern relocations.</li>
 * <li>{@code Backend}: unreachable and dead code removal, register allocation by graph colouring
 * with copy coalescing and spilling, jump threading, layout with line info.</li>
 * <li>{@code Compilation}, {@code CompiledProgram}: results; verification, linking and running on
 * an engine through JDK and ABI types only.</li>
 * <li>{@link org.hyperupcall.lang.compiler.Typing}: for tools that do not compile (the IDE), the
 * C types of expressions and brace initializers and what names denote where they stand, computed
 * by the code above.</li>
 * </ul>
 */
package org.hyperupcall.lang.compiler;
