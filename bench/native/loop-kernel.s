# examples/bench/loop.s sized for the kernel verifier, which simulates every
# iteration and refuses programs needing more than 1M processed instructions.
# Same body; 10,000 iterations instead of 142,857: 3 + 7 * 10000 = 70,003
# instructions per run.
    mov %r0, 0x12345
    mov %r1, 10000
loop:
    mov %r2, %r0
    lsh %r2, 13
    xor %r0, %r2
    mul %r0, 0x2545f491
    add %r0, %r1
    sub %r1, 1
    jne %r1, 0, loop
    exit
