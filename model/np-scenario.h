/* numaplan — scenario files (scenario.md §1): hosts, flavors, images, events
 *
 * A scenario is loaded and fully validated before anything runs: every
 * error names PATH:LINE:COLUMN, and a scenario that loads can be replayed
 * without meeting an unknown name.
 */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "np-flavor.h"
#include "np-request.h"

G_BEGIN_DECLS

/**
 * NpNodeSpec:
 * @id: the physical NUMA node id
 * @cpus: logical processors on the node
 * @memory_mb: total memory, MiB
 * @reserved_mb: memory kept by the root partition, MiB
 *
 * A node's capacity for VMs is @memory_mb − @reserved_mb.
 */
typedef struct {
	gint64 id;
	gint64 cpus;
	gint64 memory_mb;
	gint64 reserved_mb;
} NpNodeSpec;

/**
 * NpHostSettings:
 *
 * The settings a host may override (rules.md §3, "Per-host settings").
 */
typedef struct {
	gboolean numa_spanning;
	gdouble cpu_allocation_ratio;
	gdouble ram_allocation_ratio;
	gint64 max_vnuma_vcpus;	    /* 0 = no limit */
	gint64 max_vnuma_memory_mb; /* 0 = no limit */
} NpHostSettings;

/**
 * NpHostSpec:
 * @name: host name (after `count:` expansion)
 * @nodes: its NUMA nodes (#NpNodeSpec), in file order
 * @settings: the cluster settings with this host's overrides applied
 * @line: where the host is defined (1-based)
 */
typedef struct {
	gchar *name;
	GArray *nodes;
	NpHostSettings settings;
	guint line;
	guint column;
} NpHostSpec;

NpHostSpec *np_host_spec_new(const gchar *name) G_GNUC_WARN_UNUSED_RESULT;
NpHostSpec *np_host_spec_copy(const NpHostSpec *host) G_GNUC_WARN_UNUSED_RESULT;
void np_host_spec_free(NpHostSpec *host);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpHostSpec, np_host_spec_free)

typedef enum {
	NP_WEIGHER_SPREAD, /* Nova's RAM weigher: most free claimed memory first */
	NP_WEIGHER_PACK,   /* least free first */
	NP_WEIGHER_LAST
} NpWeigher;

typedef enum {
	NP_BACKING_MOST_FREE, /* Hyper-V: the node with most available memory */
	NP_BACKING_BEST_FIT,  /* least free memory that fits */
	NP_BACKING_FIRST_FIT, /* lowest node id that fits */
	NP_BACKING_LAST
} NpBackingPolicy;

const gchar *np_weigher_to_string(NpWeigher weigher);
NpWeigher np_weigher_from_string(const gchar *str);
const gchar *np_backing_policy_to_string(NpBackingPolicy policy);
NpBackingPolicy np_backing_policy_from_string(const gchar *str);

/**
 * NpSettings:
 * @host_defaults: per-host settings before overrides
 * @weigher: `spread` or `pack`
 * @numa_cells_pack: Nova's packing_host_numa_cells_allocation_strategy
 * @backing: where Hyper-V backs memory
 * @image_conflict: flavor vs image
 * @dynamic_memory_ratio: Nova's `[hyperv] dynamic_memory_ratio`
 * @max_attempts: starts per boot, reschedules included
 * @seed: for anything random (no current rule is)
 */
typedef struct {
	NpHostSettings host_defaults;
	NpWeigher weigher;
	gboolean numa_cells_pack;
	NpBackingPolicy backing;
	NpImageConflict image_conflict;
	gdouble dynamic_memory_ratio;
	gint64 max_attempts;
	guint64 seed;
} NpSettings;

/* rules.md defaults */
void np_settings_init(NpSettings *settings);

typedef enum {
	NP_EVENT_BOOT,
	NP_EVENT_DELETE,
	NP_EVENT_STOP,
	NP_EVENT_START,
	NP_EVENT_RESTART,
	NP_EVENT_RESIZE,
	NP_EVENT_MIGRATE,
	NP_EVENT_DEMAND,
	NP_EVENT_SET_SPANNING,
	NP_EVENT_FAIL_HOST,
	NP_EVENT_RECOVER_HOST,
	NP_EVENT_ADD_HOST,
	NP_EVENT_REMOVE_HOST,
	NP_EVENT_CAPACITY,
	NP_EVENT_LAST
} NpEventType;

const gchar *np_event_type_to_string(NpEventType type);
NpEventType np_event_type_from_string(const gchar *str);

