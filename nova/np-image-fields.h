/* GENERATED FILE - do not edit.
 *
 * Nova 26 ImageMetaProps (nova/objects/image_meta.py): every field in
 * `fields` order with its coercion, the valid values of each enum, and
 * _legacy_property_map in order. Used by np-image-meta.c only.
 *
 * Regenerate with Debian's python3-nova installed:
 *   /usr/bin/python3 tests/nova/gen_image_fields.py > nova/np-image-fields.h
 *
 * Source fingerprints (sha256 of the code np-image-meta.c mirrors):
 *   69659d588e1f683d ImageMetaProps.from_dict
 *   43aa66c286900d59 ImageMetaProps._set_attr_from_legacy_names
 *   2e18785daadabf38 ImageMetaProps._set_attr_from_current_names
 *   9022ef2793edcb65 ImageMetaProps._set_attr_from_trait_names
 *   d390482fe8ca5956 ImageMetaProps._set_numa_mem
 *   f54bf1a4b4c8bab4 ImageMetaProps._set_numa_cpus
 *   c14a2c6efa8ac6ab Architecture
 *   02bb0795f9d357ea HVType
 *   f90bfaf4fefeb57f VMMode
 *   4759867af855158f OSType
 *   a8aec3e18a89479d SCSIModel
 *   9e8755dbf5370cb3 VIFModel.coerce
 *   bbed8e09f2247b12 ovo.Field.coerce
 *   bdc27a8276b21776 ovo.String.coerce
 *   9a7e5cd3eea4ee91 ovo.Enum.coerce
 *   7c44a8f22cc37fa4 ovo.Integer.coerce
 *   85ec403536223117 ovo.FlexibleBoolean.coerce
 *   9e1e791dd07a249d ovo.UUID.coerce
 *   8584402a46d4bf49 ovo.VersionPredicate.coerce
 *   64ef82ed2a251436 ovo.List.coerce
 *   57c5df252a6737fe ovo.Dict.coerce
 *   549bb6328269c8b8 ovo.CoercedList._coerce_item
 *   8866bf574041d4dd ovo.CoercedDict._coerce_item
 *   9a483d2edc85dc45 versionpredicate
 *   e9438ae18eefa773 version.StrictVersion
 *   3054ba54440fcdfd strutils.bool_from_string
 */
#pragma once

#include "np-image-meta-private.h"

#define NP_IMAGE_NUMA_NODES_MAX 128 /* ImageMetaProps.NUMA_NODES_MAX */

static const gchar *const np_image_values_architecture[] = {
	"alpha",
	"armv6",
	"armv7l",
	"armv7b",
	"aarch64",
	"cris",
	"i686",
	"ia64",
	"lm32",
	"m68k",
	"microblaze",
	"microblazeel",
	"mips",
	"mipsel",
	"mips64",
	"mips64el",
	"openrisc",
	"parisc",
	"parisc64",
	"ppc",
	"ppcle",
	"ppc64",
	"ppc64le",
	"ppcemb",
	"s390",
	"s390x",
	"sh4",
	"sh4eb",
	"sparc",
	"sparc64",
	"unicore32",
	"x86_64",
	"xtensa",
	"xtensaeb",
	NULL,
};

static const gchar *const np_image_values_disk_bus[] = {
	"fdc",
	"ide",
	"sata",
	"scsi",
	"usb",
	"virtio",
	"xen",
	"lxc",
	"uml",
	NULL,
};

static const gchar *const np_image_values_cpuallocation_policy[] = {
	"dedicated",
	"shared",
	"mixed",
	NULL,
};

static const gchar *const np_image_values_cputhread_allocation_policy[] = {
	"prefer",
	"isolate",
	"require",
	NULL,
};

static const gchar *const np_image_values_firmware_type[] = {
	"uefi",
	"bios",
	NULL,
};

static const gchar *const np_image_values_input_bus[] = {
	"usb",
	"virtio",
	NULL,
};

static const gchar *const np_image_values_pcinumaaffinity_policy[] = {
	"required",
	"legacy",
	"preferred",
	"socket",
	NULL,
};

static const gchar *const np_image_values_pointer_model_type[] = {
	"usbtablet",
	NULL,
};

static const gchar *const np_image_values_block_device_type[] = {
	"cdrom",
	"disk",
	"floppy",
	"fs",
	"lun",
	NULL,
};

static const gchar *const np_image_values_rngmodel[] = {
	"virtio",
	NULL,
};

static const gchar *const np_image_values_scsimodel[] = {
	"buslogic",
	"ibmvscsi",
	"lsilogic",
	"lsisas1068",
	"lsisas1078",
	"virtio-scsi",
	"vmpvscsi",
	NULL,
};

