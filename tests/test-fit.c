/* Nova's NUMA fit (sim/np-fit.h) against hand-worked cases and against a
 * brute-force search over permutations in Nova's order. */
#include "np-fit.h"
#include "np-test.h"

static NpFitRequest
np_request(const NpFitHostCell *hosts, guint n_hosts, const NpFitGuestCell *guests, guint n_guests)
{
	NpFitRequest req = {0};
	req.host_cells = hosts;
	req.n_host_cells = n_hosts;
	req.guest_cells = guests;
	req.n_guest_cells = n_guests;
	req.cpu_allocation_ratio = 1.0;
	req.ram_allocation_ratio = 1.0;
	return req;
}

static void
test_spread_and_pack(void)
{
	/* the smoke vectors' host4 case: cell 1 and 3 have the most free */
	NpFitHostCell hosts[] = {{0, 4, 4096, 0, 2048},
	                         {1, 4, 4096, 0, 0},
	                         {2, 4, 4096, 0, 2048},
	                         {3, 4, 4096, 0, 0}};
	NpFitGuestCell guests[] = {{2, 0, 2048}, {2, 0, 2048}};
	NpFitRequest req = np_request(hosts, 4, guests, 2);
	guint idx[2];
	req.cpu_allocation_ratio = 4.0;
	NP_CHECK(np_numa_fit(&req, idx) == NP_FIT_OK);
	CU_ASSERT_EQUAL(hosts[idx[0]].id, 1);
	CU_ASSERT_EQUAL(hosts[idx[1]].id, 3);
	req.pack = TRUE;
	NP_CHECK(np_numa_fit(&req, idx) == NP_FIT_OK);
	CU_ASSERT_EQUAL(hosts[idx[0]].id, 0);
	CU_ASSERT_EQUAL(hosts[idx[1]].id, 2);
}

static void
test_cpu_usage_is_primary_key(void)
{
	/* cell 0 has more free memory but more claimed vCPUs: spread puts
	 * the cell with fewer claimed vCPUs first */
	NpFitHostCell hosts[] = {{0, 8, 8192, 4, 0}, {1, 8, 8192, 1, 4096}, {2, 8, 8192, 2, 0}};
	NpFitGuestCell guests[] = {{2, 0, 1024}};
	NpFitRequest req = np_request(hosts, 3, guests, 1);
	guint order[3];
	guint idx[1];
	np_numa_fit_sort_cells(&req, order);
	CU_ASSERT_EQUAL(order[0], 1);
	CU_ASSERT_EQUAL(order[1], 2);
	CU_ASSERT_EQUAL(order[2], 0);
	NP_CHECK(np_numa_fit(&req, idx) == NP_FIT_OK);
	CU_ASSERT_EQUAL(idx[0], 1);
}

static void
test_equal_cells_keep_order(void)
{
	/* as many host cells as guest cells: no sorting at all */
	NpFitHostCell hosts[] = {{0, 4, 4096, 3, 3000}, {1, 4, 4096, 0, 0}};
	NpFitGuestCell guests[] = {{1, 0, 1024}, {1, 0, 1024}};
	NpFitRequest req = np_request(hosts, 2, guests, 2);
	guint idx[2];
	NP_CHECK(np_numa_fit(&req, idx) == NP_FIT_OK);
	CU_ASSERT_EQUAL(idx[0], 0);
	CU_ASSERT_EQUAL(idx[1], 1);
}

static void
test_limits(void)
{
	NpFitHostCell hosts[] = {{0, 4, 4096, 0, 0}};
	NpFitGuestCell self_overcommit[] = {{2, 0, 8192}};
	NpFitGuestCell fits_with_ratio[] = {{2, 0, 4096}};
	NpFitHostCell used[] = {{0, 4, 4096, 3, 2048}};
	NpFitRequest req = np_request(hosts, 1, self_overcommit, 1);
	guint idx[1];
	req.ram_allocation_ratio = 4.0;
	/* never more than the cell's memory, whatever the ratio */
	CU_ASSERT_EQUAL(np_numa_fit(&req, idx), NP_FIT_NO_FIT);
	req = np_request(used, 1, fits_with_ratio, 1);
	CU_ASSERT_EQUAL(np_numa_fit(&req, idx), NP_FIT_NO_FIT);
	req.ram_allocation_ratio = 1.5;
	req.cpu_allocation_ratio = 1.25;
	CU_ASSERT_EQUAL(np_numa_fit(&req, idx), NP_FIT_OK);
	req.page_size = TRUE;
	CU_ASSERT_EQUAL(np_numa_fit(&req, idx), NP_FIT_NO_FIT);
}

