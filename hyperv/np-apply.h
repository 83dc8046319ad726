/* numaplan — applying a plan to a live Hyper-V host (scenario.md §5)
 *
 * np_apply_run() reads the host (np_hyperv_inventory_read()), checks every
 * precondition of the plan before the first write, then per VM writes only
 * the values not yet at their target — memory, processor, system (the
 * reverse when vNUMA is turned off) — each call's Msvm_ConcreteJob awaited.
 * A running VM is shut down cleanly (Msvm_ShutdownComponent) only with
 * allow_stop, and started again afterwards; never powered off. Each
 * shutdown and each completed call gets a journal line, flushed to disk
 * before the next call, so a rerun after any failure converges.
 */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "np-plan.h"
#include "np-wsman.h"

G_BEGIN_DECLS

/* a call answered 32775 (invalid state) is sent again after this long, at
 * most NP_APPLY_MAX_TRIES times in all */
#define NP_APPLY_BUSY_RETRY_MS 1000u
#define NP_APPLY_MAX_TRIES 5u
#define NP_APPLY_RETURN_INVALID_STATE 32775u
#define NP_APPLY_DEFAULT_JOB_TIMEOUT_S 300u
#define NP_APPLY_DEFAULT_STOP_TIMEOUT_S 300u
/* jobs and a stopping VM are polled this often (scenario.md: at least
 * once a second) */
#define NP_APPLY_POLL_MS 100u

/* EnabledState values apply acts on */
#define NP_HYPERV_STATE_RUNNING 2u
#define NP_HYPERV_STATE_OFF 3u

/* a line for people (what was done, or with dry_run what would be) */
typedef void (*NpApplySayFunc)(const gchar *line, gpointer user_data);

/**
 * NpApplyOptions:
 * @dry_run: read and check only; say each call it would make; no journal
 * @allow_stop: shut down (cleanly) a running VM that has a change left
 * @journal_path: the journal (read, and appended to unless @dry_run)
 * @job_timeout_ms: a job still running after this has failed
 * @stop_timeout_ms: a VM not Off this long after its shutdown has failed
 * @say: (nullable): where progress lines go
 */
typedef struct {
	gboolean dry_run;
	gboolean allow_stop;
	const gchar *journal_path;
	guint job_timeout_ms;
	guint stop_timeout_ms;
	NpApplySayFunc say;
	gpointer say_data;
} NpApplyOptions;

/**
 * NpApplyResult:
 * @NP_APPLY_DONE: the host matches the plan (or nothing was to do)
 * @NP_APPLY_REFUSED: a precondition failed or the plan does not fit the
 *   host: nothing was written (exit status 2)
 * @NP_APPLY_FAILED: a failure once the preconditions held (exit status 3);
 *   the journal says what was done
 */
typedef enum {
	NP_APPLY_DONE,
	NP_APPLY_REFUSED,
	NP_APPLY_FAILED,
} NpApplyResult;

NpApplyResult np_apply_run(NpWsmanClient *client,
                           const NpPlan *plan,
                           const NpApplyOptions *options,
                           GError **error);

/* --- the journal (np-apply-journal.c): one JSON object a line */

typedef struct _NpApplyJournal NpApplyJournal;

/* reads @path if it exists (a missing file is an empty journal); with
 * @writable, opens it for appending (mode 0600). Errors: NP_ERROR_IO, or
 * NP_ERROR_INVALID for a line that is not a journal line */
NpApplyJournal *np_apply_journal_open(const gchar *path,
                                      gboolean writable,
                                      GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* the same from a journal's text (@path for messages); the journal is
 * read only */
NpApplyJournal *np_apply_journal_parse(const gchar *text,
                                       gsize length,
                                       const gchar *path,
                                       GError **error) G_GNUC_WARN_UNUSED_RESULT;
void np_apply_journal_free(NpApplyJournal *journal);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpApplyJournal, np_apply_journal_free)
/* TRUE when an earlier run shut the VM down and has not started it since */
gboolean np_apply_journal_stopped_by_us(const NpApplyJournal *journal, const gchar *guid);
/* appends one line: {"step": STEP, "host": HOST, "vm": GUID, "name":
 * NAME, "values": {...}} (vm, name and values left out when NULL),
 * written and fsync()ed before it returns */
gboolean np_apply_journal_add(NpApplyJournal *journal,
                              const gchar *step,
                              const gchar *host,
                              const gchar *guid,
                              const gchar *name,
                              const cJSON *values,
                              GError **error);

G_END_DECLS
