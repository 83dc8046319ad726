/* numaplan — a resolved request: the VM configuration rules.md §2 gives
 * (the types; nova/np-resolve.c computes them)
 *
 * rules.md §2: Nova's numa_get_constraints() in Nova's order, then the
 * Hyper-V driver's checks, the blueprint's vNUMA limits and the dynamic
 * memory rules; the result says what Hyper-V settings a plan would write.
 */
#pragma once

#include <glib.h>

#include "np-code.h"
#include "np-flavor-private.h"
#include "np-settings.h"

G_BEGIN_DECLS

/**
 * NpResolveOptions:
 * @image_conflict: how image properties meet flavor extra specs
 * @max_vnuma_vcpus: blueprint limit for vNUMA VMs, 0 = none
 * @max_vnuma_memory_mb: blueprint limit for vNUMA VMs in MiB, 0 = none
 * @dynamic_memory_ratio: Nova's `[hyperv] dynamic_memory_ratio`
 * @instance_uuid: printed in Nova's InstanceUnacceptable messages
 */
typedef struct {
	NpImageConflict image_conflict;
	gint64 max_vnuma_vcpus;
	gint64 max_vnuma_memory_mb;
	gdouble dynamic_memory_ratio;
	const gchar *instance_uuid;
} NpResolveOptions;

/* the scenario defaults of rules.md: override, 64 vCPUs, 1 TiB, ratio 1.0 */
void np_resolve_options_init(NpResolveOptions *options);

/**
 * NpDynamicMemory:
 * @enabled: the VM asks for dynamic memory
 * @startup_mb: memory at start, MiB
 * @minimum_mb: Hyper-V's Reservation, MiB
 * @maximum_mb: Hyper-V's Limit, MiB
 * @buffer_percent: memory kept above demand, percent
 *
 * Per-VM dynamic memory (rules.md §5). A request leaves a field 0 to take
 * its default: startup = maximum = the flavor's memory, minimum = startup,
 * buffer 20.
 */
typedef struct {
	gboolean enabled;
	gint64 startup_mb;
	gint64 minimum_mb;
	gint64 maximum_mb;
	gint64 buffer_percent;
} NpDynamicMemory;

/**
 * NpFailure:
 * @code: numaplan's code
 * @nova_class: the exception Nova raises for it, or %NULL
 * @message: Nova's message where Nova has one, else numaplan's
 */
typedef struct {
	NpCode code;
	gchar *nova_class;
	gchar *message;
} NpFailure;

NpFailure *np_failure_new(NpCode code,
                          const gchar *nova_class,
                          const gchar *message) G_GNUC_WARN_UNUSED_RESULT;
NpFailure *np_failure_copy(const NpFailure *failure) G_GNUC_WARN_UNUSED_RESULT;
void np_failure_free(NpFailure *failure);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpFailure, np_failure_free)

/**
 * NpWarning:
 * @code: e.g. %NP_CODE_IMAGE_PROPERTY_OVERRIDDEN
 * @message: a sentence for people
 * @key: the flavor extra spec concerned, or %NULL
 */
typedef struct {
	NpCode code;
	gchar *message;
	gchar *key;
} NpWarning;

NpWarning *
np_warning_new(NpCode code, const gchar *key, const gchar *message) G_GNUC_WARN_UNUSED_RESULT;
NpWarning *np_warning_copy(const NpWarning *warning) G_GNUC_WARN_UNUSED_RESULT;
void np_warning_free(NpWarning *warning);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpWarning, np_warning_free)

/**
 * NpVCell:
 * @cpus: the guest vCPU ids of this virtual node, sorted (gint64)
 * @dedicated_cpus: those of @cpus Nova would pin, sorted (gint64)
 * @memory_mb: memory of this virtual node, MiB; clamped to ±2^62 when a
 *   manual hw:numa_mem.N split made it larger (see @memory_mb_str)
 * @memory_mb_str: the exact memory as Python prints it: a manual split may
 *   hold values beyond 64 bits that sum to the flavor's memory
 */
typedef struct {
	GArray *cpus;
	GArray *dedicated_cpus;
	gint64 memory_mb;
	gchar *memory_mb_str;
} NpVCell;

void np_vcell_free(NpVCell *cell);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpVCell, np_vcell_free)
/* number of shared (not pinned) vCPUs, what Hyper-V counts */
guint np_vcell_get_shared_cpus(const NpVCell *cell);

/**
 * NpHypervSettings:
 *
 * What a plan writes to Msvm_*SettingData for the VM (os-win's rules).
 * A Max* field of 0 means "not written".
 */
typedef struct {
	gboolean virtual_numa_enabled;
	gboolean dynamic_memory_enabled;
	gint64 memory_virtual_quantity_mb;
	gint64 memory_reservation_mb;
	gint64 memory_limit_mb;
	gint64 max_memory_blocks_per_numa_node;
	gint64 processor_virtual_quantity;
	gint64 processor_reservation;
	gint64 processor_limit;
	gboolean limit_processor_features;
	gint64 max_processors_per_numa_node;
} NpHypervSettings;

/**
 * NpResolution:
 *
 * The whole answer for one request. When @constraints_failure is set
 * nothing after it ran; when @hyperv_failure is set the VM is refused by
 * the Hyper-V driver, the blueprint limits or the dynamic memory rules.
 */
typedef struct {
	/* Nova's numa_get_constraints() */
	NpFailure *constraints_failure;
	gboolean image_meta_failure; /* it came from reading the image's properties */
	GPtrArray *cells;            /* of NpVCell, NULL when no vNUMA topology */
	gchar *cpu_policy;           /* what get_cpu_policy_constraint() answers, or NULL */
	gchar *effective_cpu_policy; /* after resources:VCPU/PCPU, or NULL */
	gchar *cpu_thread_policy;
	gchar *emulator_threads_policy;
	gboolean page_size_requested; /* any hw:mem_page_size Hyper-V can't honour */
	gchar *page_size;             /* the request as written, or NULL */
	/* the Hyper-V driver, the blueprint limits, dynamic memory */
	NpFailure *hyperv_failure;
	gboolean vnuma_enabled;
	gint64 vnuma_nodes;
	gint64 memory_per_numa_node;  /* 0 = none */
	gint64 cpus_per_numa_node;    /* 0 = none */
	gdouble dynamic_memory_ratio; /* what Nova hands to os-win */
	NpHypervSettings settings;
	NpDynamicMemory dynamic_memory; /* effective; .enabled FALSE = static */
	gint64 vcpus;
	gint64 memory_mb;
	GPtrArray *warnings; /* of NpWarning */
} NpResolution;

void np_resolution_free(NpResolution *resolution);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpResolution, np_resolution_free)

/* the failure that refuses the VM, or NULL when it may be scheduled */
const NpFailure *np_resolution_get_failure(const NpResolution *resolution);

G_END_DECLS
