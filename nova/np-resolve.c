/* Request resolution: rules.md §2. A flavor, an optional image and optional
 * dynamic memory become a VM configuration: Nova's numa_get_constraints()
 * (np-constraints.c), then the Hyper-V driver's checks and settings
 * (nova/virt/hyperv/vmops.py, os-win), the blueprint's limits and dynamic
 * memory, in that order; the first failure wins.
 */
#include "np-resolve.h"

#include <math.h>
#include <string.h>

#include "np-resolve-private.h"

#define NP_DEFAULT_UUID "00000000-0000-0000-0000-000000000000"

gboolean
np_resolve_fail(NpFailure **slot, NpCode code, const gchar *nova_class, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;
	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	*slot = np_failure_new(code,
	                       nova_class != NULL ? nova_class : np_code_get_nova_class(code),
	                       message);
	return FALSE;
}

void
np_resolve_warn(NpResolution *res, NpCode code, const gchar *key, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *message = NULL;
	va_start(args, format);
	message = g_strdup_vprintf(format, args);
	va_end(args);
	g_ptr_array_add(res->warnings, np_warning_new(code, key, message));
}

gboolean
np_py_str_truthy(const gchar *str)
{
	return str != NULL && str[0] != '\0';
}

/* ------------------------------------------- the Hyper-V driver, §2 5–7 */

/* VMOps._get_instance_vnuma_config() and create_instance() */
static gboolean
np_hyperv_driver(NpResolveCtx *ctx, const NpDynamicMemory *dynamic_memory)
{
	NpResolution *res = ctx->res;
	const NpResolveOptions *options = ctx->options;
	const gchar *uuid =
	    options->instance_uuid != NULL ? options->instance_uuid : NP_DEFAULT_UUID;
	NpHypervSettings *s = &res->settings;
	gint64 memory_mb = ctx->flavor->memory_mb;
	gdouble ratio;

	if (res->cells != NULL) {
		const NpVCell *cell0 = g_ptr_array_index(res->cells, 0);
		/* equal cells sum to the flavor's memory, so mem fits 64 bits
		 * whenever it is used; unequal ones compare and print exactly */
		gint64 mem = cell0->memory_mb;
		gint64 cpus = np_vcell_get_shared_cpus(cell0);
		if (res->effective_cpu_policy != NULL
		    && g_strcmp0(res->effective_cpu_policy, "shared") != 0)
			return np_resolve_fail(
			    &res->hyperv_failure,
			    NP_CODE_CPU_PINNING_UNSUPPORTED,
			    NULL,
			    "Instance %s is unacceptable: Hyper-V does not support CPU "
			    "pinning.",
			    uuid);
		for (guint i = 0; i < res->cells->len; i++) {
			const NpVCell *cell = g_ptr_array_index(res->cells, i);
			if ((gint64)np_vcell_get_shared_cpus(cell) != cpus)
				return np_resolve_fail(
				    &res->hyperv_failure,
				    NP_CODE_ASYMMETRIC_TOPOLOGY,
				    NULL,
				    "Instance %s is unacceptable: Hyper-V does not "
				    "support NUMA topologies with uneven number of "
				    "processors. (%u != %" G_GINT64_FORMAT ")",
				    uuid,
				    np_vcell_get_shared_cpus(cell),
				    cpus);
			if (g_strcmp0(cell->memory_mb_str, cell0->memory_mb_str) != 0)
				return np_resolve_fail(
				    &res->hyperv_failure,
				    NP_CODE_ASYMMETRIC_TOPOLOGY,
				    NULL,
				    "Instance %s is unacceptable: Hyper-V does not "
				    "support NUMA topologies with uneven amounts of "
				    "memory. (%s != %s)",
				    uuid,
				    cell->memory_mb_str,
				    cell0->memory_mb_str);
		}
		res->memory_per_numa_node = mem;
		res->cpus_per_numa_node = cpus;
	}

	if (res->memory_per_numa_node != 0) {
		res->vnuma_enabled = TRUE;
		res->vnuma_nodes = res->cells->len;
		ratio = 1.0;
	} else {
		ratio = options->dynamic_memory_ratio;
	}
	res->dynamic_memory_ratio = ratio;

	/* os-win VMUtils._set_vm_memory() and _set_vm_vcpus() */
	s->virtual_numa_enabled = res->vnuma_enabled;
	s->memory_limit_mb = memory_mb;
	if (ratio > 1) {
		s->dynamic_memory_enabled = TRUE;
		s->memory_reservation_mb =
		    MIN(((gint64)((gdouble)memory_mb / ratio) >> 1) << 1, memory_mb);
	} else {
		s->dynamic_memory_enabled = FALSE;
		s->memory_reservation_mb = memory_mb;
	}
	s->memory_virtual_quantity_mb = s->memory_reservation_mb;
	s->max_memory_blocks_per_numa_node = res->memory_per_numa_node;
	s->processor_virtual_quantity = ctx->flavor->vcpus;
	s->processor_reservation = ctx->flavor->vcpus;
	s->processor_limit = 100000;
	s->limit_processor_features = FALSE;
	s->max_processors_per_numa_node = res->cpus_per_numa_node;

	if (res->vnuma_enabled) {
		/* the blueprint's limits (Hyper-V refuses such a VM; Nova does not check) */
		if (options->max_vnuma_vcpus > 0 && ctx->flavor->vcpus > options->max_vnuma_vcpus)
			return np_resolve_fail(&res->hyperv_failure,
			                       NP_CODE_TOO_MANY_VCPUS,
			                       NULL,
			                       "a vNUMA VM may have at most %" G_GINT64_FORMAT
			                       " vCPUs; the flavor has %" G_GINT64_FORMAT,
			                       options->max_vnuma_vcpus,
			                       ctx->flavor->vcpus);
		if (options->max_vnuma_memory_mb > 0 && memory_mb > options->max_vnuma_memory_mb)
			return np_resolve_fail(&res->hyperv_failure,
			                       NP_CODE_TOO_MUCH_MEMORY,
			                       NULL,
			                       "a vNUMA VM may have at most %" G_GINT64_FORMAT
			                       " MiB of memory; the flavor has %" G_GINT64_FORMAT
			                       " MiB",
			                       options->max_vnuma_memory_mb,
			                       memory_mb);
		if (dynamic_memory != NULL && dynamic_memory->enabled)
			return np_resolve_fail(
			    &res->hyperv_failure,
			    NP_CODE_DYNAMIC_MEMORY_WITH_VNUMA,
			    NULL,
			    "Hyper-V does not allow dynamic memory on a VM with a "
			    "virtual NUMA topology");
		if (options->dynamic_memory_ratio > 1.0) {
			g_autofree gchar *r = np_py_repr_float(options->dynamic_memory_ratio);
			np_resolve_warn(
			    res,
			    NP_CODE_DYNAMIC_MEMORY_IGNORED,
			    NULL,
			    "Instance vNUMA topology requested, but dynamic memory ratio is "
			    "higher than 1.0 in nova.conf. Ignoring dynamic memory ratio "
			    "option. (dynamic_memory_ratio = %s)",
			    r);
		}
		return TRUE;
	}

	/* plain VM: per-VM dynamic memory wins over the cluster ratio (§5) */
	if (dynamic_memory != NULL && dynamic_memory->enabled) {
		NpDynamicMemory *dm = &res->dynamic_memory;
		*dm = *dynamic_memory;
		if (dm->maximum_mb == 0)
			dm->maximum_mb = memory_mb;
		if (dm->startup_mb == 0)
			dm->startup_mb = MIN(memory_mb, dm->maximum_mb);
		if (dm->minimum_mb == 0)
			dm->minimum_mb = dm->startup_mb;
		if (dm->buffer_percent == 0)
			dm->buffer_percent = 20;
		s->dynamic_memory_enabled = TRUE;
		s->memory_virtual_quantity_mb = dm->startup_mb;
		s->memory_reservation_mb = dm->minimum_mb;
		s->memory_limit_mb = dm->maximum_mb;
	} else if (s->dynamic_memory_enabled) {
		NpDynamicMemory *dm = &res->dynamic_memory;
		dm->enabled = TRUE;
		dm->startup_mb = s->memory_virtual_quantity_mb;
		dm->minimum_mb = s->memory_reservation_mb;
		dm->maximum_mb = s->memory_limit_mb;
		dm->buffer_percent = 20;
	}
	return TRUE;
}

