// The runner bench/lib/native.mjs talks to (laws.c holds the kernels).
//
//   laws serve                      reads requests on stdin, one per line, answers one line each:
//     time <law> <n> <calls> <p0> <p1>  → "<elapsed ns> <run-queue wait ns> <sink>"
//   laws dump <law> <n> <p0> <p1>   writes n float32 values (native byte order) to stdout
//
// law: uniform (p0, p1 = a, b), normal or truncatedNormal (p0, p1 = mean, std). The elapsed time
// covers `calls` fills of one n-float buffer (allocated and touched beforehand); the run-queue
// wait is this thread's, from /proc/thread-self/schedstat (0 where it is missing); the sink sums
// out[0] + out[n − 1] after every call, so no fill can be optimized away.

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "laws.h"

typedef void (*fill_fn)(lanes_t *, float *, size_t, float, float);

static fill_fn law_named(const char *name) {
  if (strcmp(name, "uniform") == 0) return fill_uniform;
  if (strcmp(name, "normal") == 0) return fill_normal;
  if (strcmp(name, "truncatedNormal") == 0) return fill_truncated_normal;
  return NULL;
}

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/** ns this thread spent runnable but waiting for a CPU (second field of schedstat). */
static double wait_ns(void) {
  FILE *f = fopen("/proc/thread-self/schedstat", "r");
  if (!f) return 0;
  unsigned long long run = 0, wait = 0;
  if (fscanf(f, "%llu %llu", &run, &wait) != 2) wait = 0;
  fclose(f);
  return (double)wait;
}

static float *buffer;
static size_t capacity;

/** A buffer of at least n floats, every page touched, so page faults stay out of the timing. */
static float *buffer_of(size_t n) {
  if (n > capacity) {
    free(buffer);
    buffer = aligned_alloc(64, (n * sizeof(float) + 63) & ~(size_t)63);
    if (!buffer) {
      fprintf(stderr, "laws: cannot allocate %zu floats\n", n);
      exit(2);
    }
    memset(buffer, 0, n * sizeof(float));
    capacity = n;
  }
  return buffer;
}

static int serve(lanes_t *lanes) {
  char line[256];
  while (fgets(line, sizeof line, stdin)) {
    char law[32];
    size_t n;
    long calls;
    float p0, p1;
    if (sscanf(line, "time %31s %zu %ld %f %f", law, &n, &calls, &p0, &p1) != 5 || law_named(law) == NULL ||
        n == 0 || calls < 1) {
      fprintf(stderr, "laws: bad request: %s", line);
      return 2;
    }
    const fill_fn fill = law_named(law);
    float *out = buffer_of(n);
    double sink = 0;
    const double wait0 = wait_ns(), t0 = now_ns();
    for (long c = 0; c < calls; c++) {
      fill(lanes, out, n, p0, p1);
      sink += out[0] + out[n - 1];
    }
    const double elapsed = now_ns() - t0, waited = wait_ns() - wait0;
    printf("%.0f %.0f %.9g\n", elapsed, waited, sink);
    fflush(stdout);
  }
  return 0;
}

int main(int argc, char **argv) {
  laws_init();
  lanes_t lanes;
  seed_lanes(&lanes, 20240229);
  if (argc == 2 && strcmp(argv[1], "serve") == 0) return serve(&lanes);
  if (argc == 6 && strcmp(argv[1], "dump") == 0 && law_named(argv[2])) {
    const size_t n = strtoull(argv[3], NULL, 10);
    float *out = buffer_of(n);
    law_named(argv[2])(&lanes, out, n, strtof(argv[4], NULL), strtof(argv[5], NULL));
    return fwrite(out, sizeof(float), n, stdout) == n ? 0 : 1;
  }
  fprintf(stderr, "usage: laws serve | laws dump <uniform|normal|truncatedNormal> <n> <p0> <p1>\n");
  return 2;
}
