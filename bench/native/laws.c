// The laws nninit samples, in C at wasm SIMD's width (128-bit vectors, built with -msse4.2
// -mno-avx): the native reference for bench/run.mjs's "× native C" column.
//
// The same work per value as nninit's kernels (assembly/fill.ts, assembly/vecmath.ts): eight
// xoshiro128** lanes (Blackman & Vigna, 2018) in two groups of four, 24-bit floats; normals by
// Box–Muller, both values of a pair used, with Cephes' single-precision logf/sinf/cosf polynomials
// (S. L. Moshier, Cephes Math Library); truncated normals keep the values strictly inside ±2σ and
// left-pack them. Written with GCC vector extensions, so the compiler picks the instructions.

#include "laws.h"

#include <immintrin.h>
#include <math.h>
#include <string.h>

typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef float f32x4 __attribute__((vector_size(16)));

#define SPLAT_I(x) ((i32x4){(x), (x), (x), (x)})
#define SPLAT_U(x) ((u32x4){(x), (x), (x), (x)})
#define SPLAT_F(x) ((f32x4){(x), (x), (x), (x)})
#define TWO_POW_M24 5.9604645e-8f

static inline u32x4 rotl(u32x4 x, int k) { return (x << k) | (x >> (32 - k)); }

/** One xoshiro128** step of four lanes: returns rotl(s1 * 5, 7) * 9 and advances the state. */
static inline u32x4 next(u32x4 *s0, u32x4 *s1, u32x4 *s2, u32x4 *s3) {
  const u32x4 result = rotl(*s1 * 5, 7) * 9;
  const u32x4 t = *s1 << 9;
  *s2 ^= *s0;
  *s3 ^= *s1;
  *s1 ^= *s2;
  *s0 ^= *s3;
  *s2 ^= t;
  *s3 = rotl(*s3, 11);
  return result;
}

/** SplitMix64 (Steele, Lea & Flood, 2014): seeds the lanes, never all zero for a lane. */
static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

void seed_lanes(lanes_t *lanes, uint64_t seed) {
  for (int g = 0; g < GROUPS; g++) {
    for (int k = 0; k < 4; k++) {
      const uint64_t a = splitmix64(&seed), b = splitmix64(&seed);
      lanes->s0[g][k] = (uint32_t)a;
      lanes->s1[g][k] = (uint32_t)(a >> 32);
      lanes->s2[g][k] = (uint32_t)b;
      lanes->s3[g][k] = (uint32_t)(b >> 32) | 1;
    }
  }
}

/** Top 24 bits of x as a float in [0, 1): (x >> 8) · 2^-24. */
static inline f32x4 unit(u32x4 x) { return __builtin_convertvector((i32x4)(x >> 8), f32x4) * TWO_POW_M24; }

// Each fill works on a local copy of the state and writes it back at the end: stores to `out` may
// alias the caller's state, and a local copy lets the compiler keep it in registers.

void fill_uniform(lanes_t *state, float *out, size_t n, float a, float b) {
  lanes_t local = *state, *lanes = &local;
  const f32x4 from = SPLAT_F(a), width = SPLAT_F(b - a);
  // The float below b: a + width·u can round up to b itself.
  const f32x4 below = SPLAT_F(nextafterf(b, a));
  size_t i = 0;
  for (; i + 4 * GROUPS <= n; i += 4 * GROUPS) {
    for (int g = 0; g < GROUPS; g++) {
      const f32x4 v = from + width * unit(next(&lanes->s0[g], &lanes->s1[g], &lanes->s2[g], &lanes->s3[g]));
      _mm_storeu_ps(out + i + 4 * g, _mm_min_ps((__m128)v, (__m128)below));
    }
  }
  for (; i < n; i++) out[i] = a;  // n is a multiple of 8 in the bench; keeps the contract for any n
  *state = local;
}

/** √(−2 ln u) for u = (top24(x) + 1) · 2^-24 in (0, 1]: ln by Cephes logf's reduction and polynomial. */
static inline f32x4 radius(u32x4 x) {
  const f32x4 u = __builtin_convertvector((i32x4)((x >> 8) + 1), f32x4) * TWO_POW_M24;
  const i32x4 bits = (i32x4)u;
  i32x4 e = ((i32x4)((u32x4)bits >> 23)) - 127;
  f32x4 m = (f32x4)((bits & 0x007fffff) | 0x3f800000);  // m in [1, 2)
  const i32x4 big = m > 1.41421356237f;                  // all ones where m > √2
  m = (f32x4)(((i32x4)(m * 0.5f) & big) | ((i32x4)m & ~big));
  e -= big;                                              // big is −1 where true
  const f32x4 t = m - 1.0f, t2 = t * t;
  f32x4 p = 7.0376836292e-2f * t - 1.151461031e-1f;
  p = p * t + 1.1676998740e-1f;
  p = p * t - 1.2420140846e-1f;
  p = p * t + 1.4249322787e-1f;
  p = p * t - 1.6668057665e-1f;
  p = p * t + 2.0000714765e-1f;
  p = p * t - 2.4999993993e-1f;
  p = p * t + 3.3333331174e-1f;
  const f32x4 fe = __builtin_convertvector(e, f32x4);
  f32x4 y = p * t * t2 + -2.12194440e-4f * fe - 0.5f * t2;
  const f32x4 ln = t + y + 0.693359375f * fe;
  return (f32x4)_mm_sqrt_ps(_mm_max_ps((__m128)(-2.0f * ln), _mm_setzero_ps()));
}