static const gchar *const np_image_values_video_model[] = {
	"cirrus",
	"qxl",
	"vga",
	"vmvga",
	"xen",
	"virtio",
	"gop",
	"none",
	"bochs",
	NULL,
};

static const gchar *const np_image_values_vifmodel[] = {
	"virtio",
	"ne2k_pci",
	"pcnet",
	"rtl8139",
	"e1000",
	"e1000e",
	"netfront",
	"spapr-vlan",
	"lan9118",
	"sriov",
	"vmxnet",
	"vmxnet3",
	NULL,
};

static const gchar *const np_image_values_viommumodel[] = {
	"intel",
	"smmuv3",
	"virtio",
	"auto",
	NULL,
};

static const gchar *const np_image_values_vmmode[] = {
	"hvm",
	"xen",
	"uml",
	"exe",
	NULL,
};

static const gchar *const np_image_values_watchdog_action[] = {
	"none",
	"pause",
	"poweroff",
	"reset",
	"disabled",
	NULL,
};

static const gchar *const np_image_values_tpmmodel[] = {
	"tpm-tis",
	"tpm-crb",
	NULL,
};

static const gchar *const np_image_values_tpmversion[] = {
	"1.2",
	"2.0",
	NULL,
};

static const gchar *const np_image_values_block_device_encryption_format_type[] = {
	"plain",
	"luks",
	"luksv2",
	NULL,
};

static const gchar *const np_image_values_hvtype[] = {
	"baremetal",
	"bhyve",
	"docker",
	"fake",
	"hyperv",
	"ironic",
	"kqemu",
	"kvm",
	"lxc",
	"lxd",
	"openvz",
	"parallels",
	"phyp",
	"qemu",
	"test",
	"uml",
	"vbox",
	"vz",
	"vmware",
	"xen",
	"zvm",
	"prsm",
	NULL,
};

static const gchar *const np_image_values_config_drive_policy[] = {
	"optional",
	"mandatory",
	NULL,
};

static const gchar *const np_image_values_image_signature_hash_type[] = {
	"SHA-224",
	"SHA-256",
	"SHA-384",
	"SHA-512",
	NULL,
};

static const gchar *const np_image_values_image_signature_key_type[] = {
	"DSA",
	"ECC_SECP384R1",
	"ECC_SECP521R1",
	"ECC_SECT409K1",
	"ECC_SECT409R1",
	"ECC_SECT571K1",
	"ECC_SECT571R1",
	"RSA-PSS",
	NULL,
};

static const gchar *const np_image_values_secure_boot[] = {
	"required",
	"disabled",
	"optional",
	NULL,
};

static const gchar *const np_image_values_ostype[] = {
	"linux",
	"windows",
	NULL,
};

static const NpImageAlias np_image_aliases_architecture[] = {
	{"i386", "i686"},
	{"i486", "i686"},
	{"i586", "i686"},
	{"x86_32", "i686"},
	{"x86_32p", "i686"},
	{"amd64", "x86_64"},
	{NULL, NULL},
};

static const NpImageAlias np_image_aliases_scsimodel[] = {
	{"lsilogicsas", "lsisas1068"},
	{"paravirtual", "vmpvscsi"},
	{NULL, NULL},
};

static const NpImageAlias np_image_aliases_vifmodel[] = {
	{"virtuale1000", "e1000"},
	{"virtuale1000e", "e1000e"},
	{"virtualpcnet32", "pcnet"},
	{"virtualsriovethernetcard", "sriov"},
	{"virtualvmxnet", "vmxnet"},
	{"virtualvmxnet3", "vmxnet3"},
	{NULL, NULL},
};

static const NpImageAlias np_image_aliases_vmmode[] = {
	{"pv", "xen"},
	{"hv", "hvm"},
	{"baremetal", "hvm"},
	{NULL, NULL},
};

static const NpImageAlias np_image_aliases_hvtype[] = {
	{"xapi", "xen"},
	{NULL, NULL},
};

