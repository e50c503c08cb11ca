/**
 * The eBPF core's common pieces: {@code EngineKind} (the engines by name), {@code InputFiles} (bounded reading of user
 * files), {@code Utf8} (strict decoding).
 * Stages: {@code isa} instructions, {@code asm} text, {@code elf} objects, {@code vm} engines' contract, {@code interp}, {@code jit}, {@code conformance}.
 */
package org.hyperupcall.ebpf;
