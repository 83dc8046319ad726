/* The HTML report (docs/reports.md): one self-contained page — inline CSS
 * and SVG, no script, no request — that shows the cluster at a glance:
 * per host a bar per NUMA node (what Hyper-V backs, VM by VM, spanned VMs
 * marked; what Nova claimed; what is free), a timeline of free memory and
 * spanned VMs across the events, and the free capacity, fragmentation,
 * capacity, failover and VM tables. Every name is escaped. Elements carry
 * data-host, data-node ("HOST/ID") and data-vm for tests and tools. */
#include "np-markup.h"
#include "np-report-private.h"

#define NP_BAR_WIDTH 360
#define NP_CHART_WIDTH 900
#define NP_CHART_HEIGHT 220

static const gchar np_html_css[] =
    ":root{--backed:#3a78c2;--spanned:#e07b1f;--claimed:#4f8a3c;--free:#e7eaf0;"
    "--reserved:#b9bec8;--text:#1d2330;--muted:#5f6878;--line:#d8dce3}\n"
    "*{box-sizing:border-box}\n"
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;"
    "margin:0;color:var(--text);background:#f5f6f8}\n"
    "header{background:#1d2330;color:#fff;padding:18px 28px}\n"
    "header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c9cfdb}\n"
    "main{padding:18px 28px;max-width:1280px}\n"
    "h2{font-size:18px;margin:26px 0 10px}h3{font-size:15px;margin:0 0 6px}\n"
    ".cards{display:flex;gap:12px;flex-wrap:wrap}\n"
    ".card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 14px;"
    "min-width:170px}\n"
    ".card b{display:block;font-size:20px}.card span{color:var(--muted);font-size:12px}\n"
    ".card.bad b{color:#b3261e}.card.good b{color:#2d7a2d}\n"
    ".hosts{display:grid;grid-template-columns:repeat(auto-fill,minmax(400px,1fr));gap:12px}\n"
    "section.host{background:#fff;border:1px solid var(--line);border-radius:6px;"
    "padding:10px 14px}\n"
    "section.host.failed{opacity:.65;border-style:dashed}\n"
    ".badge{display:inline-block;font-size:11px;padding:0 6px;border-radius:8px;"
    "background:#eef0f4;color:var(--muted);margin-left:6px;vertical-align:middle}\n"
    ".badge.warn{background:#fde7d3;color:#8a4a0c}.badge.bad{background:#f9d9d6;"
    "color:#8c1d18}\n"
    ".node{margin:8px 0 10px}.label{font-size:12px;color:var(--muted)}\n"
    "svg.bar{display:block;margin:2px 0}\n"
    "svg .backed{fill:var(--backed)}svg .spanned{fill:var(--spanned)}"
    "svg .free{fill:var(--free)}svg .reserved{fill:var(--reserved)}"
    "svg .claimed{fill:var(--claimed)}svg .over{fill:#b3261e}\n"
    "svg .sep{stroke:#fff;stroke-width:1}\n"
    "ul.vms{list-style:none;margin:2px 0 0;padding:0;font-size:12px;display:flex;"
    "flex-wrap:wrap;gap:4px 10px}\n"
    "ul.vms li{font-family:ui-monospace,Menlo,Consolas,monospace}\n"
    "ul.vms li.spanned,td.spanned{color:#a4540b;font-weight:600}\n"
    ".legend{font-size:12px;color:var(--muted);display:flex;gap:14px;flex-wrap:wrap;"
    "margin:4px 0 8px}\n"
    ".legend i{display:inline-block;width:12px;height:10px;margin-right:4px;"
    "vertical-align:middle}\n"
    "table{border-collapse:collapse;background:#fff;border:1px solid var(--line);"
    "font-size:13px}\n"
    "th,td{text-align:left;padding:4px 10px;border-bottom:1px solid #eceef2}\n"
    "th{background:#f0f2f5;font-weight:600}td.num,th.num{text-align:right;"
    "font-variant-numeric:tabular-nums}\n"
    "tr.total td{font-weight:600;background:#f7f8fa}\n"
    ".ok{color:#2d7a2d}.fail{color:#b3261e;font-weight:600}\n"
    ".chart{background:#fff;border:1px solid var(--line);border-radius:6px;padding:8px}\n"
    "svg.timeline text{font-size:11px;fill:var(--muted)}\n"
    "svg.timeline .hyperv{fill:none;stroke:var(--backed);stroke-width:2}\n"
    "svg.timeline .nova{fill:none;stroke:var(--claimed);stroke-width:2;"
    "stroke-dasharray:5 3}\n"
    "svg.timeline .spanbar{fill:var(--spanned);opacity:.55}\n"
    "svg.timeline .axis{stroke:#9aa1ad;stroke-width:1}\n"
    "p.note{color:var(--muted);font-size:12px;max-width:900px}\n"
    "footer{color:var(--muted);font-size:12px;padding:12px 28px 28px}\n"
    ".glance{display:flex;flex-wrap:wrap;gap:6px}\n"
    ".tile{background:#fff;border:1px solid var(--line);border-radius:4px;padding:4px 6px;"
    "font-size:11px;width:152px}\n"
    ".tile.failed{opacity:.55;border-style:dashed}.tile b{display:block;overflow:hidden;"
    "text-overflow:ellipsis;white-space:nowrap}\n"
    "svg.mini{display:block;margin:3px 0}\n";

