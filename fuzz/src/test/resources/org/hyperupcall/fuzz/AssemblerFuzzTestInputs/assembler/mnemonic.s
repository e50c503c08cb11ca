# bpf_conformance syntax
mov %r6, %r1
ldxdw %r2, [%r6+8]
jgt %r2, 10, out
lddw %r3, 0x1122334455667788
add %r2, %r3
stxdw [%r10-8], %r2
call 12
out:
mov %r0, 0
exit
