# The invocation overhead: the smallest program there is.
    mov %r0, 0
    exit
