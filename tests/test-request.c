/* Request resolution (rules.md §2): every code has a case that triggers it
 * and a near miss that does not. One CUnit test per row. */
#include <string.h>

#include "np-resolve.h"
#include "np-test.h"

typedef struct {
	const gchar *name;
	gint64 vcpus;
	gint64 memory_mb;
	const gchar *specs;   /* "key=value;key=value" */
	const gchar *image;   /* properties, same form, NULL for no image */
	gboolean override;    /* image_conflict override (default reject) */
	gboolean limits;      /* 64 vCPUs / 1 TiB */
	gdouble ratio;        /* dynamic_memory_ratio, 0 = 1.0 */
	gboolean dynamic;     /* per-VM dynamic memory */
	const gchar *code;    /* expected failure code, "none" when it resolves */
	const gchar *warning; /* a warning code that must be present, or NULL */
} NpRequestCase;

static const NpRequestCase cases[] = {
    /* 1. cpu policies */
    {"invalid-cpu-policy", 2, 2048, "hw:cpu_policy=pinned", NULL, 0, 0, 0, 0, "invalid-cpu-policy"},
    {"invalid-cpu-policy-near", 2, 2048, "hw:cpu_policy=shared", NULL, 0, 0, 0, 0, "none"},
    {"invalid-thread-policy",
     2,
     2048,
     "hw:cpu_policy=dedicated;hw:cpu_thread_policy=bogus",
     NULL,
     0,
     0,
     0,
     0,
     "invalid-cpu-thread-policy"},
    {"invalid-thread-policy-near",
     2,
     2048,
     "hw:cpu_policy=dedicated;hw:cpu_thread_policy=isolate",
     NULL,
     0,
     0,
     0,
     0,
     "cpu-pinning-unsupported"},
    {"thread-without-pinning",
     2,
     2048,
     "hw:cpu_thread_policy=isolate;hw:numa_nodes=1",
     NULL,
     0,
     0,
     0,
     0,
     "thread-policy-without-pinning"},
    {"thread-without-pinning-near", 2, 2048, "hw:numa_nodes=1", NULL, 0, 0, 0, 0, "none"},
    {"image-cpu-policy-forbidden",
     2,
     2048,
     "hw:cpu_policy=shared",
     "hw_cpu_policy=dedicated",
     0,
     0,
     0,
     0,
     "image-cpu-policy-forbidden"},
    {"image-cpu-policy-forbidden-near",
     2,
     2048,
     "hw:cpu_policy=dedicated",
     "hw_cpu_policy=shared",
     0,
     0,
     0,
     0,
     "cpu-pinning-unsupported"},
    {"image-cpu-policy-override",
     2,
     2048,
     "hw:cpu_policy=shared",
     "hw_cpu_policy=dedicated",
     1,
     0,
     0,
     0,
     "none",
     "image-property-overridden"},
    {"image-thread-policy-forbidden",
     2,
     2048,
     "hw:cpu_policy=dedicated;hw:cpu_thread_policy=isolate",
     "hw_cpu_thread_policy=require",
     0,
     0,
     0,
     0,
     "image-cpu-thread-policy-forbidden"},
    {"image-thread-policy-forbidden-near",
     2,
     2048,
     "hw:cpu_policy=dedicated;hw:cpu_thread_policy=prefer",
     "hw_cpu_thread_policy=require",
     0,
     0,
     0,
     0,
     "cpu-pinning-unsupported"},
    /* 2. node count, page size, topology conflicts */
    {"invalid-numa-nodes-zero", 4, 4096, "hw:numa_nodes=0", NULL, 0, 0, 0, 0, "invalid-numa-nodes"},
    {"invalid-numa-nodes-word",
     4,
     4096,
     "hw:numa_nodes=two",
     NULL,
     0,
     0,
     0,
     0,
     "invalid-numa-nodes"},
    {"invalid-numa-nodes-padded",
     4,
     4096,
     "hw:numa_nodes= 2",
     NULL,
     0,
     0,
     0,
     0,
     "invalid-numa-nodes"},
    {"invalid-numa-nodes-near", 4, 4096, "hw:numa_nodes=2", NULL, 0, 0, 0, 0, "none"},
    {"invalid-page-size", 2, 2048, "hw:mem_page_size=huge", NULL, 0, 0, 0, 0, "invalid-page-size"},
    {"invalid-page-size-near", 2, 2048, "hw:mem_page_size=2MiB", NULL, 0, 0, 0, 0, "none"},
    {"page-size-forbidden",
     2,
     2048,
     "",
     "hw_mem_page_size=large",
     0,
     0,
     0,
     0,
     "page-size-forbidden"},
    {"page-size-forbidden-override",
     2,
     2048,
     "",
     "hw_mem_page_size=large",
     1,
     0,
     0,
     0,
     "page-size-forbidden"},
    {"page-size-forbidden-small",
     2,
     2048,
     "hw:mem_page_size=small",
     "hw_mem_page_size=large",
     0,
     0,
     0,
     0,
     "page-size-forbidden"},
    {"page-size-forbidden-near",
     2,
     2048,
     "hw:mem_page_size=large",
     "hw_mem_page_size=2MB",
     0,
     0,
     0,
     0,
     "none"},
    {"image-numa-forbidden",
     4,
     4096,
     "hw:numa_nodes=2",
     "hw_numa_nodes=2",
     0,
     0,
     0,
     0,
     "image-numa-forbidden"},
    {"image-numa-forbidden-zero-image",
     4,
     4096,
     "hw:numa_nodes=2",
     "hw_numa_nodes=0",
     0,
     0,
     0,
     0,
     "none"},
    {"image-numa-forbidden-override",
     4,
     4096,
     "hw:numa_nodes=2",
     "hw_numa_nodes=4",
     1,
     0,
     0,
     0,
     "none",
     "image-property-overridden"},
    {"image-numa-cpus-forbidden",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=0,1;hw:numa_cpus.1=2,3;hw:numa_mem.0=2048;hw:numa_mem.1=2048",
     "hw_numa_cpus.0=0,1",
     0,
     0,
     0,
     0,
     "image-numa-forbidden"},
    {"image-numa-mixed-sources",
     4,
     4096,
     "hw:numa_nodes=2",
     "hw_numa_cpus.0=0,1;hw_numa_cpus.1=2,3;hw_numa_mem.0=2048;hw_numa_mem.1=2048",
     0,
     0,
     0,
     0,
     "none"},
    /* 3. manual cells */
    {"topology-incomplete",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=0,1;hw:numa_mem.0=2048",
     NULL,
     0,
     0,
     0,
     0,
     "numa-topology-incomplete"},
    {"topology-incomplete-gap",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=0,1;hw:numa_cpus.2=2,3;hw:numa_mem.0=2048;hw:numa_mem.1=2048",
     NULL,
     0,
     0,
     0,
     0,
     "numa-topology-incomplete"},
    {"topology-complete-near",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=0,1;hw:numa_cpus.1=2,3;hw:numa_mem.0=2048;hw:numa_mem.1=2048",
     NULL,
     0,
     0,
     0,
     0,
     "none"},
    {"cpu-out-of-range",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=0,1;hw:numa_cpus.1=2,4;hw:numa_mem.0=2048;hw:numa_mem.1=2048",
     NULL,
     0,
     0,
     0,
     0,
     "numa-cpu-out-of-range"},
    {"cpu-duplicate",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=0,1;hw:numa_cpus.1=1,2;hw:numa_mem.0=2048;hw:numa_mem.1=2048",
     NULL,
     0,
     0,
     0,
     0,
     "numa-cpu-duplicate"},
    {"cpu-unassigned",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=0;hw:numa_cpus.1=1,2;hw:numa_mem.0=2048;hw:numa_mem.1=2048",
     NULL,
     0,
     0,
     0,
     0,
     "numa-cpu-unassigned"},
    {"memory-mismatch",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=0,1;hw:numa_cpus.1=2,3;hw:numa_mem.0=2048;hw:numa_mem.1=1024",
     NULL,
     0,
     0,
     0,
     0,
     "numa-memory-mismatch"},
    {"invalid-cpu-spec",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=1-0;hw:numa_cpus.1=2,3;hw:numa_mem.0=2048;hw:numa_mem.1=2048",
     NULL,
     0,
     0,
     0,
     0,
     "invalid-cpu-spec"},
    {"invalid-numa-memory",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=0,1;hw:numa_cpus.1=2,3;hw:numa_mem.0=2GB;hw:numa_mem.1=2048",
     NULL,
     0,
     0,
     0,
     0,
     "invalid-numa-memory"},
    /* 4. automatic split */
    {"uneven-split-cpus", 3, 4096, "hw:numa_nodes=2", NULL, 0, 0, 0, 0, "numa-uneven-split"},
    {"uneven-split-memory", 4, 4095, "hw:numa_nodes=2", NULL, 0, 0, 0, 0, "numa-uneven-split"},
    {"uneven-split-more-nodes-than-cpus",
     2,
     4096,
     "hw:numa_nodes=4",
     NULL,
     0,
     0,
     0,
     0,
     "numa-uneven-split"},
    {"uneven-split-near", 4, 4096, "hw:numa_nodes=4", NULL, 0, 0, 0, 0, "none"},
    /* 5. the Hyper-V driver */
    {"cpu-pinning",
     2,
     2048,
     "hw:cpu_policy=dedicated",
     NULL,
     0,
     0,
     0,
     0,
     "cpu-pinning-unsupported"},
    {"cpu-pinning-mixed",
     4,
     4096,
     "hw:cpu_policy=mixed;hw:cpu_dedicated_mask=^0",
     NULL,
     0,
     0,
     0,
     0,
     "cpu-pinning-unsupported"},
    {"asymmetric-cpus",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=0;hw:numa_cpus.1=1-3;hw:numa_mem.0=2048;hw:numa_mem.1=2048",
     NULL,
     0,
     0,
     0,
     0,
     "asymmetric-topology"},
    {"asymmetric-memory",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=0,1;hw:numa_cpus.1=2,3;hw:numa_mem.0=1024;hw:numa_mem.1=3072",
     NULL,
     0,
     0,
     0,
     0,
     "asymmetric-topology"},
    {"asymmetric-near-interleaved",
     4,
     4096,
     "hw:numa_nodes=2;hw:numa_cpus.0=0,2;hw:numa_cpus.1=1,3;hw:numa_mem.0=2048;hw:numa_mem.1=2048",
     NULL,
     0,
     0,
     0,
     0,
     "none"},
    /* 6. blueprint limits */
    {"too-many-vcpus", 66, 66 * 1024, "hw:numa_nodes=2", NULL, 0, 1, 0, 0, "too-many-vcpus"},
    {"too-many-vcpus-near", 64, 64 * 1024, "hw:numa_nodes=2", NULL, 0, 1, 0, 0, "none"},
    {"too-many-vcpus-plain", 66, 66 * 1024, "", NULL, 0, 1, 0, 0, "none"},
    {"too-many-vcpus-no-limit", 128, 128 * 1024, "hw:numa_nodes=2", NULL, 0, 0, 0, 0, "none"},
    {"too-much-memory", 16, 1048576 + 2048, "hw:numa_nodes=2", NULL, 0, 1, 0, 0, "too-much-memory"},
    {"too-much-memory-near", 16, 1048576, "hw:numa_nodes=2", NULL, 0, 1, 0, 0, "none"},
    /* 7. dynamic memory */
    {"dynamic-memory-with-vnuma",
     4,
     4096,
     "hw:numa_nodes=2",
     NULL,
     0,
     1,
     0,
     1,
     "dynamic-memory-with-vnuma"},
    {"dynamic-memory-plain-near", 4, 4096, "", NULL, 0, 1, 0, 1, "none"},
    {"dynamic-memory-ratio-ignored",
     4,
     4096,
     "hw:numa_nodes=2",
     NULL,
     0,
     1,
     2.0,
     0,
     "none",
     "dynamic-memory-ignored"},
    /* other Nova checks */
    {"realtime-mask-invalid",
     4,
     4096,
     "hw:cpu_policy=dedicated;hw:cpu_realtime=yes",
     NULL,
     0,
     0,
     0,
     0,
     "invalid-realtime-mask"},
    {"realtime-mask-near",
     4,
     4096,
     "hw:cpu_policy=dedicated;hw:cpu_realtime=yes;hw:cpu_realtime_mask=^0",
     NULL,
     0,
     0,
     0,
     0,
     "cpu-pinning-unsupported"},
    {"realtime-without-pinning",
     4,
     4096,
     "hw:cpu_realtime=yes;hw:cpu_realtime_mask=^0",
     NULL,
     0,
     0,
     0,
     0,
     "realtime-without-pinning"},
    {"dedicated-mask-invalid",
     4,
     4096,
     "hw:cpu_policy=mixed;hw:cpu_dedicated_mask=0-3",
     NULL,
     0,
     0,
     0,
     0,
     "invalid-dedicated-mask"},
    {"dedicated-mask-without-mixed",
     4,
     4096,
     "hw:cpu_policy=dedicated;hw:cpu_dedicated_mask=^0",
     NULL,
     0,
     0,
     0,
     0,
     "dedicated-mask-without-mixed"},
    {"mixed-mask-required",
     4,
     4096,
     "hw:cpu_policy=mixed",
     NULL,
     0,
     0,
     0,
     0,
     "mixed-mask-required"},
    {"emulator-policy-invalid",
     4,
     4096,
     "hw:emulator_threads_policy=dedicated",
     NULL,
     0,
     0,
     0,
     0,
     "invalid-emulator-threads-policy"},
    {"emulator-without-pinning",
     4,
     4096,
     "hw:emulator_threads_policy=isolate",
     NULL,
     0,
     0,
     0,
     0,
     "emulator-threads-without-pinning"},
    {"emulator-share-near", 4, 4096, "hw:emulator_threads_policy=share", NULL, 0, 0, 0, 0, "none"},
    {"cpu-resources-conflict",
     4,
     4096,
     "hw:cpu_policy=shared;resources:VCPU=4",
     NULL,
     0,
     0,
     0,
     0,
     "invalid-cpu-resources"},
    {"cpu-resources-pcpu-mismatch",
     4,
     4096,
     "resources:PCPU=2",
     NULL,
     0,
     0,
     0,
     0,
     "invalid-cpu-resources"},
    {"cpu-resources-pcpu-dedicated",
     4,
     4096,
     "resources:PCPU=4",
     NULL,
     0,
     0,
     0,
     0,
     "cpu-pinning-unsupported"},
    {"cpu-resources-vcpu-near", 4, 4096, "resources:VCPU=4", NULL, 0, 0, 0, 0, "none"},
    {"locked-memory-forbidden",
     2,
     2048,
     "hw:locked_memory=true",
     NULL,
     0,
     0,
     0,
     0,
     "locked-memory-forbidden"},
    {"locked-memory-near",
     2,
     2048,
     "hw:locked_memory=true;hw:mem_page_size=large",
     NULL,
     0,
     0,
     0,
     0,
     "none"},
    {"locked-memory-conflict",
     2,
     2048,
     "hw:locked_memory=true;hw:mem_page_size=large",
     "hw_locked_memory=false",
     0,
     0,
     0,
     0,
     "locked-memory-conflict"},
    {"image-property-invalid",
     2,
     2048,
     "",
     "hw_cpu_policy=pinned",
     0,
     0,
     0,
     0,
     "invalid-image-property"},
    {"image-property-invalid-nodes",
     2,
     2048,
     "",
     "hw_numa_nodes=two",
     0,
     0,
     0,
     0,
     "invalid-image-property"},
    {"unknown-extra-spec",
     2,
     2048,
     "hw:numa_nodez=2",
     NULL,
     0,
     0,
     0,
     0,
     "none",
     "unknown-extra-spec"},
};

