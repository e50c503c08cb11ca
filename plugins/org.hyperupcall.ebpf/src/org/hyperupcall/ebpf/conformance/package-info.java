/**
 * The bpf_conformance suite's files ({@code ConformanceCase}: asm or raw program, memory, expected result or error)
 * and {@code ConformanceRunner}, which runs them on any engine; negative files pass when refused or when their result differs.
 */
package org.hyperupcall.ebpf.conformance;
