/* Nova's numa_get_constraints() (rules.md §2, checks 1–4), the image_conflict
 * modes and the unknown-key warnings.
 *
 * Every check below mirrors a line of nova/virt/hardware.py (Zed); the
 * comments name the Nova function. Values keep Python's semantics where
 * Nova's answer depends on them (truthiness of strings, int() parsing, set
 * iteration order): see np-py-private.h.
 */
#include <math.h>
#include <string.h>

#include "np-resolve-private.h"

#define NP_NUMA_NODES_MAX 128 /* ImageMetaProps.NUMA_NODES_MAX */
/* a cell memory beyond this is clamped in NpVCell.memory_mb: any such
 * value fails (or, negative, passes) every check against a host */
#define NP_VCELL_MEMORY_CLAMP ((gint64)1 << 62)
#define NP_MEMPAGES_SMALL -1
#define NP_MEMPAGES_LARGE -2
#define NP_MEMPAGES_ANY -3
/* beyond this many guest nodes Nova itself would not finish */
#define NP_MAX_GUEST_NODES 4096

static const gchar *np_cpu_policies[] = {"dedicated", "shared", "mixed", NULL};
static const gchar *np_cpu_thread_policies[] = {"prefer", "isolate", "require", NULL};
static const gchar *np_emulator_policies[] = {"share", "isolate", NULL};

static gboolean
np_strv_contains(const gchar **strv, const gchar *str)
{
	for (guint i = 0; strv[i] != NULL; i++) {
		if (g_strcmp0(strv[i], str) == 0)
			return TRUE;
	}
	return FALSE;
}

/* Python's str() of a tuple of strings: "('a', 'b')" */
static gchar *
np_py_tuple_str(const gchar **strv)
{
	GString *out = g_string_new("(");
	for (guint i = 0; strv[i] != NULL; i++) {
		g_autofree gchar *repr = np_py_repr_str(strv[i]);
		if (i > 0)
			g_string_append(out, ", ");
		g_string_append(out, repr);
	}
	g_string_append_c(out, ')');
	return g_string_free(out, FALSE);
}

#define NP_FAIL(ctx, code, ...) \
	np_resolve_fail(&(ctx)->res->constraints_failure, code, NULL, __VA_ARGS__)

/* Nova builds set(range(vcpus)) for a dedicated policy, a realtime policy
 * without a mask and every NUMA topology. Like a CPU range (np-pyset.c),
 * numaplan refuses more than NP_MAX_SET_VCPUS there instead of allocating
 * without end (a flavor may have 2^40 vCPUs); plain VMs keep any count. */
#define NP_MAX_SET_VCPUS (1 << 20)

static gboolean
np_vcpus_settable(NpResolveCtx *ctx)
{
	if (ctx->flavor->vcpus <= NP_MAX_SET_VCPUS)
		return TRUE;
	return NP_FAIL(ctx,
	               NP_CODE_TOO_MANY_VCPUS,
	               "the flavor has %" G_GINT64_FORMAT " vCPUs; numaplan models at most %d "
	               "vCPUs in a NUMA topology, a dedicated or a realtime CPU policy",
	               ctx->flavor->vcpus,
	               NP_MAX_SET_VCPUS);
}

/* flavor.get('extra_specs', {}).get('hw:' + key): NULL when absent */
static const gchar *
np_spec(const NpResolveCtx *ctx, const gchar *key)
{
	return np_props_lookup_string(ctx->specs, key);
}

/* --------------------------------------------- numa_get_constraints() */

/* get_cpu_policy_constraint() */
static gboolean
np_cpu_policy_constraint(NpResolveCtx *ctx, const gchar **out)
{
	const gchar *flavor_policy = np_spec(ctx, "hw:cpu_policy");
	const gchar *image_policy = ctx->meta.cpu_policy;
	g_autofree gchar *available = np_py_tuple_str(np_cpu_policies);

	if (np_py_str_truthy(flavor_policy) && !np_strv_contains(np_cpu_policies, flavor_policy))
		return NP_FAIL(ctx,
		               NP_CODE_INVALID_CPU_POLICY,
		               "CPU policy requested from 'flavor extra specs' is invalid, given: "
		               "'%s', available: '%s'.",
		               flavor_policy,
		               available);
	if (g_strcmp0(flavor_policy, "dedicated") == 0) {
		*out = "dedicated";
	} else if (g_strcmp0(flavor_policy, "mixed") == 0) {
		if (g_strcmp0(image_policy, "dedicated") == 0)
			return NP_FAIL(ctx,
			               NP_CODE_IMAGE_CPU_POLICY_FORBIDDEN,
			               "Image property 'hw_cpu_policy' is not permitted to "
			               "override CPU pinning policy set against the flavor");
		*out = "mixed";
	} else if (g_strcmp0(flavor_policy, "shared") == 0) {
		if (g_strcmp0(image_policy, "mixed") == 0
		    || g_strcmp0(image_policy, "dedicated") == 0)
			return NP_FAIL(ctx,
			               NP_CODE_IMAGE_CPU_POLICY_FORBIDDEN,
			               "Image property 'hw_cpu_policy' is not permitted to "
			               "override CPU pinning policy set against the flavor");
		*out = "shared";
	} else {
		*out = image_policy;
	}
	return TRUE;
}

