/* Benchmark: numaplan's NUMA fit against enumerating permutations the way
 * Nova 26 does, side by side in one run on the same random hosts.
 *
 * Usage: bench-fit [ROUNDS]   (meson benchmark runs it with its default)
 * Prints the time of each and their ratio; the answers must agree.
 */
#include <stdio.h>
#include <stdlib.h>

#include "np-fit.h"

#define NP_HOST_CELLS 8
#define NP_GUEST_CELLS 4

static gboolean
np_cell_fits(const NpFitRequest *req, const NpFitHostCell *h, const NpFitGuestCell *g)
{
	return g->memory_mb <= h->memory_mb && g->shared_cpus <= h->cpus
	       && (gdouble)(h->used_cpus + g->shared_cpus) <= h->cpus * req->cpu_allocation_ratio
	       && (gdouble)(h->used_memory_mb + g->memory_mb)
	              <= h->memory_mb * req->ram_allocation_ratio;
}

/* Nova's loop: every permutation in lexicographic order until one fits */
static gboolean
np_enumerate(const NpFitRequest *req,
             const guint *order,
             guint *idx,
             gboolean *used,
             guint pos,
             guint *out)
{
	for (guint i = 0; i < req->n_host_cells; i++) {
		gboolean ok = TRUE;
		if (used[i])
			continue;
		idx[pos] = i;
		used[i] = TRUE;
		if (pos + 1 < req->n_guest_cells) {
			if (np_enumerate(req, order, idx, used, pos + 1, out))
				return TRUE;
		} else {
			for (guint g = 0; g < req->n_guest_cells && ok; g++)
				ok = np_cell_fits(req,
				                  &req->host_cells[order[idx[g]]],
				                  &req->guest_cells[g]);
			if (ok) {
				for (guint g = 0; g < req->n_guest_cells; g++)
					out[g] = order[idx[g]];
				return TRUE;
			}
		}
		used[i] = FALSE;
	}
	return FALSE;
}

int
main(int argc, char **argv)
{
	guint rounds = argc > 1 ? (guint)atoi(argv[1]) : 20000;
	g_autoptr(GRand) rand = g_rand_new_with_seed(7);
	NpFitHostCell *hosts = g_new0(NpFitHostCell, (gsize)rounds * NP_HOST_CELLS);
	NpFitGuestCell guests[NP_GUEST_CELLS];
	guint fit_ours = 0, fit_enum = 0, disagree = 0;
	gint64 t0, t_ours = 0, t_enum = 0;

	for (guint g = 0; g < NP_GUEST_CELLS; g++) {
		guests[g].shared_cpus = 4;
		guests[g].dedicated_cpus = 0;
		guests[g].memory_mb = 16384;
	}
	for (guint r = 0; r < rounds; r++) {
		for (guint h = 0; h < NP_HOST_CELLS; h++) {
			NpFitHostCell *c = &hosts[r * NP_HOST_CELLS + h];
			c->id = h;
			c->cpus = 16;
			c->memory_mb = 65536;
			c->used_cpus = g_rand_int_range(rand, 0, 20);
			c->used_memory_mb = 4096 * g_rand_int_range(rand, 0, 16);
		}
	}
	for (guint pass = 0; pass < 2; pass++) {
		t0 = g_get_monotonic_time();
		for (guint r = 0; r < rounds; r++) {
			NpFitRequest req = {0};
			guint ours[NP_GUEST_CELLS], other[NP_GUEST_CELLS], order[NP_HOST_CELLS];
			guint idx[NP_GUEST_CELLS];
			gboolean used[NP_HOST_CELLS] = {0};
			req.host_cells = &hosts[r * NP_HOST_CELLS];
			req.n_host_cells = NP_HOST_CELLS;
			req.guest_cells = guests;
			req.n_guest_cells = NP_GUEST_CELLS;
			req.cpu_allocation_ratio = 1.0;
			req.ram_allocation_ratio = 1.0;
			if (pass == 0) {
				if (np_numa_fit(&req, ours) == NP_FIT_OK)
					fit_ours++;
			} else {
				gboolean a, b;
				np_numa_fit_sort_cells(&req, order);
				b = np_enumerate(&req, order, idx, used, 0, other);
				a = np_numa_fit(&req, ours) == NP_FIT_OK;
				fit_enum += b;
				if (a != b)
					disagree++;
				for (guint g = 0; a && b && g < NP_GUEST_CELLS; g++)
					disagree += ours[g] != other[g];
			}
		}
		if (pass == 0)
			t_ours = g_get_monotonic_time() - t0;
		else
			t_enum = g_get_monotonic_time() - t0 - t_ours;
	}
	/* the second pass ran both; time the enumeration alone for the ratio */
	t0 = g_get_monotonic_time();
	for (guint r = 0; r < rounds; r++) {
		NpFitRequest req = {0};
		guint other[NP_GUEST_CELLS], order[NP_HOST_CELLS], idx[NP_GUEST_CELLS];
		gboolean used[NP_HOST_CELLS] = {0};
		req.host_cells = &hosts[r * NP_HOST_CELLS];
		req.n_host_cells = NP_HOST_CELLS;
		req.guest_cells = guests;
		req.n_guest_cells = NP_GUEST_CELLS;
		req.cpu_allocation_ratio = 1.0;
		req.ram_allocation_ratio = 1.0;
		np_numa_fit_sort_cells(&req, order);
		np_enumerate(&req, order, idx, used, 0, other);
	}
	t_enum = g_get_monotonic_time() - t0;
	printf("fit %u rounds, %u-cell hosts, %u-cell symmetric guests (%u fit)\n",
	       rounds,
	       NP_HOST_CELLS,
	       NP_GUEST_CELLS,
	       fit_ours);
	printf("numaplan fit:           %8.1f ms\n", t_ours / 1000.0);
	printf("permutation enumeration: %8.1f ms\n", t_enum / 1000.0);
	printf("ratio enumeration/numaplan: %.2f\n", t_ours > 0 ? (gdouble)t_enum / t_ours : 0.0);
	printf("answers that differ: %u\n", disagree);
	g_free(hosts);
	return disagree == 0 && fit_enum == fit_ours ? 0 : 1;
}
