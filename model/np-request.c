/* Resolved requests (rules.md §2): the data a resolution produces */
#include <string.h>

#include "np-request-private.h"

/* ---------------------------------------------------------------- types */

void
np_resolve_options_init(NpResolveOptions *options)
{
	g_return_if_fail(options != NULL);
	memset(options, 0, sizeof(*options));
	options->image_conflict = NP_IMAGE_CONFLICT_OVERRIDE;
	options->max_vnuma_vcpus = 64;
	options->max_vnuma_memory_mb = 1048576;
	options->dynamic_memory_ratio = 1.0;
	options->instance_uuid = NULL;
}

NpFailure *
np_failure_new(NpCode code, const gchar *nova_class, const gchar *message)
{
	NpFailure *failure = g_new0(NpFailure, 1);
	failure->code = code;
	failure->nova_class = g_strdup(nova_class);
	failure->message = g_strdup(message);
	return failure;
}

NpFailure *
np_failure_copy(const NpFailure *failure)
{
	g_return_val_if_fail(failure != NULL, NULL);
	return np_failure_new(failure->code, failure->nova_class, failure->message);
}

void
np_failure_free(NpFailure *failure)
{
	if (failure == NULL)
		return;
	g_free(failure->nova_class);
	g_free(failure->message);
	g_free(failure);
}

NpWarning *
np_warning_new(NpCode code, const gchar *key, const gchar *message)
{
	NpWarning *warning = g_new0(NpWarning, 1);
	warning->code = code;
	warning->key = g_strdup(key);
	warning->message = g_strdup(message);
	return warning;
}

NpWarning *
np_warning_copy(const NpWarning *warning)
{
	g_return_val_if_fail(warning != NULL, NULL);
	return np_warning_new(warning->code, warning->key, warning->message);
}

void
np_warning_free(NpWarning *warning)
{
	if (warning == NULL)
		return;
	g_free(warning->key);
	g_free(warning->message);
	g_free(warning);
}

void
np_vcell_free(NpVCell *cell)
{
	if (cell == NULL)
		return;
	if (cell->cpus != NULL)
		g_array_unref(cell->cpus);
	if (cell->dedicated_cpus != NULL)
		g_array_unref(cell->dedicated_cpus);
	g_free(cell->memory_mb_str);
	g_free(cell);
}

guint
np_vcell_get_shared_cpus(const NpVCell *cell)
{
	g_return_val_if_fail(cell != NULL, 0);
	return cell->cpus->len - cell->dedicated_cpus->len;
}

void
np_resolution_free(NpResolution *resolution)
{
	if (resolution == NULL)
		return;
	np_failure_free(resolution->constraints_failure);
	np_failure_free(resolution->hyperv_failure);
	if (resolution->cells != NULL)
		g_ptr_array_unref(resolution->cells);
	g_free(resolution->cpu_policy);
	g_free(resolution->effective_cpu_policy);
	g_free(resolution->cpu_thread_policy);
	g_free(resolution->emulator_threads_policy);
	g_free(resolution->page_size);
	g_ptr_array_unref(resolution->warnings);
	g_free(resolution);
}

const NpFailure *
np_resolution_get_failure(const NpResolution *resolution)
{
	g_return_val_if_fail(resolution != NULL, NULL);
	if (resolution->constraints_failure != NULL)
		return resolution->constraints_failure;
	return resolution->hyperv_failure;
}