/* get_cpu_thread_policy_constraint() */
static gboolean
np_cpu_thread_policy_constraint(NpResolveCtx *ctx, const gchar **out)
{
	const gchar *flavor_policy = np_spec(ctx, "hw:cpu_thread_policy");
	const gchar *image_policy = ctx->meta.cpu_thread_policy;
	g_autofree gchar *available = np_py_tuple_str(np_cpu_thread_policies);

	if (np_py_str_truthy(flavor_policy)
	    && !np_strv_contains(np_cpu_thread_policies, flavor_policy))
		return NP_FAIL(ctx,
		               NP_CODE_INVALID_CPU_THREAD_POLICY,
		               "CPU thread policy requested from 'flavor extra specs' is invalid, "
		               "given: '%s', available: '%s'.",
		               flavor_policy,
		               available);
	if (flavor_policy == NULL || g_strcmp0(flavor_policy, "prefer") == 0) {
		/* flavor_policy or image_policy */
		*out = np_py_str_truthy(flavor_policy) ? flavor_policy : image_policy;
	} else if (image_policy != NULL && g_strcmp0(image_policy, flavor_policy) != 0) {
		return NP_FAIL(ctx,
		               NP_CODE_IMAGE_CPU_THREAD_POLICY_FORBIDDEN,
		               "Image property 'hw_cpu_thread_policy' is not permitted to "
		               "override CPU thread pinning policy set against the flavor");
	} else {
		*out = flavor_policy;
	}
	return TRUE;
}

/* get_emulator_thread_policy_constraint() */
static gboolean
np_emulator_policy_constraint(NpResolveCtx *ctx, const gchar **out)
{
	const gchar *policy = np_spec(ctx, "hw:emulator_threads_policy");
	*out = NULL;
	if (!np_py_str_truthy(policy))
		return TRUE;
	if (!np_strv_contains(np_emulator_policies, policy)) {
		g_autofree gchar *available = np_py_tuple_str(np_emulator_policies);
		return NP_FAIL(ctx,
		               NP_CODE_INVALID_EMULATOR_THREADS_POLICY,
		               "CPU emulator threads option requested is invalid, given: '%s', "
		               "available: '%s'.",
		               policy,
		               available);
	}
	*out = policy;
	return TRUE;
}

/* parse "0-(vcpus-1),MASK" for masks that start with '^', else MASK */
static NpPySet *
np_parse_mask(NpResolveCtx *ctx, const gchar *mask)
{
	g_autofree gchar *stripped = np_py_strip(mask);
	g_autofree gchar *spec = NULL;
	g_autofree gchar *error = NULL;
	NpPySet *set;
	if (stripped[0] == '^')
		spec = g_strdup_printf("0-%" G_GINT64_FORMAT ",%s", ctx->flavor->vcpus - 1, mask);
	else
		spec = g_strdup(mask);
	set = np_py_parse_cpu_spec(spec, &error);
	if (set == NULL)
		NP_FAIL(ctx, NP_CODE_INVALID_CPU_SPEC, "%s", error);
	return set;
}

static gboolean
np_set_is_subset_of_range(const NpPySet *set, gint64 stop)
{
	g_autoptr(GArray) keys = np_py_set_to_array(set);
	for (guint i = 0; i < keys->len; i++) {
		NpPyInt key = g_array_index(keys, NpPyInt, i);
		if (key < 0 || key >= stop)
			return FALSE;
	}
	return TRUE;
}

/* get_realtime_cpu_constraint(); *out NULL when realtime is off */
static gboolean
np_realtime_constraint(NpResolveCtx *ctx, NpPySet **out)
{
	const gchar *flavor_mask = np_spec(ctx, "hw:cpu_realtime_mask");
	const gchar *image_mask = ctx->meta.cpu_realtime_mask;
	const gchar *mask;
	const gchar *emulator_policy = NULL;
	gint64 vcpus = ctx->flavor->vcpus;
	g_autoptr(NpPySet) rt = NULL;

	*out = NULL;
	if (!np_py_bool_from_string(np_spec(ctx, "hw:cpu_realtime")))
		return TRUE;
	mask = np_py_str_truthy(image_mask) ? image_mask : flavor_mask;
	if (np_py_str_truthy(mask)) {
		rt = np_parse_mask(ctx, mask);
		if (rt == NULL)
			return FALSE;
	} else {
		if (!np_vcpus_settable(ctx))
			return FALSE;
		rt = np_py_set_new_range(0, vcpus);
	}
	if (np_py_set_len(rt) == 0)
		return NP_FAIL(ctx,
		               NP_CODE_INVALID_REALTIME_MASK,
		               "Use of realtime CPUs requires either one or more non-realtime "
		               "CPU(s) or offloaded emulator threads.");
	if (!np_emulator_policy_constraint(ctx, &emulator_policy))
		return FALSE;
	if ((gint64)np_py_set_len(rt) == MAX(vcpus, 0) && np_set_is_subset_of_range(rt, vcpus)
	    && emulator_policy == NULL)
		return NP_FAIL(ctx,
		               NP_CODE_INVALID_REALTIME_MASK,
		               "Use of realtime CPUs requires either one or more non-realtime "
		               "CPU(s) or offloaded emulator threads.");
	if (!np_set_is_subset_of_range(rt, vcpus))
		return NP_FAIL(ctx,
		               NP_CODE_INVALID_REALTIME_MASK,
		               "Realtime policy vCPU(s) mask is configured with RT vCPUs that are "
		               "not a subset of the vCPUs in the flavor. See hw:cpu_realtime_mask "
		               "or hw_cpu_realtime_mask");
	*out = g_steal_pointer(&rt);
	return TRUE;
}

