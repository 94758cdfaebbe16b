/* fuzz-image.c: decoding photos (captures, documents, enrollment photos)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>

#include "pd-face.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(PdFaceImage) image = pd_face_image_new_from_bytes (bytes, NULL);

  if (image != NULL)
    g_assert (image->width > 0 && image->height > 0 && image->rgb != NULL);
  return 0;
}
