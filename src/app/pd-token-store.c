/* pd-token-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-token-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "pd-token-store.h"

struct _PdTokenStore
{
  GObject   parent_instance;
  char     *service;          /* the socket the token belongs to */
  gboolean  available;
  gboolean  disabled;         /* PORTDESK_NO_KEYRING: memory only by request */
  /* memory-only fallback */
  char     *mem_username;
  char     *mem_token;
};

G_DEFINE_FINAL_TYPE (PdTokenStore, pd_token_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "org.portdesk.PortDesk.Session", SECRET_SCHEMA_NONE,
    {
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };
  return &schema;
}

static void
wipe (char **s)
{
  if (*s != NULL)
    memset (*s, 0, strlen (*s));
  g_clear_pointer (s, g_free);
}

static void
set_unavailable (PdTokenStore *self,
                 const GError *error)
{
  if (!self->available)
    return;
  g_debug ("No Secret Service: %s (%s %d)", error ? error->message : "disabled",
           error ? g_quark_to_string (error->domain) : "", error ? error->code : 0);
  self->available = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AVAILABLE]);
}

/* TRUE when @error says there is no usable Secret Service (no bus, nobody
 * owning the name, …); errors of the service itself about one item, such
 * as an item removed while we read it, are not that. */
static gboolean
keyring_failed (PdTokenStore *self,
                GError       *error)
{
  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return FALSE;
  if (error->domain == SECRET_ERROR)
    return FALSE;
  if (error->domain == G_DBUS_ERROR &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT) &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED) &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_SERVER) &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_FILE_NOT_FOUND) &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_FAILED) &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) &&
      !g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND))
    {
      /* the service answered: an error about the item, not a missing service */
      g_debug ("Secret Service error %s %d: %s", g_quark_to_string (error->domain), error->code, error->message);
      return FALSE;
    }
  set_unavailable (self, error);
  return TRUE;
}

/* --- lookup ------------------------------------------------------------- */

typedef struct {
  char *token;
  char *username;
} Found;

static void
found_free (Found *f)
{
  wipe (&f->token);
  g_free (f->username);
  g_free (f);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdTokenStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autolist(SecretItem) items = NULL;
  Found *f = g_new0 (Found, 1);

  items = secret_password_search_finish (result, &error);
  if (keyring_failed (self, error))
    {
      f->token = g_strdup (self->mem_token);
      f->username = g_strdup (self->mem_username);
    }
  else if (error != NULL && (error->domain == SECRET_ERROR || error->domain == G_DBUS_ERROR))
    g_debug ("no stored session: %s", error->message);   /* e.g. removed while we read it */
  else if (error != NULL)
    {
      found_free (f);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  else if (items != NULL)
    {
      SecretItem *item = items->data;
      g_autoptr(SecretValue) value = secret_item_get_secret (item);
      g_autoptr(GHashTable) attrs = secret_item_get_attributes (item);

      if (value != NULL)
        f->token = g_strdup (secret_value_get_text (value));
      f->username = g_strdup (g_hash_table_lookup (attrs, "username"));
    }
  g_task_return_pointer (task, f, (GDestroyNotify) found_free);
}

void
pd_token_store_lookup_async (PdTokenStore        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_TOKEN_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_token_store_lookup_async);
  if (!self->available)
    {
      Found *f = g_new0 (Found, 1);

      f->token = g_strdup (self->mem_token);
      f->username = g_strdup (self->mem_username);
      g_task_return_pointer (task, f, (GDestroyNotify) found_free);
      return;
    }
  secret_password_search (token_schema (),
                          SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                          cancellable, lookup_cb, g_steal_pointer (&task),
                          "service", self->service,
                          NULL);
}

char *
pd_token_store_lookup_finish (PdTokenStore  *self,
                              GAsyncResult  *result,
                              char         **username,
                              GError       **error)
{
  Found *f;
  char *token;

  g_return_val_if_fail (PD_IS_TOKEN_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  f = g_task_propagate_pointer (G_TASK (result), error);
  if (f == NULL)
    return NULL;
  token = g_steal_pointer (&f->token);
  if (username != NULL)
    *username = g_steal_pointer (&f->username);
  found_free (f);
  return token;
}

/* --- save / clear ------------------------------------------------------- */

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdTokenStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error) && !keyring_failed (self, error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
pd_token_store_save_async (PdTokenStore        *self,
                           const char          *username,
                           const char          *token,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (PD_IS_TOKEN_STORE (self));
  g_return_if_fail (username != NULL && token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_token_store_save_async);

  /* The memory copy is kept either way; the keyring is what survives a restart. */
  wipe (&self->mem_token);
  g_free (self->mem_username);
  self->mem_token = g_strdup (token);
  self->mem_username = g_strdup (username);

  if (!self->available)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  label = g_strdup_printf (_("PortDesk session of %s"), username);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, save_cb, g_steal_pointer (&task),
                         "service", self->service,
                         "username", username,
                         NULL);
}

gboolean
pd_token_store_save_finish (PdTokenStore  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (PD_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PdTokenStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_finish (result, &error) && error != NULL && !keyring_failed (self, error) &&
      error->domain != SECRET_ERROR && error->domain != G_DBUS_ERROR)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
pd_token_store_clear_async (PdTokenStore        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (PD_IS_TOKEN_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_token_store_clear_async);
  wipe (&self->mem_token);
  g_clear_pointer (&self->mem_username, g_free);
  if (!self->available)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  secret_password_clear (token_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                         "service", self->service,
                         NULL);
}

gboolean
pd_token_store_clear_finish (PdTokenStore  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (PD_IS_TOKEN_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- object ------------------------------------------------------------- */

static void
pd_token_store_finalize (GObject *object)
{
  PdTokenStore *self = PD_TOKEN_STORE (object);

  g_clear_pointer (&self->service, g_free);
  wipe (&self->mem_token);
  g_clear_pointer (&self->mem_username, g_free);
  G_OBJECT_CLASS (pd_token_store_parent_class)->finalize (object);
}

static void
pd_token_store_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  PdTokenStore *self = PD_TOKEN_STORE (object);

  switch (prop_id)
    {
    case PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_token_store_class_init (PdTokenStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_token_store_finalize;
  object_class->get_property = pd_token_store_get_property;

  properties[PROP_AVAILABLE] =
    g_param_spec_boolean ("available", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_token_store_init (PdTokenStore *self)
{
  self->available = TRUE;
}

PdTokenStore *
pd_token_store_new (const char *service)
{
  PdTokenStore *self;

  g_return_val_if_fail (service != NULL, NULL);

  self = g_object_new (PD_TYPE_TOKEN_STORE, NULL);
  self->service = g_strdup (service);
  if (g_strcmp0 (g_getenv ("PORTDESK_NO_KEYRING"), "1") == 0)
    {
      self->available = FALSE;
      self->disabled = TRUE;
    }
  return self;
}

gboolean
pd_token_store_get_available (PdTokenStore *self)
{
  g_return_val_if_fail (PD_IS_TOKEN_STORE (self), FALSE);
  return self->available;
}
