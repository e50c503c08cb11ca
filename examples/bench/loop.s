# Loop-heavy arithmetic: 142,857 iterations of 7 instructions, about 10^6 instructions per run.
# A xorshift-multiply mix kept in r0; r1 counts down.
    mov %r0, 0x12345
    mov %r1, 142857
loop:
    mov %r2, %r0
    lsh %r2, 13
    xor %r0, %r2
    mul %r0, 0x2545f491
    add %r0, %r1
    sub %r1, 1
    jne %r1, 0, loop
    exit
