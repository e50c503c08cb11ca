/**
 * The reference interpreter: {@code Interpreter} prepares an {@code InterpretedProgram}, a decoded array walked
 * by one switch; every other engine must agree with it.
 */
package org.hyperupcall.ebpf.interp;
