/* search.c: 1:N search (int8 scan + fp32 re-rank) vs FAISS IndexFlatIP, same data, same run
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   search [--sizes 1000,100000,1000000] [--queries 200] [--threads 2] [--no-peer]
 *
 * Gallery: N random unit 128-d templates (normal, normalised), queries likewise.
 * Prints p50/p99 single-query latency (k = 5) for both, the ratio, and the
 * top-1 agreement of our answer with FAISS's exact fp32 answer.  The FAISS
 * peer (faiss-peer.cpp) is compiled here with g++ into the build directory;
 * the project itself does not link FAISS.
 */
#define G_LOG_DOMAIN "bench-search"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pd-bench-util.h"
#include "pd-face-index.h"
#include "pd-face.h"
#include "pd-face-blas.h"

#define DIM PD_FACE_DESCRIPTOR_DIM
#define K 5

static void
random_unit (GRand *rng, float *v)
{
  double s = 0;

  for (int i = 0; i < DIM; i += 2) {
    /* Box-Muller */
    double u1 = g_rand_double_range (rng, 1e-12, 1.0), u2 = g_rand_double (rng);
    double r = sqrt (-2 * log (u1));
    v[i] = (float) (r * cos (2 * G_PI * u2));
    v[i + 1] = (float) (r * sin (2 * G_PI * u2));
  }
  for (int i = 0; i < DIM; i++)
    s += (double) v[i] * v[i];
  for (int i = 0; i < DIM; i++)
    v[i] = (float) (v[i] / sqrt (s));
}

static char *
build_peer (GError **error)
{
  g_autofree char *src = g_build_filename (PD_SOURCE_ROOT, "bench", "faiss-peer.cpp", NULL);
  g_autofree char *dir = g_build_filename (PD_BUILD_ROOT, "bench", "peer", NULL);
  g_autofree char *exe = g_build_filename (dir, "faiss-peer", NULL);
  const char *argv[] = { "g++", "-O3", "-fopenmp", src, "-o", exe, "-lfaiss", "-lopenblas", NULL };
  GStatBuf ss, se;
  int status;

  g_mkdir_with_parents (dir, 0755);
  if (g_stat (exe, &se) == 0 && g_stat (src, &ss) == 0 && se.st_mtime >= ss.st_mtime)
    return g_steal_pointer (&exe);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                     &status, error) ||
      !g_spawn_check_wait_status (status, error))
    return NULL;
  return g_steal_pointer (&exe);
}