static NpProps *
np_parse_pairs(const gchar *text)
{
	NpProps *props = np_props_new();
	g_auto(GStrv) pairs = g_strsplit(text, ";", -1);
	for (guint i = 0; pairs[i] != NULL; i++) {
		g_auto(GStrv) kv = NULL;
		if (pairs[i][0] == '\0')
			continue;
		kv = g_strsplit(pairs[i], "=", 2);
		np_props_set_string(props, kv[0], kv[1] != NULL ? kv[1] : "");
	}
	return props;
}

static const NpRequestCase *
np_find_case(const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		if (g_strcmp0(cases[i].name, name) == 0)
			return &cases[i];
	}
	return NULL;
}

static NpResolution *
np_run_case(const NpRequestCase *c)
{
	g_autoptr(NpFlavor) flavor = np_flavor_new("f", c->vcpus, c->memory_mb);
	g_autoptr(NpImage) image = NULL;
	NpResolveOptions options;
	NpDynamicMemory dm = {0};

	np_props_free(flavor->extra_specs);
	flavor->extra_specs = np_parse_pairs(c->specs);
	if (c->image != NULL) {
		image = np_image_new("i");
		np_props_free(image->properties);
		image->properties = np_parse_pairs(c->image);
	}
	np_resolve_options_init(&options);
	options.image_conflict =
	    c->override ? NP_IMAGE_CONFLICT_OVERRIDE : NP_IMAGE_CONFLICT_REJECT;
	if (!c->limits) {
		options.max_vnuma_vcpus = 0;
		options.max_vnuma_memory_mb = 0;
	}
	if (c->ratio > 0)
		options.dynamic_memory_ratio = c->ratio;
	dm.enabled = c->dynamic;
	dm.startup_mb = c->memory_mb / 2;
	return np_resolve(flavor, image, &dm, &options);
}

