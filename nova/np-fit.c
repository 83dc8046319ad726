/* Nova's numa_fit_instance_to_host() for Hyper-V hosts; see np-fit.h */
#include "np-fit.h"

#include <string.h>

/* host cells whose search tables fit on the stack */
#define NP_FIT_STACK_CELLS 8

typedef struct {
	const NpFitRequest *request;
	guint *order;         /* sorted host cells */
	gboolean *fits;       /* [sorted host][guest] */
	gboolean *host_taken; /* by sorted position */
	gint *match_of_host;  /* scratch for the matching */
	gboolean *seen;
} NpFitSearch;

void
np_numa_fit_sort_cells(const NpFitRequest *request, guint *order)
{
	const NpFitHostCell *cells = request->host_cells;
	guint n = request->n_host_cells;

	for (guint i = 0; i < n; i++)
		order[i] = i;
	if (n <= request->n_guest_cells)
		return;
	/* Nova sorts twice with Python's stable sort, avail_memory first, then
	 * cpu_usage: cpu_usage is the primary key, avail_memory the second,
	 * input order the third. Spread: memory desc, cpus asc; pack reverses
	 * both. Insertion sort is stable and n is small. */
	for (guint i = 1; i < n; i++) {
		guint cur = order[i];
		gint j = (gint)i - 1;
		while (j >= 0) {
			const NpFitHostCell *a = &cells[order[j]], *b = &cells[cur];
			gint64 avail_a = a->memory_mb - a->used_memory_mb;
			gint64 avail_b = b->memory_mb - b->used_memory_mb;
			gboolean after;
			if (request->pinned && a->free_pcpus != b->free_pcpus)
				/* pinned guests: free pCPUs, descending to spread */
				after = request->pack ? a->free_pcpus > b->free_pcpus
				                      : a->free_pcpus < b->free_pcpus;
			else if (!request->pinned && a->used_cpus != b->used_cpus)
				after = request->pack ? a->used_cpus < b->used_cpus
				                      : a->used_cpus > b->used_cpus;
			else
				after = request->pack ? avail_a > avail_b : avail_a < avail_b;
			if (!after)
				break;
			order[j + 1] = order[j];
			j--;
		}
		order[j + 1] = cur;
	}
}

/* why a guest cell does not fit a host cell: the first check that fails */
typedef enum {
	NP_CELL_FITS,
	NP_CELL_PAGE_SIZE,
	NP_CELL_MEMORY,      /* more memory than the cell has */
	NP_CELL_PCPUS,       /* more dedicated vCPUs than the cell's pCPUs */
	NP_CELL_CPUS,        /* more vCPUs than the cell's LPs */
	NP_CELL_FREE_PCPUS,  /* not enough free pCPUs */
	NP_CELL_FREE_MEMORY, /* pinned: not enough unclaimed memory */
	NP_CELL_THREADS,     /* thread policy require without SMT siblings */
	NP_CELL_CPU_RATIO,   /* claimed + asked vCPUs over LPs × cpu ratio */
	NP_CELL_RAM_RATIO,   /* claimed + asked memory over memory × ram ratio */
} NpCellMiss;

/* _numa_fit_instance_cell(); @first: the guest cell placed first, which
 * carries the isolated emulator thread's pCPU */
