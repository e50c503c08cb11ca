package org.hyperupcall.ebpf.jit;

/** Implemented by each generated class: runs the program's entry function on a run state. */
interface JitBody {
    void run(Ctx c);
}
