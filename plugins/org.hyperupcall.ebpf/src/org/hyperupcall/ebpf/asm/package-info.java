/**
 * eBPF as text: {@code Assembler} reads bpf_conformance syntax ({@code mov %r0, 1}), LLVM syntax ({@code r0 = 1}) and
 * llvm-objdump listings; {@code Disassembler} writes both syntaxes and objdump's.
 */
package org.hyperupcall.ebpf.asm;
