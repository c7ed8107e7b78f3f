// The laws nninit samples, in C at wasm SIMD's width (laws.c). Each fill writes n float32 values.
#ifndef NNINIT_BENCH_LAWS_H
#define NNINIT_BENCH_LAWS_H

#include <stddef.h>
#include <stdint.h>

/** Lanes in groups of four (one 128-bit vector each): 2 groups = nninit's eight lanes. */
#define GROUPS 2

typedef uint32_t u32x4 __attribute__((vector_size(16)));

/** xoshiro128** state of 4·GROUPS lanes: word j of lane 4g + k is s<j>[g][k]. */
typedef struct {
  u32x4 s0[GROUPS], s1[GROUPS], s2[GROUPS], s3[GROUPS];
} lanes_t;

/** Call once before any fill. */
void laws_init(void);
void seed_lanes(lanes_t *lanes, uint64_t seed);
/** U[a, b). */
void fill_uniform(lanes_t *lanes, float *out, size_t n, float a, float b);
/** N(mean, std²). */
void fill_normal(lanes_t *lanes, float *out, size_t n, float mean, float std);
/** N(mean, std²) restricted to (mean − 2·std, mean + 2·std). */
void fill_truncated_normal(lanes_t *lanes, float *out, size_t n, float mean, float std);

#endif