/* ---------------------------------------------------------------- pieces */

void
np_html_begin(GString *out, const gchar *title, const gchar *subtitle)
{
	g_string_append(out,
	                "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	                "<meta name=\"viewport\" content=\"width=device-width, "
	                "initial-scale=1\">\n<title>");
	np_html_append(out, title);
	g_string_append(out, "</title>\n<style>\n");
	g_string_append(out, np_html_css);
	g_string_append(out, "</style>\n</head>\n<body>\n<header>\n<h1>");
	np_html_append(out, title);
	g_string_append(out, "</h1>\n<p>");
	np_html_append(out, subtitle);
	g_string_append(out, "</p>\n</header>\n<main>\n");
}

void
np_html_end(GString *out)
{
	g_string_append(out,
	                "</main>\n<footer>numaplan — Nova's claims beside Hyper-V's backing; see "
	                "docs/reports.md. "
	                "This page needs no script and makes no request.</footer>\n"
	                "</body>\n</html>\n");
}

static void
np_card(GString *out, const gchar *klass, const gchar *value, const gchar *label)
{
	g_string_append_printf(out, "<div class=\"card%s%s\"><b>", klass[0] ? " " : "", klass);
	np_html_append(out, value);
	g_string_append(out, "</b><span>");
	np_html_append(out, label);
	g_string_append(out, "</span></div>\n");
}

/* the figures a reader wants first */
void
np_html_cards(GString *out,
              const NpEngine *engine,
              const NpHeadroom *headroom,
              const NpExpectTally *tally)
{
	gint64 summary[NP_SUMMARY_LAST];
	const NpFree *c = &headroom->cluster;
	g_autofree gchar *active = NULL, *spanned = NULL, *hv = NULL, *nova = NULL, *gap = NULL;
	g_autofree gchar *stranded = NULL, *expect = NULL;

	np_engine_summary(engine, 0, summary);
	active = g_strdup_printf("%" G_GINT64_FORMAT, summary[NP_SUMMARY_ACTIVE]);
	spanned = g_strdup_printf("%" G_GINT64_FORMAT " (%" G_GINT64_FORMAT " MiB remote)",
	                          summary[NP_SUMMARY_SPANNED],
	                          summary[NP_SUMMARY_REMOTE_MB]);
	hv = g_strdup_printf("%" G_GINT64_FORMAT " MiB", c->hyperv_free_mb);
	nova = g_strdup_printf("%" G_GINT64_FORMAT " MiB", c->nova_free_mb);
	gap = g_strdup_printf("%+" G_GINT64_FORMAT " MiB", c->nova_free_mb - c->hyperv_free_mb);
	stranded = np_percent_text(np_share(c->stranded_mb, c->hyperv_free_mb));
	g_string_append(out, "<div class=\"cards\">\n");
	np_card(out, "", active, "VMs active");
	np_card(out,
	        summary[NP_SUMMARY_SPANNED] > 0 ? "bad" : "good",
	        spanned,
	        "VMs spanning NUMA nodes");
	np_card(out, "", hv, "free: Hyper-V (backing)");
	np_card(out, "", nova, "free: Nova (claims)");
	np_card(out, "", gap, "gap: Nova − Hyper-V");
	np_card(out, "", stranded, "of free memory no flavor can use");
	if (tally != NULL) {
		expect = g_strdup_printf("%u / %u", tally->passed, tally->passed + tally->failed);
		np_card(out, tally->failed > 0 ? "bad" : "good", expect, "expectations held");
	}
	g_string_append(out, "</div>\n");
}

static void
np_legend(GString *out)
{
	g_string_append(out,
	                "<div class=\"legend\"><span><i style=\"background:var(--backed)\"></i>"
	                "Hyper-V backed</span><span><i style=\"background:var(--spanned)\"></i>"
	                "spanned VM</span><span><i style=\"background:var(--free)\"></i>free</span>"
	                "<span><i style=\"background:var(--reserved)\"></i>reserved (root)</span>"
	                "<span><i style=\"background:var(--claimed)\"></i>Nova claimed (cells; "
	                "lower bar)</span></div>\n");
}

static gdouble
np_scale(gint64 value, gint64 whole)
{
	if (whole <= 0 || value <= 0)
		return 0.0;
	return MIN((gdouble)value / (gdouble)whole, 1.0) * NP_BAR_WIDTH;
}

/* a coordinate, locale-independent */
static void
np_num(GString *out, const gchar *name, gdouble value)
{
	gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];
	g_string_append_printf(out,
	                       " %s=\"%s\"",
	                       name,
	                       g_ascii_formatd(buffer, sizeof(buffer), "%.1f", value));
}

