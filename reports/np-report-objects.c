/* The JSON objects of scenario.md §2: event results, VMs, hosts */
#include "np-report-private.h"

static void
np_code_member(NpJsonWriter *w, const gchar *key, NpCode code)
{
	np_json_string(w, key, code == NP_CODE_NONE ? NULL : np_code_to_string(code));
}

static void
np_warnings_member(NpJsonWriter *w, const GPtrArray *warnings)
{
	np_json_begin_array(w, "warnings");
	for (guint i = 0; warnings != NULL && i < warnings->len; i++) {
		const NpWarning *warning = g_ptr_array_index(warnings, i);
		np_json_begin_object(w, NULL);
		np_json_string(w, "code", np_code_to_string(warning->code));
		np_json_string(w, "message", warning->message);
		if (warning->key != NULL)
			np_json_string(w, "key", warning->key);
		np_json_end(w);
	}
	np_json_end(w);
}

static void
np_cells_member(NpJsonWriter *w, const gint64 *cells, guint n_cells)
{
	if (cells == NULL) {
		np_json_null(w, "cells");
		return;
	}
	np_json_begin_array(w, "cells");
	for (guint i = 0; i < n_cells; i++)
		np_json_int(w, NULL, cells[i]);
	np_json_end(w);
}

static void
np_backing_member(NpJsonWriter *w, const NpPart *parts, guint n_parts)
{
	np_json_begin_array(w, "backing");
	for (guint start = 0, end; start < n_parts; start = end) {
		end = np_parts_unit_end(parts, n_parts, start);
		np_json_begin_object(w, NULL);
		np_json_int(w, "vnode", parts[start].vnode);
		np_json_int(w, "home", parts[start].node);
		np_json_begin_array(w, "parts");
		for (guint p = start; p < end; p++) {
			np_json_begin_object(w, NULL);
			np_json_int(w, "node", parts[p].node);
			np_json_int(w, "memory_mb", parts[p].memory_mb);
			np_json_end(w);
		}
		np_json_end(w);
		np_json_end(w);
	}
	np_json_end(w);
}

/* the fields of a VM result, after index/type for events */
void
np_report_vm_fields(NpJsonWriter *w, const NpVmResult *r)
{
	np_json_string(w, "vm", r->vm);
	np_json_string(w, "status", np_status_to_string(r->status));
	np_code_member(w, "code", r->code);
	np_json_string(w, "message", r->message);
	np_json_string(w, "host", r->host);
	np_json_int(w, "attempts", r->attempts);
	if (r->has_vnuma) {
		np_json_begin_object(w, "vnuma");
		np_json_bool(w, "enabled", r->vnuma_enabled);
		np_json_int(w, "nodes", r->vnuma_nodes);
		np_json_int(w, "cpus_per_node", r->cpus_per_node);
		np_json_int(w, "memory_mb_per_node", r->memory_mb_per_node);
		np_json_end(w);
	} else {
		np_json_null(w, "vnuma");
	}
	np_cells_member(w, r->cells, r->n_cells);
	np_backing_member(w, r->parts, r->n_parts);
	np_json_bool(w, "spanned", r->spanned);
	np_json_int(w, "remote_mb", r->remote_mb);
	np_warnings_member(w, r->warnings);
	if (r->has_filtered) {
		np_json_begin_object(w, "filtered");
		np_json_int(w, "compute", r->filtered.compute);
		np_json_int(w, "ram", r->filtered.ram);
		np_json_int(w, "cpu", r->filtered.cpu);
		np_json_int(w, "numa", r->filtered.numa);
		np_json_end(w);
	}
	if (r->has_demand) {
		np_json_int(w, "memory_mb", r->memory_mb);
		np_json_int(w, "target_mb", r->target_mb);
		np_json_int(w, "shortfall_mb", r->shortfall_mb);
	}
	/* like `filtered`, only where it happened: each start that failed
	 * before the last attempt (rules.md §4 reschedules) */
	if (r->failed_starts != NULL) {
		np_json_begin_array(w, "failed_starts");
		for (guint i = 0; i < r->failed_starts->len; i++) {
			const NpFailedStart *f = g_ptr_array_index(r->failed_starts, i);
			np_json_begin_object(w, NULL);
			np_json_string(w, "host", f->host);
			np_code_member(w, "code", f->code);
			np_json_string(w, "message", f->message);
			np_json_end(w);
		}
		np_json_end(w);
	}
}

/* the members of a VM event's object for one of its VMs (the caller opens
 * and closes it, and adds "expect") */
void
np_report_vm_result(NpJsonWriter *w, const NpEventResult *event, const NpVmResult *r)
{
	np_json_int(w, "index", event->index);
	np_json_string(w, "type", np_event_type_to_string(event->type));
	np_report_vm_fields(w, r);
}

