/* pd-face-index.c: int8 scan (AVX2 by run-time dispatch) + fp32 re-ranking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face-index"

#include "config.h"

#include <math.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define PD_HAVE_X86 1
#else
#define PD_HAVE_X86 0
#endif

#include "pd-face-index.h"
#include "pd-face.h"

#define DIM PD_FACE_DESCRIPTOR_DIM
#define MIN_RERANK 64
#define QUERY_MAX 63 /* 7-bit query: maddubs pairs cannot saturate int16 */
#define MIN_ROWS_PER_THREAD 65536

struct _PdFaceIndex {
  guint n, cap;
  guint n_threads;
  gint8 *q;        /* [cap, DIM] */
  gint32 *rowsum;  /* sum of q per row */
  float *inv;      /* 1 / scale per row */
  float *f;        /* [cap, DIM] unit fp32 */
  gint64 *ids;
};

typedef struct {
  float score;
  guint row;
} Cand;

/* ---- scan kernels ---------------------------------------------------- */

/* dot(qu, g) for rows [from, to) where qu = query + 64 (u8, 1..127) */
typedef void (*ScanFunc) (const gint8 *g, guint from, guint to, const guint8 *qu, gint32 *out);

static void
scan_scalar (const gint8 *g, guint from, guint to, const guint8 *qu, gint32 *out)
{
  for (guint r = from; r < to; r++) {
    const gint8 *row = g + (gsize) r * DIM;
    gint32 s = 0;
    for (int i = 0; i < DIM; i++)
      s += (gint32) qu[i] * row[i];
    out[r - from] = s;
  }
}

#if PD_HAVE_X86
__attribute__((target ("avx2"))) static inline __m256i
row_dot_avx2 (const gint8 *row, const __m256i q[4], __m256i ones)
{
  __m256i a0 = _mm256_maddubs_epi16 (q[0], _mm256_loadu_si256 ((const __m256i *) row));
  __m256i a1 = _mm256_maddubs_epi16 (q[1], _mm256_loadu_si256 ((const __m256i *) (row + 32)));
  __m256i a2 = _mm256_maddubs_epi16 (q[2], _mm256_loadu_si256 ((const __m256i *) (row + 64)));
  __m256i a3 = _mm256_maddubs_epi16 (q[3], _mm256_loadu_si256 ((const __m256i *) (row + 96)));

  /* each int16 lane holds <= 2*127*127: widen before summing */
  return _mm256_add_epi32 (_mm256_add_epi32 (_mm256_madd_epi16 (a0, ones), _mm256_madd_epi16 (a1, ones)),
                           _mm256_add_epi32 (_mm256_madd_epi16 (a2, ones), _mm256_madd_epi16 (a3, ones)));
}

__attribute__((target ("avx2"))) static void
scan_avx2 (const gint8 *g, guint from, guint to, const guint8 *qu, gint32 *out)
{
  __m256i q[4];
  __m256i ones = _mm256_set1_epi16 (1);
  guint r = from;

  for (int i = 0; i < 4; i++)
    q[i] = _mm256_loadu_si256 ((const __m256i *) (qu + 32 * i));
  for (; r + 8 <= to; r += 8) {
    const gint8 *row = g + (gsize) r * DIM;
    __m256i s0 = row_dot_avx2 (row, q, ones);
    __m256i s1 = row_dot_avx2 (row + DIM, q, ones);
    __m256i s2 = row_dot_avx2 (row + 2 * DIM, q, ones);
    __m256i s3 = row_dot_avx2 (row + 3 * DIM, q, ones);
    __m256i s4 = row_dot_avx2 (row + 4 * DIM, q, ones);
    __m256i s5 = row_dot_avx2 (row + 5 * DIM, q, ones);
    __m256i s6 = row_dot_avx2 (row + 6 * DIM, q, ones);
    __m256i s7 = row_dot_avx2 (row + 7 * DIM, q, ones);
    /* transpose-reduce 8 vectors of 8 lanes into 8 sums */
    __m256i h01 = _mm256_hadd_epi32 (s0, s1);
    __m256i h23 = _mm256_hadd_epi32 (s2, s3);
    __m256i h45 = _mm256_hadd_epi32 (s4, s5);
    __m256i h67 = _mm256_hadd_epi32 (s6, s7);
    __m256i h0123 = _mm256_hadd_epi32 (h01, h23);
    __m256i h4567 = _mm256_hadd_epi32 (h45, h67);
    __m256i lo = _mm256_permute2x128_si256 (h0123, h4567, 0x20);
    __m256i hi = _mm256_permute2x128_si256 (h0123, h4567, 0x31);
    _mm256_storeu_si256 ((__m256i *) (out + (r - from)), _mm256_add_epi32 (lo, hi));
    _mm_prefetch ((const char *) (row + 16 * DIM), _MM_HINT_T0);
    _mm_prefetch ((const char *) (row + 16 * DIM + 512), _MM_HINT_T0);
  }
  if (r < to)
    scan_scalar (g, r, to, qu, out + (r - from));
}
#endif

