ldxw %r2, [%r1+0]
ldxw %r3, [%r1+4]
mov %r4, 0
mov %r5, 0
mov %r6, 0
mov %r7, 0
mov %r0, 0
jlt %r2, 19, L0
add %r7, 2
L0:
jeq %r6, 28, L1
xor %r6, 5
L1:
add %r4, %r4
xor %r6, %r4
jeq %r7, 77, L2
xor %r6, 7
L2:
mov %r8, 0
L3:
add %r5, %r8
add %r8, 1
jlt %r8, 9, L3
jeq %r6, 37, L4
xor %r6, 9
L4:
jlt %r5, 57, L5
sub %r6, 4
L5:
jeq %r2, 59, L6
xor %r4, 9
L6:
mov %r9, 0
L7:
add %r6, %r9
add %r9, 1
jlt %r9, 4, L7
or %r5, %r2
mov %r9, 0
L8:
add %r6, %r9
add %r9, 1
jlt %r9, 4, L8
jset %r7, 71, L9
sub %r6, 6
L9:
jgt %r2, 97, L10
sub %r5, 2
L10:
jlt %r3, 3, L11
add %r6, 6
L11:
add %r6, 11
jset %r4, 52, L12
add %r5, 5
L12:
mov %r9, 0
L13:
add %r6, %r9
add %r9, 1
jlt %r9, 4, L13
jgt %r6, 73, L14
add %r5, 6
L14:
jgt %r3, 37, L15
add %r6, 8
L15:
add %r7, %r3
jsgt %r3, 5, L16
or %r5, 4
L16:
jsgt %r2, 37, L17
or %r4, 4
L17:
jlt %r3, 62, L18
add %r7, 4
L18:
jne %r3, 63, L19
sub %r7, 1
L19:
jsgt %r4, 26, L20
sub %r5, 7
L20:
mul %r5, %r4
mov %r9, 0
L21:
add %r4, %r9
add %r9, 1
jlt %r9, 9, L21
jsgt %r5, 21, L22
xor %r5, 5
L22:
xor %r6, 21
jeq %r5, 35, L23
sub %r7, 1
L23:
jgt %r6, 85, L24
add %r5, 3
L24:
rsh %r7, %r6
and %r5, %r2
jlt %r4, 98, L25
or %r4, 4
L25:
mov %r8, 0
L26:
add %r5, %r8
add %r8, 1
jlt %r8, 7, L26
sub %r7, %r6
jlt %r6, 71, L27
xor %r4, 3
L27:
jgt %r2, 44, L28
add %r4, 2
L28:
xor %r7, %r5
jeq %r5, 9, L29
add %r7, 6
L29:
mov %r9, 0
L30:
add %r7, %r9
add %r9, 1
jlt %r9, 9, L30
jlt %r3, 54, L31
add %r6, 9
L31:
jset %r3, 19, L32
xor %r5, 8
L32:
and %r6, 1
jsgt %r4, 14, L33
or %r4, 8
L33:
mov %r8, 0
L34:
add %r7, %r8
add %r8, 1
jlt %r8, 6, L34
jset %r3, 6, L35
xor %r4, 9
L35:
lsh %r7, %r6
mov %r9, 0
L36:
add %r7, %r9
add %r9, 1
jlt %r9, 4, L36
jset %r6, 43, L37
sub %r6, 7
L37:
jgt %r3, 47, L38
sub %r5, 6
L38:
and %r4, %r2
jne %r4, 38, L39
add %r6, 1
L39:
mov %r8, 0
L40:
add %r6, %r8
add %r8, 1
jlt %r8, 3, L40
jset %r6, 73, L41
add %r7, 2
L41:
jsgt %r5, 100, L42
xor %r5, 7
L42:
mul %r5, 10
jlt %r4, 64, L43
or %r7, 6
L43:
jgt %r5, 23, L44
or %r4, 9
L44:
mov %r9, 0
L45:
add %r7, %r9
add %r9, 1
jlt %r9, 8, L45
mov %r8, 0
L46:
add %r4, %r8
add %r8, 1
jlt %r8, 9, L46
sub %r6, 30
sub %r7, 16
jgt %r3, 16, L47
add %r4, 3
L47:
mov %r0, %r4
and %r0, 1
exit
