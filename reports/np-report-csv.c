/* The CSV report of a run (RFC 4180; docs/reports.md): one header row,
 * then a row per object of `events` (and per evacuated VM and failed
 * start), per VM at the end, and the free capacity per node, host and
 * cluster. Every row has every column; `record` says what the row is. */
#include <string.h>

#include "np-markup.h"
#include "np-report-private.h"

typedef enum {
	NP_COL_RECORD,
	NP_COL_INDEX,
	NP_COL_TYPE,
	NP_COL_VM,
	NP_COL_HOST,
	NP_COL_NODE,
	NP_COL_STATUS,
	NP_COL_CODE,
	NP_COL_ATTEMPTS,
	NP_COL_FLAVOR,
	NP_COL_CELLS,
	NP_COL_BACKING,
	NP_COL_SPANNED,
	NP_COL_REMOTE_MB,
	NP_COL_FITS,
	NP_COL_WOULD_SPAN,
	NP_COL_STOPPED_BY,
	NP_COL_NOVA_FREE_MB,
	NP_COL_HYPERV_FREE_MB,
	NP_COL_GAP_MB,
	NP_COL_NOVA_FREE_VCPUS,
	NP_COL_STRANDED_MB,
	NP_COL_STRANDED_VCPUS,
	NP_COL_MESSAGE,
	NP_COL_LAST
} NpCsvColumn;

static const gchar *const np_csv_columns[] = {
    "record",
    "index",
    "type",
    "vm",
    "host",
    "node",
    "status",
    "code",
    "attempts",
    "flavor",
    "cells",
    "backing",
    "spanned",
    "remote_mb",
    "fits",
    "would_span",
    "stopped_by",
    "nova_free_mb",
    "hyperv_free_mb",
    "gap_mb",
    "nova_free_vcpus",
    "stranded_mb",
    "stranded_vcpus",
    "message",
};

/* one row being filled: a string per column, NULL for empty */
typedef struct {
	gchar *fields[NP_COL_LAST];
} NpCsvRow;

