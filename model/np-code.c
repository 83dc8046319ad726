#include "np-code.h"

#include "np-enum-private.h"

typedef struct {
	const gchar *name;
	const gchar *nova_class;
} NpCodeInfo;

static const NpCodeInfo np_code_table[] = {
    [NP_CODE_NONE] = {"none", NULL},
    [NP_CODE_INVALID_CPU_POLICY] = {"invalid-cpu-policy", "InvalidCPUAllocationPolicy"},
    [NP_CODE_INVALID_CPU_THREAD_POLICY] = {"invalid-cpu-thread-policy",
                                           "InvalidCPUThreadAllocationPolicy"},
    [NP_CODE_THREAD_POLICY_WITHOUT_PINNING] = {"thread-policy-without-pinning",
                                               "CPUThreadPolicyConfigurationInvalid"},
    [NP_CODE_IMAGE_CPU_POLICY_FORBIDDEN] = {"image-cpu-policy-forbidden",
                                            "ImageCPUPinningForbidden"},
    [NP_CODE_IMAGE_CPU_THREAD_POLICY_FORBIDDEN] = {"image-cpu-thread-policy-forbidden",
                                                   "ImageCPUThreadPolicyForbidden"},
    [NP_CODE_INVALID_REALTIME_MASK] = {"invalid-realtime-mask", "RealtimeMaskNotFoundOrInvalid"},
    [NP_CODE_REALTIME_WITHOUT_PINNING] = {"realtime-without-pinning",
                                          "RealtimeConfigurationInvalid"},
    [NP_CODE_INVALID_DEDICATED_MASK] = {"invalid-dedicated-mask",
                                        "InvalidMixedInstanceDedicatedMask"},
    [NP_CODE_INVALID_EMULATOR_THREADS_POLICY] = {"invalid-emulator-threads-policy",
                                                 "InvalidEmulatorThreadsPolicy"},
    [NP_CODE_EMULATOR_THREADS_WITHOUT_PINNING] = {"emulator-threads-without-pinning",
                                                  "BadRequirementEmulatorThreadsPolicy"},
    [NP_CODE_DEDICATED_MASK_WITHOUT_MIXED] = {"dedicated-mask-without-mixed",
                                              "RequiredMixedInstancePolicy"},
    [NP_CODE_MIXED_MASK_REQUIRED] = {"mixed-mask-required", "RequiredMixedOrRealtimeCPUMask"},
    [NP_CODE_INVALID_CPU_RESOURCES] = {"invalid-cpu-resources", "InvalidRequest"},
    [NP_CODE_INVALID_NUMA_NODES] = {"invalid-numa-nodes", "InvalidNUMANodesNumber"},
    [NP_CODE_INVALID_PAGE_SIZE] = {"invalid-page-size", "MemoryPageSizeInvalid"},
    [NP_CODE_PAGE_SIZE_FORBIDDEN] = {"page-size-forbidden", "MemoryPageSizeForbidden"},
    [NP_CODE_LOCKED_MEMORY_CONFLICT] = {"locked-memory-conflict",
                                        "FlavorImageLockedMemoryConflict"},
    [NP_CODE_LOCKED_MEMORY_FORBIDDEN] = {"locked-memory-forbidden", "LockMemoryForbidden"},
    [NP_CODE_IMAGE_NUMA_FORBIDDEN] = {"image-numa-forbidden", "ImageNUMATopologyForbidden"},
    [NP_CODE_INVALID_CPU_SPEC] = {"invalid-cpu-spec", "Invalid"},
    [NP_CODE_INVALID_NUMA_MEMORY] = {"invalid-numa-memory", "ValueError"},
    [NP_CODE_INVALID_IMAGE_PROPERTY] = {"invalid-image-property", "ValueError"},
    [NP_CODE_NUMA_TOPOLOGY_INCOMPLETE] = {"numa-topology-incomplete",
                                          "ImageNUMATopologyIncomplete"},
    [NP_CODE_NUMA_CPU_OUT_OF_RANGE] = {"numa-cpu-out-of-range", "ImageNUMATopologyCPUOutOfRange"},
    [NP_CODE_NUMA_CPU_DUPLICATE] = {"numa-cpu-duplicate", "ImageNUMATopologyCPUDuplicates"},
    [NP_CODE_NUMA_CPU_UNASSIGNED] = {"numa-cpu-unassigned", "ImageNUMATopologyCPUsUnassigned"},
    [NP_CODE_NUMA_MEMORY_MISMATCH] = {"numa-memory-mismatch", "ImageNUMATopologyMemoryOutOfRange"},
    [NP_CODE_NUMA_UNEVEN_SPLIT] = {"numa-uneven-split", "ImageNUMATopologyAsymmetric"},
    [NP_CODE_CPU_PINNING_UNSUPPORTED] = {"cpu-pinning-unsupported", "InstanceUnacceptable"},
    [NP_CODE_ASYMMETRIC_TOPOLOGY] = {"asymmetric-topology", "InstanceUnacceptable"},
    [NP_CODE_TOO_MANY_VCPUS] = {"too-many-vcpus", NULL},
    [NP_CODE_TOO_MUCH_MEMORY] = {"too-much-memory", NULL},
    [NP_CODE_DYNAMIC_MEMORY_WITH_VNUMA] = {"dynamic-memory-with-vnuma", NULL},
    [NP_CODE_INVALID_DYNAMIC_MEMORY] = {"invalid-dynamic-memory", NULL},
    [NP_CODE_NO_VALID_HOST] = {"no-valid-host", "NoValidHost"},
    [NP_CODE_PAGE_SIZE_UNSUPPORTED] = {"page-size-unsupported", "MemoryPageSizeNotSupported"},
    [NP_CODE_NO_NODE_FITS_SPANNING_DISABLED] = {"no-node-fits-spanning-disabled", NULL},
    [NP_CODE_INSUFFICIENT_MEMORY] = {"insufficient-memory", NULL},
    [NP_CODE_NOVA_PCPUSET_UNSUPPORTED] = {"nova-pcpuset-unsupported", "NotImplementedError"},
    [NP_CODE_NOVA_EMPTY_SIBLINGS] = {"nova-empty-siblings", "ValueError"},
    [NP_CODE_VM_NOT_RUNNING] = {"vm-not-running", NULL},
    [NP_CODE_VM_NOT_STOPPED] = {"vm-not-stopped", NULL},
    [NP_CODE_VM_NOT_PLACED] = {"vm-not-placed", NULL},
    [NP_CODE_HOST_NOT_EMPTY] = {"host-not-empty", NULL},
    [NP_CODE_HOST_FAILED] = {"host-failed", NULL},
    [NP_CODE_HOST_NOT_FAILED] = {"host-not-failed", NULL},
    [NP_CODE_SAME_HOST] = {"same-host", NULL},
    [NP_CODE_DYNAMIC_MEMORY_OFF] = {"dynamic-memory-off", NULL},
    [NP_CODE_CAPACITY_LIMIT] = {"capacity-limit", NULL},
    [NP_CODE_HOST_REMOVED] = {"host-removed", NULL},
    [NP_CODE_UNKNOWN_EXTRA_SPEC] = {"unknown-extra-spec", NULL},
    [NP_CODE_UNKNOWN_IMAGE_PROPERTY] = {"unknown-image-property", NULL},
    [NP_CODE_IMAGE_PROPERTY_OVERRIDDEN] = {"image-property-overridden", NULL},
    [NP_CODE_DYNAMIC_MEMORY_IGNORED] = {"dynamic-memory-ignored", NULL},
    [NP_CODE_MEMORY_PRESSURE] = {"memory-pressure", NULL},
    [NP_CODE_SPANNING_NEEDS_RESTART] = {"spanning-needs-restart", NULL},
};
G_STATIC_ASSERT(G_N_ELEMENTS(np_code_table) == NP_CODE_LAST);

const gchar *
np_code_to_string(NpCode code)
{
	return np_enum_name(np_code_table, sizeof(np_code_table[0]), NP_CODE_LAST, code);
}

/* NP_CODE_LAST when unknown */
NpCode
np_code_from_string(const gchar *str)
{
	return np_enum_lookup(np_code_table, sizeof(np_code_table[0]), NP_CODE_LAST, str);
}

const gchar *
np_code_get_nova_class(NpCode code)
{
	g_return_val_if_fail(code < NP_CODE_LAST, NULL);
	return np_code_table[code].nova_class;
}
