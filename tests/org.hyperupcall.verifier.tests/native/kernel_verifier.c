/*
 * The Linux verifier as an oracle: reads programs, one per line as the hex of their bytes (8 per
 * instruction, as they are in an object file), loads each with bpf(BPF_PROG_LOAD) as a socket
 * filter and prints one line per program:
 *
 *   ACCEPT processed=N ns=T verify_us=V
 *   REJECT processed=N ns=T errno=E msg=<last line of the verifier's log>
 *
 * processed is the verifier's "processed N insns"; ns the median time of the load over RUNS loads
 * (argument 1, default 1), measured around the system call (verification, JIT compilation and
 * allocation); verify_us the verifier's own "verification time" of the last load. Needs CAP_BPF (root); exits 3 with a
 * message when the kernel refuses even a trivial program.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define LOG_SIZE (1 << 22)
static char log_buf[LOG_SIZE];

static long load(const unsigned char *code, size_t len, int log_level, int *fd_out) {
    union bpf_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
    attr.insns = (uint64_t)(uintptr_t)code;
    attr.insn_cnt = (uint32_t)(len / 8);
    attr.license = (uint64_t)(uintptr_t)"GPL";
    log_buf[0] = 0;
    if (log_level > 0) {
        attr.log_level = log_level;
        attr.log_buf = (uint64_t)(uintptr_t)log_buf;
        attr.log_size = LOG_SIZE;
    }
    int fd = (int)syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
    *fd_out = fd;
    return fd < 0 ? -errno : 0;
}

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static int cmp_long(const void *a, const void *b) {
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

static long processed(void) {
    const char *p = strstr(log_buf, "processed ");
    return p ? atol(p + 10) : -1;
}

static long verification_us(void) {
    const char *p = strstr(log_buf, "verification time ");
    return p ? atol(p + 18) : -1;
}

static void last_line(char *out, size_t n) {
    size_t len = strlen(log_buf);
    while (len > 0 && (log_buf[len - 1] == '\n' || log_buf[len - 1] == ' ')) len--;
    size_t start = len;
    /* the line before "processed ..." is the error; fall back to the last line */
    char *proc = strstr(log_buf, "\nprocessed ");
    if (proc) len = (size_t)(proc - log_buf);
    start = len;
    while (start > 0 && log_buf[start - 1] != '\n') start--;
    size_t k = len - start < n - 1 ? len - start : n - 1;
    memcpy(out, log_buf + start, k);
    out[k] = 0;
    for (size_t i = 0; i < k; i++) if (out[i] == '\t') out[i] = ' ';
}

int main(int argc, char **argv) {
    int runs = argc > 1 ? atoi(argv[1]) : 1;
    if (runs < 1) runs = 1;
    unsigned char trivial[16] = {0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0};
    int fd;
    if (load(trivial, sizeof(trivial), 0, &fd) < 0) {
        fprintf(stderr, "kernel_verifier: bpf(BPF_PROG_LOAD) refused a trivial program: %s\n", strerror(errno));
        return 3;
    }
    close(fd);
    size_t cap = 1 << 20;
    char *line = malloc(cap);
    unsigned char *code = malloc(cap);
    long *times = malloc(sizeof(long) * (size_t)runs);
    ssize_t got;
    size_t linecap = cap;
    while ((got = getline(&line, &linecap, stdin)) > 0) {
        size_t len = 0;
        for (ssize_t i = 0; i + 1 < got && line[i] != '\n'; i += 2) {
            unsigned int b;
            if (sscanf(line + i, "%2x", &b) != 1) break;
            if (len >= cap) break;
            code[len++] = (unsigned char)b;
        }
        long rc = 0;
        for (int r = 0; r < runs; r++) {
            long t0 = now_ns();
            rc = load(code, len, 4 /* BPF_LOG_STATS: the counts, no per-instruction log */, &fd);
            times[r] = now_ns() - t0;
            if (fd >= 0) close(fd);
        }
        qsort(times, (size_t)runs, sizeof(long), cmp_long);
        long n = processed();
        if (rc == 0) {
            printf("ACCEPT processed=%ld ns=%ld verify_us=%ld\n", n, times[runs / 2], verification_us());
        } else {
            /* once more with the log, for the reason */
            load(code, len, 1, &fd);
            if (fd >= 0) close(fd);
            char msg[512];
            last_line(msg, sizeof(msg));
            printf("REJECT processed=%ld ns=%ld errno=%ld msg=%s\n", processed(), times[runs / 2], -rc, msg);
        }
        fflush(stdout);
    }
    return 0;
}
