/* The document of `numaplan explain` (scenario.md §4; its JSON shape is
 * docs/capacity.md's): the decision trace of one placement */
#include <math.h>

#include "np-report-private.h"

static const gchar *const np_kind_names[] = {"scheduled", "in-place", "refused", "no-action"};
static const gchar *const np_host_state_names[] = {"passed",
                                                   "filtered",
                                                   "disabled",
                                                   "excluded",
                                                   "not-forced"};

static const gchar *
np_code_or_null(NpCode code)
{
	return code == NP_CODE_NONE ? NULL : np_code_to_string(code);
}

/* a filter's number: an integer when it is one (MiB, vCPUs), else the
 * double a ratio made */
static void
np_json_number(NpJsonWriter *w, const gchar *key, gdouble value)
{
	if (value == floor(value) && fabs(value) < 9007199254740992.0)
		np_json_int(w, key, (gint64)value);
	else
		np_json_double(w, key, value);
}

static void
np_explain_json(GString *out, const NpScenario *scenario, const NpExplain *e)
{
	g_autoptr(NpJsonWriter) w = np_json_writer_new(out);

	np_json_begin_object(w, NULL);
	np_json_int(w, "numaplan", 1);
	np_json_string(w, "scenario", scenario->name);
	np_json_string(w, "vm", e->vm);
	np_json_begin_object(w, "event");
	np_json_int(w, "index", e->event);
	np_json_string(w, "type", np_event_type_to_string(e->event_type));
	np_json_end(w);
	np_json_string(w, "kind", np_kind_names[e->kind]);
	np_json_begin_object(w, "request");
	np_json_string(w, "flavor", e->flavor);
	np_json_string(w, "image", e->image);
	np_json_int(w, "vcpus", e->vcpus);
	np_json_int(w, "memory_mb", e->memory_mb);
	np_json_bool(w, "vnuma", e->vnuma);
	np_json_int(w, "units", e->n_units);
	np_json_int(w, "unit_mb", e->unit_mb);
	np_json_string(w, "forced_host", e->forced);
	np_json_string(w, "excluded_host", e->excluded);
	np_json_bool(w, "start", e->start);
	np_json_int(w, "max_attempts", e->max_attempts);
	np_json_string(w, "weigher", e->weigher);
	np_json_string(w, "backing", e->backing);
	np_json_end(w);
	np_json_begin_array(w, "hosts");
	for (guint i = 0; i < e->hosts->len; i++) {
		const NpExplainHost *h = g_ptr_array_index(e->hosts, i);
		gboolean numbers = h->state == NP_EXPLAIN_HOST_FILTERED;
		np_json_begin_object(w, NULL);
		np_json_string(w, "host", h->name);
		np_json_string(w, "state", np_host_state_names[h->state]);
		np_json_string(w,
		               "filter",
		               h->state == NP_EXPLAIN_HOST_FILTERED
		                       || h->state == NP_EXPLAIN_HOST_DISABLED
		                   ? np_filter_to_string(h->outcome.filter)
		                   : NULL);
		if (numbers) {
			np_json_number(w, "asked", h->outcome.asked);
			np_json_number(w, "free", h->outcome.free);
		} else {
			np_json_null(w, "asked");
			np_json_null(w, "free");
		}
		if (h->cells != NULL) {
			np_json_begin_array(w, "cells");
			for (guint c = 0; c < h->cells->len; c++) {
				const NpExplainCell *cell =
				    &g_array_index(h->cells, NpExplainCell, c);
				np_json_begin_object(w, NULL);
				np_json_int(w, "id", cell->id);
				np_json_int(w, "cpus", cell->cpus);
				np_json_int(w, "memory_mb", cell->memory_mb);
				np_json_int(w, "free_vcpus", cell->free_vcpus);
				np_json_int(w, "free_mb", cell->free_mb);
				np_json_end(w);
			}
			np_json_end(w);
		}
		np_json_string(w, "why", h->why);
		np_json_end(w);
	}
	np_json_end(w);
	np_json_begin_object(w, "multipliers");
	np_json_double(w, "ram", e->multipliers.ram);
	np_json_double(w, "cpu", e->multipliers.cpu);
	np_json_double(w, "build_failures", e->multipliers.build_failure);
	np_json_end(w);
	np_json_begin_array(w, "order");
	for (guint i = 0; i < e->order->len; i++) {
		const NpExplainWeighed *o = g_ptr_array_index(e->order, i);
		np_json_begin_object(w, NULL);
		np_json_string(w, "host", o->name);
		np_json_double(w, "weight", o->weight);
		np_json_double(w, "ram", o->ram);
		np_json_double(w, "cpu", o->cpu);
		np_json_double(w, "build_failures", o->build_failure);
		np_json_begin_object(w, "normalised");
		np_json_double(w, "ram", o->normalised[0]);
		np_json_double(w, "cpu", o->normalised[1]);
		np_json_double(w, "build_failures", o->normalised[2]);
		np_json_end(w);
		np_json_end(w);
	}
	np_json_end(w);
	np_json_begin_array(w, "attempts");
	for (guint i = 0; i < e->attempts->len; i++) {
		const NpExplainAttempt *a = g_ptr_array_index(e->attempts, i);
		np_json_begin_object(w, NULL);
		np_json_int(w, "attempt", a->number);
		np_json_string(w, "host", a->host);
		if (a->position > 0)
			np_json_int(w, "position", a->position);
		else
			np_json_null(w, "position");
		if (a->cells != NULL) {
			np_json_begin_array(w, "cells");
			for (guint c = 0; c < a->cells->len; c++)
				np_json_int(w, NULL, g_array_index(a->cells, gint64, c));
			np_json_end(w);
		} else {
			np_json_null(w, "cells");
		}
		np_json_bool(w, "started", a->started);
		np_json_begin_array(w, "units");
		for (guint u = 0; u < a->units->len; u++) {
			const NpExplainUnit *unit = g_ptr_array_index(a->units, u);
			np_json_begin_object(w, NULL);
			np_json_int(w, "vnode", unit->vnode);
			np_json_int(w, "memory_mb", unit->memory_mb);
			np_json_begin_array(w, "free_before");
			for (guint n = 0; n < unit->free_before->len; n++) {
				const NpNodeFree *f =
				    &g_array_index(unit->free_before, NpNodeFree, n);
				np_json_begin_object(w, NULL);
				np_json_int(w, "node", f->node);
				np_json_int(w, "free_mb", f->free_mb);
				np_json_end(w);
			}
			np_json_end(w);
			np_json_begin_array(w, "parts");
			for (guint p = 0; p < unit->parts->len; p++) {
				const NpPart *part = &g_array_index(unit->parts, NpPart, p);
				np_json_begin_object(w, NULL);
				np_json_int(w, "node", part->node);
				np_json_int(w, "memory_mb", part->memory_mb);
				np_json_end(w);
			}
			np_json_end(w);
			np_json_bool(w, "spanned", unit->parts->len > 1);
			np_json_string(w, "code", np_code_or_null(unit->code));
			np_json_string(w, "why", unit->why);
			np_json_end(w);
		}
		np_json_end(w);
		np_json_string(w, "code", np_code_or_null(a->code));
		np_json_string(w, "message", a->message);
		np_json_end(w);
	}
	np_json_end(w);
	np_json_begin_object(w, "result");
	np_json_string(w, "status", np_status_to_string(e->status));
	np_json_string(w, "host", e->host);
	np_json_string(w, "code", np_code_or_null(e->code));
	np_json_string(w, "message", e->message);
	np_json_bool(w, "spanned", e->spanned);
	np_json_int(w, "remote_mb", e->remote_mb);
	np_json_end(w);
	np_json_string(w, "why", e->why);
	np_json_end(w);
	np_json_finish(w);
}

