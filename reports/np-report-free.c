/* Free capacity both ways and fragmentation (scenario.md §4 "every
 * report"): what Nova's claims leave free beside what Hyper-V has free,
 * per node, host and cluster, and the share of free memory and vCPUs no
 * flavor of the scenario can use. JSON and text here; CSV and HTML in
 * their writers. */
#include <math.h>

#include "np-report-private.h"

gdouble
np_share(gint64 part, gint64 whole)
{
	/* four decimals: a share for people, stable for programs */
	if (whole <= 0)
		return 0.0;
	return round((gdouble)part / (gdouble)whole * 10000.0) / 10000.0;
}

gchar *
np_percent_text(gdouble share)
{
	gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];
	return g_strdup_printf("%s%%",
	                       g_ascii_formatd(buffer, sizeof(buffer), "%.1f", 100.0 * share));
}

static void
np_free_members(NpJsonWriter *w, const NpFree *free)
{
	np_json_int(w, "nova_free_mb", free->nova_free_mb);
	np_json_int(w, "hyperv_free_mb", free->hyperv_free_mb);
	np_json_int(w, "gap_mb", free->nova_free_mb - free->hyperv_free_mb);
	np_json_int(w, "nova_free_vcpus", free->nova_free_vcpus);
}

static void
np_stranded_members(NpJsonWriter *w, const NpFree *free)
{
	np_json_int(w, "free_mb", free->hyperv_free_mb);
	np_json_int(w, "stranded_mb", free->stranded_mb);
	np_json_double(w, "stranded_share", np_share(free->stranded_mb, free->hyperv_free_mb));
	np_json_int(w, "free_vcpus", MAX(free->nova_free_vcpus, 0));
	np_json_int(w, "stranded_vcpus", free->stranded_vcpus);
	np_json_double(w,
	               "stranded_vcpus_share",
	               np_share(free->stranded_vcpus, MAX(free->nova_free_vcpus, 0)));
}

/**
 * np_report_free_json:
 *
 * The members "free" and "fragmentation" (docs/capacity.md).
 */
void
np_report_free_json(NpJsonWriter *w, const NpEngine *engine, const NpHeadroom *headroom)
{
	np_json_begin_object(w, "free");
	np_json_begin_array(w, "hosts");
	for (guint h = 0; h < engine->hosts->len; h++) {
		const NpSimHost *host = np_engine_host(engine, h);
		if (host->removed)
			continue;
		np_json_begin_object(w, NULL);
		np_json_string(w, "name", host->name);
		np_json_bool(w, "enabled", !host->failed);
		np_free_members(w, &headroom->hosts[h]);
		np_json_begin_array(w, "nodes");
		for (guint n = 0; n < host->hv.n_nodes; n++) {
			NpFree node;
			np_free_of_node(engine, h, n, &node);
			np_json_begin_object(w, NULL);
			np_json_int(w, "id", host->hv.nodes[n].id);
			np_free_members(w, &node);
			np_json_end(w);
		}
		np_json_end(w);
		np_json_end(w);
	}
	np_json_end(w);
	np_json_begin_object(w, "cluster");
	np_free_members(w, &headroom->cluster);
	np_json_end(w);
	np_json_end(w);

	np_json_begin_object(w, "fragmentation");
	np_json_begin_array(w, "hosts");
	for (guint h = 0; h < engine->hosts->len; h++) {
		const NpSimHost *host = np_engine_host(engine, h);
		if (host->removed)
			continue;
		np_json_begin_object(w, NULL);
		np_json_string(w, "name", host->name);
		np_json_bool(w, "enabled", !host->failed);
		np_stranded_members(w, &headroom->hosts[h]);
		np_json_end(w);
	}
	np_json_end(w);
	np_json_begin_object(w, "cluster");
	np_stranded_members(w, &headroom->cluster);
	np_json_end(w);
	np_json_end(w);
}

static void
np_text_free_row(GString *out, const gchar *name, const gchar *node, const NpFree *free)
{
	g_string_append_printf(out,
	                       "%-16s %5s %11" G_GINT64_FORMAT " %11" G_GINT64_FORMAT
	                       " %9" G_GINT64_FORMAT " %10" G_GINT64_FORMAT "\n",
	                       name,
	                       node,
	                       free->nova_free_mb,
	                       free->hyperv_free_mb,
	                       free->nova_free_mb - free->hyperv_free_mb,
	                       free->nova_free_vcpus);
}

void
np_report_free_text(GString *out, const NpEngine *engine, const NpHeadroom *headroom)
{
	const NpFree *c = &headroom->cluster;

	g_string_append(out,
	                "\nfree             node   Nova (MiB) Hyper-V (MiB)    gap  Nova vCPUs\n");
	for (guint h = 0; h < engine->hosts->len; h++) {
		const NpSimHost *host = np_engine_host(engine, h);
		g_autofree gchar *name = NULL;
		if (host->removed)
			continue;
		name = g_strdup_printf("%s%s", host->name, host->failed ? " (failed)" : "");
		for (guint n = 0; n < host->hv.n_nodes; n++) {
			NpFree node;
			g_autofree gchar *id =
			    g_strdup_printf("%" G_GINT64_FORMAT, host->hv.nodes[n].id);
			np_free_of_node(engine, h, n, &node);
			np_text_free_row(out, n == 0 ? name : "", id, &node);
		}
		np_text_free_row(out, "", "host", &headroom->hosts[h]);
	}
	np_text_free_row(out, "cluster", "", c);
	g_string_append(out,
	                "(Nova counts its claims, Hyper-V what it backs; on a node Nova sees vNUMA "
	                "claims only)\n");
	{
		g_autofree gchar *mb = np_percent_text(np_share(c->stranded_mb, c->hyperv_free_mb));
		g_autofree gchar *vcpus =
		    np_percent_text(np_share(c->stranded_vcpus, MAX(c->nova_free_vcpus, 0)));
		g_string_append_printf(out,
		                       "fragmentation: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
		                       " MiB free (%s) and %" G_GINT64_FORMAT
		                       " of %" G_GINT64_FORMAT
		                       " free vCPUs (%s) no flavor of the scenario can use\n",
		                       c->stranded_mb,
		                       c->hyperv_free_mb,
		                       mb,
		                       c->stranded_vcpus,
		                       MAX(c->nova_free_vcpus, 0),
		                       vcpus);
	}
}
