ldxw %r2, [%r1+0]
ldxw %r3, [%r1+4]
mov %r4, 0
mov %r5, 0
mov %r6, 0
mov %r7, 0
mov %r0, 0
jgt %r6, 77, L0
or %r5, 2
L0:
mov %r9, 0
L1:
add %r6, %r9
add %r9, 1
jlt %r9, 10, L1
jsgt %r7, 70, L2
or %r7, 7
L2:
mov %r8, 0
L3:
add %r5, %r8
add %r8, 1
jlt %r8, 4, L3
sub %r7, %r7
jgt %r6, 99, L4
add %r4, 5
L4:
jset %r7, 100, L5
or %r7, 7
L5:
add %r7, 4
jset %r3, 55, L6
xor %r6, 7
L6:
mov %r9, 0
L7:
add %r6, %r9
add %r9, 1
jlt %r9, 10, L7
mov %r8, 0
L8:
add %r6, %r8
add %r8, 1
jlt %r8, 2, L8
sub %r5, 18
xor %r5, 19
jset %r2, 61, L9
add %r7, 6
L9:
rsh %r7, %r3
add %r4, 25
jsgt %r6, 35, L10
sub %r6, 1
L10:
jsgt %r2, 68, L11
add %r4, 4
L11:
add %r6, %r6
and %r6, %r4
rsh %r7, %r5
mov %r8, 0
L12:
add %r6, %r8
add %r8, 1
jlt %r8, 8, L12
mov %r8, 0
L13:
add %r6, %r8
add %r8, 1
jlt %r8, 8, L13
rsh %r6, %r6
and %r6, %r2
jlt %r7, 45, L14
xor %r6, 5
L14:
add %r4, %r6
mul %r6, %r7
jgt %r3, 76, L15
xor %r6, 5
L15:
and %r4, 22
jne %r3, 41, L16
sub %r6, 7
L16:
mov %r8, 0
L17:
add %r4, %r8
add %r8, 1
jlt %r8, 7, L17
sub %r5, 6
jsgt %r7, 57, L18
xor %r5, 4
L18:
and %r4, 11
mul %r6, %r7
mov %r9, 0
L19:
add %r6, %r9
add %r9, 1
jlt %r9, 10, L19
rsh %r6, %r5
jeq %r6, 52, L20
sub %r7, 4
L20:
jsgt %r6, 91, L21
sub %r7, 1
L21:
or %r6, %r6
add %r6, 2
lsh %r5, 1
add %r5, %r6
mov %r9, 0
L22:
add %r4, %r9
add %r9, 1
jlt %r9, 3, L22
jeq %r4, 45, L23
sub %r7, 4
L23:
jne %r2, 35, L24
sub %r5, 1
L24:
jeq %r6, 96, L25
xor %r7, 4
L25:
jeq %r6, 60, L26
xor %r7, 1
L26:
sub %r5, %r2
jsgt %r2, 64, L27
or %r4, 6
L27:
jlt %r2, 82, L28
or %r6, 5
L28:
jlt %r3, 15, L29
sub %r6, 9
L29:
jeq %r7, 72, L30
sub %r7, 1
L30:
jset %r6, 5, L31
or %r7, 1
L31:
jlt %r5, 88, L32
or %r6, 8
L32:
jset %r3, 75, L33
add %r6, 7
L33:
jgt %r3, 47, L34
xor %r4, 2
L34:
jset %r2, 13, L35
xor %r7, 9
L35:
jlt %r6, 18, L36
sub %r4, 7
L36:
jset %r2, 48, L37
sub %r4, 1
L37:
jeq %r2, 86, L38
or %r4, 5
L38:
mov %r8, 0
L39:
add %r4, %r8
add %r8, 1
jlt %r8, 10, L39
mov %r8, 0
L40:
add %r4, %r8
add %r8, 1
jlt %r8, 10, L40
and %r4, %r6
rsh %r5, 15
jgt %r6, 71, L41
or %r7, 2
L41:
jset %r3, 20, L42
or %r7, 9
L42:
and %r5, %r7
jset %r5, 66, L43
or %r7, 3
L43:
jsgt %r3, 65, L44
xor %r5, 4
L44:
xor %r6, 14
rsh %r6, %r2
mov %r0, %r4
and %r0, 1
exit
