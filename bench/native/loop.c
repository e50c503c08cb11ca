/*
 * loop.c -- examples/bench/loop.s in plain C, for a gcc -O2 reference.
 *
 *     mov %r0, 0x12345            r0 = start
 *     mov %r1, 142857             r1 = 142857
 * loop:
 *     mov %r2, %r0                r2 = r0
 *     lsh %r2, 13                 r2 <<= 13
 *     xor %r0, %r2                r0 ^= r2
 *     mul %r0, 0x2545f491         r0 *= 0x2545f491
 *     add %r0, %r1                r0 += r1
 *     sub %r1, 1                  r1 -= 1
 *     jne %r1, 0, loop            while (r1 != 0)
 *     exit                        return r0
 *
 * All arithmetic is 64-bit unsigned (ALU64).  The eBPF program executes
 * 2 + 7 * 142857 + 1 = 1,000,002 instructions per run; ns/insn divides by that.
 * Expected result: r0 = 0xa91bd7e1d909dac2 (`./huc exec examples/bench/loop.s`).
 *
 * usage: loop [-n RUNS] [START]   (START defaults to 0x12345; read at run time,
 * and the count comes from a volatile, so gcc cannot precompute the result)
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static volatile uint64_t iterations = 142857;
static volatile uint64_t sink;

__attribute__((noinline)) static uint64_t loop(uint64_t r0, uint64_t r1)
{
	do {
		uint64_t r2 = r0;
		r2 <<= 13;
		r0 ^= r2;
		r0 *= 0x2545f491u;
		r0 += r1;
		r1 -= 1;
	} while (r1 != 0);
	return r0;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int runs = 301, opt;
	while ((opt = getopt(argc, argv, "n:h")) != -1) {
		switch (opt) {
		case 'n': runs = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: %s [-n RUNS] [START]\n", argv[0]);
			return 2;
		}
	}
	if (runs < 1) runs = 1;
	uint64_t start = optind < argc ? strtoull(argv[optind], NULL, 0) : 0x12345;

	uint64_t result = 0;
	for (int i = 0; i < 20; i++) /* warm-up: caches, branch predictor, CPU clock */
		sink = loop(start, iterations);

	double *t = malloc(runs * sizeof(*t));
	for (int i = 0; i < runs; i++) {
		uint64_t n = iterations;
		double t0 = now_ns();
		result = loop(start, n);
		t[i] = now_ns() - t0;
		sink = result;
	}
	qsort(t, runs, sizeof(*t), cmp_dbl);
	double med = t[runs / 2];
	double insns = 3.0 + 7.0 * (double)iterations; /* 1,000,002 */

	printf("program:       loop.c, gcc -O2 (%" PRIu64 " iterations, start 0x%" PRIx64 ")\n",
	       (uint64_t)iterations, start);
	printf("runs:          %d\n", runs);
	printf("time:          median %.0f ns/run (min %.0f, max %.0f)\n", med, t[0], t[runs - 1]);
	printf("result:        r0 = 0x%" PRIx64 "\n", result);
	printf("ns/insn:       %.4f (per eBPF instruction, %.0f per run)\n", med / insns, insns);
	printf("RESULT ns_per_run=%.0f r0=0x%" PRIx64 " ns_per_insn=%.5f\n", med, result,
	       med / insns);
	free(t);
	return 0;
}
