/* A plan as a PowerShell script (scenario.md §5, `apply --emit
 * powershell`): the same preconditions as apply, each a `throw` when it
 * fails, all checked before the first change; then the same writes in the
 * same order with the Hyper-V module's cmdlets, and ModifySystemSettings
 * (through CIM) for vNUMA, which no cmdlet sets. No credentials: it runs on
 * the host, as an administrator. */
#include <string.h>

#include "np-plan.h"

/* a PowerShell single-quoted string: ' doubles */
static void
np_ps_quote(GString *out, const gchar *text)
{
	g_string_append_c(out, '\'');
	for (const gchar *p = text; *p != '\0'; p++) {
		/* PowerShell also takes the typographic quotes as quotes */
		if (*p == '\'')
			g_string_append(out, "''");
		else if (strncmp(p, "\xe2\x80\x98", 3) == 0 || strncmp(p, "\xe2\x80\x99", 3) == 0) {
			g_string_append(out, "''");
			p += 2;
		} else
			g_string_append_c(out, *p);
	}
	g_string_append_c(out, '\'');
}

/* text for a comment: no line break can end it early */
static void
np_ps_comment(GString *out, const gchar *text)
{
	for (const gchar *p = text; *p != '\0'; p++)
		g_string_append_c(out, *p == '\n' || *p == '\r' ? ' ' : *p);
}

static const gchar *
np_ps_bool(gint64 value)
{
	return value ? "$true" : "$false";
}

/* how PowerShell reads the value at the host, in the plan's unit */
static const gchar *
np_ps_reader(const NpPlanKey *key)
{
	static const struct {
		NpPlanPart part;
		const gchar *name;
		const gchar *expression;
	} readers[] = {
	    {NP_PLAN_MEMORY, "DynamicMemoryEnabled", "$mem.DynamicMemoryEnabled"},
	    {NP_PLAN_MEMORY, "VirtualQuantity", "($mem.Startup / 1MB)"},
	    {NP_PLAN_MEMORY, "Reservation", "($mem.Minimum / 1MB)"},
	    {NP_PLAN_MEMORY, "Limit", "($mem.Maximum / 1MB)"},
	    {NP_PLAN_MEMORY, "TargetMemoryBuffer", "$mem.Buffer"},
	    {NP_PLAN_MEMORY, "MaxMemoryBlocksPerNumaNode", "$mem.MaximumPerNumaNode"},
	    {NP_PLAN_PROCESSOR, "VirtualQuantity", "$proc.Count"},
	    {NP_PLAN_PROCESSOR, "MaxProcessorsPerNumaNode", "$proc.MaximumCountPerNumaNode"},
	    {NP_PLAN_SYSTEM,
	     "VirtualNumaEnabled",
	     "(Get-NumaplanSystemSettings $vm).VirtualNumaEnabled"},
	};
	for (guint i = 0; i < G_N_ELEMENTS(readers); i++)
		if (readers[i].part == key->part && strcmp(readers[i].name, key->name) == 0)
			return readers[i].expression;
	g_assert_not_reached();
	return NULL;
}

/* the cmdlet parameter that writes the value */
static void
np_ps_setter(GString *out, const NpPlanValue *v)
{
	static const struct {
		NpPlanPart part;
		const gchar *name;
		const gchar *parameter;
		gboolean megabytes;
	} setters[] = {
	    {NP_PLAN_MEMORY, "DynamicMemoryEnabled", "-DynamicMemoryEnabled", FALSE},
	    {NP_PLAN_MEMORY, "VirtualQuantity", "-StartupBytes", TRUE},
	    {NP_PLAN_MEMORY, "Reservation", "-MinimumBytes", TRUE},
	    {NP_PLAN_MEMORY, "Limit", "-MaximumBytes", TRUE},
	    {NP_PLAN_MEMORY, "TargetMemoryBuffer", "-Buffer", FALSE},
	    {NP_PLAN_MEMORY, "MaxMemoryBlocksPerNumaNode", "-MaximumAmountPerNumaNodeBytes", TRUE},
	    {NP_PLAN_PROCESSOR, "VirtualQuantity", "-Count", FALSE},
	    {NP_PLAN_PROCESSOR, "MaxProcessorsPerNumaNode", "-MaximumCountPerNumaNode", FALSE},
	};
	for (guint i = 0; i < G_N_ELEMENTS(setters); i++) {
		if (setters[i].part != v->key->part || strcmp(setters[i].name, v->key->name) != 0)
			continue;
		if (np_plan_key_is_boolean(v->key))
			g_string_append_printf(out,
			                       " %s %s",
			                       setters[i].parameter,
			                       np_ps_bool(v->target));
		else
			g_string_append_printf(out,
			                       " %s %" G_GINT64_FORMAT "%s",
			                       setters[i].parameter,
			                       v->target,
			                       setters[i].megabytes ? "MB" : "");
	}
}