int
main (int argc, char **argv)
{
  g_autofree char *sizes = NULL;
  int n_queries = 200, n_threads = 2;
  gboolean no_peer = FALSE;
  GOptionEntry entries[] = {
    { "sizes", 's', 0, G_OPTION_ARG_STRING, &sizes, "Gallery sizes (default 1000,100000,1000000)", "N,N" },
    { "queries", 'q', 0, G_OPTION_ARG_INT, &n_queries, "Queries per size (default 200)", "N" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &n_threads, "Threads for both sides (default 2)", "N" },
    { "no-peer", 0, 0, G_OPTION_ARG_NONE, &no_peer, "Do not run FAISS", NULL },
    { NULL },
  };
  g_autoptr(GOptionContext) oc = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *peer = NULL;
  g_auto(GStrv) parts = NULL;

  pd_face_blas_prepare (argv);
  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (oc, entries, NULL);
  if (!g_option_context_parse (oc, &argc, &argv, &error) || n_queries < 1 || n_threads < 1) {
    g_printerr ("search: %s\n", error ? error->message : "bad arguments");
    return 2;
  }
  parts = g_strsplit (sizes ? sizes : "1000,100000,1000000", ",", -1);
  if (!no_peer) {
    peer = build_peer (&error);
    if (peer == NULL) {
      g_printerr ("search: cannot build the FAISS peer (%s); running without it\n", error->message);
      g_clear_error (&error);
      no_peer = TRUE;
    }
  }
  printf ("kernel %s, %d threads, %d single queries (k=%d) per size\n"
          "BLAS: %s; the FAISS peer runs in this environment (OPENBLAS_CORETYPE=%s)\n",
          pd_face_index_kernel_name (), n_threads, n_queries, K, pd_face_blas_kernel (),
          g_getenv ("OPENBLAS_CORETYPE") ? g_getenv ("OPENBLAS_CORETYPE") : "unset: OpenBLAS's choice");
  printf ("%9s %11s %11s %11s %11s %8s %8s %9s %10s\n", "N", "ours_p50", "ours_p99", "faiss_p50",
          "faiss_p99", "ratio50", "ratio99", "top1_agr", "index_MB");

  for (guint s = 0; parts[s] != NULL; s++) {
    long n = atol (parts[s]);
    g_autoptr(GRand) rng = g_rand_new_with_seed (42);
    g_autoptr(PdFaceIndex) index = pd_face_index_new ();
    g_autofree float *xb = NULL;
    g_autofree float *xq = g_new (float, (gsize) n_queries * DIM);
    g_autofree double *lat = g_new (double, n_queries);
    g_autofree gint64 *ours = g_new (gint64, n_queries);
    g_autofree gint64 *theirs = g_new0 (gint64, n_queries);
    double p50, p99, fp50 = 0, fp99 = 0;
    guint agree = 0;
    PdFaceHit hits[K];

    if (n <= 0 || n > 100000000)
      continue;
    xb = g_new (float, (gsize) n * DIM);
    for (long i = 0; i < n; i++)
      random_unit (rng, xb + (gsize) i * DIM);
    for (int i = 0; i < n_queries; i++)
      random_unit (rng, xq + (gsize) i * DIM);

    if (!no_peer) {
      g_autofree char *tmp = g_build_filename (g_get_tmp_dir (), "pd-search-XXXXXX", NULL);
      g_autofree char *data = NULL;
      g_autofree char *top = NULL;
      g_autofree char *out = NULL;
      g_autofree char *nt = g_strdup_printf ("%d", n_threads);
      const char *pargv[4];
      gchar **envp = g_get_environ ();
      int hdr[2] = { (int) n, n_queries };
      FILE *f;
      int status;
      if (g_mkdtemp (tmp) == NULL) {
        g_strfreev (envp);
        g_printerr ("search: cannot create a temporary directory\n");
        return 1;
      }
      data = g_build_filename (tmp, "data.bin", NULL);
      top = g_build_filename (tmp, "top1.bin", NULL);
      f = fopen (data, "wb");
      if (f == NULL || fwrite (hdr, sizeof hdr, 1, f) != 1 ||
          fwrite (xb, sizeof (float) * DIM, n, f) != (size_t) n ||
          fwrite (xq, sizeof (float) * DIM, n_queries, f) != (size_t) n_queries || fclose (f) != 0) {
        g_strfreev (envp);
        g_printerr ("search: cannot write %s\n", data);
        return 1;
      }
      envp = g_environ_setenv (envp, "OMP_NUM_THREADS", nt, TRUE);
      envp = g_environ_setenv (envp, "OPENBLAS_NUM_THREADS", "1", TRUE);
      pargv[0] = peer;
      pargv[1] = data;
      pargv[2] = top;
      pargv[3] = NULL;
      if (g_spawn_sync (NULL, (char **) pargv, envp, 0, NULL, NULL, &out, NULL, &status, &error) &&
          g_spawn_check_wait_status (status, &error) && sscanf (out, "%lf %lf", &fp50, &fp99) == 2) {
        g_autofree char *tb = NULL;
        gsize len = 0;
        if (g_file_get_contents (top, &tb, &len, NULL) && len == sizeof (gint64) * n_queries)
          memcpy (theirs, tb, len);
      } else {
        g_printerr ("search: FAISS peer failed: %s\n", error ? error->message : "?");
        g_clear_error (&error);
      }
      g_strfreev (envp);
      g_unlink (data);
      g_unlink (top);
      g_rmdir (tmp);
    }

    pd_face_index_reserve (index, n);
    pd_face_index_set_threads (index, n_threads);
    for (long i = 0; i < n; i++)
      pd_face_index_add (index, i, xb + (gsize) i * DIM);
    pd_face_index_search (index, xq, K, -1.0f, hits); /* warm-up */
    for (int q = 0; q < n_queries; q++) {
      double a = pd_bench_now_ms ();
      guint nh = pd_face_index_search (index, xq + (gsize) q * DIM, K, -1.0f, hits);
      lat[q] = (pd_bench_now_ms () - a) * 1000.0;
      ours[q] = nh > 0 ? hits[0].id : -1;
    }
    if (no_peer || fp50 == 0) {
      /* no FAISS: compare with our own exact fp32 scan */
      for (int q = 0; q < n_queries; q++) {
        guint nh = pd_face_index_search_exact (index, xq + (gsize) q * DIM, 1, -1.0f, hits);
        theirs[q] = nh > 0 ? hits[0].id : -1;
      }
    }
    for (int q = 0; q < n_queries; q++)
      agree += ours[q] == theirs[q];
    p99 = pd_bench_percentile (lat, n_queries, 0.99);
    p50 = pd_bench_percentile (lat, n_queries, 0.5);
    printf ("%9ld %9.1fus %9.1fus %9.1fus %9.1fus %7.2fx %7.2fx %8.2f%% %10.1f\n", n, p50, p99,
            fp50, fp99, fp50 > 0 ? fp50 / p50 : 0, fp99 > 0 ? fp99 / p99 : 0,
            100.0 * agree / n_queries, pd_face_index_get_bytes (index) / 1048576.0);
    fflush (stdout);
  }
  return 0;
}
