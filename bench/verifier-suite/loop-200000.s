mov %r0, 0
mov %r2, 0
mov %r3, 0
loop:
add %r3, %r2
add %r2, 1
jlt %r2, 200000, loop
mov %r0, 0
exit