/* get_dedicated_cpu_constraint() */
static gboolean
np_dedicated_constraint(NpResolveCtx *ctx, NpPySet **out)
{
	const gchar *mask = np_spec(ctx, "hw:cpu_dedicated_mask");
	gint64 vcpus = ctx->flavor->vcpus;
	g_autoptr(NpPySet) pcpus = NULL;
	guint in_range = 0;

	*out = NULL;
	if (!np_py_str_truthy(mask))
		return TRUE;
	pcpus = np_parse_mask(ctx, mask);
	if (pcpus == NULL)
		return FALSE;
	{
		g_autoptr(GArray) keys = np_py_set_to_array(pcpus);
		for (guint i = 0; i < keys->len; i++) {
			NpPyInt key = g_array_index(keys, NpPyInt, i);
			if (key >= 0 && key < vcpus)
				in_range++;
		}
	}
	/* vcpus = set(range(flavor.vcpus)) - pcpus */
	if (np_py_set_len(pcpus) == 0 || (gint64)in_range == MAX(vcpus, 0))
		return NP_FAIL(ctx,
		               NP_CODE_INVALID_DEDICATED_MASK,
		               "Mixed instance must have at least 1 pinned vCPU and 1 unpinned "
		               "vCPU. See 'hw:cpu_dedicated_mask'.");
	if (in_range != np_py_set_len(pcpus))
		return NP_FAIL(ctx,
		               NP_CODE_INVALID_DEDICATED_MASK,
		               "Mixed instance dedicated vCPU(s) mask is not a subset of vCPUs in "
		               "the flavor. See \"hw:cpu_dedicated_mask\"");
	*out = g_steal_pointer(&pcpus);
	return TRUE;
}

/* re.match('PREFIX([1-9][0-9]*)?:NAME', key) */
static gboolean
np_match_grouped_key(const gchar *key, const gchar *prefix, const gchar *name)
{
	const gchar *p;
	if (!g_str_has_prefix(key, prefix))
		return FALSE;
	p = key + strlen(prefix);
	if (*p >= '1' && *p <= '9') {
		while (g_ascii_isdigit(*p))
			p++;
	}
	return *p == ':' && g_str_has_prefix(p + 1, name);
}

/* _get_vcpu_pcpu_resources(): int() of each matching value, ValueError
 * skipped; Python's sum never overflows, ours saturates far beyond any
 * flavor's vCPU count */
static void
np_vcpu_pcpu_resources(NpResolveCtx *ctx, NpPyInt *vcpu, NpPyInt *pcpu)
{
	*vcpu = 0;
	*pcpu = 0;
	for (guint i = 0; i < np_props_get_size(ctx->specs); i++) {
		const gchar *key = np_props_get_key(ctx->specs, i);
		const gchar *value = np_props_get_value(ctx->specs, i)->str;
		NpPyInt count = 0;
		if (np_match_grouped_key(key, "resources", "VCPU")
		    && np_py_int_parse_big(value, &count) != NP_PY_INT_INVALID)
			*vcpu = np_py_int_add(*vcpu, count);
		if (np_match_grouped_key(key, "resources", "PCPU")
		    && np_py_int_parse_big(value, &count) != NP_PY_INT_INVALID)
			*pcpu = np_py_int_add(*pcpu, count);
	}
}

/* _get_hyperthreading_trait() */
static const gchar *
np_hyperthreading_trait(NpResolveCtx *ctx)
{
	for (guint i = 0; i < np_props_get_size(ctx->specs); i++) {
		const gchar *key = np_props_get_key(ctx->specs, i);
		if (np_match_grouped_key(key, "trait", "HW_CPU_HYPERTHREADING"))
			return np_props_get_value(ctx->specs, i)->str;
	}
	if (ctx->meta.hyperthreading_required)
		return "required";
	return NULL;
}

/* _get_numa_node_count_constraint(); *out 0 when no count is set */
static gboolean
np_node_count_constraint(NpResolveCtx *ctx, gint64 *out)
{
	const gchar *flavor_nodes = np_spec(ctx, "hw:numa_nodes");
	gboolean image_truthy = ctx->meta.has_numa_nodes && ctx->meta.numa_nodes != 0;

	*out = 0;
	if (np_py_str_truthy(flavor_nodes) && image_truthy)
		return NP_FAIL(ctx,
		               NP_CODE_IMAGE_NUMA_FORBIDDEN,
		               "Image property 'hw_numa_nodes' is not permitted to override NUMA "
		               "configuration set against the flavor");
	/* nodes = flavor_nodes or image_nodes */
	if (np_py_str_truthy(flavor_nodes)) {
		gint64 nodes = 0;
		if (!np_py_is_int_like(flavor_nodes)
		    || np_py_int_parse(flavor_nodes, &nodes) == NP_PY_INT_INVALID || nodes < 1)
			return NP_FAIL(ctx,
			               NP_CODE_INVALID_NUMA_NODES,
			               "The property 'numa_nodes' cannot be '%s'. It must be a "
			               "number greater than 0",
			               flavor_nodes);
		*out = nodes;
	} else if (ctx->meta.has_numa_nodes) {
		if (ctx->meta.numa_nodes < 1) {
			g_autofree gchar *str = np_py_int_to_string(ctx->meta.numa_nodes);
			return NP_FAIL(ctx,
			               NP_CODE_INVALID_NUMA_NODES,
			               "The property 'numa_nodes' cannot be '%s'. It must be a "
			               "number greater than 0",
			               str);
		}
		/* a count beyond 64 bits leaves any flavor asymmetric all the same */
		*out = np_py_int_clamp64(ctx->meta.numa_nodes);
	}
	return TRUE;
}

