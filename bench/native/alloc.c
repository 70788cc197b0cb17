/*
 * C reference for the pasidscope allocator benchmarks (bench/README.md).
 *
 * A bitmap of 64-bit words with a "full word" summary: bit j of level k+1 is set when
 * word j of level k is all ones. Lowest-free search checks the current word, climbs to
 * the summary for the next non-full word and descends along the lowest zero bits.
 * Padding bits past the end of every level are kept at 1.
 *
 * Two variants run the same workloads:
 *   two-level   leaf + one summary level; the summary (256 words for 2^20 IDs) is scanned
 *               linearly from the current position. The classic two-level bitmap.
 *   multi-level leaf + summary levels up to one word (4 levels for 2^20 IDs), no scan.
 *
 * The workloads use mulberry32 (bench/prng.ts) so TypeScript and C do exactly the same
 * operations; each workload reports a checksum (sum of allocated IDs mod 2^32) that the
 * TypeScript side compares with its own.
 *
 * usage: alloc.out <n> <seed> <ops> <reps>   prints one JSON object on stdout
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAXLV 8

typedef struct {
  int top; /* index of the top level; it is scanned linearly */
  uint64_t *lv[MAXLV];
  uint64_t len[MAXLV];
} bitmap;

static void set_padding(uint64_t *a, uint64_t words, uint64_t used) {
  for (uint64_t b = used; b < words * 64; b++) a[b >> 6] |= 1ull << (b & 63);
}

static void bm_init(bitmap *b, uint64_t n, int maxlevels) {
  uint64_t words = n ? (n + 63) / 64 : 1, below = n;
  int k = 0;
  for (;;) {
    b->len[k] = words;
    b->lv[k] = calloc(words, 8);
    if (!b->lv[k]) { fprintf(stderr, "out of memory\n"); exit(1); }
    set_padding(b->lv[k], words, below);
    if (k > 0)
      for (uint64_t j = 0; j < below; j++)
        if (b->lv[k - 1][j] == ~0ull) b->lv[k][j >> 6] |= 1ull << (j & 63);
    if (words == 1 || k + 1 == maxlevels) break;
    below = words;
    words = (words + 63) / 64;
    k++;
  }
  b->top = k;
}

static void bm_free(bitmap *b) {
  for (int k = 0; k <= b->top; k++) free(b->lv[k]);
}

static void bm_set(bitmap *b, uint64_t i) {
  uint64_t w = i >> 6;
  uint64_t v = (b->lv[0][w] |= 1ull << (i & 63));
  for (int k = 1; v == ~0ull && k <= b->top; k++) {
    v = (b->lv[k][w >> 6] |= 1ull << (w & 63));
    w >>= 6;
  }
}

static void bm_clear(bitmap *b, uint64_t i) {
  uint64_t w = i >> 6;
  uint64_t old = b->lv[0][w];
  b->lv[0][w] = old & ~(1ull << (i & 63));
  for (int k = 1; old == ~0ull && k <= b->top; k++) {
    old = b->lv[k][w >> 6];
    b->lv[k][w >> 6] = old & ~(1ull << (w & 63));
    w >>= 6;
  }
}

/* lowest zero bit >= pos, or -1 */
static int64_t bm_lowest_free(const bitmap *b, uint64_t pos) {
  int k = 0;
  for (;;) {
    uint64_t w = pos >> 6;
    if (w >= b->len[k]) return -1;
    uint64_t x = ~b->lv[k][w] & (~0ull << (pos & 63));
    if (k == b->top) {
      while (!x) {
        if (++w >= b->len[k]) return -1;
        x = ~b->lv[k][w];
      }
    }
    if (x) {
      pos = (w << 6) | (uint64_t)__builtin_ctzll(x);
      break;
    }
    pos = w + 1;
    k++;
  }
  while (k > 0) {
    k--;
    pos = (pos << 6) | (uint64_t)__builtin_ctzll(~b->lv[k][pos]);
  }
  return (int64_t)pos;
}