static ScanFunc
pick_kernel (const char **name)
{
#if PD_HAVE_X86
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx2")) {
    *name = "avx2";
    return scan_avx2;
  }
#endif
  *name = "scalar";
  return scan_scalar;
}

static ScanFunc
get_kernel (const char **name)
{
  static ScanFunc fn;
  static const char *fn_name;

  if (g_once_init_enter (&fn_name)) {
    const char *n = NULL;
    fn = pick_kernel (&n);
    g_once_init_leave (&fn_name, n);
  }
  if (name)
    *name = fn_name;
  return fn;
}

const char *
pd_face_index_kernel_name (void)
{
  const char *n;

  get_kernel (&n);
  return n;
}

/* ---- index ----------------------------------------------------------- */

float
pd_face_template_quantize (const float *unit, gint8 *q)
{
  float m = 0, s;

  for (int i = 0; i < DIM; i++)
    m = MAX (m, fabsf (unit[i]));
  if (m <= 0) {
    memset (q, 0, DIM);
    return 0;
  }
  s = 127.0f / m;
  for (int i = 0; i < DIM; i++)
    q[i] = (gint8) lrintf (unit[i] * s);
  return 1.0f / s;
}

PdFaceIndex *
pd_face_index_new (void)
{
  PdFaceIndex *self = g_new0 (PdFaceIndex, 1);

  self->n_threads = 1;
  return self;
}

void
pd_face_index_free (PdFaceIndex *self)
{
  if (self == NULL)
    return;
  g_free (self->q);
  g_free (self->rowsum);
  g_free (self->inv);
  g_free (self->f);
  g_free (self->ids);
  g_free (self);
}

void
pd_face_index_set_threads (PdFaceIndex *self, guint n_threads)
{
  g_return_if_fail (self != NULL);
  self->n_threads = CLAMP (n_threads, 1, 64);
}

void
pd_face_index_reserve (PdFaceIndex *self, guint n)
{
  g_return_if_fail (self != NULL);
  if (n <= self->cap)
    return;
  self->cap = n;
  /* +8 rows of slack: the scan may prefetch past the end */
  self->q = g_realloc (self->q, ((gsize) n + 16) * DIM);
  self->rowsum = g_renew (gint32, self->rowsum, n);
  self->inv = g_renew (float, self->inv, n);
  self->f = g_renew (float, self->f, (gsize) n * DIM);
  self->ids = g_renew (gint64, self->ids, n);
}

void
pd_face_index_add (PdFaceIndex *self, gint64 id, const float *descriptor)
{
  float *f;
  gint8 *q;
  gint32 s = 0;

  g_return_if_fail (self != NULL && descriptor != NULL);
  if (self->n == self->cap)
    pd_face_index_reserve (self, MAX (64, self->cap * 2));
  f = self->f + (gsize) self->n * DIM;
  q = self->q + (gsize) self->n * DIM;
  pd_face_normalize (descriptor, f);
  self->inv[self->n] = pd_face_template_quantize (f, q);
  for (int i = 0; i < DIM; i++)
    s += q[i];
  self->rowsum[self->n] = s;
  self->ids[self->n] = id;
  self->n++;
}

gboolean
pd_face_index_remove (PdFaceIndex *self, gint64 id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  for (guint r = 0; r < self->n; r++) {
    guint last = self->n - 1;
    if (self->ids[r] != id)
      continue;
    if (r != last) {
      memcpy (self->q + (gsize) r * DIM, self->q + (gsize) last * DIM, DIM);
      memcpy (self->f + (gsize) r * DIM, self->f + (gsize) last * DIM, DIM * sizeof (float));
      self->rowsum[r] = self->rowsum[last];
      self->inv[r] = self->inv[last];
      self->ids[r] = self->ids[last];
    }
    self->n--;
    return TRUE;
  }
  return FALSE;
}

guint
pd_face_index_get_size (const PdFaceIndex *self)
{
  return self->n;
}

gsize
pd_face_index_get_bytes (const PdFaceIndex *self)
{
  return (gsize) self->cap * (DIM + sizeof (gint32) + sizeof (float) + DIM * sizeof (float) + sizeof (gint64));
}

/* min-heap of candidates by score */
typedef struct {
  Cand *v;
  guint n, cap;
} Heap;

static void
heap_push (Heap *h, float score, guint row)
{
  guint i;

  if (h->n == h->cap) {
    if (score <= h->v[0].score)
      return;
    /* replace the root and sift down */
    i = 0;
    for (;;) {
      guint l = 2 * i + 1, r = l + 1, m = i;
      float ms = score;
      if (l < h->n && h->v[l].score < ms) {
        m = l;
        ms = h->v[l].score;
      }
      if (r < h->n && h->v[r].score < ms)
        m = r;
      if (m == i)
        break;
      h->v[i] = h->v[m];
      i = m;
    }
    h->v[i].score = score;
    h->v[i].row = row;
    return;
  }
  i = h->n++;
  while (i > 0 && h->v[(i - 1) / 2].score > score) {
    h->v[i] = h->v[(i - 1) / 2];
    i = (i - 1) / 2;
  }
  h->v[i].score = score;
  h->v[i].row = row;
}

