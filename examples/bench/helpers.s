# Helper-call-heavy: 10,000 calls of helper 5 (it returns its first argument), summed.
    mov %r6, 0
    mov %r7, 10000
loop:
    mov %r1, %r7
    call 5
    add %r6, %r0
    sub %r7, 1
    jne %r7, 0, loop
    mov %r0, %r6
    exit
