/**
 * The eBPF instruction set (RFC 9669): {@code Instruction}, {@code Program}, {@code Opcodes};
 * {@code ProgramChecker} checks what holds on every path (fields, lddw pairs, jump targets).
 */
package org.hyperupcall.ebpf.isa;