static void
np_rect(GString *out,
        const gchar *klass,
        gdouble x,
        gdouble y,
        gdouble w,
        gdouble h,
        const gchar *title)
{
	if (w <= 0 || h <= 0)
		return;
	g_string_append_printf(out, "<rect class=\"%s\"", klass);
	np_num(out, "x", x);
	np_num(out, "y", y);
	np_num(out, "width", w);
	np_num(out, "height", h);
	g_string_append(out, ">");
	if (title != NULL) {
		g_string_append(out, "<title>");
		np_html_append(out, title);
		g_string_append(out, "</title>");
	}
	g_string_append(out, "</rect>");
}

static void
np_line(GString *out, const gchar *klass, gdouble x1, gdouble y1, gdouble x2, gdouble y2)
{
	g_string_append_printf(out, "<line class=\"%s\"", klass);
	np_num(out, "x1", x1);
	np_num(out, "y1", y1);
	np_num(out, "x2", x2);
	np_num(out, "y2", y2);
	g_string_append(out, "/>");
}

static void
np_text(GString *out, gdouble x, gdouble y, const gchar *anchor, const gchar *text)
{
	g_string_append(out, "<text");
	np_num(out, "x", x);
	np_num(out, "y", y);
	if (anchor != NULL)
		g_string_append_printf(out, " text-anchor=\"%s\"", anchor);
	g_string_append(out, ">");
	np_html_append(out, text);
	g_string_append(out, "</text>");
}

/* one node: the Hyper-V bar (reserved, each VM's memory there, free) and
 * Nova's cell claims below it, then the VMs backed there */
static void
np_html_node(GString *out, const NpEngine *engine, guint h, guint n)
{
	const NpSimHost *host = np_engine_host(engine, h);
	const NpHvNode *node = &host->hv.nodes[n];
	const NpFitHostCell *cell = &host->nova.cells[n];
	gint64 total = node->capacity_mb + node->reserved_mb;
	gdouble x;
	g_autoptr(GString) vms = g_string_new(NULL);
	g_autofree gchar *title = NULL;

	g_string_append(out, "<div class=\"node\" data-node=\"");
	np_html_append_printf(out, "%s/%" G_GINT64_FORMAT, host->name, node->id);
	g_string_append(out, "\"><div class=\"label\">");
	np_html_append_printf(out,
	                      "node %" G_GINT64_FORMAT " · %" G_GINT64_FORMAT
	                      " LPs · %" G_GINT64_FORMAT " MiB: %" G_GINT64_FORMAT
	                      " backed, %" G_GINT64_FORMAT " free (Hyper-V); %" G_GINT64_FORMAT
	                      " MiB, %" G_GINT64_FORMAT " vCPUs claimed in the cell (Nova)",
	                      node->id,
	                      cell->cpus,
	                      total,
	                      node->capacity_mb - node->free_mb,
	                      node->free_mb,
	                      cell->used_memory_mb,
	                      cell->used_cpus);
	g_string_append_printf(
	    out,
	    "</div><svg class=\"bar\" width=\"%d\" height=\"28\" viewBox=\"0 0 %d 28\" "
	    "role=\"img\" aria-label=\"",
	    NP_BAR_WIDTH,
	    NP_BAR_WIDTH);
	np_html_append_printf(out,
	                      "%s node %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT
	                      " of %" G_GINT64_FORMAT " MiB backed",
	                      host->name,
	                      node->id,
	                      node->capacity_mb - node->free_mb,
	                      node->capacity_mb);
	g_string_append(out, "\">");
	np_rect(out, "free", 0, 0, NP_BAR_WIDTH, 16, NULL);
	title = g_strdup_printf("reserved for the root partition: %" G_GINT64_FORMAT " MiB",
	                        node->reserved_mb);
	x = np_scale(node->reserved_mb, total);
	np_rect(out, "reserved", 0, 0, x, 16, title);
	for (guint i = 0; i < engine->vms->len; i++) {
		const NpSimVm *vm = g_ptr_array_index(engine->vms, i);
		gboolean spanned = np_hv_backing_is_spanned(&vm->backing);
		gint64 here = 0;
		if (vm->host != (gint)h || vm->status != NP_STATUS_ACTIVE)
			continue;
		for (guint p = 0; p < vm->backing.n_parts; p++) {
			if (vm->backing.parts[p].node == n)
				here += vm->backing.parts[p].memory_mb;
		}
		if (here == 0)
			continue;
		{
			g_autofree gchar *t = g_strdup_printf("%s: %" G_GINT64_FORMAT " MiB here%s",
			                                      vm->name,
			                                      here,
			                                      spanned ? " — spans NUMA nodes" : "");
			gdouble w = np_scale(here, total);
			np_rect(out, spanned ? "spanned" : "backed", x, 0, w, 16, t);
			x += w;
			np_line(out, "sep", x, 0, x, 16);
		}
		g_string_append(vms,
		                spanned ? "<li class=\"spanned\" data-vm=\"" : "<li data-vm=\"");
		np_html_append(vms, vm->name);
		g_string_append(vms, "\">");
		np_html_append_printf(vms,
		                      "%s %" G_GINT64_FORMAT " MiB%s",
		                      vm->name,
		                      here,
		                      spanned ? " ⇄ spans" : "");
		g_string_append(vms, "</li>");
	}
	np_rect(out, "free", 0, 20, NP_BAR_WIDTH, 8, NULL);
	{
		g_autofree gchar *t = g_strdup_printf("Nova's cell claims: %" G_GINT64_FORMAT
		                                      " of %" G_GINT64_FORMAT " MiB",
		                                      cell->used_memory_mb,
		                                      cell->memory_mb);
		np_rect(out,
		        cell->used_memory_mb > cell->memory_mb ? "over" : "claimed",
		        0,
		        20,
		        np_scale(cell->used_memory_mb, cell->memory_mb),
		        8,
		        t);
	}
	g_string_append(out, "</svg>");
	if (vms->len > 0)
		g_string_append_printf(out, "<ul class=\"vms\">%s</ul>", vms->str);
	g_string_append(out, "</div>\n");
}

