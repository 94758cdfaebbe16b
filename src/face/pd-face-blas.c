/* pd-face-blas.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-face"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <cblas.h>

#include "pd-face-blas.h"

#define CHOSEN_ENV "PORTDESK_BLAS_CHOSEN"   /* set when this module chose the core type */

void
pd_cpu_features_detect (PdCpuFeatures *f)
{
  memset (f, 0, sizeof *f);
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init ();
  f->avx2 = __builtin_cpu_supports ("avx2");
  f->fma = __builtin_cpu_supports ("fma");
  f->avx512f = __builtin_cpu_supports ("avx512f");
  f->avx512bw = __builtin_cpu_supports ("avx512bw");
  f->avx512vl = __builtin_cpu_supports ("avx512vl");
  f->avx512dq = __builtin_cpu_supports ("avx512dq");
#endif
}

gboolean
pd_cpu_features_parse (const char    *text,
                       PdCpuFeatures *f)
{
  static const struct { const char *name; gsize offset; } names[] = {
    { "avx2", G_STRUCT_OFFSET (PdCpuFeatures, avx2) },
    { "fma", G_STRUCT_OFFSET (PdCpuFeatures, fma) },
    { "avx512f", G_STRUCT_OFFSET (PdCpuFeatures, avx512f) },
    { "avx512bw", G_STRUCT_OFFSET (PdCpuFeatures, avx512bw) },
    { "avx512vl", G_STRUCT_OFFSET (PdCpuFeatures, avx512vl) },
    { "avx512dq", G_STRUCT_OFFSET (PdCpuFeatures, avx512dq) },
  };
  g_auto(GStrv) words = g_strsplit (text, ",", -1);

  memset (f, 0, sizeof *f);
  for (guint w = 0; words[w] != NULL; w++)
    {
      const char *word = g_strstrip (words[w]);
      guint i;

      if (*word == '\0')
        continue;
      for (i = 0; i < G_N_ELEMENTS (names); i++)
        if (g_str_equal (word, names[i].name))
          {
            G_STRUCT_MEMBER (gboolean, f, names[i].offset) = TRUE;
            break;
          }
      if (i == G_N_ELEMENTS (names))
        return FALSE;
    }
  return TRUE;
}

const char *
pd_face_blas_choose (const PdCpuFeatures *f)
{
  if (f->avx512f && f->avx512bw && f->avx512vl && f->avx512dq)
    return "SkylakeX";
  if (f->avx2 && f->fma)
    return "Haswell";
  return NULL;
}

/* What an OpenBLAS core's sgemm kernels use: 2 AVX-512, 1 AVX2, 0 older. */
static int
tier (const char *core)
{
  static const char * const avx512[] = { "skylakex", "cooperlake", "sapphirerapids", NULL };
  static const char * const avx2[] = { "haswell", "zen", "excavator", "steamroller", NULL };
  g_autofree char *lower = g_ascii_strdown (core != NULL ? core : "", -1);

  if (g_strv_contains (avx512, lower))
    return 2;
  if (g_strv_contains (avx2, lower))
    return 1;
  return 0;
}

const char *
pd_face_blas_better (const PdCpuFeatures *f,
                     const char          *openblas_core)
{
  const char *choice = pd_face_blas_choose (f);

  return choice != NULL && tier (choice) > tier (openblas_core) ? choice : NULL;
}

void
pd_face_blas_prepare (char **argv)
{
  const char *described = g_getenv ("PORTDESK_CPU_FEATURES");
  PdCpuFeatures f;
  const char *core;

  if (g_getenv ("OPENBLAS_CORETYPE") != NULL)
    return;   /* chosen: by the user, or by us before this exec */
  if (described != NULL)
    {
      if (!pd_cpu_features_parse (described, &f))
        {
          g_warning ("PORTDESK_CPU_FEATURES: unknown feature in \"%s\"", described);
          return;
        }
    }
  else
    pd_cpu_features_detect (&f);
#ifdef OPENBLAS_VERSION
  /* OpenBLAS has loaded with its own choice: keep it unless ours is better */
  core = pd_face_blas_better (&f, openblas_get_corename ());
#else
  core = NULL;
#endif
  if (core == NULL)
    return;
  g_setenv ("OPENBLAS_CORETYPE", core, TRUE);
  g_setenv (CHOSEN_ENV, "1", TRUE);
  execv ("/proc/self/exe", argv);
  /* could not run again: go on with what OpenBLAS chose */
  g_debug ("could not run again with OPENBLAS_CORETYPE=%s: %s", core, g_strerror (errno));
  g_unsetenv (CHOSEN_ENV);
}

const char *
pd_face_blas_kernel (void)
{
  static char *kernel;

  if (g_once_init_enter (&kernel))
    {
      const char *how = g_getenv (CHOSEN_ENV) != NULL ? "chosen by CPU features"
                        : g_getenv ("OPENBLAS_CORETYPE") != NULL ? "set by OPENBLAS_CORETYPE"
                        : "OpenBLAS's own choice";
#ifdef OPENBLAS_VERSION
      char *k = g_strdup_printf ("OpenBLAS %s (%s)", openblas_get_corename (), how);
#else
      char *k = g_strdup ("cblas (not OpenBLAS)");
#endif
      g_once_init_leave (&kernel, k);
    }
  return kernel;
}

void
pd_face_blas_set_threads (int n)
{
#ifdef OPENBLAS_VERSION
  openblas_set_num_threads (n);
#endif
}

int
pd_face_blas_get_threads (void)
{
#ifdef OPENBLAS_VERSION
  return openblas_get_num_threads ();
#else
  return 0;
#endif
}