/**
 * NpEvent:
 * @type: what happens
 * @index: position in `events:` (0-based)
 * @line: where the item starts (1-based)
 * @column: where the item starts (1-based)
 * @vm: boot: the name (base name with @count); other VM events: the VM
 * @count: boot: how many (`NAME-1` … `NAME-N`), 0 without `count:`
 * @flavor: boot, resize, capacity
 * @image: boot, capacity; %NULL for none
 * @host: boot (forced host), migrate (target), set_spanning,
 *   fail_host, recover_host, remove_host; %NULL for none
 * @dynamic_memory: boot; .enabled FALSE for static memory
 * @memory_mb: demand: the guest's demand, MiB
 * @enabled: set_spanning: the new value
 * @new_hosts: add_host: the hosts it adds (#NpHostSpec; several with count)
 * @expect: the item's `expect:` map as JSON, %NULL for none
 */
typedef struct {
	NpEventType type;
	guint index;
	guint line;
	guint column;
	gchar *vm;
	gint64 count;
	gchar *flavor;
	gchar *image;
	gchar *host;
	NpDynamicMemory dynamic_memory;
	gint64 memory_mb;
	gboolean enabled;
	GPtrArray *new_hosts;
	cJSON *expect;
} NpEvent;

void np_event_free(NpEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpEvent, np_event_free)

/**
 * NpScenario:
 * @path: the file it was read from
 * @name: `name:`, or the file's base name without extension
 * @settings: cluster settings
 * @hosts: the hosts at the start (#NpHostSpec), `count:` expanded
 * @flavors: #NpFlavor in file order
 * @images: #NpImage in file order
 * @events: #NpEvent in file order
 * @expect: the top-level `expect:` as JSON, %NULL for none
 */
typedef struct {
	gchar *path;
	gchar *name;
	NpSettings settings;
	GPtrArray *hosts;
	GPtrArray *flavors;
	GPtrArray *images;
	GPtrArray *events;
	cJSON *expect;
} NpScenario;

/* limits on hostile input (scenario.md §1); the text aliases repeat is
 * limited to NP_SCENARIO_MAX_BYTES as well (one long scalar aliased
 * 10000 times is not 10000 small nodes) */
#define NP_SCENARIO_MAX_BYTES (64 * 1024 * 1024)
#define NP_SCENARIO_MAX_DEPTH 64
#define NP_SCENARIO_MAX_ALIAS_NODES 10000
/* the largest size or count a scenario may hold (MiB, vCPUs, LPs, count:):
 * 1 EiB of memory per node; sums over every node of a scenario stay far
 * inside gint64, and each value is exact as a double */
#define NP_SCENARIO_MAX_QUANTITY (G_GINT64_CONSTANT(1) << 40)
/* NUMA nodes over all hosts and VM names over all boots, `count:`
 * expanded: a short file must not make the simulator allocate without end */
#define NP_SCENARIO_MAX_NODES 1000000
#define NP_SCENARIO_MAX_VMS 1000000
/* YAML nodes in the file, aliases included: the tree, and the JSON of
 * `expect:`, stay within a few hundred MiB whatever the file holds */
#define NP_SCENARIO_MAX_YAML_NODES 4000000

/**
 * np_scenario_load_file:
 * @path: a scenario file
 *
 * Reads and validates a scenario. Errors are %NP_ERROR_PARSE or
 * %NP_ERROR_INVALID (%NP_ERROR_IO when the file can't be read) with a
 * message starting `PATH:LINE:COLUMN: `.
 */
NpScenario *np_scenario_load_file(const gchar *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* the same from memory; @path names it in messages and anchors
 * `topology_file:` paths */
NpScenario *np_scenario_load_data(const gchar *data, gsize length, const gchar *path,
				  GError **error) G_GNUC_WARN_UNUSED_RESULT;
void np_scenario_free(NpScenario *scenario);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpScenario, np_scenario_free)

const NpFlavor *np_scenario_get_flavor(const NpScenario *scenario, const gchar *name);
const NpImage *np_scenario_get_image(const NpScenario *scenario, const gchar *name);

/**
 * np_topology_json_parse:
 * @data: `Get-VMHostNumaNode | ConvertTo-Json` output: an array, or one
 *   object for a one-node host; UTF-8 (BOM allowed) or UTF-16 with BOM
 * @path: names the file in messages
 * @computer_name: (out) (optional): the first `ComputerName`, or %NULL
 *
 * Returns: (transfer full): the nodes (#NpNodeSpec): `NodeId` → id, the
 * length of `ProcessorsAvailability` → cpus, `MemoryTotal` → memory_mb,
 * `MemoryTotal − MemoryAvailable` → reserved_mb.
 */
GArray *np_topology_json_parse(const gchar *data, gsize length, const gchar *path,
			       gchar **computer_name, GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
