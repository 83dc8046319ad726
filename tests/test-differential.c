/* Differential test: numaplan resolve against Nova's recorded answers.
 *
 * Usage: test-differential CASES.jsonl NOVA.jsonl
 * The .nova.jsonl files were produced once by Nova's own code
 * (tests/nova/regenerate.sh); this test needs neither Python nor Nova.
 * Everything must agree: constraints (cells or exception class, and the
 * message), the Hyper-V answer (settings or class and message), the fit
 * (host cells) and the scheduler filter. The one allowed difference is
 * Nova's fit-cache defect for asymmetric guests: there numaplan's answer
 * is checked against a brute-force search instead.
 */
#include <stdio.h>
#include <string.h>

#include "np-json.h"
#include "np-resolve-json.h"

typedef struct {
	guint cases;
	guint agree;
	guint asymmetric_checked;
	guint failures;
} NpStats;

static gboolean
np_json_equal(const cJSON *a, const cJSON *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
		return a->valuedouble == b->valuedouble;
	return cJSON_Compare(a, b, TRUE);
}

static const cJSON *
np_get(const cJSON *obj, const gchar *key)
{
	return cJSON_GetObjectItemCaseSensitive(obj, key);
}

static const gchar *
np_str(const cJSON *obj, const gchar *key)
{
	const cJSON *item = np_get(obj, key);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

static void np_fail(NpStats *stats, const gchar *id, GString *why, const gchar *fmt, ...)
    G_GNUC_PRINTF(4, 5);

static void
np_fail(NpStats *stats, const gchar *id, GString *why, const gchar *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	g_string_append(why, why->len > 0 ? "; " : "");
	g_string_append_vprintf(why, fmt, args);
	va_end(args);
	(void)stats;
	(void)id;
}

/* Nova's cells as (sorted cpuset ∪ pcpuset, memory) */
static gboolean
np_cells_equal(const cJSON *nova_topology, const cJSON *our_cells)
{
	const cJSON *ncells;
	if (cJSON_IsNull(nova_topology) || nova_topology == NULL)
		return cJSON_IsNull(our_cells);
	if (!cJSON_IsArray(our_cells))
		return FALSE;
	ncells = np_get(nova_topology, "cells");
	if (cJSON_GetArraySize(ncells) != cJSON_GetArraySize(our_cells))
		return FALSE;
	for (gint i = 0; i < cJSON_GetArraySize(ncells); i++) {
		const cJSON *n = cJSON_GetArrayItem(ncells, i),
		            *o = cJSON_GetArrayItem(our_cells, i);
		g_autoptr(GArray) cpus = g_array_new(FALSE, FALSE, sizeof(gdouble));
		const cJSON *c;
		const cJSON *ocpus = np_get(o, "cpus");
		cJSON_ArrayForEach (c, np_get(n, "cpuset"))
			g_array_append_val(cpus, c->valuedouble);
		cJSON_ArrayForEach (c, np_get(n, "pcpuset"))
			g_array_append_val(cpus, c->valuedouble);
		if (np_get(n, "memory_mb")->valuedouble != np_get(o, "memory_mb")->valuedouble)
			return FALSE;
		if ((gint)cpus->len != cJSON_GetArraySize(ocpus))
			return FALSE;
		/* ours are sorted; Nova's two lists are each sorted and disjoint */
		for (guint k = 0; k < cpus->len; k++) {
			gboolean found = FALSE;
			cJSON_ArrayForEach (c, ocpus)
				found |= c->valuedouble == g_array_index(cpus, gdouble, k);
			if (!found)
				return FALSE;
		}
	}
	return TRUE;
}

static gboolean
np_symmetric(const cJSON *nova)
{
	const cJSON *topo = np_get(np_get(nova, "constraints"), "topology");
	const cJSON *cells, *c0, *c;
	if (topo == NULL || cJSON_IsNull(topo))
		return TRUE;
	cells = np_get(topo, "cells");
	c0 = cJSON_GetArrayItem(cells, 0);
	cJSON_ArrayForEach (c, cells) {
		if (cJSON_GetArraySize(np_get(c, "cpuset"))
		        != cJSON_GetArraySize(np_get(c0, "cpuset"))
		    || cJSON_GetArraySize(np_get(c, "pcpuset"))
		           != cJSON_GetArraySize(np_get(c0, "pcpuset"))
		    || np_get(c, "memory_mb")->valuedouble != np_get(c0, "memory_mb")->valuedouble)
			return FALSE;
	}
	return TRUE;
}

/* ---- an independent brute-force fit for asymmetric guests ----
 *
 * Nova's fit cache can miss a fit or return a wrong one for asymmetric
 * guests (reference/nova-rules.md §5), so there numaplan is checked against
 * the first permutation, in Nova's host cell order, whose every pair really
 * fits (_numa_fit_instance_cell() without the cache). Hosts are Hyper-V
 * style or libvirt style without SMT and memory pages, as numaplan models.
 */

typedef struct {
	gint64 id, cpus, mem, used_cpus, used_mem;
	gboolean has_pcpus;
	gint64 pcpus, free_pcpus;
} NpRefHost;

typedef struct {
	gint64 shared, dedicated, mem;
	gboolean pagesize;
} NpRefGuest;

static gint64
np_num(const cJSON *obj, const gchar *key, gint64 fallback)
{
	const cJSON *item = np_get(obj, key);
	return cJSON_IsNumber(item) ? (gint64)item->valuedouble : fallback;
}

/* the number of distinct ids in a JSON list */
static gint64
np_count_ids(const cJSON *list, const cJSON *minus)
{
	g_autoptr(GHashTable) ids = g_hash_table_new(g_double_hash, g_double_equal);
	g_autoptr(GHashTable) drop = g_hash_table_new(g_double_hash, g_double_equal);
	const cJSON *c;
	gint64 n = 0;
	cJSON_ArrayForEach (c, minus)
		g_hash_table_add(drop, (gpointer)&c->valuedouble);
	cJSON_ArrayForEach (c, list) {
		if (!g_hash_table_contains(drop, &c->valuedouble)
		    && g_hash_table_add(ids, (gpointer)&c->valuedouble))
			n++;
	}
	return n;
}

static gboolean
np_ref_next_perm(guint *idx, guint n, guint k, gboolean *used)
{
	/* next k-permutation of 0..n-1 in lexicographic order */
	for (gint pos = (gint)k - 1; pos >= 0; pos--) {
		used[idx[pos]] = FALSE;
		for (guint v = idx[pos] + 1; v < n; v++) {
			if (used[v])
				continue;
			idx[pos] = v;
			used[v] = TRUE;
			{
				guint fill = (guint)pos + 1;
				for (guint w = 0; w < n && fill < k; w++) {
					if (!used[w]) {
						idx[fill++] = w;
						used[w] = TRUE;
					}
				}
			}
			return TRUE;
		}
	}
	return FALSE;
}

typedef struct {
	gboolean pinned, mixed, require, isolate, limits;
	gdouble cr, rr;
} NpRefPolicy;

static gboolean
np_ref_pair_fits(const NpRefPolicy *p, const NpRefHost *h, const NpRefGuest *g, gboolean first)
{
	gboolean shared = !p->pinned || p->mixed;
	if (g->pagesize || g->mem > h->mem)
		return FALSE;
	if (p->pinned) {
		gint64 required = g->dedicated + (p->isolate && first ? 1 : 0);
		if (!h->has_pcpus || required > h->pcpus || required > h->free_pcpus)
			return FALSE;
	}
	if (shared && g->shared > h->cpus)
		return FALSE;
	if (p->pinned && (g->mem > h->mem - h->used_mem || g->dedicated == 0 || p->require))
		return FALSE;
	if (shared && p->limits
	    && ((gdouble)(h->used_cpus + g->shared) > h->cpus * p->cr
	        || (gdouble)(h->used_mem + g->mem) > h->mem * p->rr))
		return FALSE;
	return TRUE;
}

static cJSON *
np_reference_fit(const cJSON *c, const cJSON *nova)
{
	const cJSON *host = np_get(c, "host"), *hcells = np_get(host, "cells");
	const cJSON *topo = np_get(np_get(nova, "constraints"), "topology");
	const cJSON *gcells = np_get(topo, "cells"), *c0 = cJSON_GetArrayItem(gcells, 0);
	const cJSON *config = np_get(c, "config");
	const cJSON *pack_item = np_get(config, "packing_host_numa_cells_allocation_strategy");
	gboolean pack = cJSON_IsTrue(pack_item);
	guint n = cJSON_GetArraySize(hcells), k = cJSON_GetArraySize(gcells);
	g_autofree NpRefHost *h = g_new0(NpRefHost, n + 1);
	g_autofree NpRefGuest *g = g_new0(NpRefGuest, k + 1);
	g_autofree guint *order = g_new0(guint, n + 1);
	g_autofree guint *idx = g_new0(guint, k + 1);
	g_autofree gboolean *used = g_new0(gboolean, n + 1);
	NpRefPolicy p = {0};
	cJSON *result;

	p.pinned = g_strcmp0(np_str(c0, "cpu_policy"), "dedicated") == 0
	           || g_strcmp0(np_str(c0, "cpu_policy"), "mixed") == 0;
	p.mixed = g_strcmp0(np_str(c0, "cpu_policy"), "mixed") == 0;
	p.require = g_strcmp0(np_str(c0, "cpu_thread_policy"), "require") == 0;
	p.isolate = g_strcmp0(np_str(topo, "emulator_threads_policy"), "isolate") == 0;
	p.limits = !cJSON_IsFalse(np_get(host, "use_limits"));
	p.cr = np_get(host, "cpu_allocation_ratio")
	           ? np_get(host, "cpu_allocation_ratio")->valuedouble
	           : 1.0;
	p.rr = np_get(host, "ram_allocation_ratio")
	           ? np_get(host, "ram_allocation_ratio")->valuedouble
	           : 1.0;
	for (guint i = 0; i < k; i++) {
		const cJSON *gc = cJSON_GetArrayItem(gcells, i);
		g[i].shared = cJSON_GetArraySize(np_get(gc, "cpuset"));
		g[i].dedicated = cJSON_GetArraySize(np_get(gc, "pcpuset"));
		g[i].mem = np_num(gc, "memory_mb", 0);
		g[i].pagesize = np_num(gc, "pagesize", 0) != 0;
	}
	for (guint i = 0; i < n; i++) {
		const cJSON *hc = cJSON_GetArrayItem(hcells, i);
		h[i].id = np_num(hc, "id", 0);
		h[i].cpus = np_count_ids(np_get(hc, "cpus"), NULL);
		h[i].mem = np_num(hc, "memory_mb", 0);
		h[i].used_cpus = np_num(hc, "used_cpus", 0);
		h[i].used_mem = np_num(hc, "used_memory_mb", 0);
		h[i].has_pcpus = np_get(hc, "pcpus") != NULL;
		h[i].pcpus = np_count_ids(np_get(hc, "pcpus"), NULL);
		h[i].free_pcpus = np_count_ids(np_get(hc, "pcpus"), np_get(hc, "pinned_cpus"));
		order[i] = i;
	}
	if (n < k)
		return cJSON_CreateNull();
	if (n > k) {
		/* Python: sorted(avail_memory, reverse=not pack), then sorted by
		 * cpu_usage (reverse=pack) or, pinned, by free pCPUs (reverse=not
		 * pack); both sorts are stable, as a bubble sort per key is */
		for (guint pass = 0; pass < 2; pass++) {
			for (guint i = 0; i < n; i++) {
				for (guint j = 0; j + 1 < n - i; j++) {
					NpRefHost *a = &h[order[j]], *b = &h[order[j + 1]];
					gboolean swap;
					if (pass == 0)
						swap = pack ? (a->mem - a->used_mem)
						                  > (b->mem - b->used_mem)
						            : (a->mem - a->used_mem)
						                  < (b->mem - b->used_mem);
					else if (p.pinned)
						swap = pack ? a->free_pcpus > b->free_pcpus
						            : a->free_pcpus < b->free_pcpus;
					else
						swap = pack ? a->used_cpus < b->used_cpus
						            : a->used_cpus > b->used_cpus;
					if (swap) {
						guint t = order[j];
						order[j] = order[j + 1];
						order[j + 1] = t;
					}
				}
			}
		}
	}
	for (guint i = 0; i < k; i++) {
		idx[i] = i;
		used[i] = TRUE;
	}
	do {
		gboolean ok = TRUE;
		for (guint i = 0; i < k && ok; i++)
			ok = np_ref_pair_fits(&p, &h[order[idx[i]]], &g[i], i == 0);
		if (ok) {
			result = cJSON_CreateArray();
			for (guint i = 0; i < k; i++)
				cJSON_AddItemToArray(
				    result,
				    cJSON_CreateNumber((gdouble)h[order[idx[i]]].id));
			return result;
		}
	} while (np_ref_next_perm(idx, n, k, used));
	return cJSON_CreateNull();
}

static void
np_compare_into(NpStats *stats, GString *why, const cJSON *c, const cJSON *nova, const cJSON *ours)
{
	const gchar *id = np_str(nova, "id");
	const cJSON *nc = np_get(nova, "constraints"), *oc = np_get(ours, "constraints");
	const cJSON *nh = np_get(nova, "hyperv"), *oh = np_get(ours, "hyperv");
	const cJSON *nf = np_get(nova, "fit"), *of = np_get(ours, "fit");
	const cJSON *nfl = np_get(nova, "filter"), *ofl = np_get(ours, "filter");
	gboolean symmetric = np_symmetric(nova);

	if (oc == NULL) {
		np_fail(stats, id, why, "no answer: %s", np_str(ours, "error"));
		return;
	}
	if (cJSON_IsTrue(np_get(nc, "ok")) != cJSON_IsTrue(np_get(oc, "ok"))) {
		np_fail(stats, id, why, "constraints ok differs");
	} else if (cJSON_IsTrue(np_get(nc, "ok"))) {
		if (!np_cells_equal(np_get(nc, "topology"), np_get(oc, "cells")))
			np_fail(stats, id, why, "cells differ");
		if (g_strcmp0(np_str(nc, "cpu_policy"), np_str(oc, "cpu_policy")) != 0)
			np_fail(stats, id, why, "cpu_policy differs");
	} else {
		const cJSON *err = np_get(nc, "error");
		if (g_strcmp0(np_str(err, "class"), np_str(oc, "nova_class")) != 0)
			np_fail(stats,
			        id,
			        why,
			        "constraints class %s vs %s",
			        np_str(err, "class"),
			        np_str(oc, "nova_class"));
		else if (g_strcmp0(np_str(err, "message"), np_str(oc, "message")) != 0)
			np_fail(stats,
			        id,
			        why,
			        "constraints message '%s' vs '%s'",
			        np_str(err, "message"),
			        np_str(oc, "message"));
	}

	if (np_get(nh, "skipped") != NULL) {
		if (np_get(oh, "skipped") == NULL)
			np_fail(stats, id, why, "hyperv should be skipped");
	} else if (!cJSON_IsTrue(np_get(nh, "ok"))) {
		const cJSON *err = np_get(nh, "error");
		const cJSON *src = np_get(oh, "skipped") != NULL ? oc : oh;
		if (g_strcmp0(np_str(err, "class"), np_str(src, "nova_class")) != 0
		    || g_strcmp0(np_str(err, "message"), np_str(src, "message")) != 0)
			np_fail(stats,
			        id,
			        why,
			        "hyperv error %s '%s' vs %s '%s'",
			        np_str(err, "class"),
			        np_str(err, "message"),
			        np_str(src, "nova_class"),
			        np_str(src, "message"));
	} else {
		static const gchar *keys[] = {"vnuma_enabled",
		                              "memory_per_numa_node",
		                              "cpus_per_numa_node",
		                              "dynamic_memory_ratio",
		                              "memory_settings",
		                              "processor_settings"};
		if (!cJSON_IsTrue(np_get(oh, "ok")))
			np_fail(stats, id, why, "hyperv should be ok");
		else
			for (guint i = 0; i < G_N_ELEMENTS(keys); i++)
				if (!np_json_equal(np_get(nh, keys[i]), np_get(oh, keys[i])))
					np_fail(stats, id, why, "hyperv %s differs", keys[i]);
	}

	if (np_get(nf, "skipped") != NULL) {
		if (g_strcmp0(np_str(nf, "skipped"), np_str(of, "skipped")) != 0)
			np_fail(stats,
			        id,
			        why,
			        "fit skipped %s vs %s",
			        np_str(nf, "skipped"),
			        np_str(of, "skipped"));
	} else if (!cJSON_IsTrue(np_get(nf, "ok"))) {
		if (g_strcmp0(np_str(np_get(nf, "error"), "class"), np_str(of, "nova_class")) != 0)
			np_fail(stats, id, why, "fit error class differs");
	} else if (symmetric) {
		if (!np_json_equal(np_get(nf, "host_cells"), np_get(of, "host_cells")))
			np_fail(stats, id, why, "fit host cells differ");
	} else {
		g_autoptr(cJSON) expected = np_reference_fit(c, nova);
		stats->asymmetric_checked++;
		if (!np_json_equal(expected, np_get(of, "host_cells")))
			np_fail(stats,
			        id,
			        why,
			        "asymmetric fit is not the first valid permutation");
	}

	if (nfl != NULL && symmetric) {
		gboolean nova_ok = cJSON_IsTrue(np_get(nfl, "ok"));
		if (ofl == NULL)
			np_fail(stats, id, why, "filter missing");
		else if (nova_ok
		         && (!cJSON_IsTrue(np_get(ofl, "ok"))
		             || cJSON_IsTrue(np_get(nfl, "passes"))
		                    != cJSON_IsTrue(np_get(ofl, "passes"))))
			np_fail(stats, id, why, "filter differs");
		else if (!nova_ok
		         && g_strcmp0(np_str(np_get(nfl, "error"), "class"),
		                      np_str(ofl, "nova_class"))
		                != 0)
			np_fail(stats, id, why, "filter error differs");
	}
}

static void
np_compare(NpStats *stats, const cJSON *c, const cJSON *nova, const cJSON *ours)
{
	g_autoptr(GString) why = g_string_new(NULL);
	const gchar *id = np_str(nova, "id");
	stats->cases++;
	np_compare_into(stats, why, c, nova, ours);
	if (why->len == 0) {
		stats->agree++;
	} else {
		stats->failures++;
		fprintf(stderr, "MISMATCH %s: %s\n", id != NULL ? id : "?", why->str);
	}
}

int
main(int argc, char **argv)
{
	g_autofree gchar *cases_text = NULL;
	g_autofree gchar *nova_text = NULL;
	g_auto(GStrv) case_lines = NULL;
	g_auto(GStrv) nova_lines = NULL;
	NpStats stats = {0};
	guint n = 0, k = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: %s CASES.jsonl NOVA.jsonl\n", argv[0]);
		return 2;
	}
	if (!g_file_get_contents(argv[1], &cases_text, NULL, NULL)
	    || !g_file_get_contents(argv[2], &nova_text, NULL, NULL)) {
		fprintf(stderr, "cannot read the vectors\n");
		return 1;
	}
	case_lines = g_strsplit(cases_text, "\n", -1);
	nova_lines = g_strsplit(nova_text, "\n", -1);
	for (;;) {
		g_autofree gchar *answer = NULL;
		g_autoptr(cJSON) c = NULL;
		g_autoptr(cJSON) nova = NULL;
		g_autoptr(cJSON) ours = NULL;
		while (case_lines[n] != NULL
		       && (case_lines[n][0] == '\0' || case_lines[n][0] == '#'))
			n++;
		while (nova_lines[k] != NULL && nova_lines[k][0] == '\0')
			k++;
		if (case_lines[n] == NULL || nova_lines[k] == NULL)
			break;
		answer = np_resolve_json_line(case_lines[n], argv[1], n + 1, NULL);
		c = cJSON_Parse(case_lines[n]);
		nova = cJSON_Parse(nova_lines[k]);
		ours = cJSON_Parse(answer);
		if (c == NULL || nova == NULL || ours == NULL) {
			fprintf(stderr, "unreadable line %u\n", n + 1);
			return 1;
		}
		np_compare(&stats, c, nova, ours);
		n++;
		k++;
	}
	if (case_lines[n] != NULL || nova_lines[k] != NULL) {
		fprintf(stderr, "case and answer files differ in length\n");
		return 1;
	}
	printf("%s: %u cases, %u agree with Nova (%u asymmetric fits checked by brute "
	       "force), %u mismatches\n",
	       argv[1],
	       stats.cases,
	       stats.agree,
	       stats.asymmetric_checked,
	       stats.failures);
	return stats.failures == 0 && stats.cases > 0 ? 0 : 1;
}