/* check_and_return_pages_size(): the value only matters for its truth */
static gboolean
np_page_size_value(NpResolveCtx *ctx, const gchar *request, gdouble *out)
{
	gint64 digits = 0;
	if (g_strcmp0(request, "any") == 0) {
		*out = NP_MEMPAGES_ANY;
	} else if (g_strcmp0(request, "large") == 0) {
		*out = NP_MEMPAGES_LARGE;
	} else if (g_strcmp0(request, "small") == 0) {
		*out = NP_MEMPAGES_SMALL;
	} else if (np_py_str_isdigit(request)) {
		if (np_py_int_parse(request, &digits) == NP_PY_INT_INVALID) {
			/* superscript digits: isdigit() but not int() */
			g_autofree gchar *msg = np_py_int_error_message(request);
			ctx->res->constraints_failure =
			    np_failure_new(NP_CODE_INVALID_PAGE_SIZE, "ValueError", msg);
			return FALSE;
		}
		*out = (gdouble)digits;
	} else {
		switch (np_py_string_to_kib(request, out)) {
		case NP_PY_KIB_OK:
			break;
		case NP_PY_KIB_OVERFLOW:
			/* OverflowError is not the ValueError Nova turns into
			 * MemoryPageSizeInvalid */
			ctx->res->constraints_failure =
			    np_failure_new(NP_CODE_INVALID_PAGE_SIZE,
			                   "OverflowError",
			                   "cannot convert float infinity to integer");
			return FALSE;
		case NP_PY_KIB_INVALID:
		default:
			return NP_FAIL(ctx,
			               NP_CODE_INVALID_PAGE_SIZE,
			               "Invalid memory page size '%s'",
			               request);
		}
	}
	return TRUE;
}

/* _get_numa_pagesize_constraint(); *out 0 when none */
static gboolean
np_page_size_constraint(NpResolveCtx *ctx, gdouble *out)
{
	const gchar *flavor_request = np_spec(ctx, "hw:mem_page_size");
	const gchar *image_request = ctx->meta.mem_page_size;
	gdouble pagesize = 0;

	*out = 0;
	if (!np_py_str_truthy(flavor_request) && np_py_str_truthy(image_request))
		return NP_FAIL(ctx,
		               NP_CODE_PAGE_SIZE_FORBIDDEN,
		               "Page size %s forbidden against '<empty>'",
		               image_request);
	if (!np_py_str_truthy(flavor_request))
		return TRUE;
	if (!np_page_size_value(ctx, flavor_request, &pagesize))
		return FALSE;
	if (np_py_str_truthy(image_request)
	    && (pagesize == NP_MEMPAGES_ANY || pagesize == NP_MEMPAGES_LARGE)) {
		if (!np_page_size_value(ctx, image_request, &pagesize))
			return FALSE;
		ctx->res->page_size = g_strdup(image_request);
	} else if (np_py_str_truthy(image_request)) {
		return NP_FAIL(ctx,
		               NP_CODE_PAGE_SIZE_FORBIDDEN,
		               "Page size %s forbidden against '%s'",
		               image_request,
		               flavor_request);
	} else {
		ctx->res->page_size = g_strdup(flavor_request);
	}
	*out = pagesize;
	return TRUE;
}

/* get_vpmems(): TRUE when any label is given */
static gboolean
np_has_vpmems(NpResolveCtx *ctx)
{
	const gchar *info = np_spec(ctx, "hw:pmem");
	g_auto(GStrv) labels = NULL;
	if (!np_py_str_truthy(info))
		return FALSE;
	labels = g_strsplit(info, ",", -1);
	for (guint i = 0; labels[i] != NULL; i++) {
		g_autofree gchar *label = np_py_strip(labels[i]);
		if (label[0] != '\0')
			return TRUE;
	}
	return FALSE;
}

/* get_locked_memory_constraint() */
static gboolean
np_locked_memory_constraint(NpResolveCtx *ctx)
{
	const gchar *flavor_value = np_spec(ctx, "hw:locked_memory");
	gboolean locked;
	if (flavor_value != NULL) {
		gboolean flavor_locked = np_py_bool_from_string(flavor_value);
		if (ctx->meta.has_locked_memory && flavor_locked != ctx->meta.locked_memory)
			return NP_FAIL(
			    ctx,
			    NP_CODE_LOCKED_MEMORY_CONFLICT,
			    "locked_memory value in image (%s) and flavor (%s) conflict. "
			    "A consistent value is expected if both specified.",
			    ctx->meta.locked_memory ? "True" : "False",
			    flavor_locked ? "True" : "False");
		locked = flavor_locked;
	} else {
		locked = ctx->meta.has_locked_memory && ctx->meta.locked_memory;
	}
	if (locked && !np_py_str_truthy(np_spec(ctx, "hw:mem_page_size"))
	    && !np_py_str_truthy(ctx->meta.mem_page_size))
		return NP_FAIL(ctx,
		               NP_CODE_LOCKED_MEMORY_FORBIDDEN,
		               "locked_memory value in image or flavor is forbidden when "
		               "mem_page_size is not set.");
	return TRUE;
}

/* _get_constraint_mappings_from_flavor() for hw:numa_cpus.N */
static gboolean
np_flavor_cpu_list(NpResolveCtx *ctx, GPtrArray **out)
{
	*out = NULL;
	for (guint cell = 0; cell < NP_NUMA_NODES_MAX; cell++) {
		g_autofree gchar *key = g_strdup_printf("hw:numa_cpus.%u", cell);
		const gchar *value = np_spec(ctx, key);
		g_autofree gchar *error = NULL;
		NpPySet *cpus;
		if (value == NULL)
			break;
		cpus = np_py_parse_cpu_spec(value, &error);
		if (cpus == NULL) {
			if (*out != NULL)
				g_ptr_array_unref(*out);
			*out = NULL;
			return NP_FAIL(ctx, NP_CODE_INVALID_CPU_SPEC, "%s", error);
		}
		if (*out == NULL)
			*out = g_ptr_array_new_with_free_func((GDestroyNotify)np_py_set_free);
		g_ptr_array_add(*out, cpus);
	}
	return TRUE;
}