/* the whole cluster on one screen: a tile per host, a thin bar per node
 * (backed, of it spanned, free) */
void
np_html_glance(GString *out, const NpEngine *engine)
{
	g_string_append(
	    out,
	    "<h2>The cluster at a glance</h2>\n<p class=\"note\">A tile per host, a bar "
	    "per NUMA node: memory Hyper-V backs (orange: VMs that span), then "
	    "free. Details per host below.</p>\n<div class=\"glance\">\n");
	for (guint h = 0; h < engine->hosts->len; h++) {
		const NpSimHost *host = np_engine_host(engine, h);
		if (host->removed)
			continue;
		g_string_append_printf(out,
		                       "<div class=\"tile%s\" data-tile=\"",
		                       host->failed ? " failed" : "");
		np_html_append(out, host->name);
		g_string_append(out, "\"><b>");
		np_html_append(out, host->name);
		g_string_append(out, "</b>");
		for (guint n = 0; n < host->hv.n_nodes; n++) {
			const NpHvNode *node = &host->hv.nodes[n];
			gint64 spanned = 0, backed = node->capacity_mb - node->free_mb;
			g_autofree gchar *title = NULL;
			gdouble x;
			for (guint i = 0; i < engine->vms->len; i++) {
				const NpSimVm *vm = g_ptr_array_index(engine->vms, i);
				if (vm->host != (gint)h || vm->status != NP_STATUS_ACTIVE
				    || !np_hv_backing_is_spanned(&vm->backing))
					continue;
				for (guint p = 0; p < vm->backing.n_parts; p++) {
					if (vm->backing.parts[p].node == n)
						spanned += vm->backing.parts[p].memory_mb;
				}
			}
			title = g_strdup_printf("%s node %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT
			                        " MiB backed (%" G_GINT64_FORMAT
			                        " by spanned VMs), %" G_GINT64_FORMAT " free",
			                        host->name,
			                        node->id,
			                        backed,
			                        spanned,
			                        node->free_mb);
			g_string_append_printf(out,
			                       "<svg class=\"mini\" width=\"140\" height=\"7\" "
			                       "viewBox=\"0 0 140 7\" role=\"img\" aria-label=\"");
			np_html_append(out, title);
			g_string_append(out, "\">");
			np_rect(out, "free", 0, 0, 140, 6, title);
			x = node->capacity_mb > 0 ? 140.0 * (backed - spanned) / node->capacity_mb
			                          : 0;
			np_rect(out, "backed", 0, 0, x, 6, NULL);
			np_rect(out,
			        "spanned",
			        x,
			        0,
			        node->capacity_mb > 0 ? 140.0 * spanned / node->capacity_mb : 0,
			        6,
			        NULL);
			g_string_append(out, "</svg>");
		}
		g_string_append(out, "</div>\n");
	}
	g_string_append(out, "</div>\n");
}

/* a card per host present, a bar per node */
void
np_html_hosts(GString *out, const NpEngine *engine, const gchar *heading)
{
	g_string_append(out, "<h2>");
	np_html_append(out, heading);
	g_string_append(out, "</h2>\n");
	np_legend(out);
	g_string_append(out, "<div class=\"hosts\">\n");
	for (guint h = 0; h < engine->hosts->len; h++) {
		const NpSimHost *host = np_engine_host(engine, h);
		if (host->removed)
			continue;
		g_string_append_printf(out,
		                       "<section class=\"host%s\" data-host=\"",
		                       host->failed ? " failed" : "");
		np_html_append(out, host->name);
		g_string_append(out, "\"><h3>");
		np_html_append(out, host->name);
		if (host->failed)
			g_string_append(out, "<span class=\"badge bad\">failed</span>");
		if (!host->hv.numa_spanning)
			g_string_append(out, "<span class=\"badge warn\">NUMA spanning off</span>");
		g_string_append(out, "</h3><div class=\"label\">");
		np_html_append_printf(out,
		                      "Nova claims %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
		                      " MiB and %" G_GINT64_FORMAT " vCPUs on %" G_GINT64_FORMAT
		                      " LPs",
		                      host->nova.claimed_memory_mb,
		                      host->nova.capacity_mb,
		                      host->nova.claimed_vcpus,
		                      host->nova.cpus);
		g_string_append(out, "</div>\n");
		for (guint n = 0; n < host->hv.n_nodes; n++)
			np_html_node(out, engine, h, n);
		g_string_append(out, "</section>\n");
	}
	g_string_append(out, "</div>\n");
}

