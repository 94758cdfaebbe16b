/* pd-report-chart.c: one series of a report drawn with cairo: bars,
 * stacked bars, lines or a weekday x hour heat map, with axes, labels and
 * a legend.  The same code draws on screen and into the PDF.
 *
 * Colours: the Okabe-Ito palette (told apart with the common colour
 * vision deficiencies), then three more; the heat map a single-hue ramp.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "pd-report-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "pd-json.h"
#include "pd-report.h"
#include "pd-report-chart.h"

static const GdkRGBA palette[] = {
  { 0.000, 0.447, 0.698, 1 },   /* blue */
  { 0.902, 0.624, 0.000, 1 },   /* orange */
  { 0.000, 0.620, 0.451, 1 },   /* bluish green */
  { 0.800, 0.475, 0.655, 1 },   /* reddish purple */
  { 0.337, 0.706, 0.914, 1 },   /* sky blue */
  { 0.835, 0.369, 0.000, 1 },   /* vermillion */
  { 0.533, 0.133, 0.333, 1 },   /* wine */
  { 0.267, 0.667, 0.600, 1 },   /* teal */
  { 0.600, 0.600, 0.600, 1 },   /* grey */
  { 0.941, 0.894, 0.259, 1 },   /* yellow */
};

const GdkRGBA *
pd_report_chart_colour (guint i)
{
  return &palette[i % G_N_ELEMENTS (palette)];
}

static const char * const weekdays[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun") };

/* The columns of @series drawn, as indices into its rows. */
static GArray *
plotted (JsonObject *series)
{
  GArray *cols = g_array_new (FALSE, FALSE, sizeof (guint));
  JsonArray *columns = pd_json_array (series, "columns");
  JsonArray *plot = pd_json_array (series, "plot");

  for (guint p = 0; plot != NULL && p < json_array_get_length (plot); p++)
    for (guint c = 1; columns != NULL && c < json_array_get_length (columns); c++)
      if (g_strcmp0 (json_array_get_string_element (plot, p), json_array_get_string_element (columns, c)) == 0)
        g_array_append_val (cols, c);
  return cols;
}

static double
cell (JsonArray *rows,
      guint      r,
      guint      c)
{
  return pd_report_cell_value (json_array_get_element (json_array_get_array_element (rows, r), c));
}

static void
text_at (cairo_t     *cr,
         PangoLayout *layout,
         const char  *text,
         double       x,
         double       y,
         double       xalign,   /* 0 left, 0.5 centre, 1 right of x */
         double       yalign)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x - w * xalign, y - h * yalign);
  pango_cairo_show_layout (cr, layout);
}