/* ---------------------------------------------------------------- entry */

NpResolution *
np_resolve(const NpFlavor *flavor,
           const NpImage *image,
           const NpDynamicMemory *dynamic_memory,
           const NpResolveOptions *options)
{
	NpResolution *res;
	NpResolveCtx ctx = {0};
	g_autoptr(NpProps) image_props = NULL;

	g_return_val_if_fail(flavor != NULL, NULL);
	g_return_val_if_fail(options != NULL, NULL);

	res = g_new0(NpResolution, 1);
	res->warnings = g_ptr_array_new_with_free_func((GDestroyNotify)np_warning_free);
	res->vcpus = flavor->vcpus;
	res->memory_mb = flavor->memory_mb;

	if (image != NULL) {
		if (options->image_conflict == NP_IMAGE_CONFLICT_OVERRIDE)
			image_props = np_resolve_apply_override(flavor, image->properties, res);
		else
			image_props = np_props_copy(image->properties);
	}
	np_resolve_warn_unknown_keys(flavor, image_props, res);

	ctx.flavor = flavor;
	ctx.specs = flavor->extra_specs;
	ctx.image_props = image_props;
	ctx.options = options;
	ctx.res = res;
	if (np_numa_get_constraints(&ctx))
		np_hyperv_driver(&ctx, dynamic_memory);
	np_image_meta_clear(&ctx.meta);
	return res;
}
