ldxw %r2, [%r1+0]
ldxw %r3, [%r1+4]
mov %r4, 0
mov %r5, 0
mov %r6, 0
mov %r7, 0
mov %r0, 0
jeq %r2, 63, L0
or %r6, 8
L0:
rsh %r5, %r2
jgt %r2, 92, L1
sub %r7, 2
L1:
add %r4, %r2
rsh %r7, %r7
or %r5, 18
jlt %r7, 37, L2
add %r5, 7
L2:
xor %r4, 24
jsgt %r4, 85, L3
sub %r7, 5
L3:
jsgt %r5, 4, L4
or %r7, 4
L4:
mul %r7, 12
jne %r7, 66, L5
or %r4, 6
L5:
jeq %r2, 39, L6
or %r7, 3
L6:
jne %r3, 69, L7
sub %r4, 7
L7:
mov %r9, 0
L8:
add %r7, %r9
add %r9, 1
jlt %r9, 6, L8
and %r4, 27
mov %r8, 0
L9:
add %r7, %r8
add %r8, 1
jlt %r8, 2, L9
jsgt %r4, 52, L10
or %r5, 6
L10:
jlt %r2, 76, L11
add %r6, 4
L11:
mov %r8, 0
L12:
add %r4, %r8
add %r8, 1
jlt %r8, 10, L12
sub %r6, 22
jeq %r2, 96, L13
xor %r7, 4
L13:
jgt %r6, 37, L14
add %r5, 3
L14:
jset %r6, 34, L15
xor %r5, 8
L15:
xor %r7, %r5
jgt %r5, 13, L16
xor %r5, 9
L16:
rsh %r7, %r2
jlt %r7, 90, L17
or %r5, 9
L17:
rsh %r7, 1
xor %r6, 2
jgt %r3, 9, L18
add %r4, 5
L18:
xor %r6, %r7
jsgt %r6, 27, L19
or %r4, 3
L19:
sub %r4, %r5
jsgt %r7, 24, L20
or %r7, 2
L20:
mul %r7, 1
mov %r9, 0
L21:
add %r6, %r9
add %r9, 1
jlt %r9, 2, L21
jgt %r4, 54, L22
sub %r5, 5
L22:
lsh %r7, %r6
and %r5, 3
jgt %r6, 97, L23
xor %r5, 9
L23:
xor %r6, %r4
jne %r6, 74, L24
add %r7, 6
L24:
jne %r2, 16, L25
xor %r7, 2
L25:
mov %r9, 0
L26:
add %r4, %r9
add %r9, 1
jlt %r9, 10, L26
jgt %r2, 37, L27
add %r6, 8
L27:
add %r4, 1
jne %r2, 30, L28
or %r4, 3
L28:
jne %r3, 95, L29
add %r5, 7
L29:
xor %r7, 10
mul %r6, %r2
jset %r2, 76, L30
xor %r6, 8
L30:
jeq %r5, 40, L31
or %r4, 2
L31:
jset %r6, 45, L32
xor %r7, 3
L32:
mov %r9, 0
L33:
add %r5, %r9
add %r9, 1
jlt %r9, 5, L33
jlt %r4, 11, L34
xor %r4, 4
L34:
jgt %r4, 23, L35
xor %r4, 5
L35:
jne %r2, 28, L36
add %r4, 4
L36:
jset %r4, 9, L37
add %r4, 1
L37:
jlt %r4, 19, L38
add %r7, 9
L38:
and %r6, 22
jgt %r3, 39, L39
add %r5, 9
L39:
add %r6, 5
and %r5, %r3
jgt %r7, 99, L40
add %r5, 8
L40:
lsh %r6, %r6
jgt %r4, 62, L41
add %r5, 7
L41:
and %r4, 19
mov %r8, 0
L42:
add %r6, %r8
add %r8, 1
jlt %r8, 6, L42
jsgt %r5, 11, L43
sub %r5, 8
L43:
jsgt %r6, 83, L44
or %r6, 4
L44:
jne %r5, 91, L45
or %r7, 6
L45:
mov %r9, 0
L46:
add %r5, %r9
add %r9, 1
jlt %r9, 2, L46
or %r6, 26
jsgt %r7, 47, L47
sub %r6, 8
L47:
mov %r0, %r4
and %r0, 1
exit