/* A round step for about @n gridlines up to @max. */
static double
nice_step (double max,
           int    n)
{
  double raw = max / n, mag = pow (10, floor (log10 (raw))), f = raw / mag;

  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static void
set_rgba (cairo_t       *cr,
          const GdkRGBA *c,
          double         alpha)
{
  cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
}

static void
draw_legend (cairo_t       *cr,
             PangoLayout   *layout,
             JsonObject    *series,
             GArray        *cols,
             double         x,
             double         y,
             double         width,
             const GdkRGBA *fg)
{
  JsonArray *columns = pd_json_array (series, "columns");
  double at = x;

  for (guint k = 0; k < cols->len; k++)
    {
      const char *name = json_array_get_string_element (columns, g_array_index (cols, guint, k));
      int w, h;

      pango_layout_set_text (layout, name, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      if (at + 120 > x + width + 1 && at > x)
        {
          at = x;
          y += 18;
        }
      set_rgba (cr, pd_report_chart_colour (k), 1);
      cairo_rectangle (cr, at, y + (h - 10) / 2.0, 10, 10);
      cairo_fill (cr);
      set_rgba (cr, fg, 1);
      cairo_move_to (cr, at + 14, y);
      pango_cairo_show_layout (cr, layout);
      at += MAX (120, 14 + w + 16);
    }
}

static void
draw_heat (cairo_t       *cr,
           PangoLayout   *layout,
           JsonObject    *series,
           double         width,
           double         height,
           const GdkRGBA *fg)
{
  JsonArray *rows = pd_json_array (series, "rows");
  double grid[7][24] = { { 0 } }, max = 0;
  const double left = 44, top = 8, bottom = 40, right = 8;
  double cw = (width - left - right) / 24, ch = (height - top - bottom) / 7;
  const GdkRGBA *hue = pd_report_chart_colour (0);

  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);
      const char *day = json_array_get_string_element (row, 0);
      gint64 hour = json_array_get_int_element (row, 1);
      double v = pd_report_cell_value (json_array_get_element (row, 2));

      for (guint d = 0; d < 7; d++)
        if (g_strcmp0 (day, weekdays[d]) == 0 && hour >= 0 && hour < 24)
          {
            grid[d][hour] += v;
            max = MAX (max, grid[d][hour]);
          }
    }
  for (guint d = 0; d < 7; d++)
    {
      set_rgba (cr, fg, 1);
      text_at (cr, layout, _(weekdays[d]), left - 6, top + ch * (d + 0.5), 1, 0.5);
      for (guint h = 0; h < 24; h++)
        {
          double t = max > 0 ? grid[d][h] / max : 0;

          if (grid[d][h] > 0)
            set_rgba (cr, hue, 0.15 + 0.85 * t);
          else
            set_rgba (cr, fg, 0.06);
          cairo_rectangle (cr, left + cw * h + 1, top + ch * d + 1, cw - 2, ch - 2);
          cairo_fill (cr);
        }
    }
  set_rgba (cr, fg, 1);
  for (guint h = 0; h < 24; h += 3)
    {
      g_autofree char *label = g_strdup_printf ("%02u", h);

      text_at (cr, layout, label, left + cw * (h + 0.5), top + ch * 7 + 4, 0.5, 0);
    }
  /* the scale: light to dark, 1 to the largest count */
  {
    g_autofree char *lo = g_strdup_printf (_("Hour of day (UTC) · lightest 1, darkest %.0f"), max);

    text_at (cr, layout, lo, left, height - 2, 0, 1);
  }
}

static char *
value_label (const char *unit,
             double      v)
{
  if (g_strcmp0 (unit, "%") == 0)
    return g_strdup_printf ("%.0f %%", v);
  if (g_strcmp0 (unit, "ms") == 0)
    return g_strdup_printf ("%g ms", v);
  return g_strdup_printf ("%g", v);
}