static NpCellMiss
np_fit_cell_miss(const NpFitRequest *request,
                 const NpFitHostCell *host,
                 const NpFitGuestCell *guest,
                 gboolean first)
{
	gboolean shared = !request->pinned || request->mixed;
	if (request->page_size)
		return NP_CELL_PAGE_SIZE;
	if (guest->memory_mb > host->memory_mb)
		return NP_CELL_MEMORY;
	if (request->pinned) {
		gint64 required =
		    guest->dedicated_cpus + (request->emulator_isolate && first ? 1 : 0);
		if (required > host->pcpus)
			return NP_CELL_PCPUS;
		if (request->mixed && guest->shared_cpus > host->cpus)
			return NP_CELL_CPUS;
		if (required > host->free_pcpus)
			return NP_CELL_FREE_PCPUS;
		if (guest->memory_mb > host->memory_mb - host->used_memory_mb)
			return NP_CELL_FREE_MEMORY;
		/* _pack_instance_onto_cores(): without SMT siblings 'require'
		 * never packs; otherwise the free pCPUs checked above suffice */
		if (request->thread_require)
			return NP_CELL_THREADS;
	} else if (guest->shared_cpus > host->cpus) {
		return NP_CELL_CPUS;
	}
	if (!shared || request->no_limits)
		return NP_CELL_FITS;
	if ((gdouble)(host->used_cpus + guest->shared_cpus)
	    > (gdouble)host->cpus * request->cpu_allocation_ratio)
		return NP_CELL_CPU_RATIO;
	if ((gdouble)(host->used_memory_mb + guest->memory_mb)
	    > (gdouble)host->memory_mb * request->ram_allocation_ratio)
		return NP_CELL_RAM_RATIO;
	return NP_CELL_FITS;
}

static gboolean
np_fit_cell(const NpFitRequest *request,
            const NpFitHostCell *host,
            const NpFitGuestCell *guest,
            gboolean first)
{
	return np_fit_cell_miss(request, host, guest, first) == NP_CELL_FITS;
}

static gboolean
np_fit_guests_equal(const NpFitRequest *request)
{
	const NpFitGuestCell *first = &request->guest_cells[0];
	for (guint g = 1; g < request->n_guest_cells; g++) {
		const NpFitGuestCell *cell = &request->guest_cells[g];
		if (cell->shared_cpus != first->shared_cpus
		    || cell->dedicated_cpus != first->dedicated_cpus
		    || cell->memory_mb != first->memory_mb)
			return FALSE;
	}
	return TRUE;
}

/* Kuhn's augmenting path, guests from @first on, untaken hosts only */
static gboolean
np_fit_augment(NpFitSearch *s, guint guest)
{
	guint n_host = s->request->n_host_cells, n_guest = s->request->n_guest_cells;
	for (guint h = 0; h < n_host; h++) {
		if (s->host_taken[h] || s->seen[h] || !s->fits[h * n_guest + guest])
			continue;
		s->seen[h] = TRUE;
		if (s->match_of_host[h] < 0 || np_fit_augment(s, (guint)s->match_of_host[h])) {
			s->match_of_host[h] = (gint)guest;
			return TRUE;
		}
	}
	return FALSE;
}

/* can guests first.. all be placed on untaken hosts? */
static gboolean
np_fit_completable(NpFitSearch *s, guint first)
{
	guint n_host = s->request->n_host_cells, n_guest = s->request->n_guest_cells;
	for (guint h = 0; h < n_host; h++)
		s->match_of_host[h] = -1;
	for (guint g = first; g < n_guest; g++) {
		for (guint h = 0; h < n_host; h++)
			s->seen[h] = FALSE;
		if (!np_fit_augment(s, g))
			return FALSE;
	}
	return TRUE;
}

