/**
 * The JIT engine: each program becomes one hidden JVM class generated with ASM, registers as JVM
 * locals, memory and helpers through the same {@link org.hyperupcall.ebpf.vm.MemoryMap} and
 * {@link org.hyperupcall.ebpf.vm.HelperTable} as the interpreter.
 */
package org.hyperupcall.ebpf.jit;
