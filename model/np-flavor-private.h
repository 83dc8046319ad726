/* numaplan — flavor and image internals */
#pragma once

#include "np-flavor.h"
#include "np-pos-private.h"
#include "np-props-private.h"

G_BEGIN_DECLS

/**
 * NpFlavor:
 * @name: flavor name
 * @vcpus: number of vCPUs
 * @memory_mb: memory in MiB
 * @extra_specs: `hw:...` and other extra specs
 * @pos: where a scenario file defines it
 */
struct _NpFlavor {
	gatomicrefcount ref;
	gchar *name;
	gint64 vcpus;
	gint64 memory_mb;
	NpProps *extra_specs;
	NpPos pos;
};

struct _NpImage {
	gatomicrefcount ref;
	gchar *name;
	NpProps *properties;
	NpPos pos;
};

G_END_DECLS
