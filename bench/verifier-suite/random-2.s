ldxw %r2, [%r1+0]
ldxw %r3, [%r1+4]
mov %r4, 0
mov %r5, 0
mov %r6, 0
mov %r7, 0
mov %r0, 0
and %r4, %r2
add %r6, 20
mov %r8, 0
L0:
add %r7, %r8
add %r8, 1
jlt %r8, 8, L0
xor %r6, 17
mul %r4, %r4
and %r7, %r6
jgt %r2, 22, L1
sub %r5, 9
L1:
mov %r8, 0
L2:
add %r7, %r8
add %r8, 1
jlt %r8, 8, L2
lsh %r6, %r6
jset %r5, 67, L3
sub %r7, 8
L3:
jset %r5, 58, L4
or %r6, 6
L4:
mov %r9, 0
L5:
add %r7, %r9
add %r9, 1
jlt %r9, 5, L5
lsh %r5, %r6
jgt %r7, 93, L6
sub %r7, 8
L6:
mov %r8, 0
L7:
add %r6, %r8
add %r8, 1
jlt %r8, 2, L7
add %r5, %r7
jsgt %r3, 17, L8
xor %r4, 4
L8:
add %r4, 25
jne %r4, 86, L9
add %r5, 2
L9:
jeq %r2, 93, L10
add %r4, 6
L10:
jsgt %r3, 88, L11
add %r5, 7
L11:
mov %r8, 0
L12:
add %r5, %r8
add %r8, 1
jlt %r8, 2, L12
jgt %r6, 43, L13
or %r4, 1
L13:
jgt %r6, 96, L14
or %r4, 3
L14:
jset %r3, 87, L15
xor %r4, 2
L15:
jlt %r3, 65, L16
xor %r7, 3
L16:
rsh %r6, %r4
add %r5, %r7
jlt %r3, 81, L17
sub %r4, 9
L17:
lsh %r4, %r3
jsgt %r2, 79, L18
xor %r5, 5
L18:
add %r6, 5
jsgt %r3, 92, L19
add %r4, 4
L19:
jne %r2, 13, L20
sub %r5, 1
L20:
mov %r9, 0
L21:
add %r7, %r9
add %r9, 1
jlt %r9, 6, L21
mov %r9, 0
L22:
add %r5, %r9
add %r9, 1
jlt %r9, 5, L22
add %r7, 19
mul %r5, 16
jgt %r2, 88, L23
xor %r6, 5
L23:
jeq %r7, 13, L24
xor %r7, 4
L24:
lsh %r4, %r5
jeq %r6, 36, L25
add %r4, 6
L25:
jne %r7, 96, L26
or %r4, 4
L26:
jset %r4, 59, L27
sub %r7, 6
L27:
jeq %r2, 15, L28
add %r6, 6
L28:
mov %r8, 0
L29:
add %r4, %r8
add %r8, 1
jlt %r8, 2, L29
mov %r9, 0
L30:
add %r4, %r9
add %r9, 1
jlt %r9, 9, L30
jgt %r5, 34, L31
or %r5, 9
L31:
rsh %r7, 10
jsgt %r5, 54, L32
add %r6, 2
L32:
jlt %r3, 8, L33
add %r5, 1
L33:
jne %r4, 90, L34
xor %r7, 8
L34:
jne %r4, 69, L35
or %r4, 2
L35:
jne %r3, 20, L36
or %r6, 4
L36:
jlt %r4, 56, L37
add %r5, 7
L37:
xor %r5, 16
jset %r7, 82, L38
or %r7, 6
L38:
sub %r6, 22
rsh %r5, 13
lsh %r4, %r4
or %r4, %r2
rsh %r7, 4
or %r5, 19
jeq %r6, 78, L39
or %r5, 8
L39:
jlt %r6, 91, L40
sub %r5, 2
L40:
jsgt %r5, 62, L41
xor %r4, 8
L41:
jeq %r6, 10, L42
xor %r7, 3
L42:
and %r7, 26
jlt %r5, 86, L43
xor %r7, 3
L43:
jeq %r6, 46, L44
add %r7, 9
L44:
lsh %r7, 10
mov %r9, 0
L45:
add %r6, %r9
add %r9, 1
jlt %r9, 3, L45
jgt %r4, 82, L46
xor %r6, 7
L46:
mov %r0, %r4
and %r0, 1
exit