/* the body shared by every table row: the row is the test's name */
static void
test_row(void)
{
	const NpRequestCase *c = np_find_case(CU_get_current_test()->pName);
	g_autoptr(NpResolution) res = NULL;
	const NpFailure *failure;
	NP_CHECK(c != NULL);
	res = np_run_case(c);
	failure = np_resolution_get_failure(res);
	NP_CHECK_STR(failure != NULL ? np_code_to_string(failure->code) : "none", c->code);
	if (failure != NULL) {
		/* every code of a Nova check names Nova's class */
		const gchar *nova_class = np_code_get_nova_class(failure->code);
		if (nova_class != NULL && failure->code != NP_CODE_INVALID_IMAGE_PROPERTY
		    && failure->code != NP_CODE_INVALID_CPU_THREAD_POLICY)
			NP_CHECK_STR(failure->nova_class, nova_class);
		NP_CHECK(failure->message != NULL && failure->message[0] != '\0');
	}
	if (c->warning != NULL) {
		gboolean found = FALSE;
		for (guint i = 0; i < res->warnings->len; i++) {
			const NpWarning *w = g_ptr_array_index(res->warnings, i);
			found |= g_strcmp0(np_code_to_string(w->code), c->warning) == 0;
		}
		CU_ASSERT_TRUE(found);
	}
}

