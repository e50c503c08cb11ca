/**
 * eBPF ELF objects: {@code ElfReader} and {@code ElfWriter} (clang- and llvm-objdump-compatible, BTF line info),
 * {@code Linker} (a program section with its calls and relocations resolved), {@code LineInfo} (instruction to source line).
 */
package org.hyperupcall.ebpf.elf;
