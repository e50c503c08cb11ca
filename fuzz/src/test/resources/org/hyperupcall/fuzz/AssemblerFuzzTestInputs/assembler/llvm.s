// LLVM syntax
r6 = r1
r2 = *(u64 *)(r6 + 8)
if r2 > 10 goto +3
r3 = 0x1122334455667788 ll
r2 += r3
*(u64 *)(r10 - 8) = r2
w0 = 0
exit