static gchar *
np_ps_value(const NpPlanKey *key, gint64 value)
{
	if (np_plan_key_is_boolean(key))
		return g_strdup(np_ps_bool(value));
	return g_strdup_printf("%" G_GINT64_FORMAT, value);
}

static const gchar np_ps_prologue[] =
    "param([switch]$AllowStop)\n"
    "$ErrorActionPreference = 'Stop'\n"
    "Set-StrictMode -Version 2\n"
    "\n"
    "# the realized settings of a VM (never a snapshot's)\n"
    "function Get-NumaplanSystemSettings($vm) {\n"
    "    $id = 'Microsoft:' + $vm.Id.ToString().ToUpper()\n"
    "    Get-CimInstance -Namespace 'root\\virtualization\\v2' -ClassName "
    "'Msvm_VirtualSystemSettingData' -Filter (\"InstanceID = '\" + $id + \"'\")\n"
    "}\n"
    "\n"
    "# VirtualNumaEnabled: no cmdlet sets it, ModifySystemSettings does; a job\n"
    "# (4096) is awaited\n"
    "function Set-NumaplanVirtualNuma($vm, [bool]$enabled) {\n"
    "    $vssd = Get-NumaplanSystemSettings $vm\n"
    "    $vssd.VirtualNumaEnabled = $enabled\n"
    "    $serializer = "
    "[Microsoft.Management.Infrastructure.Serialization.CimSerializer]::Create()\n"
    "    $text = [System.Text.Encoding]::Unicode.GetString($serializer.Serialize($vssd, "
    "[Microsoft.Management.Infrastructure.Serialization.InstanceSerializationOptions]::None))\n"
    "    $service = Get-CimInstance -Namespace 'root\\virtualization\\v2' -ClassName "
    "'Msvm_VirtualSystemManagementService'\n"
    "    $result = Invoke-CimMethod -InputObject $service -MethodName 'ModifySystemSettings' "
    "-Arguments @{SystemSettings = $text}\n"
    "    if ($result.ReturnValue -eq 4096) {\n"
    "        $job = Get-CimInstance -InputObject $result.Job\n"
    "        while ($job.JobState -lt 7) {\n"
    "            Start-Sleep -Seconds 1\n"
    "            $job = Get-CimInstance -InputObject $job\n"
    "        }\n"
    "        if ($job.JobState -ne 7 -and $job.JobState -ne 32768) {\n"
    "            throw ('ModifySystemSettings: job ended in state ' + $job.JobState + ': ' + "
    "$job.ErrorDescription)\n"
    "        }\n"
    "    } elseif ($result.ReturnValue -ne 0) {\n"
    "        throw ('ModifySystemSettings returned ' + $result.ReturnValue)\n"
    "    }\n"
    "}\n";