static void
np_th(GString *out, const gchar *const *names, const gchar *numeric)
{
	g_string_append(out, "<tr>");
	for (guint i = 0; names[i] != NULL; i++) {
		g_string_append(out, numeric[i] == 'n' ? "<th class=\"num\">" : "<th>");
		np_html_append(out, names[i]);
		g_string_append(out, "</th>");
	}
	g_string_append(out, "</tr>\n");
}

static void
np_td(GString *out, const gchar *text)
{
	g_string_append(out, "<td>");
	np_html_append(out, text != NULL ? text : "—");
	g_string_append(out, "</td>");
}

static void
np_td_int(GString *out, gint64 value)
{
	g_string_append_printf(out, "<td class=\"num\">%" G_GINT64_FORMAT "</td>", value);
}

static void
np_free_cells(GString *out, const NpFree *free)
{
	np_td_int(out, free->nova_free_mb);
	np_td_int(out, free->hyperv_free_mb);
	np_td_int(out, free->nova_free_mb - free->hyperv_free_mb);
	np_td_int(out, free->nova_free_vcpus);
}

void
np_html_free(GString *out, const NpEngine *engine, const NpHeadroom *headroom)
{
	static const gchar *const names[] = {"host",
	                                     "node",
	                                     "Nova free MiB (claims)",
	                                     "Hyper-V free MiB (backing)",
	                                     "gap MiB",
	                                     "Nova free vCPUs",
	                                     NULL};
	g_string_append(
	    out,
	    "<h2>Free capacity: Nova's view beside Hyper-V's</h2>\n<p class=\"note\">Nova "
	    "counts what its claims leave free (on a node, only vNUMA VMs claim cells: "
	    "plain VMs are claimed per host); Hyper-V counts the memory no VM backs. "
	    "The gap between them is what this tool is for.</p>\n<table class=\"free\">\n");
	np_th(out, names, "ttnnnn");
	for (guint h = 0; h < engine->hosts->len; h++) {
		const NpSimHost *host = np_engine_host(engine, h);
		if (host->removed)
			continue;
		for (guint n = 0; n < host->hv.n_nodes; n++) {
			NpFree node;
			g_autofree gchar *id =
			    g_strdup_printf("%" G_GINT64_FORMAT, host->hv.nodes[n].id);
			np_free_of_node(engine, h, n, &node);
			g_string_append(out, "<tr>");
			np_td(out, host->name);
			np_td(out, id);
			np_free_cells(out, &node);
			g_string_append(out, "</tr>\n");
		}
		g_string_append(out, "<tr class=\"total\">");
		np_td(out, host->name);
		np_td(out, host->failed ? "host (failed)" : "host");
		np_free_cells(out, &headroom->hosts[h]);
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "<tr class=\"total\">");
	np_td(out, "cluster");
	np_td(out, "enabled hosts");
	np_free_cells(out, &headroom->cluster);
	g_string_append(out, "</tr>\n</table>\n");
}

static void
np_stranded_cells(GString *out, const NpFree *free)
{
	g_autofree gchar *mb = np_percent_text(np_share(free->stranded_mb, free->hyperv_free_mb));
	g_autofree gchar *vcpus =
	    np_percent_text(np_share(free->stranded_vcpus, MAX(free->nova_free_vcpus, 0)));
	np_td_int(out, free->hyperv_free_mb);
	np_td_int(out, free->stranded_mb);
	np_td(out, mb);
	np_td_int(out, MAX(free->nova_free_vcpus, 0));
	np_td_int(out, free->stranded_vcpus);
	np_td(out, vcpus);
}

void
np_html_fragmentation(GString *out, const NpEngine *engine, const NpHeadroom *headroom)
{
	static const gchar *const names[] = {"host",
	                                     "free MiB",
	                                     "stranded MiB",
	                                     "share",
	                                     "free vCPUs",
	                                     "stranded vCPUs",
	                                     "share",
	                                     NULL};
	g_string_append(
	    out,
	    "<h2>Fragmentation</h2>\n<p class=\"note\">Free memory and vCPUs no flavor of "
	    "the scenario can use: what is left on a host once the flavor that fills it "
	    "best has taken all it can there (its upper bound).</p>\n"
	    "<table class=\"fragmentation\">\n");
	np_th(out, names, "tnntnnt");
	for (guint h = 0; h < engine->hosts->len; h++) {
		const NpSimHost *host = np_engine_host(engine, h);
		if (host->removed)
			continue;
		g_string_append(out, "<tr>");
		np_td(out, host->name);
		np_stranded_cells(out, &headroom->hosts[h]);
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "<tr class=\"total\">");
	np_td(out, "cluster");
	np_stranded_cells(out, &headroom->cluster);
	g_string_append(out, "</tr>\n</table>\n");
}

/* ------------------------------------------------------------ timeline */