static void
test_too_few_cells_and_pinned(void)
{
	NpFitHostCell hosts[] = {{0, 4, 4096, 0, 0}, {1, 4, 4096, 0, 0}};
	NpFitGuestCell three[] = {{1, 0, 512}, {1, 0, 512}, {1, 0, 512}};
	NpFitGuestCell one[] = {{0, 2, 512}};
	NpFitRequest req = np_request(hosts, 2, three, 3);
	guint idx[3];
	CU_ASSERT_EQUAL(np_numa_fit(&req, idx), NP_FIT_NO_FIT);
	/* Nova 26 reads the unset pcpuset of a Hyper-V cell */
	req = np_request(hosts, 2, one, 1);
	req.pinned = TRUE;
	CU_ASSERT_EQUAL(np_numa_fit(&req, idx), NP_FIT_NOVA_PCPUSET_ERROR);
}

/* ---- brute force: permutations of Nova's sorted order, first that fits ---- */

static gboolean
np_ref_cell_fits(const NpFitRequest *req, const NpFitHostCell *h, const NpFitGuestCell *g)
{
	return g->memory_mb <= h->memory_mb && g->shared_cpus <= h->cpus
	       && (gdouble)(h->used_cpus + g->shared_cpus) <= h->cpus * req->cpu_allocation_ratio
	       && (gdouble)(h->used_memory_mb + g->memory_mb)
	              <= h->memory_mb * req->ram_allocation_ratio;
}

static gboolean
np_ref_search(const NpFitRequest *req, const guint *order, guint pos, gboolean *used, guint *out)
{
	if (pos == req->n_guest_cells)
		return TRUE;
	for (guint i = 0; i < req->n_host_cells; i++) {
		if (used[i]
		    || !np_ref_cell_fits(req, &req->host_cells[order[i]], &req->guest_cells[pos]))
			continue;
		used[i] = TRUE;
		out[pos] = order[i];
		if (np_ref_search(req, order, pos + 1, used, out))
			return TRUE;
		used[i] = FALSE;
	}
	return FALSE;
}

static void
test_random_against_brute_force(void)
{
	g_autoptr(GRand) rand = g_rand_new_with_seed(42);
	guint agreed = 0;
	for (guint trial = 0; trial < 3000; trial++) {
		NpFitHostCell hosts[6];
		NpFitGuestCell guests[4];
		guint n_hosts = g_rand_int_range(rand, 1, 7),
		      n_guests = g_rand_int_range(rand, 1, 5);
		gboolean symmetric = g_rand_boolean(rand);
		guint order[6], ours[4], ref[4];
		gboolean used[6] = {0};
		NpFitRequest req;
		NpFitStatus status;
		gboolean found;
		for (guint h = 0; h < n_hosts; h++) {
			hosts[h].id = h * 10;
			hosts[h].cpus = g_rand_int_range(rand, 1, 9);
			hosts[h].memory_mb = 1024 * g_rand_int_range(rand, 1, 9);
			hosts[h].used_cpus = g_rand_int_range(rand, 0, 10);
			hosts[h].used_memory_mb = 512 * g_rand_int_range(rand, 0, 12);
			hosts[h].has_pcpus = FALSE;
		}
		for (guint g = 0; g < n_guests; g++) {
			guests[g].shared_cpus = symmetric && g > 0 ? guests[0].shared_cpus
			                                           : g_rand_int_range(rand, 1, 6);
			guests[g].dedicated_cpus = 0;
			guests[g].memory_mb = symmetric && g > 0
			                          ? guests[0].memory_mb
			                          : 512 * g_rand_int_range(rand, 1, 9);
		}
		req = np_request(hosts, n_hosts, guests, n_guests);
		req.cpu_allocation_ratio = g_rand_boolean(rand) ? 1.0 : 2.0;
		req.ram_allocation_ratio = g_rand_boolean(rand) ? 1.0 : 1.5;
		req.pack = g_rand_boolean(rand);
		np_numa_fit_sort_cells(&req, order);
		found = n_hosts >= n_guests && np_ref_search(&req, order, 0, used, ref);
		status = np_numa_fit(&req, ours);
		NP_CHECK(status == (found ? NP_FIT_OK : NP_FIT_NO_FIT));
		for (guint g = 0; found && g < n_guests; g++)
			NP_CHECK(ours[g] == ref[g]);
		agreed++;
	}
	CU_ASSERT_EQUAL(agreed, 3000);
}

int
main(void)
{
	CU_pSuite suite;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return EXIT_FAILURE;
	suite = CU_add_suite("fit", NULL, NULL);
	CU_add_test(suite, "spread_and_pack", test_spread_and_pack);
	CU_add_test(suite, "cpu_usage_is_primary_key", test_cpu_usage_is_primary_key);
	CU_add_test(suite, "equal_cells_keep_order", test_equal_cells_keep_order);
	CU_add_test(suite, "limits", test_limits);
	CU_add_test(suite, "too_few_cells_and_pinned", test_too_few_cells_and_pinned);
	CU_add_test(suite, "random_against_brute_force", test_random_against_brute_force);
	return np_test_run();
}
