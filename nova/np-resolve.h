/* numaplan — request resolution (rules.md §2): flavor + image → the VM
 * configuration Nova and its Hyper-V driver give */
#pragma once

#include "np-request-private.h"

G_BEGIN_DECLS

/**
 * np_resolve:
 * @flavor: the flavor
 * @image: (nullable): the image
 * @dynamic_memory: (nullable): per-VM dynamic memory
 * @options: cluster settings that shape the answer
 *
 * Refusals are results: see np_resolution_get_failure().
 *
 * Returns: (transfer full): the resolution
 */
NpResolution *np_resolve(const NpFlavor *flavor,
                         const NpImage *image,
                         const NpDynamicMemory *dynamic_memory,
                         const NpResolveOptions *options) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