/* _get_constraint_mappings_from_flavor() for hw:numa_mem.N: NpPyInt values */
static gboolean
np_flavor_mem_list(NpResolveCtx *ctx, GArray **out)
{
	*out = NULL;
	for (guint cell = 0; cell < NP_NUMA_NODES_MAX; cell++) {
		g_autofree gchar *key = g_strdup_printf("hw:numa_mem.%u", cell);
		const gchar *value = np_spec(ctx, key);
		NpPyInt mem = 0;
		if (value == NULL)
			break;
		if (np_py_int_parse_big(value, &mem) == NP_PY_INT_INVALID) {
			g_autofree gchar *msg = np_py_int_error_message(value);
			if (*out != NULL)
				g_array_unref(*out);
			*out = NULL;
			return NP_FAIL(ctx, NP_CODE_INVALID_NUMA_MEMORY, "%s", msg);
		}
		if (*out == NULL)
			*out = g_array_new(FALSE, FALSE, sizeof(NpPyInt));
		g_array_append_val(*out, mem);
	}
	return TRUE;
}

/* a cell of the vCPUs in @cpus (all in range(flavor.vcpus)) */
static NpVCell *
np_vcell_new(const NpPySet *cpus, const NpPySet *pcpus, NpPyInt memory_mb)
{
	NpVCell *cell = g_new0(NpVCell, 1);
	g_autoptr(GArray) sorted = np_py_set_to_sorted_array(cpus);
	cell->cpus = g_array_sized_new(FALSE, FALSE, sizeof(gint64), sorted->len);
	cell->dedicated_cpus = g_array_new(FALSE, FALSE, sizeof(gint64));
	for (guint i = 0; i < sorted->len; i++) {
		NpPyInt key = g_array_index(sorted, NpPyInt, i);
		gint64 cpu = (gint64)key;
		g_array_append_val(cell->cpus, cpu);
		if (np_py_set_contains(pcpus, key))
			g_array_append_val(cell->dedicated_cpus, cpu);
	}
	cell->memory_mb =
	    CLAMP(np_py_int_clamp64(memory_mb), -NP_VCELL_MEMORY_CLAMP, NP_VCELL_MEMORY_CLAMP);
	cell->memory_mb_str = np_py_int_to_string(memory_mb);
	return cell;
}

/* _get_numa_topology_auto() */
static gboolean
np_topology_auto(NpResolveCtx *ctx, gint64 nodes, const NpPySet *pcpus)
{
	gint64 vcpus = ctx->flavor->vcpus, memory_mb = ctx->flavor->memory_mb;
	gint64 ncpus, mem;
	if (vcpus % nodes > 0 || memory_mb % nodes > 0)
		return NP_FAIL(ctx,
		               NP_CODE_NUMA_UNEVEN_SPLIT,
		               "Instance CPUs and/or memory cannot be evenly distributed across "
		               "instance NUMA nodes. Explicit assignment of CPUs and memory to "
		               "nodes is required");
	if (nodes > NP_MAX_GUEST_NODES)
		return NP_FAIL(ctx,
		               NP_CODE_INVALID_NUMA_NODES,
		               "The property 'numa_nodes' cannot be '%" G_GINT64_FORMAT
		               "'. numaplan models at most %d guest NUMA nodes",
		               nodes,
		               NP_MAX_GUEST_NODES);
	if (!np_vcpus_settable(ctx))
		return FALSE;
	ncpus = vcpus / nodes;
	mem = memory_mb / nodes;
	ctx->res->cells = g_ptr_array_new_with_free_func((GDestroyNotify)np_vcell_free);
	for (gint64 node = 0; node < nodes; node++) {
		g_autoptr(NpPySet) cpus = np_py_set_new_range(node * ncpus, (node + 1) * ncpus);
		g_ptr_array_add(ctx->res->cells, np_vcell_new(cpus, pcpus, mem));
	}
	return TRUE;
}

/* _get_numa_topology_manual() */
static gboolean
np_topology_manual(NpResolveCtx *ctx,
                   gint64 nodes,
                   const NpPySet *pcpus,
                   GPtrArray *cpu_list,
                   GArray *mem_list)
{
	gint64 vcpus = ctx->flavor->vcpus;
	g_autoptr(NpPySet) avail = NULL;
	g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func((GDestroyNotify)np_vcell_free);
	/* Python ints: the values and their sum may pass 64 bits */
	NpPyInt total_mb = 0;

	if (!np_vcpus_settable(ctx))
		return FALSE;
	avail = np_py_set_new_range(0, vcpus);

	for (gint64 node = 0; node < nodes; node++) {
		const NpPySet *cpus = g_ptr_array_index(cpu_list, node);
		NpPyInt mem = g_array_index(mem_list, NpPyInt, node);
		g_autoptr(GArray) order = np_py_set_to_array(cpus);
		for (guint i = 0; i < order->len; i++) {
			NpPyInt cpu = g_array_index(order, NpPyInt, i);
			if (cpu > vcpus - 1) {
				g_autofree gchar *str = np_py_int_to_string(cpu);
				return NP_FAIL(ctx,
				               NP_CODE_NUMA_CPU_OUT_OF_RANGE,
				               "CPU number %s is larger than max %" G_GINT64_FORMAT,
				               str,
				               vcpus - 1);
			}
			if (!np_py_set_discard(avail, cpu))
				return NP_FAIL(ctx,
				               NP_CODE_NUMA_CPU_DUPLICATE,
				               "CPU number %" G_GINT64_FORMAT
				               " is assigned to two nodes",
				               (gint64)cpu);
		}
		g_ptr_array_add(cells, np_vcell_new(cpus, pcpus, mem));
		total_mb = np_py_int_add(total_mb, mem);
	}
	if (np_py_set_len(avail) > 0) {
		g_autofree gchar *str = np_py_set_to_string(avail);
		return NP_FAIL(ctx,
		               NP_CODE_NUMA_CPU_UNASSIGNED,
		               "CPU number %s is not assigned to any node",
		               str);
	}
	if (total_mb != ctx->flavor->memory_mb) {
		g_autofree gchar *str = np_py_int_to_string(total_mb);
		return NP_FAIL(ctx,
		               NP_CODE_NUMA_MEMORY_MISMATCH,
		               "%s MB of memory assigned, but expected %" G_GINT64_FORMAT " MB",
		               str,
		               ctx->flavor->memory_mb);
	}
	ctx->res->cells = g_steal_pointer(&cells);
	return TRUE;
}