/* mulberry32, as bench/prng.ts */
static uint32_t rng_state;
static uint32_t next_u32(void) {
  rng_state += 0x6d2b79f5u;
  uint32_t t = rng_state;
  t = (t ^ (t >> 15)) * (t | 1u);
  t ^= t + (t ^ (t >> 7)) * (t | 61u);
  return t ^ (t >> 14);
}
static uint32_t below(uint32_t n) { return (uint32_t)(((uint64_t)next_u32() * n) >> 32); }

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
  qsort(v, (size_t)n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static uint64_t n_ids;
static uint32_t seed, ops;
static uint32_t *live;
static volatile uint32_t sink;

/* lowest-first allocation of the whole universe into an empty bitmap; ns per allocation */
static double alloc_all(int maxlevels, uint32_t *sum) {
  bitmap b;
  bm_init(&b, n_ids, maxlevels);
  uint32_t s = 0;
  double t0 = now_ns();
  for (uint64_t i = 0; i < n_ids; i++) {
    int64_t id = bm_lowest_free(&b, 0);
    bm_set(&b, (uint64_t)id);
    s += (uint32_t)id;
  }
  double t1 = now_ns();
  bm_free(&b);
  *sum = s;
  return (t1 - t0) / (double)n_ids;
}

/*
 * free-realloc (full = 0): each ID used with probability 1/2 (u32 < 2^31), the used ones
 * listed in `live`; then `ops` times: free a random live ID, allocate the lowest, which
 * takes the freed one's place in `live`.
 * churn (full = 1): every ID used; then `ops` times: free a random ID (every ID is live, so
 * no list is needed), allocate the lowest (the one just freed).
 */
static double free_realloc(int maxlevels, int full, uint32_t *sum) {
  bitmap b;
  bm_init(&b, n_ids, maxlevels);
  rng_state = seed;
  uint32_t len = 0;
  for (uint64_t i = 0; i < n_ids; i++) {
    if (full) bm_set(&b, i);
    else if (next_u32() < 0x80000000u) {
      bm_set(&b, i);
      live[len++] = (uint32_t)i;
    }
  }
  uint32_t s = 0;
  double t0 = now_ns();
  if (full) {
    for (uint32_t k = 0; k < ops; k++) {
      bm_clear(&b, below((uint32_t)n_ids));
      int64_t id = bm_lowest_free(&b, 0);
      bm_set(&b, (uint64_t)id);
      s += (uint32_t)id;
    }
  } else {
    for (uint32_t k = 0; k < ops; k++) {
      uint32_t j = below(len);
      bm_clear(&b, live[j]);
      int64_t id = bm_lowest_free(&b, 0);
      bm_set(&b, (uint64_t)id);
      live[j] = (uint32_t)id;
      s += (uint32_t)id;
    }
  }
  double t1 = now_ns();
  bm_free(&b);
  *sum = s;
  return (t1 - t0) / (double)ops;
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s <n> <seed> <ops> <reps>\n", argv[0]);
    return 2;
  }
  n_ids = strtoull(argv[1], 0, 10);
  seed = (uint32_t)strtoul(argv[2], 0, 10);
  ops = (uint32_t)strtoul(argv[3], 0, 10);
  int reps = atoi(argv[4]);
  if (n_ids < 1 || n_ids > (1u << 30) || ops < 1 || reps < 1 || reps > 99) {
    fprintf(stderr, "bad arguments\n");
    return 2;
  }
  live = malloc(n_ids * sizeof *live);
  static const struct { const char *name; int maxlevels; } variants[] = {{"two-level", 2}, {"multi-level", MAXLV}};
  printf("{\"n\":%llu,\"seed\":%u,\"ops\":%u,\"reps\":%d,\"variants\":{", (unsigned long long)n_ids, seed, ops, reps);
  for (int v = 0; v < 2; v++) {
    double t[3][99];
    uint32_t sums[3] = {0, 0, 0};
    for (int r = 0; r < reps; r++) {
      t[0][r] = alloc_all(variants[v].maxlevels, &sums[0]);
      t[1][r] = free_realloc(variants[v].maxlevels, 0, &sums[1]);
      t[2][r] = free_realloc(variants[v].maxlevels, 1, &sums[2]);
    }
    printf("%s\"%s\":{\"alloc-all\":%.3f,\"free-realloc\":%.3f,\"churn\":%.3f,"
           "\"checksums\":{\"alloc-all\":%u,\"free-realloc\":%u,\"churn\":%u}}",
           v ? "," : "", variants[v].name, median(t[0], reps), median(t[1], reps), median(t[2], reps), sums[0],
           sums[1], sums[2]);
  }
  printf("}}\n");
  free(live);
  return 0;
}
