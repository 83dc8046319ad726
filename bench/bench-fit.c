/* Benchmark: numaplan's NUMA fit against enumerating permutations the way
 * Nova 26 does, side by side in one run on the same random hosts.
 *
 * Usage: bench-fit [ROUNDS [GUEST_CELLS]]   (default 20000 rounds, 4 cells;
 * 8 cells on the 8-cell hosts is the worst case: 8! permutations to refuse)
 * Prints the time of each (CPU time), fits per second and their ratio; the
 * answers must agree.
 */
#include <stdio.h>
#include <stdlib.h>

#include "np-bench.h"
#include "np-fit.h"

#define NP_HOST_CELLS 8
#define NP_GUEST_CELLS_MAX 8

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
	guint n_guest = argc > 2 ? (guint)CLAMP(atoi(argv[2]), 1, NP_GUEST_CELLS_MAX) : 4;
	g_autoptr(GRand) rand = g_rand_new_with_seed(7);
	NpFitHostCell *hosts = g_new0(NpFitHostCell, (gsize)rounds * NP_HOST_CELLS);
	NpFitGuestCell guests[NP_GUEST_CELLS_MAX];
	guint fit_ours = 0, fit_enum = 0, disagree = 0;
	gint64 t0, t_ours = 0, t_enum = 0;

	for (guint g = 0; g < n_guest; g++) {
		guests[g].shared_cpus = 16 / n_guest > 0 ? 16 / n_guest : 1;
		guests[g].dedicated_cpus = 0;
		guests[g].memory_mb = 65536 / n_guest;
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
		t0 = np_bench_cpu_time_us();
		for (guint r = 0; r < rounds; r++) {
			NpFitRequest req = {0};
			guint ours[NP_GUEST_CELLS_MAX], other[NP_GUEST_CELLS_MAX],
			    order[NP_HOST_CELLS];
			guint idx[NP_GUEST_CELLS_MAX];
			gboolean used[NP_HOST_CELLS] = {0};
			req.host_cells = &hosts[r * NP_HOST_CELLS];
			req.n_host_cells = NP_HOST_CELLS;
			req.guest_cells = guests;
			req.n_guest_cells = n_guest;
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
				for (guint g = 0; a && b && g < n_guest; g++)
					disagree += ours[g] != other[g];
			}
		}
		if (pass == 0)
			t_ours = np_bench_cpu_time_us() - t0;
		else
			t_enum = np_bench_cpu_time_us() - t0 - t_ours;
	}
	/* the second pass ran both; time the enumeration alone for the ratio */
	t0 = np_bench_cpu_time_us();
	for (guint r = 0; r < rounds; r++) {
		NpFitRequest req = {0};
		guint other[NP_GUEST_CELLS_MAX], order[NP_HOST_CELLS], idx[NP_GUEST_CELLS_MAX];
		gboolean used[NP_HOST_CELLS] = {0};
		req.host_cells = &hosts[r * NP_HOST_CELLS];
		req.n_host_cells = NP_HOST_CELLS;
		req.guest_cells = guests;
		req.n_guest_cells = n_guest;
		req.cpu_allocation_ratio = 1.0;
		req.ram_allocation_ratio = 1.0;
		np_numa_fit_sort_cells(&req, order);
		np_enumerate(&req, order, idx, used, 0, other);
	}
	t_enum = np_bench_cpu_time_us() - t0;
	printf("fit %u rounds, %u-cell hosts, %u-cell symmetric guests (%u fit)\n",
	       rounds,
	       NP_HOST_CELLS,
	       n_guest,
	       fit_ours);
	printf("numaplan fit:           %8.1f ms\n", t_ours / 1000.0);
	printf("permutation enumeration: %8.1f ms\n", t_enum / 1000.0);
	printf("ratio enumeration/numaplan: %.2f\n", t_ours > 0 ? (gdouble)t_enum / t_ours : 0.0);
	printf("numaplan fits per second: %.0f\n", t_ours > 0 ? rounds / (t_ours / 1e6) : 0.0);
	printf("answers that differ: %u\n", disagree);
	g_free(hosts);
	return disagree == 0 && fit_enum == fit_ours ? 0 : 1;
}