gboolean
np_numa_get_constraints(NpResolveCtx *ctx)
{
	NpResolution *res = ctx->res;
	const gchar *cpu_policy = NULL, *thread_policy = NULL, *emulator_policy = NULL;
	const gchar *ht_trait;
	g_autoptr(NpPySet) realtime_cpus = NULL;
	g_autoptr(NpPySet) dedicated_cpus = NULL;
	NpPyInt req_vcpu = 0, req_pcpu = 0;
	gint64 nodes = 0;
	gdouble pagesize = 0;
	gboolean vpmems;

	/* ImageMeta.from_dict() ran before numa_get_constraints() */
	if (!np_image_meta_load(&ctx->meta, ctx->image_props, &res->constraints_failure)) {
		res->image_meta_failure = TRUE;
		return FALSE;
	}
	if (!np_cpu_policy_constraint(ctx, &cpu_policy))
		return FALSE;
	res->cpu_policy = g_strdup(cpu_policy);
	if (!np_cpu_thread_policy_constraint(ctx, &thread_policy))
		return FALSE;
	if (!np_realtime_constraint(ctx, &realtime_cpus))
		return FALSE;
	if (!np_dedicated_constraint(ctx, &dedicated_cpus))
		return FALSE;
	if (!np_emulator_policy_constraint(ctx, &emulator_policy))
		return FALSE;

	np_vcpu_pcpu_resources(ctx, &req_vcpu, &req_pcpu);
	if (cpu_policy != NULL && (req_vcpu != 0 || req_pcpu != 0))
		return NP_FAIL(ctx,
		               NP_CODE_INVALID_CPU_RESOURCES,
		               "It is not possible to use the 'resources:VCPU' or "
		               "'resources:PCPU' extra specs in combination with the "
		               "'hw:cpu_policy' extra spec or 'hw_cpu_policy' image metadata "
		               "property; use one or the other");
	if (req_vcpu != 0 && req_pcpu != 0)
		return NP_FAIL(ctx,
		               NP_CODE_INVALID_CPU_RESOURCES,
		               "It is not possible to specify both 'resources:VCPU' and "
		               "'resources:PCPU' extra specs; use one or the other");
	if (req_pcpu != 0) {
		gboolean isolate = g_strcmp0(emulator_policy, "isolate") == 0;
		if (isolate && (NpPyInt)ctx->flavor->vcpus + 1 != req_pcpu)
			return NP_FAIL(
			    ctx,
			    NP_CODE_INVALID_CPU_RESOURCES,
			    "You have requested 'hw:emulator_threads_policy=isolate' but "
			    "have not requested sufficient PCPUs to handle this policy; "
			    "you must allocate exactly flavor.vcpus + 1 PCPUs.");
		if (!isolate && (NpPyInt)ctx->flavor->vcpus != req_pcpu)
			return NP_FAIL(ctx,
			               NP_CODE_INVALID_CPU_RESOURCES,
			               "There is a mismatch between the number of PCPUs requested "
			               "via 'resourcesNN:PCPU' and the flavor); you must allocate "
			               "exactly flavor.vcpus PCPUs");
		cpu_policy = "dedicated";
	}
	if (req_vcpu != 0)
		cpu_policy = "shared";

	ht_trait = np_hyperthreading_trait(ctx);
	if (np_py_str_truthy(thread_policy) && np_py_str_truthy(ht_trait))
		return NP_FAIL(ctx,
		               NP_CODE_INVALID_CPU_RESOURCES,
		               "It is not possible to use the 'trait:HW_CPU_HYPERTHREADING' extra "
		               "spec in combination with the 'hw:cpu_thread_policy' extra spec or "
		               "'hw_cpu_thread_policy' image metadata property; use one or the "
		               "other");
	if (g_strcmp0(ht_trait, "forbidden") == 0)
		thread_policy = "isolate";
	else if (g_strcmp0(ht_trait, "required") == 0)
		thread_policy = "require";

	/* sanity checks */
	if (cpu_policy == NULL || g_strcmp0(cpu_policy, "shared") == 0) {
		if (np_py_str_truthy(thread_policy))
			return NP_FAIL(ctx,
			               NP_CODE_THREAD_POLICY_WITHOUT_PINNING,
			               "Cannot set cpu thread pinning policy in a non dedicated "
			               "cpu pinning policy");
		if (g_strcmp0(emulator_policy, "isolate") == 0)
			return NP_FAIL(ctx,
			               NP_CODE_EMULATOR_THREADS_WITHOUT_PINNING,
			               "An isolated CPU emulator threads option requires a "
			               "dedicated CPU policy option.");
		if (dedicated_cpus != NULL)
			return NP_FAIL(ctx,
			               NP_CODE_DEDICATED_MASK_WITHOUT_MIXED,
			               "Cannot specify 'hw:cpu_dedicated_mask' without the "
			               "'mixed' policy.");
		if (realtime_cpus != NULL)
			return NP_FAIL(ctx,
			               NP_CODE_REALTIME_WITHOUT_PINNING,
			               "Cannot set realtime policy in a non dedicated cpu pinning "
			               "policy");
	} else if (g_strcmp0(cpu_policy, "dedicated") == 0) {
		if (dedicated_cpus != NULL)
			return NP_FAIL(ctx,
			               NP_CODE_DEDICATED_MASK_WITHOUT_MIXED,
			               "Cannot specify 'hw:cpu_dedicated_mask' without the "
			               "'mixed' policy.");
	} else {
		if ((realtime_cpus != NULL) == (dedicated_cpus != NULL))
			return NP_FAIL(ctx,
			               NP_CODE_MIXED_MASK_REQUIRED,
			               "Dedicated CPU set can be specified from either "
			               "'hw:cpu_dedicated_mask' or 'hw:cpu_realtime_mask' when "
			               "using 'mixed' CPU policy. 'hw:cpu_dedicated_mask' and "
			               "'hw:cpu_realtime_mask' can not be specified at the same "
			               "time, or be specified with none of them.");
		if (dedicated_cpus == NULL)
			dedicated_cpus = g_steal_pointer(&realtime_cpus);
	}

	if (!np_node_count_constraint(ctx, &nodes))
		return FALSE;
	if (!np_page_size_constraint(ctx, &pagesize))
		return FALSE;
	vpmems = np_has_vpmems(ctx);
	if (!np_locked_memory_constraint(ctx))
		return FALSE;

	res->effective_cpu_policy = g_strdup(cpu_policy);
	res->cpu_thread_policy = g_strdup(np_py_str_truthy(thread_policy) ? thread_policy : NULL);
	res->emulator_threads_policy = g_strdup(emulator_policy);
	/* the cell's pagesize field is an int: 1bit is 0.0009765625 KiB, enough
	 * to create a topology, truncated to 0 for the fit */
	res->page_size_requested = (gint64)pagesize != 0;
	if (!res->page_size_requested)
		g_clear_pointer(&res->page_size, g_free);

	if (g_strcmp0(cpu_policy, "dedicated") == 0) {
		if (!np_vcpus_settable(ctx))
			return FALSE;
		g_clear_pointer(&dedicated_cpus, np_py_set_free);
		dedicated_cpus = np_py_set_new_range(0, ctx->flavor->vcpus);
	}
	if (dedicated_cpus == NULL)
		dedicated_cpus = np_py_set_new();

	if (nodes != 0 || pagesize != 0 || vpmems || g_strcmp0(cpu_policy, "dedicated") == 0
	    || g_strcmp0(cpu_policy, "mixed") == 0) {
		g_autoptr(GPtrArray) flavor_cpus = NULL;
		g_autoptr(GArray) flavor_mem = NULL;
		GPtrArray *cpu_list;
		GArray *mem_list;

		if (nodes == 0)
			nodes = 1;
		/* _get_numa_cpu_constraint() then _get_numa_mem_constraint() */
		if (!np_flavor_cpu_list(ctx, &flavor_cpus))
			return FALSE;
		if (flavor_cpus != NULL && ctx->meta.numa_cpus != NULL)
			return NP_FAIL(ctx,
			               NP_CODE_IMAGE_NUMA_FORBIDDEN,
			               "Image property 'hw_numa_cpus' is not permitted to override "
			               "NUMA configuration set against the flavor");
		cpu_list = flavor_cpus != NULL ? flavor_cpus : ctx->meta.numa_cpus;
		if (!np_flavor_mem_list(ctx, &flavor_mem))
			return FALSE;
		if (flavor_mem != NULL && ctx->meta.numa_mem != NULL)
			return NP_FAIL(ctx,
			               NP_CODE_IMAGE_NUMA_FORBIDDEN,
			               "Image property 'hw_numa_mem' is not permitted to override "
			               "NUMA configuration set against the flavor");
		mem_list = flavor_mem != NULL ? flavor_mem : ctx->meta.numa_mem;

		if (cpu_list == NULL && mem_list == NULL) {
			if (!np_topology_auto(ctx, nodes, dedicated_cpus))
				return FALSE;
		} else if (cpu_list == NULL || mem_list == NULL || (gint64)cpu_list->len != nodes
		           || (gint64)mem_list->len != nodes) {
			return NP_FAIL(ctx,
			               NP_CODE_NUMA_TOPOLOGY_INCOMPLETE,
			               "CPU and memory allocation must be provided for all NUMA "
			               "nodes");
		} else if (!np_topology_manual(ctx, nodes, dedicated_cpus, cpu_list, mem_list)) {
			return FALSE;
		}
		/* each cell stores the thread policy in an enum field: an empty
		 * hw:cpu_thread_policy passed every check but fails here */
		if (thread_policy != NULL && thread_policy[0] == '\0') {
			g_clear_pointer(&res->cells, g_ptr_array_unref);
			return np_resolve_fail(&res->constraints_failure,
			                       NP_CODE_INVALID_CPU_THREAD_POLICY,
			                       "ValueError",
			                       "Field value  is invalid");
		}
	}
	return TRUE;
}