/* the members of a host event's object */
void
np_report_host_event(NpJsonWriter *w, const NpEventResult *e)
{
	np_json_int(w, "index", e->index);
	np_json_string(w, "type", np_event_type_to_string(e->type));
	np_json_string(w, "host", e->host);
	np_json_string(w, "status", np_status_to_string(e->status));
	np_code_member(w, "code", e->code);
	np_json_string(w, "message", e->message);
	np_warnings_member(w, e->warnings);
	if (e->type == NP_EVENT_SET_SPANNING)
		np_json_bool(w, "enabled", e->enabled);
	if (e->type == NP_EVENT_FAIL_HOST) {
		np_json_begin_array(w, "evacuated");
		for (guint i = 0; i < e->vms->len; i++) {
			np_json_begin_object(w, NULL);
			np_report_vm_fields(w, g_ptr_array_index(e->vms, i));
			np_json_end(w);
		}
		np_json_end(w);
	}
	if (e->type == NP_EVENT_CAPACITY) {
		np_json_string(w, "flavor", e->flavor);
		np_json_int(w, "fits", e->fits);
		np_json_begin_object(w, "per_host");
		for (guint i = 0; e->per_host != NULL && i < e->per_host->len; i++) {
			const NpHostCount *count = g_ptr_array_index(e->per_host, i);
			np_json_int(w, count->host, count->count);
		}
		np_json_end(w);
		np_json_int(w, "would_span", e->would_span);
		np_code_member(w, "stopped_by", e->stopped_by);
	}
}

/* the members of an entry of `vms` */
void
np_report_vm_state(NpJsonWriter *w, const NpVmResult *vm, const gchar *flavor, NpCode code)
{
	np_json_string(w, "name", vm->vm);
	np_json_string(w, "status", np_status_to_string(vm->status));
	np_json_string(w, "host", vm->host);
	np_json_string(w, "flavor", flavor);
	np_code_member(w, "code", code);
	np_cells_member(w, vm->cells, vm->n_cells);
	np_backing_member(w, vm->parts, vm->n_parts);
	np_json_bool(w, "spanned", vm->spanned);
	np_json_int(w, "remote_mb", vm->remote_mb);
}

/* the members of an entry of `hosts` */
void
np_report_host_state(NpJsonWriter *w, const NpEngine *engine, guint index)
{
	NpHostInfo host;
	np_engine_get_host(engine, index, &host);
	np_json_string(w, "name", host.name);
	np_json_bool(w, "numa_spanning", host.numa_spanning);
	np_json_bool(w, "enabled", host.enabled);
	np_json_int(w, "claimed_vcpus", host.claimed_vcpus);
	np_json_int(w, "claimed_memory_mb", host.claimed_memory_mb);
	np_json_begin_array(w, "nodes");
	for (guint n = 0; n < host.n_nodes; n++) {
		NpNodeInfo node;
		np_engine_get_node(engine, index, n, &node);
		np_json_begin_object(w, NULL);
		np_json_int(w, "id", node.id);
		np_json_int(w, "cpus", node.cpus);
		np_json_int(w, "memory_mb", node.memory_mb);
		np_json_int(w, "reserved_mb", node.reserved_mb);
		np_json_int(w, "free_mb", node.free_mb);
		np_json_int(w, "backed_mb", node.backed_mb);
		np_json_int(w, "claimed_vcpus", node.claimed_vcpus);
		np_json_int(w, "claimed_memory_mb", node.claimed_memory_mb);
		np_json_end(w);
	}
	np_json_end(w);
}

/* an object's members written compactly and read back: what expectations
 * are checked against */
cJSON *
np_report_to_cjson(NpEmitFunc emit, gconstpointer a, gconstpointer b)
{
	g_autoptr(GString) text = g_string_new(NULL);
	g_autoptr(NpJsonWriter) w = np_json_writer_new_compact(text);
	np_json_begin_object(w, NULL);
	emit(w, a, b);
	np_json_end(w);
	return np_json_parse(text->str, text->len, "<report>", NULL);
}

void
np_report_backing_text(GString *out, const NpVmResult *r, const gchar *unit_sep)
{
	for (guint p = 0; p < r->n_parts; p++) {
		const NpPart *part = &r->parts[p];
		gboolean first = p == 0 || r->parts[p - 1].vnode != part->vnode;
		if (first)
			g_string_append_printf(out,
			                       "%sv%" G_GINT64_FORMAT ":",
			                       p > 0 ? unit_sep : "",
			                       part->vnode);
		g_string_append_printf(out,
		                       "%sn%" G_GINT64_FORMAT "=%" G_GINT64_FORMAT,
		                       first ? "" : "+",
		                       part->node,
		                       part->memory_mb);
	}
}

gboolean
np_report_cells_text(GString *out, const NpVmResult *r, const gchar *sep)
{
	if (r->cells == NULL)
		return FALSE;
	for (guint i = 0; i < r->n_cells; i++)
		g_string_append_printf(out, "%s%" G_GINT64_FORMAT, i > 0 ? sep : "", r->cells[i]);
	return TRUE;
}