NpFitStatus
np_numa_fit(const NpFitRequest *request, guint *host_index)
{
	guint n_host, n_guest;
	/* the search's tables: on the stack for the usual handful of cells,
	 * one block on the heap beyond */
	guint order_buf[NP_FIT_STACK_CELLS];
	gboolean fits_buf[NP_FIT_STACK_CELLS * NP_FIT_STACK_CELLS];
	gboolean taken_buf[NP_FIT_STACK_CELLS], seen_buf[NP_FIT_STACK_CELLS];
	gint match_buf[NP_FIT_STACK_CELLS];
	g_autofree guint8 *heap = NULL;
	guint *order;
	gboolean *fits, *taken, *seen;
	gint *match;
	NpFitSearch s;

	g_return_val_if_fail(request != NULL, NP_FIT_NO_FIT);
	n_host = request->n_host_cells;
	n_guest = request->n_guest_cells;
	if (n_host == 0 || n_guest == 0 || n_host < n_guest)
		return NP_FIT_NO_FIT;

	if (request->pinned) {
		/* Nova reads host_cell.pcpuset, unset on Hyper-V: sorting reads
		 * it at once; without sorting the first cell that passes the
		 * memory check reads it */
		gboolean all_pcpus = TRUE;
		for (guint h = 0; h < n_host; h++)
			all_pcpus &= request->host_cells[h].has_pcpus;
		if (!all_pcpus) {
			if (n_host > n_guest)
				return NP_FIT_NOVA_PCPUSET_ERROR;
			if (request->page_size)
				return NP_FIT_NO_FIT;
			for (guint h = 0; h < n_host; h++) {
				if (request->guest_cells[0].memory_mb
				    <= request->host_cells[h].memory_mb)
					return NP_FIT_NOVA_PCPUSET_ERROR;
			}
			return NP_FIT_NO_FIT;
		}
	}

	if (n_host <= NP_FIT_STACK_CELLS) {
		order = order_buf;
		fits = fits_buf;
		taken = taken_buf;
		seen = seen_buf;
		match = match_buf;
	} else {
		gsize n = n_host, cells = (gsize)n_host * n_guest;
		heap = g_malloc(n * sizeof(guint) + cells * sizeof(gboolean)
		                + 2 * n * sizeof(gboolean) + n * sizeof(gint));
		order = (guint *)heap;
		fits = (gboolean *)(order + n);
		taken = fits + cells;
		seen = taken + n;
		match = (gint *)(seen + n);
	}
	memset(taken, 0, n_host * sizeof(gboolean));
	memset(seen, 0, n_host * sizeof(gboolean));
	memset(match, 0, n_host * sizeof(gint));
	np_numa_fit_sort_cells(request, order);
	/* symmetric guest cells (the Hyper-V driver refuses any other): the
	 * first permutation that fits takes the first n cells that fit, in
	 * Nova's order — no matching needed (rules.md §3) */
	if (!request->pinned && np_fit_guests_equal(request)) {
		guint placed = 0;
		for (guint h = 0; h < n_host && placed < n_guest; h++) {
			if (np_fit_cell(request,
			                &request->host_cells[order[h]],
			                &request->guest_cells[0],
			                placed == 0))
				host_index[placed++] = order[h];
		}
		return placed == n_guest ? NP_FIT_OK : NP_FIT_NO_FIT;
	}
	for (guint h = 0; h < n_host; h++) {
		for (guint g = 0; g < n_guest; g++)
			fits[h * n_guest + g] = np_fit_cell(request,
			                                    &request->host_cells[order[h]],
			                                    &request->guest_cells[g],
			                                    g == 0);
	}
	s.request = request;
	s.order = order;
	s.fits = fits;
	s.host_taken = taken;
	s.match_of_host = match;
	s.seen = seen;

	if (!np_fit_completable(&s, 0))
		return NP_FIT_NO_FIT;
	/* the lexicographically first permutation: per guest cell, the first
	 * host cell in Nova's order that still lets the rest fit */
	for (guint g = 0; g < n_guest; g++) {
		gboolean placed = FALSE;
		for (guint h = 0; h < n_host && !placed; h++) {
			if (taken[h] || !fits[h * n_guest + g])
				continue;
			taken[h] = TRUE;
			if (np_fit_completable(&s, g + 1)) {
				host_index[g] = order[h];
				placed = TRUE;
			} else {
				taken[h] = FALSE;
			}
		}
		g_return_val_if_fail(placed, NP_FIT_NO_FIT);
	}
	return NP_FIT_OK;
}