static gchar *
np_ordinal(guint n)
{
	const gchar *suffix = "th";
	if (n % 100 < 11 || n % 100 > 13)
		suffix = n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
	return g_strdup_printf("%u%s", n, suffix);
}

static gchar *
np_double_text(gdouble value)
{
	gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];
	/* whole numbers in full (a multiplier of 1000000, not 1e+06) */
	if (value == floor(value) && fabs(value) < 1e15)
		return g_strdup_printf("%" G_GINT64_FORMAT, (gint64)value);
	return g_strdup(g_ascii_formatd(buffer, sizeof(buffer), "%.6g", value));
}

static void
np_explain_text(GString *out, const NpExplain *e)
{
	g_string_append_printf(out,
	                       "explain %s: event %u (%s)\n",
	                       e->vm,
	                       e->event,
	                       np_event_type_to_string(e->event_type));
	if (e->flavor != NULL) {
		g_string_append_printf(out,
		                       "request: %s%s%s: %" G_GINT64_FORMAT
		                       " vCPUs, %" G_GINT64_FORMAT " MiB, ",
		                       e->flavor,
		                       e->image != NULL ? " with image " : "",
		                       e->image != NULL ? e->image : "",
		                       e->vcpus,
		                       e->memory_mb);
		if (e->vnuma)
			g_string_append_printf(out,
			                       "vNUMA %u × %" G_GINT64_FORMAT " MiB\n",
			                       e->n_units,
			                       e->unit_mb);
		else
			g_string_append_printf(out,
			                       "no vNUMA: one unit of %" G_GINT64_FORMAT " MiB\n",
			                       e->unit_mb);
		g_string_append_printf(out,
		                       "settings: weigher %s, backing %s, up to %" G_GINT64_FORMAT
		                       " start attempts%s%s%s%s\n",
		                       e->weigher,
		                       e->backing,
		                       e->max_attempts,
		                       e->forced != NULL ? "; forced onto " : "",
		                       e->forced != NULL ? e->forced : "",
		                       e->excluded != NULL ? "; never on its own host " : "",
		                       e->excluded != NULL ? e->excluded : "");
	}
	if (e->kind == NP_EXPLAIN_SCHEDULED) {
		g_string_append(out, "\nfilters, every host in input order:\n");
		for (guint i = 0; i < e->hosts->len; i++) {
			const NpExplainHost *h = g_ptr_array_index(e->hosts, i);
			g_string_append_printf(out, "  %-16s %s\n", h->name, h->why);
			for (guint c = 0; h->cells != NULL && c < h->cells->len; c++) {
				const NpExplainCell *cell =
				    &g_array_index(h->cells, NpExplainCell, c);
				g_string_append_printf(
				    out,
				    "  %-16s   cell %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT
				    " MiB, %" G_GINT64_FORMAT " LPs; room %" G_GINT64_FORMAT
				    " MiB, %" G_GINT64_FORMAT " vCPUs\n",
				    "",
				    cell->id,
				    cell->memory_mb,
				    cell->cpus,
				    cell->free_mb,
				    cell->free_vcpus);
			}
		}
		if (e->order->len > 0) {
			g_string_append_printf(out, "weigher order (%s):\n", e->weigher);
			for (guint i = 0; i < e->order->len; i++) {
				const NpExplainWeighed *o = g_ptr_array_index(e->order, i);
				g_autofree gchar *wt = np_double_text(o->weight);
				g_autofree gchar *ram = np_double_text(o->ram);
				g_autofree gchar *cpu = np_double_text(o->cpu);
				g_autofree gchar *bf = np_double_text(o->build_failure);
				g_autofree gchar *m_ram = np_double_text(e->multipliers.ram);
				g_autofree gchar *m_cpu = np_double_text(e->multipliers.cpu);
				g_autofree gchar *m_bf =
				    np_double_text(e->multipliers.build_failure);
				g_autofree gchar *n_ram = np_double_text(o->normalised[0]);
				g_autofree gchar *n_cpu = np_double_text(o->normalised[1]);
				g_autofree gchar *n_bf = np_double_text(o->normalised[2]);
				/* the weight as rules.md §3 adds it: multiplier ×
				 * normalised value, per weigher */
				g_string_append_printf(
				    out,
				    "  %u. %-16s weight %s = RAM %s × %s (%s MiB free)"
				    " + CPU %s × %s (%s vCPUs free)"
				    " − build failures %s × %s (%s)\n",
				    i + 1,
				    o->name,
				    wt,
				    m_ram,
				    n_ram,
				    ram,
				    m_cpu,
				    n_cpu,
				    cpu,
				    m_bf,
				    n_bf,
				    bf);
			}
		}
	}
	for (guint i = 0; i < e->attempts->len; i++) {
		const NpExplainAttempt *a = g_ptr_array_index(e->attempts, i);
		g_autofree gchar *pos = a->position > 0 ? np_ordinal(a->position) : NULL;
		g_string_append_printf(out, "\nattempt %u: %s", a->number, a->host);
		if (pos != NULL)
			g_string_append_printf(out, " (%s in the weigher's order)", pos);
		if (a->cells != NULL) {
			g_string_append(out, ", Nova claims cells [");
			for (guint c = 0; c < a->cells->len; c++)
				g_string_append_printf(out,
				                       "%s%" G_GINT64_FORMAT,
				                       c > 0 ? "," : "",
				                       g_array_index(a->cells, gint64, c));
			g_string_append_c(out, ']');
		}
		g_string_append(out, a->started ? "\n" : ": claims only, the VM stays stopped\n");
		for (guint u = 0; u < a->units->len; u++) {
			const NpExplainUnit *unit = g_ptr_array_index(a->units, u);
			g_string_append_printf(out,
			                       "  vnode %u, %" G_GINT64_FORMAT " MiB; free before:",
			                       unit->vnode,
			                       unit->memory_mb);
			for (guint n = 0; n < unit->free_before->len; n++) {
				const NpNodeFree *f =
				    &g_array_index(unit->free_before, NpNodeFree, n);
				g_string_append_printf(out,
				                       " n%" G_GINT64_FORMAT "=%" G_GINT64_FORMAT,
				                       f->node,
				                       f->free_mb);
			}
			if (unit->parts->len > 0) {
				g_string_append(out, " → backed");
				for (guint p = 0; p < unit->parts->len; p++) {
					const NpPart *part = &g_array_index(unit->parts, NpPart, p);
					g_string_append_printf(out,
					                       "%sn%" G_GINT64_FORMAT
					                       "=%" G_GINT64_FORMAT,
					                       p == 0 ? " " : "+",
					                       part->node,
					                       part->memory_mb);
				}
				if (unit->parts->len > 1)
					g_string_append(out, " SPANNED");
			} else {
				g_string_append_printf(out, " → %s", np_code_to_string(unit->code));
			}
			g_string_append_printf(out, "\n    %s\n", unit->why);
		}
		if (a->code != NP_CODE_NONE)
			g_string_append_printf(out,
			                       "  failed [%s]: %s\n",
			                       np_code_to_string(a->code),
			                       a->message != NULL ? a->message : "");
	}
	g_string_append_printf(out,
	                       "\nresult: %s%s%s",
	                       np_status_to_string(e->status),
	                       e->host != NULL ? " on " : "",
	                       e->host != NULL ? e->host : "");
	if (e->code != NP_CODE_NONE)
		g_string_append_printf(out, " [%s]", np_code_to_string(e->code));
	if (e->spanned)
		g_string_append_printf(out,
		                       ", spanned, %" G_GINT64_FORMAT " MiB remote",
		                       e->remote_mb);
	g_string_append_printf(out, "\nwhy: %s\n", e->why);
}

void
np_explain_document(GString *out,
                    NpReportFormat format,
                    const NpScenario *scenario,
                    const NpExplain *explain)
{
	G_STATIC_ASSERT(G_N_ELEMENTS(np_kind_names) == NP_EXPLAIN_NO_ACTION + 1);
	G_STATIC_ASSERT(G_N_ELEMENTS(np_host_state_names) == NP_EXPLAIN_HOST_NOT_FORCED + 1);
	if (format == NP_REPORT_JSON)
		np_explain_json(out, scenario, explain);
	else
		np_explain_text(out, explain);
}