void
np_html_timeline(GString *out, const GArray *samples)
{
	const gdouble left = 70, right = 60, top = 12, bottom = 28;
	gdouble plot_w = NP_CHART_WIDTH - left - right, plot_h = NP_CHART_HEIGHT - top - bottom;
	gint64 max_mb = 1, max_spanned = 1;
	gboolean any_spanned = FALSE;
	guint n = samples->len;
	g_autoptr(GString) hv = g_string_new(NULL), nova = g_string_new(NULL);

	g_string_append(out, "<h2>Timeline</h2>\n");
	if (n == 0) {
		g_string_append(out, "<p class=\"note\">The scenario has no events.</p>\n");
		return;
	}
	for (guint i = 0; i < n; i++) {
		const NpSample *s = &g_array_index(samples, NpSample, i);
		max_mb = MAX(max_mb, MAX(s->hyperv_free_mb, s->nova_free_mb));
		max_spanned = MAX(max_spanned, s->spanned);
		any_spanned |= s->spanned > 0;
	}
	g_string_append_printf(
	    out,
	    "<div class=\"chart\"><div class=\"legend\"><span><i style=\"background:"
	    "var(--backed)\"></i>free memory: Hyper-V</span><span><i style=\""
	    "background:var(--claimed)\"></i>free memory: Nova (dashed)</span><span>"
	    "<i style=\"background:var(--spanned)\"></i>spanned VMs (bars, right "
	    "axis)</span></div>\n<svg class=\"timeline\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"free memory and spanned "
	    "VMs after each event\">",
	    NP_CHART_WIDTH,
	    NP_CHART_HEIGHT,
	    NP_CHART_WIDTH,
	    NP_CHART_HEIGHT);
	np_line(out, "axis", left, top, left, top + plot_h);
	np_line(out, "axis", left, top + plot_h, left + plot_w, top + plot_h);
	{
		g_autofree gchar *top_label = g_strdup_printf("%" G_GINT64_FORMAT " MiB", max_mb);
		g_autofree gchar *span_label =
		    g_strdup_printf("%" G_GINT64_FORMAT " spanned", max_spanned);
		np_text(out, left - 4, top + 10, "end", top_label);
		np_text(out, left - 4, top + plot_h, "end", "0");
		if (any_spanned)
			np_text(out,
			        left + plot_w + 4,
			        top + plot_h - plot_h * 0.35,
			        NULL,
			        span_label);
		np_text(out, left + plot_w / 2, NP_CHART_HEIGHT - 4, "middle", "event");
	}
	for (guint i = 0; i < n; i++) {
		const NpSample *s = &g_array_index(samples, NpSample, i);
		gdouble x = left + (n == 1 ? plot_w / 2 : plot_w * i / (n - 1));
		gdouble bar_w = MAX(plot_w / n * 0.6, 1.0);
		/* spanned VMs take the lower third: the free-memory lines stay readable */
		gdouble bar_h = plot_h * 0.35 * s->spanned / max_spanned;
		gchar xs[G_ASCII_DTOSTR_BUF_SIZE], ys[G_ASCII_DTOSTR_BUF_SIZE];
		g_string_append_printf(
		    hv,
		    "%s%s,%s",
		    i > 0 ? " " : "",
		    g_ascii_formatd(xs, sizeof(xs), "%.1f", x),
		    g_ascii_formatd(ys,
		                    sizeof(ys),
		                    "%.1f",
		                    top + plot_h * (1.0 - (gdouble)s->hyperv_free_mb / max_mb)));
		g_string_append_printf(
		    nova,
		    "%s%s,%s",
		    i > 0 ? " " : "",
		    xs,
		    g_ascii_formatd(
		        ys,
		        sizeof(ys),
		        "%.1f",
		        top + plot_h * (1.0 - (gdouble)MAX(s->nova_free_mb, 0) / max_mb)));
		if (s->spanned > 0) {
			g_autofree gchar *t =
			    g_strdup_printf("after event %u (%s): %" G_GINT64_FORMAT " spanned VMs",
			                    s->index,
			                    s->label,
			                    s->spanned);
			np_rect(out,
			        "spanbar",
			        x - bar_w / 2,
			        top + plot_h - bar_h,
			        bar_w,
			        bar_h,
			        t);
		}
		g_string_append(out, "<circle");
		np_num(out, "cx", x);
		np_num(out, "cy", top + plot_h * (1.0 - (gdouble)s->hyperv_free_mb / max_mb));
		g_string_append(out, " r=\"2.5\" fill=\"#3a78c2\"><title>");
		np_html_append_printf(out,
		                      "after event %u (%s): Hyper-V %" G_GINT64_FORMAT
		                      " MiB free, Nova %" G_GINT64_FORMAT
		                      " MiB free, %" G_GINT64_FORMAT
		                      " VMs active, %" G_GINT64_FORMAT " spanned",
		                      s->index,
		                      s->label,
		                      s->hyperv_free_mb,
		                      s->nova_free_mb,
		                      s->active,
		                      s->spanned);
		g_string_append(out, "</title></circle>");
		if (n <= 40 || i % (n / 20 + 1) == 0) {
			g_autofree gchar *label = g_strdup_printf("%u", s->index);
			np_text(out, x, top + plot_h + 13, "middle", label);
		}
	}
	g_string_append_printf(out, "<polyline class=\"hyperv\" points=\"%s\"/>", hv->str);
	g_string_append_printf(out, "<polyline class=\"nova\" points=\"%s\"/>", nova->str);
	g_string_append(out, "</svg></div>\n");
}

