/* pd-face-blas.h: the BLAS kernel the face networks run on
 *
 * Debian 12's OpenBLAS (0.3.21, built for every x86-64) picks its kernels
 * by CPU model, and on a model it does not know it falls back to its SSE3
 * "Prescott" kernels: on the AVX-512 Xeons here the whole pipeline ran 2.7x
 * slower than with its SkylakeX kernels.  The kernel is chosen here by CPU
 * features instead (any vendor, any model), and OpenBLAS is told before it
 * loads: it reads OPENBLAS_CORETYPE once, when the program starts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gboolean avx2;
  gboolean fma;
  gboolean avx512f;
  gboolean avx512bw;
  gboolean avx512vl;
  gboolean avx512dq;
} PdCpuFeatures;

/* This CPU's features (as the OS lets programs use them). */
void        pd_cpu_features_detect (PdCpuFeatures       *features);
/* A CPU described as "avx2,fma,avx512f,…" (PORTDESK_CPU_FEATURES, so that
 * tests can describe another CPU); FALSE on an unknown feature. */
gboolean    pd_cpu_features_parse  (const char          *text,
                                    PdCpuFeatures       *features);
/* The OpenBLAS core type for @features: "SkylakeX" with AVX-512 F, BW, VL
 * and DQ (Skylake-SP and later Xeons, Zen 4), "Haswell" with AVX2 and FMA,
 * NULL otherwise (OpenBLAS's own choice). */
const char *pd_face_blas_choose    (const PdCpuFeatures *features);

/* pd_face_blas_choose() when its kernels are of a newer instruction set
 * (AVX-512 > AVX2 > older) than those of @openblas_core, the core OpenBLAS
 * chose by itself; NULL when OpenBLAS's own choice is as good. */
const char *pd_face_blas_better    (const PdCpuFeatures *features,
                                    const char          *openblas_core);

/* First thing in main(): unless OPENBLAS_CORETYPE is set already (an
 * explicit choice is kept), and when pd_face_blas_better() than what
 * OpenBLAS chose for this CPU (or for PORTDESK_CPU_FEATURES), sets it and
 * runs the program again with the same arguments, so that OpenBLAS loads
 * with it.  Returns when there is nothing to do, or when running again
 * failed (the program goes on with OpenBLAS's choice). */
void        pd_face_blas_prepare   (char               **argv);

/* The kernel in use, as "OpenBLAS SkylakeX (chosen by CPU features)". */
const char *pd_face_blas_kernel    (void);

/* The BLAS's own threads for each call (OpenBLAS: for the whole process;
 * nothing with another BLAS); 0 when unknown. */
void        pd_face_blas_set_threads (int n);
int         pd_face_blas_get_threads (void);

G_END_DECLS
