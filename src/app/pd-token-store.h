/* pd-token-store.h: keeps the session token in the Secret Service
 *
 * Where no Secret Service runs, the token lives in memory only and
 * PdTokenStore:available turns FALSE.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define PD_TYPE_TOKEN_STORE (pd_token_store_get_type ())
G_DECLARE_FINAL_TYPE (PdTokenStore, pd_token_store, PD, TOKEN_STORE, GObject)

PdTokenStore *pd_token_store_new            (const char          *service);
gboolean      pd_token_store_get_available  (PdTokenStore        *self);

void          pd_token_store_lookup_async   (PdTokenStore        *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* Returns the token (or NULL when none is stored; no error then). */
char         *pd_token_store_lookup_finish  (PdTokenStore        *self,
                                             GAsyncResult        *result,
                                             char               **username,
                                             GError             **error);
void          pd_token_store_save_async     (PdTokenStore        *self,
                                             const char          *username,
                                             const char          *token,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      pd_token_store_save_finish    (PdTokenStore        *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void          pd_token_store_clear_async    (PdTokenStore        *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      pd_token_store_clear_finish   (PdTokenStore        *self,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