static void
np_ps_check_host(GString *out, const NpPlanHost *host)
{
	g_string_append(out, "$vmhost = Get-VMHost\n");
	g_string_append(out, "if ($vmhost.ComputerName -ne ");
	np_ps_quote(out, host->name);
	g_string_append(
	    out,
	    ") { throw ('precondition: the host is ' + $vmhost.ComputerName + ', not ' + ");
	np_ps_quote(out, host->name);
	g_string_append(out, ") }\n");
	g_string_append(out, "$nodes = @(Get-VMHostNumaNode | Sort-Object NodeId)\n");
	g_string_append_printf(out,
	                       "if ($nodes.Count -ne %u) { throw 'precondition: the host has not "
	                       "%u NUMA nodes' }\n",
	                       host->nodes->len,
	                       host->nodes->len);
	for (guint i = 0; i < host->nodes->len; i++) {
		const NpPlanNode *node = &g_array_index(host->nodes, NpPlanNode, i);
		g_string_append_printf(
		    out,
		    "if ($nodes[%u].NodeId -ne %" G_GINT64_FORMAT
		    " -or @($nodes[%u].ProcessorsAvailability).Count -ne %" G_GINT64_FORMAT
		    " -or $nodes[%u].MemoryTotal -ne %" G_GINT64_FORMAT
		    ") { throw 'precondition: NUMA node %" G_GINT64_FORMAT
		    " is not the plan''s (%" G_GINT64_FORMAT
		    " logical processors, %" G_GINT64_FORMAT " MB)' }\n",
		    i,
		    node->id,
		    i,
		    node->logical_processors,
		    i,
		    node->memory_mb,
		    node->id,
		    node->logical_processors,
		    node->memory_mb);
	}
	if (host->spanning)
		g_string_append_printf(out,
		                       "if ($vmhost.NumaSpanningEnabled -ne %s -and "
		                       "$vmhost.NumaSpanningEnabled -ne %s) { throw 'precondition: "
		                       "NumaSpanningEnabled is neither the recorded nor the target "
		                       "value' }\n",
		                       np_ps_bool(host->spanning_recorded),
		                       np_ps_bool(host->spanning_target));
}

/* $vmN and its checks; $leftN says whether a change is left */
static void
np_ps_check_vm(GString *out, const NpPlanVm *vm, guint n)
{
	g_string_append_printf(out, "\n# VM ");
	np_ps_comment(out, vm->name);
	g_string_append_printf(out, "\n$vm = Get-VM -Id ");
	np_ps_quote(out, vm->guid);
	g_string_append(out, "\nif ($vm.Name -cne ");
	np_ps_quote(out, vm->name);
	g_string_append(out, ") { throw ('precondition: VM ' + ");
	np_ps_quote(out, vm->guid);
	g_string_append(out, " + ' is named ' + $vm.Name) }\n");
	g_string_append(out, "$mem = Get-VMMemory -VM $vm\n$proc = Get-VMProcessor -VM $vm\n");
	g_string_append_printf(out, "$left%u = $false\n", n);
	for (guint p = 0; p < NP_PLAN_N_PARTS; p++) {
		const NpPlanSettings *s = &vm->parts[p];
		for (guint i = 0; i < s->values->len; i++) {
			const NpPlanValue *v = &g_array_index(s->values, NpPlanValue, i);
			const gchar *reader = np_ps_reader(v->key);
			g_autofree gchar *recorded = np_ps_value(v->key, v->recorded);
			g_autofree gchar *target = np_ps_value(v->key, v->target);
			g_string_append_printf(
			    out,
			    "$now = %s\n"
			    "if ($now -ne %s -and $now -ne %s) { throw ('precondition: "
			    "VM ' + $vm.Name + ': %s %s is ' + $now + ', neither the "
			    "recorded %s nor the target %s') }\n"
			    "if ($now -ne %s) { $left%u = $true }\n",
			    reader,
			    recorded,
			    target,
			    np_plan_part_to_string(p),
			    v->key->name,
			    recorded,
			    target,
			    target,
			    n);
		}
	}
	g_string_append_printf(out,
	                       "if ($left%u -and $vm.State -ne 'Off') {\n"
	                       "    if ($vm.State -ne 'Running') { throw ('precondition: VM ' + "
	                       "$vm.Name + ' is ' + $vm.State + ': only an Off VM is changed') }\n"
	                       "    if (-not $AllowStop) { throw ('precondition: VM ' + $vm.Name + "
	                       "' is running: run with -AllowStop to shut it down cleanly') }\n"
	                       "}\n",
	                       n);
}