typedef struct {
  const PdFaceIndex *self;
  const guint8 *qu;
  float q_inv;
  guint from, to;
  Heap heap;
} ScanJob;

#define BLOCK 4096

static gpointer
scan_job (gpointer data)
{
  ScanJob *job = data;
  const PdFaceIndex *self = job->self;
  ScanFunc fn = get_kernel (NULL);
  gint32 buf[BLOCK];

  for (guint b = job->from; b < job->to; b += BLOCK) {
    guint e = MIN (b + BLOCK, job->to);
    fn (self->q, b, e, job->qu, buf);
    for (guint r = b; r < e; r++) {
      /* remove the +64 offset of the query */
      float s = (float) (buf[r - b] - 64 * self->rowsum[r]) * self->inv[r];
      if (job->heap.n < job->heap.cap || s > job->heap.v[0].score)
        heap_push (&job->heap, s, r);
    }
  }
  return NULL;
}

static int
cand_cmp_desc (gconstpointer pa, gconstpointer pb)
{
  const Cand *a = pa, *b = pb;

  if (a->score != b->score)
    return a->score < b->score ? 1 : -1;
  return a->row < b->row ? -1 : (a->row > b->row ? 1 : 0);
}

static float
dot_f (const float *a, const float *b)
{
  float s = 0;

  for (int i = 0; i < DIM; i++)
    s += a[i] * b[i];
  return s;
}

static guint
finish (const PdFaceIndex *self, const float *unit, Cand *c, guint nc, guint k, float min_sim,
        PdFaceHit *hits)
{
  guint n = 0;

  for (guint i = 0; i < nc; i++)
    c[i].score = dot_f (unit, self->f + (gsize) c[i].row * DIM);
  qsort (c, nc, sizeof (Cand), cand_cmp_desc);
  for (guint i = 0; i < nc && n < k; i++) {
    if (c[i].score < min_sim)
      break;
    hits[n].id = self->ids[c[i].row];
    hits[n].similarity = c[i].score;
    n++;
  }
  return n;
}

guint
pd_face_index_search (const PdFaceIndex *self, const float *query, guint k, float min_similarity,
                      PdFaceHit *hits)
{
  float unit[DIM];
  gint8 qs[DIM];
  guint8 qu[DIM];
  float m = 0, s;
  guint n_jobs, rerank, nc = 0;
  g_autofree ScanJob *jobs = NULL;
  g_autofree Cand *all = NULL;
  g_autofree GThread **threads = NULL;

  g_return_val_if_fail (self != NULL && query != NULL, 0);
  if (self->n == 0 || k == 0)
    return 0;

  pd_face_normalize (query, unit);
  for (int i = 0; i < DIM; i++)
    m = MAX (m, fabsf (unit[i]));
  s = m > 0 ? QUERY_MAX / m : 0;
  for (int i = 0; i < DIM; i++) {
    qs[i] = (gint8) lrintf (unit[i] * s);
    qu[i] = (guint8) (qs[i] + 64);
  }

  rerank = MAX (MIN_RERANK, 4 * k);
  n_jobs = MIN (self->n_threads, MAX (1u, self->n / MIN_ROWS_PER_THREAD));
  jobs = g_new0 (ScanJob, n_jobs);
  threads = g_new0 (GThread *, n_jobs);
  all = g_new (Cand, (gsize) rerank * n_jobs);
  for (guint j = 0; j < n_jobs; j++) {
    jobs[j].self = self;
    jobs[j].qu = qu;
    jobs[j].from = (guint) ((guint64) self->n * j / n_jobs);
    jobs[j].to = (guint) ((guint64) self->n * (j + 1) / n_jobs);
    jobs[j].heap.v = all + (gsize) rerank * j;
    jobs[j].heap.cap = rerank;
  }
  for (guint j = 1; j < n_jobs; j++)
    threads[j] = g_thread_new ("pd-face-scan", scan_job, &jobs[j]);
  scan_job (&jobs[0]);
  for (guint j = 1; j < n_jobs; j++)
    g_thread_join (threads[j]);
  /* compact the heaps */
  for (guint j = 0; j < n_jobs; j++) {
    memmove (all + nc, jobs[j].heap.v, sizeof (Cand) * jobs[j].heap.n);
    nc += jobs[j].heap.n;
  }
  return finish (self, unit, all, nc, k, min_similarity, hits);
}

guint
pd_face_index_search_exact (const PdFaceIndex *self, const float *query, guint k, float min_similarity,
                            PdFaceHit *hits)
{
  float unit[DIM];
  Heap heap = { NULL, 0, 0 };
  g_autofree Cand *v = NULL;

  g_return_val_if_fail (self != NULL && query != NULL, 0);
  if (self->n == 0 || k == 0)
    return 0;
  pd_face_normalize (query, unit);
  heap.cap = k;
  v = heap.v = g_new (Cand, k);
  for (guint r = 0; r < self->n; r++)
    heap_push (&heap, dot_f (unit, self->f + (gsize) r * DIM), r);
  return finish (self, unit, heap.v, heap.n, k, min_similarity, hits);
}
