/**
 * What an engine is ({@code Engine}, {@code Executable}, {@code ExecOptions}) and what a run sees: {@code MemoryMap} of
 * {@code Region}s, {@code HelperTable}, faults as values ({@code ExecResult}, {@code FaultKind}), the arithmetic every engine
 * shares ({@code Alu}, {@code Atomics}). It names no engine: {@code org.hyperupcall.ebpf.EngineKind} does.
 */
package org.hyperupcall.ebpf.vm;