static void
np_ps_apply_vm(GString *out, const NpPlanVm *vm, guint n)
{
	g_string_append(out, "\n$vm = Get-VM -Id ");
	np_ps_quote(out, vm->guid);
	g_string_append_printf(out,
	                       "\n$stopped = $false\n"
	                       "if ($left%u -and $AllowStop -and $vm.State -eq 'Running') {\n"
	                       "    Stop-VM -VM $vm\n"
	                       "    $stopped = $true\n"
	                       "}\n",
	                       n);
	for (guint i = 0; i < NP_PLAN_N_PARTS; i++) {
		NpPlanPart part = np_plan_vm_part_at(vm, i);
		const NpPlanSettings *s = &vm->parts[part];
		g_autoptr(GString) args = g_string_new(NULL);
		gint64 vnuma = -1;
		for (guint k = 0; k < s->values->len; k++) {
			const NpPlanValue *v = &g_array_index(s->values, NpPlanValue, k);
			if (v->recorded == v->target)
				continue;
			if (part == NP_PLAN_SYSTEM)
				vnuma = v->target;
			else
				np_ps_setter(args, v);
		}
		if (part == NP_PLAN_SYSTEM && vnuma >= 0)
			g_string_append_printf(out,
			                       "Set-NumaplanVirtualNuma $vm %s\n",
			                       np_ps_bool(vnuma));
		else if (args->len > 0)
			g_string_append_printf(out,
			                       "%s -VM $vm%s\n",
			                       part == NP_PLAN_MEMORY ? "Set-VMMemory"
			                                              : "Set-VMProcessor",
			                       args->str);
	}
	g_string_append(out, "if ($stopped) { Start-VM -VM $vm }\n");
}

gchar *
np_plan_to_powershell(const NpPlan *plan, const gchar *plan_path)
{
	GString *out = g_string_new(NULL);
	guint n = 0;

	g_string_append(out, "# Written by numaplan apply --emit powershell from the plan ");
	np_ps_comment(out, plan_path);
	g_string_append(out,
	                ".\n# Run it on the Hyper-V host as an administrator. Every precondition "
	                "is\n# checked first and the first that fails stops it (throw); then the "
	                "plan\n# is applied. A running VM is shut down (cleanly, never turned off) "
	                "and\n# started again only with -AllowStop.\n");
	g_string_append(out, np_ps_prologue);
	for (guint h = 0; h < plan->hosts->len; h++) {
		const NpPlanHost *host = g_ptr_array_index(plan->hosts, h);
		guint first = n;

		g_string_append(out, "\n# ---- host ");
		np_ps_comment(out, host->name);
		g_string_append(out, ": preconditions\n");
		np_ps_check_host(out, host);
		for (guint i = 0; i < host->vms->len; i++)
			np_ps_check_vm(out, g_ptr_array_index(host->vms, i), n++);
		g_string_append(out, "\n# ---- host ");
		np_ps_comment(out, host->name);
		g_string_append(out, ": changes\n");
		if (host->spanning)
			g_string_append_printf(
			    out,
			    "if ((Get-VMHost).NumaSpanningEnabled -ne %s) {\n"
			    "    Set-VMHost -NumaSpanningEnabled %s\n"
			    "    Write-Warning 'NUMA spanning takes effect when the "
			    "Virtual Machine Management service (vmms) is restarted'\n"
			    "}\n",
			    np_ps_bool(host->spanning_target),
			    np_ps_bool(host->spanning_target));
		for (guint i = 0; i < host->vms->len; i++)
			np_ps_apply_vm(out, g_ptr_array_index(host->vms, i), first + i);
		for (guint i = 0; i < host->creates->len; i++) {
			const NpPlanVm *create = g_ptr_array_index(host->creates, i);
			g_string_append(out, "# not performed: the scenario creates VM ");
			np_ps_comment(out, create->vm);
			g_string_append_c(out, '\n');
		}
	}
	return g_string_free(out, FALSE);
}