static void
np_cell_miss_text(GString *out,
                  const NpFitRequest *request,
                  const NpFitHostCell *host,
                  const NpFitGuestCell *guest,
                  NpCellMiss miss)
{
	g_string_append_printf(out, "cell %" G_GINT64_FORMAT " ", host->id);
	switch (miss) {
	case NP_CELL_PAGE_SIZE:
		g_string_append(out, "reports no memory pages for the page size asked");
		break;
	case NP_CELL_MEMORY:
		g_string_append_printf(out, "has %" G_GINT64_FORMAT " MiB", host->memory_mb);
		break;
	case NP_CELL_PCPUS:
		g_string_append_printf(out, "has %" G_GINT64_FORMAT " pCPUs", host->pcpus);
		break;
	case NP_CELL_CPUS:
		g_string_append_printf(out, "has %" G_GINT64_FORMAT " CPUs", host->cpus);
		break;
	case NP_CELL_FREE_PCPUS:
		g_string_append_printf(out,
		                       "has %" G_GINT64_FORMAT " free pCPUs",
		                       host->free_pcpus);
		break;
	case NP_CELL_FREE_MEMORY:
		g_string_append_printf(out,
		                       "has %" G_GINT64_FORMAT " MiB unclaimed",
		                       host->memory_mb - host->used_memory_mb);
		break;
	case NP_CELL_THREADS:
		g_string_append(out, "has no thread siblings for cpu_thread_policy=require");
		break;
	case NP_CELL_CPU_RATIO: {
		gchar limit[G_ASCII_DTOSTR_BUF_SIZE];
		g_string_append_printf(
		    out,
		    "has %" G_GINT64_FORMAT " of %s vCPUs claimed",
		    host->used_cpus,
		    g_ascii_formatd(limit,
		                    sizeof(limit),
		                    "%g",
		                    (gdouble)host->cpus * request->cpu_allocation_ratio));
		break;
	}
	case NP_CELL_RAM_RATIO: {
		gchar limit[G_ASCII_DTOSTR_BUF_SIZE];
		g_string_append_printf(
		    out,
		    "has %" G_GINT64_FORMAT " of %s MiB claimed",
		    host->used_memory_mb,
		    g_ascii_formatd(limit,
		                    sizeof(limit),
		                    "%g",
		                    (gdouble)host->memory_mb * request->ram_allocation_ratio));
		break;
	}
	case NP_CELL_FITS:
	default:
		g_string_append(out, "fits");
		break;
	}
}

/**
 * np_numa_fit_why:
 *
 * Why np_numa_fit() finds no fit for @request: too few host cells, the
 * first guest cell no host cell takes (with each cell's reason), or no
 * way to give every guest cell a cell of its own.
 *
 * Returns: (transfer full): a sentence
 */
gchar *
np_numa_fit_why(const NpFitRequest *request)
{
	g_autoptr(GString) why = g_string_new(NULL);

	if (request->n_host_cells < request->n_guest_cells)
		return g_strdup_printf("the instance has %u NUMA cells, the host %u",
		                       request->n_guest_cells,
		                       request->n_host_cells);
	for (guint g = 0; g < request->n_guest_cells; g++) {
		const NpFitGuestCell *guest = &request->guest_cells[g];
		gboolean any = FALSE;
		for (guint h = 0; h < request->n_host_cells && !any; h++)
			any = np_fit_cell(request, &request->host_cells[h], guest, g == 0);
		if (any)
			continue;
		g_string_printf(why,
		                "instance cell %u (%" G_GINT64_FORMAT " vCPUs, %" G_GINT64_FORMAT
		                " MiB) fits no host cell: ",
		                g,
		                guest->shared_cpus + guest->dedicated_cpus,
		                guest->memory_mb);
		for (guint h = 0; h < request->n_host_cells; h++) {
			if (h > 0)
				g_string_append(why, ", ");
			np_cell_miss_text(
			    why,
			    request,
			    &request->host_cells[h],
			    guest,
			    np_fit_cell_miss(request, &request->host_cells[h], guest, g == 0));
		}
		return g_string_free(g_steal_pointer(&why), FALSE);
	}
	return g_strdup_printf("each instance cell fits some host cell, but no %u distinct host "
	                       "cells take all %u",
	                       request->n_guest_cells,
	                       request->n_guest_cells);
}