/* ------------------------------------------------------------- tables */

/* the answers of the run's capacity events */
void
np_html_capacity_events(GString *out, const cJSON *events)
{
	static const gchar *const names[] =
	    {"event", "flavor", "fits", "would span", "stopped by", "per host", NULL};
	const cJSON *e;
	g_string_append(out, "<h2>Capacity</h2>\n");
	if (cJSON_GetArraySize(events) == 0) {
		g_string_append(
		    out,
		    "<p class=\"note\">The scenario asks no capacity question; "
		    "<code>numaplan capacity SCENARIO --flavor NAME</code> asks one after the "
		    "last event.</p>\n");
		return;
	}
	g_string_append(out, "<table class=\"capacity\">\n");
	np_th(out, names, "ttnntt");
	cJSON_ArrayForEach (e, events) {
		const cJSON *per_host = cJSON_GetObjectItemCaseSensitive(e, "per_host"), *h;
		const cJSON *stopped = cJSON_GetObjectItemCaseSensitive(e, "stopped_by");
		g_autoptr(GString) hosts = g_string_new(NULL);
		gint64 index = 0, fits = 0, span = 0;
		np_json_get_int64(cJSON_GetObjectItemCaseSensitive(e, "index"), &index);
		np_json_get_int64(cJSON_GetObjectItemCaseSensitive(e, "fits"), &fits);
		np_json_get_int64(cJSON_GetObjectItemCaseSensitive(e, "would_span"), &span);
		cJSON_ArrayForEach (h, per_host) {
			gint64 count = 0;
			np_json_get_int64(h, &count);
			if (count > 0)
				g_string_append_printf(hosts,
				                       "%s%s %" G_GINT64_FORMAT,
				                       hosts->len > 0 ? ", " : "",
				                       h->string,
				                       count);
		}
		g_string_append(out, "<tr>");
		np_td_int(out, index);
		np_td(out, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "flavor")));
		np_td_int(out, fits);
		np_td_int(out, span);
		np_td(out, cJSON_IsString(stopped) ? stopped->valuestring : NULL);
		np_td(out, hosts->len > 0 ? hosts->str : "no host takes one");
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</table>\n");
}