static void
np_row_clear(NpCsvRow *row)
{
	for (guint i = 0; i < NP_COL_LAST; i++)
		g_clear_pointer(&row->fields[i], g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(NpCsvRow, np_row_clear)

static void
np_row_set(NpCsvRow *row, NpCsvColumn column, const gchar *value)
{
	g_free(row->fields[column]);
	row->fields[column] = g_strdup(value);
}

static void
np_row_int(NpCsvRow *row, NpCsvColumn column, gint64 value)
{
	g_free(row->fields[column]);
	row->fields[column] = g_strdup_printf("%" G_GINT64_FORMAT, value);
}

static void
np_row_code(NpCsvRow *row, NpCsvColumn column, NpCode code)
{
	np_row_set(row, column, code == NP_CODE_NONE ? NULL : np_code_to_string(code));
}

static void
np_row_write(GString *out, NpCsvRow *row)
{
	np_csv_record(out, (const gchar *const *)row->fields, NP_COL_LAST);
}

void
np_report_csv_header(GString *out)
{
	G_STATIC_ASSERT(G_N_ELEMENTS(np_csv_columns) == NP_COL_LAST);
	np_csv_record(out, np_csv_columns, NP_COL_LAST);
}

static void
np_row_vm(NpCsvRow *row, const NpVmResult *r)
{
	np_row_set(row, NP_COL_VM, r->vm);
	np_row_set(row, NP_COL_HOST, r->host);
	np_row_set(row, NP_COL_STATUS, np_status_to_string(r->status));
	np_row_code(row, NP_COL_CODE, r->code);
	{
		/* "0;1" and "v0:n0=8192;v1:n1=4096+n0=4096"; no cells: an empty field */
		GString *cells = g_string_new(NULL);
		GString *backing = g_string_new(NULL);
		gboolean has_cells = np_report_cells_text(cells, r, ";");
		g_free(row->fields[NP_COL_CELLS]);
		row->fields[NP_COL_CELLS] = g_string_free(cells, !has_cells);
		np_report_backing_text(backing, r, ";");
		g_free(row->fields[NP_COL_BACKING]);
		row->fields[NP_COL_BACKING] = g_string_free(backing, FALSE);
	}
	np_row_set(row, NP_COL_SPANNED, r->spanned ? "true" : "false");
	np_row_int(row, NP_COL_REMOTE_MB, r->remote_mb);
}

static void
np_csv_vm_result(GString *out, const NpEventResult *e, const NpVmResult *r, const gchar *record)
{
	g_auto(NpCsvRow) row = {{NULL}};
	np_row_set(&row, NP_COL_RECORD, record);
	np_row_int(&row, NP_COL_INDEX, e->index);
	np_row_set(&row, NP_COL_TYPE, np_event_type_to_string(e->type));
	np_row_vm(&row, r);
	np_row_int(&row, NP_COL_ATTEMPTS, r->attempts);
	np_row_set(&row, NP_COL_MESSAGE, r->message);
	np_row_write(out, &row);
	for (guint i = 0; r->failed_starts != NULL && i < r->failed_starts->len; i++) {
		const NpFailedStart *f = g_ptr_array_index(r->failed_starts, i);
		g_auto(NpCsvRow) failed = {{NULL}};
		np_row_set(&failed, NP_COL_RECORD, "failed_start");
		np_row_int(&failed, NP_COL_INDEX, e->index);
		np_row_set(&failed, NP_COL_TYPE, np_event_type_to_string(e->type));
		np_row_set(&failed, NP_COL_VM, r->vm);
		np_row_set(&failed, NP_COL_HOST, f->host);
		np_row_set(&failed, NP_COL_STATUS, "failed-to-start");
		np_row_code(&failed, NP_COL_CODE, f->code);
		np_row_int(&failed, NP_COL_ATTEMPTS, i + 1);
		np_row_set(&failed, NP_COL_MESSAGE, f->message);
		np_row_write(out, &failed);
	}
}

void
np_report_csv_vm_event(GString *out, const NpEventResult *e, const NpVmResult *r)
{
	np_csv_vm_result(out, e, r, "event");
}

void
np_report_csv_event(GString *out, const NpEventResult *e)
{
	g_auto(NpCsvRow) row = {{NULL}};

	if (np_event_type_is_vm_event(e->type)) {
		for (guint v = 0; v < e->vms->len; v++)
			np_csv_vm_result(out, e, g_ptr_array_index(e->vms, v), "event");
		return;
	}
	np_row_set(&row, NP_COL_RECORD, "event");
	np_row_int(&row, NP_COL_INDEX, e->index);
	np_row_set(&row, NP_COL_TYPE, np_event_type_to_string(e->type));
	np_row_set(&row, NP_COL_HOST, e->host);
	np_row_set(&row, NP_COL_STATUS, np_status_to_string(e->status));
	np_row_code(&row, NP_COL_CODE, e->code);
	if (e->type == NP_EVENT_CAPACITY) {
		np_row_set(&row, NP_COL_FLAVOR, e->flavor);
		np_row_int(&row, NP_COL_FITS, e->fits);
		np_row_int(&row, NP_COL_WOULD_SPAN, e->would_span);
		np_row_code(&row, NP_COL_STOPPED_BY, e->stopped_by);
	}
	np_row_set(&row, NP_COL_MESSAGE, e->message);
	np_row_write(out, &row);
	for (guint v = 0; e->type == NP_EVENT_FAIL_HOST && v < e->vms->len; v++)
		np_csv_vm_result(out, e, g_ptr_array_index(e->vms, v), "evacuated");
}

static void
np_row_free(NpCsvRow *row, const NpFree *free, gboolean stranded)
{
	np_row_int(row, NP_COL_NOVA_FREE_MB, free->nova_free_mb);
	np_row_int(row, NP_COL_HYPERV_FREE_MB, free->hyperv_free_mb);
	np_row_int(row, NP_COL_GAP_MB, free->nova_free_mb - free->hyperv_free_mb);
	np_row_int(row, NP_COL_NOVA_FREE_VCPUS, free->nova_free_vcpus);
	if (stranded) {
		np_row_int(row, NP_COL_STRANDED_MB, free->stranded_mb);
		np_row_int(row, NP_COL_STRANDED_VCPUS, free->stranded_vcpus);
	}
}

/* the rows after the events: VMs, then free capacity per node, host and
 * cluster */
void
np_report_csv_finish(GString *out, const NpEngine *engine, const NpHeadroom *headroom)
{
	for (guint i = 0; i < engine->vms->len; i++) {
		const NpSimVm *vm = g_ptr_array_index(engine->vms, i);
		g_autoptr(NpVmResult) r = np_sim_vm_result(engine, vm, vm->status);
		g_auto(NpCsvRow) row = {{NULL}};
		np_row_set(&row, NP_COL_RECORD, "vm");
		np_row_vm(&row, r);
		np_row_code(&row, NP_COL_CODE, vm->code);
		np_row_set(&row,
		           NP_COL_FLAVOR,
		           vm->config != NULL ? vm->config->flavor->name : NULL);
		np_row_write(out, &row);
	}
	for (guint h = 0; h < engine->hosts->len; h++) {
		const NpSimHost *host = np_engine_host(engine, h);
		g_auto(NpCsvRow) row = {{NULL}};
		if (host->removed)
			continue;
		for (guint n = 0; n < host->hv.n_nodes; n++) {
			g_auto(NpCsvRow) node_row = {{NULL}};
			NpFree node;
			np_free_of_node(engine, h, n, &node);
			np_row_set(&node_row, NP_COL_RECORD, "node");
			np_row_set(&node_row, NP_COL_HOST, host->name);
			np_row_int(&node_row, NP_COL_NODE, host->hv.nodes[n].id);
			np_row_free(&node_row, &node, FALSE);
			np_row_write(out, &node_row);
		}
		np_row_set(&row, NP_COL_RECORD, "host");
		np_row_set(&row, NP_COL_HOST, host->name);
		np_row_set(&row, NP_COL_STATUS, host->failed ? "failed" : "enabled");
		np_row_free(&row, &headroom->hosts[h], TRUE);
		np_row_write(out, &row);
	}
	{
		g_auto(NpCsvRow) row = {{NULL}};
		np_row_set(&row, NP_COL_RECORD, "cluster");
		np_row_free(&row, &headroom->cluster, TRUE);
		np_row_write(out, &row);
	}
}

/* ------------------------------------------ the planning documents' CSV */

void
np_csv_begin(NpCsvRecord *row, const gchar *const *columns)
{
	row->columns = columns;
	row->n = g_strv_length((gchar **)columns);
	row->fields = g_new0(gchar *, row->n + 1);
}

void
np_csv_put(NpCsvRecord *row, const gchar *column, const gchar *value)
{
	for (guint i = 0; i < row->n; i++) {
		if (strcmp(row->columns[i], column) == 0) {
			g_free(row->fields[i]);
			row->fields[i] = g_strdup(value);
			return;
		}
	}
	g_return_if_reached();
}

void
np_csv_put_int(NpCsvRecord *row, const gchar *column, gint64 value)
{
	g_autofree gchar *text = g_strdup_printf("%" G_GINT64_FORMAT, value);
	np_csv_put(row, column, text);
}

void
np_csv_end(GString *out, NpCsvRecord *row)
{
	np_csv_record(out, (const gchar *const *)row->fields, row->n);
	/* empty fields are NULL: not a NULL-terminated vector */
	for (guint i = 0; i < row->n; i++)
		g_free(row->fields[i]);
	g_clear_pointer(&row->fields, g_free);
}

static void
np_csv_put_free(NpCsvRecord *row, const NpFree *free, gboolean stranded)
{
	np_csv_put_int(row, "nova_free_mb", free->nova_free_mb);
	np_csv_put_int(row, "hyperv_free_mb", free->hyperv_free_mb);
	np_csv_put_int(row, "gap_mb", free->nova_free_mb - free->hyperv_free_mb);
	np_csv_put_int(row, "nova_free_vcpus", free->nova_free_vcpus);
	if (stranded) {
		np_csv_put_int(row, "stranded_mb", free->stranded_mb);
		np_csv_put_int(row, "stranded_vcpus", free->stranded_vcpus);
	}
}

/* the node, host and cluster rows of free capacity; @columns must have
 * record, host, node, status and the free columns */
void
np_csv_free_rows(GString *out,
                 const gchar *const *columns,
                 const NpEngine *engine,
                 const NpHeadroom *headroom)
{
	NpCsvRecord row;
	for (guint h = 0; h < engine->hosts->len; h++) {
		const NpSimHost *host = np_engine_host(engine, h);
		if (host->removed)
			continue;
		for (guint n = 0; n < host->hv.n_nodes; n++) {
			NpFree node;
			np_free_of_node(engine, h, n, &node);
			np_csv_begin(&row, columns);
			np_csv_put(&row, "record", "node");
			np_csv_put(&row, "host", host->name);
			np_csv_put_int(&row, "node", host->hv.nodes[n].id);
			np_csv_put_free(&row, &node, FALSE);
			np_csv_end(out, &row);
		}
		np_csv_begin(&row, columns);
		np_csv_put(&row, "record", "host");
		np_csv_put(&row, "host", host->name);
		np_csv_put(&row, "status", host->failed ? "failed" : "enabled");
		np_csv_put_free(&row, &headroom->hosts[h], TRUE);
		np_csv_end(out, &row);
	}
	np_csv_begin(&row, columns);
	np_csv_put(&row, "record", "cluster");
	np_csv_put_free(&row, &headroom->cluster, TRUE);
	np_csv_end(out, &row);
}