void
pd_report_chart_draw (cairo_t       *cr,
                      PangoLayout   *layout,
                      JsonObject    *series,
                      double         width,
                      double         height,
                      const GdkRGBA *fg)
{
  JsonArray *rows = series != NULL ? pd_json_array (series, "rows") : NULL;
  guint n = rows != NULL ? json_array_get_length (rows) : 0;
  const char *chart = series != NULL ? pd_json_str (series, "chart") : NULL;
  const char *unit = series != NULL ? pd_json_str (series, "unit") : NULL;
  g_autoptr(GArray) cols = NULL;
  gboolean stacked = g_strcmp0 (chart, "stacked") == 0, lines = g_strcmp0 (chart, "lines") == 0;
  const double right = 12, top = 12, bottom = 26;
  double legend_h, left;
  double plot_w, plot_h, max = 0, step, slot;
  int label_every;

  cairo_save (cr);
  pango_layout_set_width (layout, -1);
  if (n == 0)
    {
      set_rgba (cr, fg, 0.55);
      text_at (cr, layout, _("Nothing in this range"), width / 2, height / 2, 0.5, 0.5);
      cairo_restore (cr);
      return;
    }
  if (g_strcmp0 (chart, "heat") == 0)
    {
      draw_heat (cr, layout, series, width, height, fg);
      cairo_restore (cr);
      return;
    }
  cols = plotted (series);
  plot_w = width - right - 64;
  legend_h = 8 + 18 * ceil (cols->len / MAX (1.0, floor (plot_w / 120)));
  plot_h = height - top - bottom - legend_h;
  for (guint r = 0; r < n; r++)
    {
      double sum = 0;

      for (guint k = 0; k < cols->len; k++)
        {
          double v = cell (rows, r, g_array_index (cols, guint, k));

          if (isnan (v))
            continue;
          sum += v;
          max = MAX (max, v);
        }
      if (stacked)
        max = MAX (max, sum);
    }
  if (g_strcmp0 (unit, "%") == 0)
    max = 100;
  if (max <= 0)
    max = 1;
  step = nice_step (max, 4);
  max = ceil (max / step) * step;
  left = 0;
  for (double v = 0; v <= max + step / 2; v += step)
    {
      g_autofree char *label = value_label (unit, v);
      int w, h;

      pango_layout_set_text (layout, label, -1);
      pango_layout_get_pixel_size (layout, &w, &h);
      left = MAX (left, w + 12);
    }
  plot_w = width - left - right;

  /* gridlines and the value axis */
  for (double v = 0; v <= max + step / 2; v += step)
    {
      double y = top + plot_h * (1 - v / max);
      g_autofree char *label = value_label (unit, v);

      set_rgba (cr, fg, v == 0 ? 0.6 : 0.15);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, left, floor (y) + 0.5);
      cairo_line_to (cr, left + plot_w, floor (y) + 0.5);
      cairo_stroke (cr);
      set_rgba (cr, fg, 0.8);
      text_at (cr, layout, label, left - 6, y, 1, 0.5);
    }

  slot = plot_w / n;
  label_every = MAX (1, (int) ceil (n * 56.0 / plot_w));
  for (guint r = 0; r < n; r++)
    {
      const char *key = json_array_get_string_element (json_array_get_array_element (rows, r), 0);
      double base = 0, bar_w = stacked ? MIN (48, slot * 0.7) : MIN (28, slot * 0.8 / MAX (cols->len, 1));

      for (guint k = 0; k < cols->len && !lines; k++)
        {
          double v = cell (rows, r, g_array_index (cols, guint, k)), x, y0, y1;

          if (isnan (v) || v <= 0)
            continue;
          if (stacked)
            {
              x = left + slot * r + (slot - bar_w) / 2;
              y0 = top + plot_h * (1 - base / max);
              base += v;
              y1 = top + plot_h * (1 - base / max);
            }
          else
            {
              x = left + slot * r + (slot - bar_w * cols->len) / 2 + bar_w * k;
              y0 = top + plot_h;
              y1 = top + plot_h * (1 - v / max);
            }
          set_rgba (cr, pd_report_chart_colour (k), 1);
          cairo_rectangle (cr, x, y1, stacked ? bar_w : bar_w - 1, y0 - y1);
          cairo_fill (cr);
        }
      if (key != NULL && r % label_every == 0)
        {
          pango_layout_set_width (layout, (int) (slot * label_every * PANGO_SCALE));
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          set_rgba (cr, fg, 0.8);
          /* a day in a narrow slot: without its year (the range says it) */
          text_at (cr, layout, strlen (key) == 10 && key[4] == '-' && slot * label_every < 80 ? key + 5 : key,
                   left + slot * (r + 0.5), top + plot_h + 6, 0.5, 0);
          pango_layout_set_width (layout, -1);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
        }
    }
  for (guint k = 0; k < cols->len && lines; k++)
    {
      gboolean pen = FALSE;

      set_rgba (cr, pd_report_chart_colour (k), 1);
      cairo_set_line_width (cr, 2);
      for (guint r = 0; r < n; r++)
        {
          double v = cell (rows, r, g_array_index (cols, guint, k));
          double x = left + slot * (r + 0.5), y = top + plot_h * (1 - v / max);

          if (isnan (v))
            {
              pen = FALSE;
              continue;
            }
          if (pen)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          pen = TRUE;
        }
      cairo_stroke (cr);
      for (guint r = 0; r < n; r++)
        {
          double v = cell (rows, r, g_array_index (cols, guint, k));

          if (isnan (v))
            continue;
          cairo_arc (cr, left + slot * (r + 0.5), top + plot_h * (1 - v / max), 3.5, 0, 2 * G_PI);
          cairo_fill (cr);
        }
    }
  draw_legend (cr, layout, series, cols, left, height - legend_h + 6, plot_w, fg);
  cairo_restore (cr);
}