/* ------------------------------------------------ the image_conflict mode */

static const gchar *np_override_scalars[] = {"numa_nodes",
                                             "cpu_policy",
                                             "cpu_thread_policy",
                                             "mem_page_size",
                                             NULL};

/* blueprint semantics: where both set a key, drop the image's and say so */
NpProps *
np_resolve_apply_override(const NpFlavor *flavor, const NpProps *image_props, NpResolution *res)
{
	NpProps *props = np_props_copy(image_props);
	for (guint i = 0; np_override_scalars[i] != NULL; i++) {
		g_autofree gchar *fkey = g_strconcat("hw:", np_override_scalars[i], NULL);
		g_autofree gchar *ikey = g_strconcat("hw_", np_override_scalars[i], NULL);
		const gchar *fvalue = np_props_lookup_string(flavor->extra_specs, fkey);
		const gchar *ivalue = np_props_lookup_string(props, ikey);
		if (!np_py_str_truthy(fvalue) || ivalue == NULL)
			continue;
		np_resolve_warn(res,
		                NP_CODE_IMAGE_PROPERTY_OVERRIDDEN,
		                fkey,
		                "image property %s=%s is overridden by the flavor's %s=%s",
		                ikey,
		                ivalue,
		                fkey,
		                fvalue);
		np_props_remove(props, ikey);
	}
	for (guint list = 0; list < 2; list++) {
		const gchar *name = list == 0 ? "numa_cpus" : "numa_mem";
		g_autofree gchar *fkey0 = g_strdup_printf("hw:%s.0", name);
		g_autofree gchar *iprefix = g_strdup_printf("hw_%s.", name);
		g_autoptr(GPtrArray) drop = g_ptr_array_new_with_free_func(g_free);
		if (np_props_lookup(flavor->extra_specs, fkey0) == NULL)
			continue;
		for (guint i = 0; i < np_props_get_size(props); i++) {
			if (g_str_has_prefix(np_props_get_key(props, i), iprefix))
				g_ptr_array_add(drop, g_strdup(np_props_get_key(props, i)));
		}
		for (guint i = 0; i < drop->len; i++) {
			const gchar *ikey = g_ptr_array_index(drop, i);
			g_autofree gchar *fkey = g_strdup_printf("hw:%s", ikey + 3);
			np_resolve_warn(
			    res,
			    NP_CODE_IMAGE_PROPERTY_OVERRIDDEN,
			    fkey,
			    "image property %s=%s is overridden by the flavor's hw:%s.* list",
			    ikey,
			    np_props_lookup_string(props, ikey),
			    name);
			np_props_remove(props, ikey);
		}
	}
	return props;
}

