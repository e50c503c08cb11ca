# Checksum of a memory block: r1 = address of the block, r2 = its length.
# Sums the bytes with a bounded loop, then mixes the sum in a bpf-to-bpf call.
    mov %r0, 0
    mov %r3, 0                 # index
    jeq %r2, 0, done
loop:
    mov %r4, %r1
    add %r4, %r3
    ldxb %r5, [%r4+0]
    add %r0, %r5
    add %r3, 1
    jlt %r3, %r2, loop         # the loop runs at most len times
done:
    mov %r1, %r0
    call local mix
    exit

# mix(x) = (x * 0x7f4a7c15) ^ (x >> 7), in its own stack frame
mix:
    stxdw [%r10-8], %r1
    mov %r0, %r1
    mul %r0, 0x7f4a7c15
    ldxdw %r2, [%r10-8]
    rsh %r2, 7
    xor %r0, %r2
    exit