/* ImageMetaProps.fields, in order */
static const NpImageField np_image_fields[] = {
	{"hw_architecture", NP_IMAGE_FIELD_CANONICAL, np_image_values_architecture, np_image_aliases_architecture, "Architecture name"},
	{"hw_emulation_architecture", NP_IMAGE_FIELD_CANONICAL, np_image_values_architecture, np_image_aliases_architecture, "Architecture name"},
	{"hw_auto_disk_config", NP_IMAGE_FIELD_STRING, NULL, NULL, NULL},
	{"hw_boot_menu", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"hw_cdrom_bus", NP_IMAGE_FIELD_ENUM, np_image_values_disk_bus, NULL, NULL},
	{"hw_cpu_cores", NP_IMAGE_FIELD_INTEGER, NULL, NULL, NULL},
	{"hw_cpu_sockets", NP_IMAGE_FIELD_INTEGER, NULL, NULL, NULL},
	{"hw_cpu_max_cores", NP_IMAGE_FIELD_INTEGER, NULL, NULL, NULL},
	{"hw_cpu_max_sockets", NP_IMAGE_FIELD_INTEGER, NULL, NULL, NULL},
	{"hw_cpu_max_threads", NP_IMAGE_FIELD_INTEGER, NULL, NULL, NULL},
	{"hw_cpu_policy", NP_IMAGE_FIELD_ENUM, np_image_values_cpuallocation_policy, NULL, NULL},
	{"hw_cpu_thread_policy", NP_IMAGE_FIELD_ENUM, np_image_values_cputhread_allocation_policy, NULL, NULL},
	{"hw_cpu_realtime_mask", NP_IMAGE_FIELD_STRING, NULL, NULL, NULL},
	{"hw_cpu_threads", NP_IMAGE_FIELD_INTEGER, NULL, NULL, NULL},
	{"hw_device_id", NP_IMAGE_FIELD_INTEGER, NULL, NULL, NULL},
	{"hw_disk_bus", NP_IMAGE_FIELD_ENUM, np_image_values_disk_bus, NULL, NULL},
	{"hw_disk_type", NP_IMAGE_FIELD_STRING, NULL, NULL, NULL},
	{"hw_floppy_bus", NP_IMAGE_FIELD_ENUM, np_image_values_disk_bus, NULL, NULL},
	{"hw_firmware_type", NP_IMAGE_FIELD_ENUM, np_image_values_firmware_type, NULL, NULL},
	{"hw_input_bus", NP_IMAGE_FIELD_ENUM, np_image_values_input_bus, NULL, NULL},
	{"hw_ipxe_boot", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"hw_locked_memory", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"hw_machine_type", NP_IMAGE_FIELD_STRING, NULL, NULL, NULL},
	{"hw_mem_encryption", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"hw_mem_page_size", NP_IMAGE_FIELD_STRING, NULL, NULL, NULL},
	{"hw_numa_nodes", NP_IMAGE_FIELD_INTEGER, NULL, NULL, NULL},
	{"hw_numa_cpus", NP_IMAGE_FIELD_NUMA_CPUS, NULL, NULL, NULL},
	{"hw_numa_mem", NP_IMAGE_FIELD_NUMA_MEM, NULL, NULL, NULL},
	{"hw_pci_numa_affinity_policy", NP_IMAGE_FIELD_ENUM, np_image_values_pcinumaaffinity_policy, NULL, NULL},
	{"hw_pointer_model", NP_IMAGE_FIELD_ENUM, np_image_values_pointer_model_type, NULL, NULL},
	{"hw_pmu", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"hw_qemu_guest_agent", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"hw_rescue_bus", NP_IMAGE_FIELD_ENUM, np_image_values_disk_bus, NULL, NULL},
	{"hw_rescue_device", NP_IMAGE_FIELD_ENUM, np_image_values_block_device_type, NULL, NULL},
	{"hw_rng_model", NP_IMAGE_FIELD_ENUM, np_image_values_rngmodel, NULL, NULL},
	{"hw_time_hpet", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"hw_serial_port_count", NP_IMAGE_FIELD_INTEGER, NULL, NULL, NULL},
	{"hw_scsi_model", NP_IMAGE_FIELD_ENUM_LOWER, np_image_values_scsimodel, np_image_aliases_scsimodel, NULL},
	{"hw_video_model", NP_IMAGE_FIELD_ENUM, np_image_values_video_model, NULL, NULL},
	{"hw_video_ram", NP_IMAGE_FIELD_INTEGER, NULL, NULL, NULL},
	{"hw_vif_model", NP_IMAGE_FIELD_ENUM_LOWER, np_image_values_vifmodel, np_image_aliases_vifmodel, NULL},
	{"hw_viommu_model", NP_IMAGE_FIELD_ENUM, np_image_values_viommumodel, NULL, NULL},
	{"hw_vm_mode", NP_IMAGE_FIELD_CANONICAL, np_image_values_vmmode, np_image_aliases_vmmode, "Virtual machine mode"},
	{"hw_watchdog_action", NP_IMAGE_FIELD_ENUM, np_image_values_watchdog_action, NULL, NULL},
	{"hw_vif_multiqueue_enabled", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"hw_tpm_model", NP_IMAGE_FIELD_ENUM, np_image_values_tpmmodel, NULL, NULL},
	{"hw_tpm_version", NP_IMAGE_FIELD_ENUM, np_image_values_tpmversion, NULL, NULL},
	{"hw_ephemeral_encryption", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"hw_ephemeral_encryption_format", NP_IMAGE_FIELD_ENUM, np_image_values_block_device_encryption_format_type, NULL, NULL},
	{"img_bittorrent", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"img_bdm_v2", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"img_block_device_mapping", NP_IMAGE_FIELD_LIST_OF_DICTS_OF_NULLABLE_STRINGS, NULL, NULL, NULL},
	{"img_cache_in_nova", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"img_compression_level", NP_IMAGE_FIELD_INTEGER, NULL, NULL, NULL},
	{"img_hv_requested_version", NP_IMAGE_FIELD_VERSION_PREDICATE, NULL, NULL, NULL},
	{"img_hv_type", NP_IMAGE_FIELD_CANONICAL, np_image_values_hvtype, np_image_aliases_hvtype, "Hypervisor virt type"},
	{"img_config_drive", NP_IMAGE_FIELD_ENUM, np_image_values_config_drive_policy, NULL, NULL},
	{"img_linked_clone", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"img_mappings", NP_IMAGE_FIELD_LIST_OF_DICTS_OF_NULLABLE_STRINGS, NULL, NULL, NULL},
	{"img_owner_id", NP_IMAGE_FIELD_STRING, NULL, NULL, NULL},
	{"img_root_device_name", NP_IMAGE_FIELD_STRING, NULL, NULL, NULL},
	{"img_use_agent", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"img_version", NP_IMAGE_FIELD_INTEGER, NULL, NULL, NULL},
	{"img_signature", NP_IMAGE_FIELD_STRING, NULL, NULL, NULL},
	{"img_signature_hash_method", NP_IMAGE_FIELD_ENUM, np_image_values_image_signature_hash_type, NULL, NULL},
	{"img_signature_certificate_uuid", NP_IMAGE_FIELD_UUID, NULL, NULL, NULL},
	{"img_signature_key_type", NP_IMAGE_FIELD_ENUM, np_image_values_image_signature_key_type, NULL, NULL},
	{"img_hide_hypervisor_id", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"os_admin_user", NP_IMAGE_FIELD_STRING, NULL, NULL, NULL},
	{"os_command_line", NP_IMAGE_FIELD_STRING, NULL, NULL, NULL},
	{"os_distro", NP_IMAGE_FIELD_STRING, NULL, NULL, NULL},
	{"os_require_quiesce", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"os_secure_boot", NP_IMAGE_FIELD_ENUM, np_image_values_secure_boot, NULL, NULL},
	{"os_skip_agent_inject_files_at_boot", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"os_skip_agent_inject_ssh", NP_IMAGE_FIELD_FLEXIBLE_BOOLEAN, NULL, NULL, NULL},
	{"os_type", NP_IMAGE_FIELD_ENUM_LOWER, np_image_values_ostype, NULL, NULL},
	{"traits_required", NP_IMAGE_FIELD_LIST_OF_STRINGS, NULL, NULL, NULL},
};