/* ------------------------------------------------ unknown keys, warnings */

static const gchar *np_known_hw_specs[] = {"boot_menu",
                                           "cpu_cores",
                                           "cpu_dedicated_mask",
                                           "cpu_policy",
                                           "cpu_realtime",
                                           "cpu_realtime_mask",
                                           "cpu_sockets",
                                           "cpu_thread_policy",
                                           "cpu_threads",
                                           "emulator_threads_policy",
                                           "ephemeral_encryption",
                                           "ephemeral_encryption_format",
                                           "hide_hypervisor_id",
                                           "locked_memory",
                                           "max_cpu_cores",
                                           "max_cpu_sockets",
                                           "max_cpu_threads",
                                           "mem_encryption",
                                           "mem_page_size",
                                           "numa_nodes",
                                           "pci_numa_affinity_policy",
                                           "pmem",
                                           "pmu",
                                           "serial_port_count",
                                           "tpm_model",
                                           "tpm_version",
                                           "video_ram",
                                           "vif_multiqueue_enabled",
                                           "viommu_model",
                                           "watchdog_action",
                                           NULL};

/* "PREFIX" followed by decimal digits only */
static gboolean
np_is_indexed_key(const gchar *key, const gchar *prefix)
{
	const gchar *p;
	if (!g_str_has_prefix(key, prefix))
		return FALSE;
	p = key + strlen(prefix);
	if (*p == '\0')
		return FALSE;
	for (; *p != '\0'; p++) {
		if (!g_ascii_isdigit(*p))
			return FALSE;
	}
	return TRUE;
}

void
np_resolve_warn_unknown_keys(const NpFlavor *flavor, const NpProps *image_props, NpResolution *res)
{
	for (guint i = 0; i < np_props_get_size(flavor->extra_specs); i++) {
		const gchar *key = np_props_get_key(flavor->extra_specs, i);
		if (!g_str_has_prefix(key, "hw:"))
			continue;
		if (np_strv_contains(np_known_hw_specs, key + 3)
		    || np_is_indexed_key(key, "hw:numa_cpus.")
		    || np_is_indexed_key(key, "hw:numa_mem."))
			continue;
		np_resolve_warn(res,
		                NP_CODE_UNKNOWN_EXTRA_SPEC,
		                key,
		                "unknown extra spec %s: Nova ignores it",
		                key);
	}
	if (image_props == NULL)
		return;
	for (guint i = 0; i < np_props_get_size(image_props); i++) {
		const gchar *key = np_props_get_key(image_props, i);
		if (!g_str_has_prefix(key, "hw_"))
			continue;
		/* the ImageMetaProps fields (generated from Nova) */
		if (np_image_meta_is_field(key) || np_is_indexed_key(key, "hw_numa_cpus.")
		    || np_is_indexed_key(key, "hw_numa_mem."))
			continue;
		np_resolve_warn(res,
		                NP_CODE_UNKNOWN_IMAGE_PROPERTY,
		                NULL,
		                "unknown image property %s: Nova ignores it",
		                key);
	}
}