/** cos θ and sin θ for θ = 2π · top24(x) / 2^24: a quadrant, then Cephes' polynomials on [−π/4, π/4]. */
static inline void cos_sin(u32x4 x, f32x4 *cos_out, f32x4 *sin_out) {
  const i32x4 shifted = (i32x4)(x >> 8) + 0x200000;
  const i32x4 q = (i32x4)((u32x4)shifted >> 22);
  const f32x4 phi = __builtin_convertvector((shifted & 0x3fffff) - 0x200000, f32x4) * 3.7450702e-7f;
  const f32x4 z = phi * phi;
  const f32x4 s = ((-1.9515295891e-4f * z + 8.3321608736e-3f) * z - 1.6666654611e-1f) * z * phi + phi;
  const f32x4 c = ((2.443315711809948e-5f * z - 1.388731625493765e-3f) * z + 4.166664568298827e-2f) * z * z -
                  0.5f * z + 1.0f;
  const i32x4 swap = -(q & 1);  // all ones in odd quadrants
  const i32x4 cos_sign = ((q + 1) & 2) << 30, sin_sign = (q & 2) << 30;
  *cos_out = (f32x4)((((i32x4)s & swap) | ((i32x4)c & ~swap)) ^ cos_sign);
  *sin_out = (f32x4)((((i32x4)c & swap) | ((i32x4)s & ~swap)) ^ sin_sign);
}

/** One Box–Muller pair per lane of group g: standard normals in *first (cos) and *second (sin). */
static inline void normal_pair(lanes_t *l, int g, f32x4 *first, f32x4 *second) {
  const u32x4 x1 = next(&l->s0[g], &l->s1[g], &l->s2[g], &l->s3[g]);
  const u32x4 x2 = next(&l->s0[g], &l->s1[g], &l->s2[g], &l->s3[g]);
  const f32x4 r = radius(x1);
  f32x4 c, s;
  cos_sin(x2, &c, &s);
  *first = r * c;
  *second = r * s;
}

void fill_normal(lanes_t *state, float *out, size_t n, float mean, float std) {
  lanes_t local = *state, *lanes = &local;
  const f32x4 m = SPLAT_F(mean), sd = SPLAT_F(std);
  size_t i = 0;
  // Lane k's values go to 8p + k: a row of cosines, then a row of sines.
  for (; i + 8 * GROUPS <= n; i += 8 * GROUPS) {
    for (int g = 0; g < GROUPS; g++) {
      f32x4 first, second;
      normal_pair(lanes, g, &first, &second);
      _mm_storeu_ps(out + i + 4 * g, (__m128)(m + sd * first));
      _mm_storeu_ps(out + i + 4 * GROUPS + 4 * g, (__m128)(m + sd * second));
    }
  }
  for (; i < n; i++) out[i] = mean;  // n is a multiple of 16 in the bench
  *state = local;
}

/** Shuffle masks that move the lanes set in a 4-bit mask to the front (left-packing); set by laws_init(). */
static __m128i pack_shuffle[16];

void laws_init(void) {
  for (int mask = 0; mask < 16; mask++) {
    uint8_t bytes[16];
    int k = 0;
    for (int lane = 0; lane < 4; lane++) {
      if (!(mask & (1 << lane))) continue;
      for (int b = 0; b < 4; b++) bytes[4 * k + b] = (uint8_t)(4 * lane + b);
      k++;
    }
    for (; k < 4; k++)
      for (int b = 0; b < 4; b++) bytes[4 * k + b] = 0x80;
    memcpy(&pack_shuffle[mask], bytes, 16);
  }
}

/** Stores the values of v strictly inside (−2, 2), scaled, at out; returns how many. out has room for 4. */
static inline size_t keep_inside(float *out, f32x4 z, f32x4 m, f32x4 sd) {
  const __m128 inside = _mm_cmplt_ps(_mm_andnot_ps(_mm_set1_ps(-0.0f), (__m128)z), _mm_set1_ps(2.0f));
  const int mask = _mm_movemask_ps(inside);
  const __m128i packed = _mm_shuffle_epi8((__m128i)(m + sd * z), pack_shuffle[mask]);
  _mm_storeu_si128((__m128i *)out, packed);
  return (size_t)__builtin_popcount((unsigned)mask);
}

void fill_truncated_normal(lanes_t *state, float *out, size_t n, float mean, float std) {
  lanes_t local = *state, *lanes = &local;
  const f32x4 m = SPLAT_F(mean), sd = SPLAT_F(std);
  size_t i = 0;
  // Each step stores at most 8·GROUPS values: stay that far from the end, then finish through a buffer.
  while (i + 8 * GROUPS <= n) {
    for (int g = 0; g < GROUPS; g++) {
      f32x4 first, second;
      normal_pair(lanes, g, &first, &second);
      i += keep_inside(out + i, first, m, sd);
      i += keep_inside(out + i, second, m, sd);
    }
  }
  float rest[8 * GROUPS + 4];
  while (i < n) {
    size_t k = 0;
    for (int g = 0; g < GROUPS; g++) {
      f32x4 first, second;
      normal_pair(lanes, g, &first, &second);
      k += keep_inside(rest + k, first, m, sd);
      k += keep_inside(rest + k, second, m, sd);
    }
    for (size_t j = 0; j < k && i < n; j++) out[i++] = rest[j];
  }
  *state = local;
}
