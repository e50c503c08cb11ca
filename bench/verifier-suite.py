#!/usr/bin/env python3
"""Writes the verifier benchmark suite into a directory (committed as bench/verifier-suite/, which
bench/verifier-vs-kernel.sh and the JMH VerifierBenchmark read): branch-heavy, loop-heavy and random programs
in assembly (bpf_conformance syntax) that both our verifier (as vm_exit hyperupcalls) and the Linux
verifier (as socket filters) accept. They read the context only at offsets 0 and 4, which are u32
fields in both (vm_exit: exit_reason, vcpu; __sk_buff: len, pkt_type)."""
import random
import sys
from pathlib import Path


def diamonds(n):
    s = ["ldxw %r2, [%r1+0]", "mov %r0, 0"]
    for i in range(n):
        s += [f"jeq %r2, {i}, d{i}", "add %r0, 1", f"d{i}:"]
    return s + ["mov %r0, 0", "exit"]


def counted(n):
    return ["mov %r0, 0", "mov %r2, 0", "mov %r3, 0", "loop:", "add %r3, %r2", "add %r2, 1",
            f"jlt %r2, {n}, loop", "mov %r0, 0", "exit"]


def random_program(seed, n=192):
    r = random.Random(seed)
    s = ["ldxw %r2, [%r1+0]", "ldxw %r3, [%r1+4]", "mov %r4, 0", "mov %r5, 0", "mov %r6, 0", "mov %r7, 0", "mov %r0, 0"]
    label = 0
    while len(s) < n:
        k = r.random()
        if k < 0.5:
            a = r.choice([2, 3, 4, 5, 6, 7])
            d = r.choice([4, 5, 6, 7])
            op = r.choice(["jeq", "jne", "jgt", "jlt", "jsgt", "jset"])
            s += [f"{op} %r{a}, {r.randint(0, 100)}, L{label}", f"{r.choice(['add', 'sub', 'xor', 'or'])} %r{d}, {r.randint(1, 9)}",
                  f"L{label}:"]
            label += 1
        elif k < 0.65:
            c = r.choice([8, 9])
            s += [f"mov %r{c}, 0", f"L{label}:", f"add %r{r.choice([4, 5, 6, 7])}, %r{c}", f"add %r{c}, 1",
                  f"jlt %r{c}, {r.randint(2, 10)}, L{label}"]
            label += 1
        else:
            d = r.choice([4, 5, 6, 7])
            a = r.choice([2, 3, 4, 5, 6, 7])
            operand = f"%r{a}" if r.random() < 0.5 else str(r.randint(1, 30))
            s.append(f"{r.choice(['add', 'sub', 'and', 'or', 'xor', 'mul', 'rsh', 'lsh'])} %r{d}, {operand}")
    return s + ["mov %r0, %r4", "and %r0, 1", "exit"]


def main():
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    suite = {
        "diamonds-200": diamonds(200),
        "diamonds-1000": diamonds(1000),
        "loop-1000": counted(1000),
        "loop-100000": counted(100_000),
        "loop-200000": counted(200_000),
    }
    for seed in range(1, 5):
        suite[f"random-{seed}"] = random_program(seed)
    for name, lines in suite.items():
        (out / f"{name}.s").write_text("\n".join(lines) + "\n")
        print(name)


if __name__ == "__main__":
    main()