/* ImageMetaProps._legacy_property_map, in order: legacy name, field */
static const NpImageLegacyName np_image_legacy_names[] = {
	{"architecture", "hw_architecture"},
	{"owner_id", "img_owner_id"},
	{"vmware_disktype", "hw_disk_type"},
	{"vmware_image_version", "img_version"},
	{"vmware_ostype", "os_distro"},
	{"auto_disk_config", "hw_auto_disk_config"},
	{"ipxe_boot", "hw_ipxe_boot"},
	{"xenapi_device_id", "hw_device_id"},
	{"xenapi_image_compression_level", "img_compression_level"},
	{"vmware_linked_clone", "img_linked_clone"},
	{"xenapi_use_agent", "img_use_agent"},
	{"xenapi_skip_agent_inject_ssh", "os_skip_agent_inject_ssh"},
	{"xenapi_skip_agent_inject_files_at_boot", "os_skip_agent_inject_files_at_boot"},
	{"cache_in_nova", "img_cache_in_nova"},
	{"vm_mode", "hw_vm_mode"},
	{"bittorrent", "img_bittorrent"},
	{"mappings", "img_mappings"},
	{"block_device_mapping", "img_block_device_mapping"},
	{"bdm_v2", "img_bdm_v2"},
	{"root_device_name", "img_root_device_name"},
	{"hypervisor_version_requires", "img_hv_requested_version"},
	{"hypervisor_type", "img_hv_type"},
};