/* the answers of `numaplan capacity` */
void
np_html_capacity_answers(GString *out, const NpEngine *engine, const GPtrArray *answers)
{
	static const gchar *const names[] = {"flavor",
	                                     "fits",
	                                     "upper bound",
	                                     "would span",
	                                     "stopped by",
	                                     "per host (fits / bound)",
	                                     NULL};
	g_string_append(out,
	                "<h2>Capacity</h2>\n<p class=\"note\">How many more VMs of each flavor fit "
	                "after the last event, each on its own copy of the cluster: "
	                "<b>fits</b> by the scheduler's own greedy placement, the <b>upper "
	                "bound</b> with each host filled alone.</p>\n<table class=\"capacity\">\n");
	np_th(out, names, "tnnntt");
	for (guint i = 0; i < answers->len; i++) {
		const NpCapacityAnswer *a = g_ptr_array_index(answers, i);
		const NpEventResult *r = a->result;
		g_autoptr(GString) hosts = g_string_new(NULL);
		for (guint h = 0; r->per_host != NULL && h < r->per_host->len; h++) {
			const NpHostCount *count = g_ptr_array_index(r->per_host, h);
			guint index = 0;
			gint64 bound = 0;
			if (np_engine_lookup_host(engine, count->host, &index)
			    && index < a->n_hosts)
				bound = a->host_bounds[index];
			g_string_append_printf(hosts,
			                       "%s%s %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
			                       hosts->len > 0 ? ", " : "",
			                       count->host,
			                       count->count,
			                       bound);
		}
		g_string_append(out, "<tr>");
		np_td(out, r->flavor);
		np_td_int(out, r->fits);
		np_td_int(out, a->upper_bound);
		np_td_int(out, r->would_span);
		np_td(out, r->stopped_by == NP_CODE_NONE ? NULL : np_code_to_string(r->stopped_by));
		np_td(out, hosts->str);
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</table>\n");
}

void
np_html_failover(GString *out, const NpEngine *engine, const NpFailover *failover)
{
	static const gchar *const names[] = {"host failed",
	                                     "VMs evacuated",
	                                     "lost",
	                                     "spanned",
	                                     "remote MiB",
	                                     "where they went",
	                                     NULL};
	g_string_append(out, "<h2>Failover (N+1)</h2>\n");
	if (failover->hosts->len == 0) {
		g_string_append(out, "<p class=\"note\">No host is enabled.</p>\n");
		return;
	}
	g_string_append_printf(out, "<p class=\"%s\">", failover->survives ? "ok" : "fail");
	if (failover->survives)
		g_string_append(
		    out,
		    "The cluster survives the failure of any single host: no VM is lost.");
	else {
		const NpFailoverHost *worst = g_ptr_array_index(failover->hosts, failover->worst);
		np_html_append_printf(out,
		                      "The cluster does not survive every single host failure; the "
		                      "worst is %s (%" G_GINT64_FORMAT " VMs lost).",
		                      np_engine_host(engine, worst->host)->name,
		                      worst->lost);
	}
	g_string_append(out, "</p>\n<table class=\"failover\">\n");
	np_th(out, names, "tnnnnt");
	for (guint i = 0; i < failover->hosts->len; i++) {
		const NpFailoverHost *f = g_ptr_array_index(failover->hosts, i);
		g_autoptr(GString) moved = g_string_new(NULL);
		for (guint v = 0; v < f->result->vms->len; v++) {
			const NpVmResult *r = g_ptr_array_index(f->result->vms, v);
			g_string_append(moved, v > 0 ? ", " : "");
			g_string_append(moved, r->vm);
			g_string_append(moved, " → ");
			g_string_append(moved,
			                r->status == NP_STATUS_ERROR ? "lost"
			                : r->host != NULL            ? r->host
			                                  : np_status_to_string(r->status));
			if (r->spanned)
				g_string_append(moved, " (spans)");
		}
		g_string_append(out, (gint)i == failover->worst ? "<tr class=\"total\">" : "<tr>");
		np_td(out, np_engine_host(engine, f->host)->name);
		np_td_int(out, f->result->vms->len);
		g_string_append_printf(out,
		                       "<td class=\"num%s\">%" G_GINT64_FORMAT "</td>",
		                       f->lost > 0 ? " fail" : "",
		                       f->lost);
		np_td_int(out, f->spanned);
		np_td_int(out, f->remote_mb);
		np_td(out, moved->len > 0 ? moved->str : "nothing to move");
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</table>\n");
}

void
np_html_vms(GString *out, const NpEngine *engine)
{
	static const gchar *const names[] =
	    {"VM", "status", "host", "flavor", "code", "cells", "backing", "remote MiB", NULL};
	g_string_append(out, "<h2>VMs</h2>\n<table class=\"vms\">\n");
	np_th(out, names, "tttttttn");
	for (guint i = 0; i < engine->vms->len; i++) {
		const NpSimVm *vm = g_ptr_array_index(engine->vms, i);
		g_autoptr(NpVmResult) r = np_sim_vm_result(engine, vm, vm->status);
		g_autoptr(GString) backing = g_string_new(NULL);
		g_autoptr(GString) cells = g_string_new(NULL);
		np_report_backing_text(backing, r, " ");
		np_report_cells_text(cells, r, ",");
		g_string_append(out, "<tr data-vm=\"");
		np_html_append(out, vm->name);
		g_string_append(out, "\">");
		np_td(out, vm->name);
		np_td(out, np_status_to_string(vm->status));
		np_td(out, r->host);
		np_td(out, vm->config != NULL ? vm->config->flavor->name : NULL);
		np_td(out, vm->code == NP_CODE_NONE ? NULL : np_code_to_string(vm->code));
		np_td(out, r->cells != NULL ? cells->str : NULL);
		g_string_append(out, r->spanned ? "<td class=\"spanned\">" : "<td>");
		np_html_append(out, backing->len > 0 ? backing->str : "—");
		if (r->spanned)
			g_string_append(out, " (spans)");
		g_string_append(out, "</td>");
		np_td_int(out, r->remote_mb);
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</table>\n");
}

void
np_html_expectations(GString *out, const NpExpectTally *tally)
{
	const cJSON *failure;
	g_string_append(out, "<h2>Expectations</h2>\n");
	g_string_append_printf(out,
	                       "<p class=\"%s\">%u passed, %u failed.</p>\n",
	                       tally->failed > 0 ? "fail" : "ok",
	                       tally->passed,
	                       tally->failed);
	if (tally->failed == 0)
		return;
	g_string_append(out,
	                "<table "
	                "class=\"expectations\">\n<tr><th>where</th><th>key</th><th>expected</"
	                "th><th>actual</th></tr>\n");
	cJSON_ArrayForEach (failure, tally->failures) {
		const cJSON *event = cJSON_GetObjectItemCaseSensitive(failure, "event");
		const cJSON *vm = cJSON_GetObjectItemCaseSensitive(failure, "vm");
		g_autofree gchar *expected =
		    np_json_print_line(cJSON_GetObjectItemCaseSensitive(failure, "expected"));
		g_autofree gchar *actual =
		    np_json_print_line(cJSON_GetObjectItemCaseSensitive(failure, "actual"));
		g_autofree gchar *where = NULL;
		gint64 index = 0;
		if (np_json_get_int64(event, &index))
			where = g_strdup_printf("event %" G_GINT64_FORMAT "%s%s",
			                        index,
			                        cJSON_IsString(vm) ? " " : "",
			                        cJSON_IsString(vm) ? vm->valuestring : "");
		else
			where = g_strdup("final");
		g_string_append(out, "<tr>");
		np_td(out, where);
		np_td(out, cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(failure, "key")));
		np_td(out, expected);
		np_td(out, actual);
		g_string_append(out, "</tr>\n");
	}
	g_string_append(out, "</table>\n");
}
