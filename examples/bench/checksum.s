# Memory-heavy: byte-wise checksum over the whole memory block (r1 = address, r2 = length),
# Fletcher-style so every byte matters. Run with --mem-size 65536.
    mov %r0, 0
    mov %r3, 0
    mov %r4, %r1
    add %r4, %r2               # end address
    jge %r1, %r4, done
loop:
    ldxb %r5, [%r1+0]
    add %r0, %r5
    add %r3, %r0
    add %r1, 1
    jlt %r1, %r4, loop
done:
    and %r0, 0xffff
    lsh %r3, 16
    or %r0, %r3
    exit