static void
test_messages(void)
{
	const NpRequestCase *c = np_find_case("numa-uneven-split");
	g_autoptr(NpResolution) asym = np_run_case(np_find_case("asymmetric-cpus"));
	g_autoptr(NpResolution) unassigned = np_run_case(np_find_case("cpu-unassigned"));
	g_autoptr(NpResolution) spec = np_run_case(np_find_case("invalid-cpu-spec"));
	(void)c;
	NP_CHECK_STR(
	    asym->hyperv_failure->message,
	    "Instance 00000000-0000-0000-0000-000000000000 is unacceptable: Hyper-V does not "
	    "support NUMA topologies with uneven number of processors. (3 != 1)");
	NP_CHECK_STR(unassigned->constraints_failure->message,
	             "CPU number {3} is not assigned to any node");
	NP_CHECK_STR(spec->constraints_failure->message, "Invalid range expression '1-0'");
}

/* os-win's reservation: the even floor of memory / ratio */
static void
test_hyperv_settings(void)
{
	g_autoptr(NpFlavor) flavor = np_flavor_new("f", 4, 4095);
	g_autoptr(NpFlavor) numa = np_flavor_new("n", 8, 16384);
	g_autoptr(NpResolution) plain = NULL;
	g_autoptr(NpResolution) vnuma = NULL;
	NpResolveOptions options;
	np_resolve_options_init(&options);
	options.dynamic_memory_ratio = 2.0;
	plain = np_resolve(flavor, NULL, NULL, &options);
	NP_CHECK(np_resolution_get_failure(plain) == NULL);
	CU_ASSERT_FALSE(plain->vnuma_enabled);
	CU_ASSERT_TRUE(plain->settings.dynamic_memory_enabled);
	CU_ASSERT_EQUAL(plain->settings.memory_reservation_mb, 2046);
	CU_ASSERT_EQUAL(plain->settings.memory_virtual_quantity_mb, 2046);
	CU_ASSERT_EQUAL(plain->settings.memory_limit_mb, 4095);
	CU_ASSERT_EQUAL(plain->settings.max_memory_blocks_per_numa_node, 0);
	CU_ASSERT_TRUE(plain->dynamic_memory.enabled);
	CU_ASSERT_EQUAL(plain->dynamic_memory.startup_mb, 2046);

	np_props_set_string(numa->extra_specs, "hw:numa_nodes", "2");
	vnuma = np_resolve(numa, NULL, NULL, &options);
	NP_CHECK(np_resolution_get_failure(vnuma) == NULL);
	CU_ASSERT_TRUE(vnuma->vnuma_enabled);
	CU_ASSERT_EQUAL(vnuma->vnuma_nodes, 2);
	CU_ASSERT_FALSE(vnuma->settings.dynamic_memory_enabled);
	CU_ASSERT_EQUAL(vnuma->settings.memory_reservation_mb, 16384);
	CU_ASSERT_EQUAL(vnuma->settings.max_memory_blocks_per_numa_node, 8192);
	CU_ASSERT_EQUAL(vnuma->settings.max_processors_per_numa_node, 4);
	CU_ASSERT_EQUAL(vnuma->dynamic_memory_ratio, 1.0);
}

int
main(void)
{
	CU_pSuite suite;
	if (CU_initialize_registry() != CUE_SUCCESS)
		return EXIT_FAILURE;
	suite = CU_add_suite("request", NULL, NULL);
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
		CU_add_test(suite, cases[i].name, test_row);
	CU_add_test(suite, "messages", test_messages);
	CU_add_test(suite, "hyperv_settings", test_hyperv_settings);
	return np_test_run();
}
