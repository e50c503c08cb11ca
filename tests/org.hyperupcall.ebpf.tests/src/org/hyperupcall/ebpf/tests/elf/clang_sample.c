/* Built into clang_sample.o with: clang -O2 -target bpf -c clang_sample.c -o clang_sample.o (clang 14).
 * ElfObjectTest runs it and compares with the same computation written in Java. */
struct ctx {
    unsigned long long a, b;
    unsigned int c;
    unsigned char bytes[16];
};

static __attribute__((noinline)) unsigned long long mix(unsigned long long x, unsigned long long y)
{
    return (x * 31) ^ (y >> 3);
}

__attribute__((section("hyperupcall/test"), used)) unsigned long long prog(struct ctx *c)
{
    unsigned long long s = mix(c->a, c->b);
    for (int i = 0; i < 16; i++)
        s += (unsigned long long)c->bytes[i] * (i + 1);
    if (c->c > 100)
        s ^= 0xdeadbeefcafebabeULL;
    c->a = s;
    return s;
}
