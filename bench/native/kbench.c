/*
 * kbench -- time raw eBPF bytecode under the Linux kernel's eBPF JIT.
 *
 * Loads FILE (raw little-endian eBPF instructions, e.g. the .text section of
 * an object written by `huc asm`, extracted with llvm-objcopy -O binary) as a
 * BPF_PROG_TYPE_SOCKET_FILTER program and runs it with BPF_PROG_TEST_RUN on a
 * dummy 64-byte packet, `repeat` times per call, for several calls.  Prints
 * the median of the kernel-reported `duration` (ns per run), the retval and,
 * when INSNS (instructions executed per run) is given, ns per instruction.
 *
 * Raw syscalls only (no libbpf).  Exit status: 0 ok, 1 error (load refused:
 * the verifier log is printed), 2 usage, 77 skipped (no privilege / no bpf).
 *
 * usage: kbench [-r REPEAT] [-n CALLS] [-t TARGET_MS] FILE [INSNS]
 *   -r REPEAT     runs per BPF_PROG_TEST_RUN call (default: calibrated so
 *                 that one call takes about TARGET_MS)
 *   -n CALLS      timed calls; the median is reported (default 11)
 *   -t TARGET_MS  calibration target per call (default 100)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define EXIT_SKIP 77
#ifndef ENOTSUPP
#define ENOTSUPP 524 /* kernel-internal "operation not supported", leaks to user space */
#endif

static const char *prog_name = "kbench";

static long sys_bpf(int cmd, union bpf_attr *attr, unsigned int size)
{
#ifdef __NR_bpf
	return syscall(__NR_bpf, cmd, attr, size);
#else
	errno = ENOSYS;
	return -1;
#endif
}

static void skip(const char *what, int err)
{
	printf("skipped: %s: %s\n", what,
	       err == EPERM ? "operation not permitted (needs root / CAP_BPF + CAP_SYS_ADMIN)"
	       : err == ENOSYS ? "bpf() syscall not available in this kernel"
	       : err == ENOTSUPP ? "not supported by this kernel"
	       : strerror(err));
	exit(EXIT_SKIP);
}

static int is_skip_errno(int err)
{
	return err == EPERM || err == ENOSYS || err == ENOTSUPP || err == EOPNOTSUPP;
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "%s: cannot open %s: %s\n", prog_name, path, strerror(errno));
		exit(1);
	}
	size_t cap = 4096, n = 0;
	unsigned char *buf = malloc(cap);
	for (;;) {
		if (n == cap)
			buf = realloc(buf, cap *= 2);
		size_t got = fread(buf + n, 1, cap - n, f);
		if (got == 0)
			break;
		n += got;
	}
	if (ferror(f)) {
		fprintf(stderr, "%s: cannot read %s: %s\n", prog_name, path, strerror(errno));
		exit(1);
	}
	fclose(f);
	*len = n;
	return buf;
}

static int load(const struct bpf_insn *insns, uint32_t count, char *log, uint32_t log_size)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insns = (uintptr_t)insns;
	attr.insn_cnt = count;
	attr.license = (uintptr_t)"GPL";
	if (log) {
		log[0] = 0;
		attr.log_buf = (uintptr_t)log;
		attr.log_size = log_size;
		attr.log_level = 1;
	}
	strncpy(attr.prog_name, "kbench", sizeof(attr.prog_name) - 1);
	return (int)sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
}

static unsigned char packet[64];

/* One BPF_PROG_TEST_RUN call; returns 0 or the errno. */
static int test_run(int fd, uint32_t repeat, uint32_t *duration, uint32_t *retval, double *wall)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = fd;
	attr.test.data_in = (uintptr_t)packet;
	attr.test.data_size_in = sizeof(packet);
	attr.test.repeat = repeat;
	double t0 = now_ns();
	if (sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)) < 0)
		return errno;
	*wall = now_ns() - t0;
	*duration = attr.test.duration;
	*retval = attr.test.retval;
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: %s [-r REPEAT] [-n CALLS] [-t TARGET_MS] FILE [INSNS_PER_RUN]\n", prog_name);
	exit(2);
}

int main(int argc, char **argv)
{
	uint32_t repeat = 0;
	int calls = 11, opt;
	double target_ms = 100;

	while ((opt = getopt(argc, argv, "r:n:t:h")) != -1) {
		switch (opt) {
		case 'r': repeat = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'n': calls = atoi(optarg); break;
		case 't': target_ms = atof(optarg); break;
		default: usage();
		}
	}
	if (optind >= argc || argc - optind > 2 || calls < 1 || target_ms <= 0)
		usage();
	const char *path = argv[optind];
	double insns_per_run = argc - optind == 2 ? atof(argv[optind + 1]) : 0;

	size_t len;
	struct bpf_insn *insns = read_file(path, &len);
	if (len == 0 || len % sizeof(struct bpf_insn)) {
		fprintf(stderr, "%s: %s: %zu bytes is not a whole number of 8-byte eBPF instructions\n",
			prog_name, path, len);
		return 1;
	}
	uint32_t count = (uint32_t)(len / sizeof(struct bpf_insn));

	/* Pre-5.11 kernels charge bpf memory to RLIMIT_MEMLOCK; harmless otherwise. */
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
	setrlimit(RLIMIT_MEMLOCK, &rl);

	int fd = load(insns, count, NULL, 0);
	if (fd < 0) {
		int err = errno;
		if (is_skip_errno(err))
			skip("BPF_PROG_LOAD", err);
		/* Reload with the verifier log on (the kernel keeps the tail if it overflows). */
		uint32_t log_size = 1u << 24;
		char *log = malloc(log_size);
		int fd2 = log ? load(insns, count, log, log_size) : -1;
		fprintf(stderr, "%s: the kernel refused to load %s (%u insns) as a socket filter: %s\n",
			prog_name, path, count, strerror(err));
		if (fd2 < 0 && log && log[0])
			fprintf(stderr, "--- verifier log ---\n%s%s--- end of verifier log ---\n", log,
				log[strlen(log) - 1] == '\n' ? "" : "\n");
		return 1;
	}

	/* Is it JIT-compiled? (BPF_OBJ_GET_INFO_BY_FD: jited_prog_len > 0.) */
	struct bpf_prog_info info;
	union bpf_attr ia;
	memset(&info, 0, sizeof(info));
	memset(&ia, 0, sizeof(ia));
	ia.info.bpf_fd = fd;
	ia.info.info_len = sizeof(info);
	ia.info.info = (uintptr_t)&info;
	int have_info = sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &ia, sizeof(ia)) == 0;

	/* Calibrate: grow repeat until a call takes >= 10 ms, then scale to the target. */
	uint32_t duration, retval;
	double wall;
	int err;
	if (repeat == 0) {
		uint32_t r = 1;
		for (;;) {
			if ((err = test_run(fd, r, &duration, &retval, &wall)))
				break;
			if (wall >= 10e6 || r >= (1u << 30))
				break;
			r = wall < 1e5 ? r * 100 : r * 4;
		}
		if (!err) {
			double scaled = (double)r * target_ms * 1e6 / (wall > 1 ? wall : 1);
			repeat = scaled < 1 ? 1 : scaled > 4e9 ? 4000000000u : (uint32_t)scaled;
		}
	} else {
		err = test_run(fd, 1, &duration, &retval, &wall); /* warm-up / probe */
	}
	if (err) {
		if (is_skip_errno(err))
			skip("BPF_PROG_TEST_RUN", err);
		fprintf(stderr, "%s: BPF_PROG_TEST_RUN failed: %s\n", prog_name, strerror(err));
		return 1;
	}

	uint32_t *durs = calloc(calls, sizeof(*durs));
	double *walls = calloc(calls, sizeof(*walls));
	uint32_t first_retval = retval;
	for (int i = 0; i < calls; i++) {
		if ((err = test_run(fd, repeat, &durs[i], &retval, &wall))) {
			fprintf(stderr, "%s: BPF_PROG_TEST_RUN failed: %s\n", prog_name, strerror(err));
			return 1;
		}
		walls[i] = wall / repeat;
		if (retval != first_retval) {
			fprintf(stderr, "%s: retval changed between runs: 0x%" PRIx32 " then 0x%" PRIx32 "\n",
				prog_name, first_retval, retval);
			return 1;
		}
	}
	qsort(durs, calls, sizeof(*durs), cmp_u32);
	qsort(walls, calls, sizeof(*walls), cmp_dbl);
	uint32_t med = durs[calls / 2];

	FILE *jf = fopen("/proc/sys/net/core/bpf_jit_enable", "r");
	int jit_enable = -1;
	if (jf) {
		if (fscanf(jf, "%d", &jit_enable) != 1)
			jit_enable = -1;
		fclose(jf);
	}

	printf("program:       %s (%u insns, socket filter)\n", path, count);
	if (have_info)
		printf("jited:         %s (%u bytes native code; bpf_jit_enable=%d)\n",
		       info.jited_prog_len ? "yes" : "NO, interpreted", info.jited_prog_len, jit_enable);
	printf("calls:         %d x repeat %" PRIu32 "\n", calls, repeat);
	printf("duration:      median %" PRIu32 " ns/run (min %" PRIu32 ", max %" PRIu32 ") [kernel-reported]\n",
	       med, durs[0], durs[calls - 1]);
	printf("wall:          median %.2f ns/run [syscall wall time / repeat]\n", walls[calls / 2]);
	printf("retval:        0x%" PRIx32 " (low 32 bits of r0)\n", retval);
	if (insns_per_run > 0)
		printf("ns/insn:       %.4f (%.0f insns per run)\n", med / insns_per_run, insns_per_run);
	/* One machine-readable line for scripts. */
	printf("RESULT ns_per_run=%" PRIu32 " wall_ns_per_run=%.3f retval=0x%" PRIx32 " ns_per_insn=%.5f\n",
	       med, walls[calls / 2], retval, insns_per_run > 0 ? med / insns_per_run : 0.0);
	close(fd);
	return 0;
}
