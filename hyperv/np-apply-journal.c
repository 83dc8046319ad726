/* The apply journal (scenario.md §5): one JSON object a line, appended and
 * fsync()ed before the next call, so that after a crash, a fault or a
 * power cut it says exactly what was done; a rerun reads it to start again
 * the VMs an earlier run shut down. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "np-apply.h"
#include "np-error.h"
#include "np-json-writer.h"
#include "np-json.h"

struct _NpApplyJournal {
	gchar *path;
	gint fd;                   /* -1 when read only */
	GHashTable *stopped_by_us; /* upper-case GUID → TRUE */
};

void
np_apply_journal_free(NpApplyJournal *journal)
{
	if (journal == NULL)
		return;
	if (journal->fd >= 0)
		close(journal->fd);
	g_hash_table_unref(journal->stopped_by_us);
	g_free(journal->path);
	g_free(journal);
}

static gboolean
np_journal_read(NpApplyJournal *journal, GError **error)
{
	g_autofree gchar *text = NULL;
	g_autoptr(GError) local = NULL;
	g_auto(GStrv) lines = NULL;
	gsize length = 0;

	if (!g_file_get_contents(journal->path, &text, &length, &local)) {
		if (g_error_matches(local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
			return TRUE;
		g_set_error(error, NP_ERROR, NP_ERROR_IO, "%s: %s", journal->path, local->message);
		return FALSE;
	}
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		g_autoptr(cJSON) line = NULL;
		const cJSON *step, *vm;
		if (lines[i][0] == '\0')
			continue;
		line = cJSON_Parse(lines[i]);
		step = cJSON_GetObjectItemCaseSensitive(line, "step");
		vm = cJSON_GetObjectItemCaseSensitive(line, "vm");
		if (!cJSON_IsString(step)) {
			/* a torn last line (the run died writing it) is no step */
			if (lines[i + 1] == NULL)
				continue;
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "%s:%u:1: not a journal line (numaplan apply writes one JSON "
			            "object a line)",
			            journal->path,
			            i + 1);
			return FALSE;
		}
		if (!cJSON_IsString(vm))
			continue;
		if (strcmp(step->valuestring, "shutdown") == 0)
			g_hash_table_add(journal->stopped_by_us,
			                 g_ascii_strup(vm->valuestring, -1));
		else if (strcmp(step->valuestring, "start") == 0) {
			g_autofree gchar *guid = g_ascii_strup(vm->valuestring, -1);
			g_hash_table_remove(journal->stopped_by_us, guid);
		}
	}
	return TRUE;
}

/* a new journal's name must survive a power cut too (best effort) */
static void
np_journal_sync_dir(const gchar *path)
{
	g_autofree gchar *dir = g_path_get_dirname(path);
	gint fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

NpApplyJournal *
np_apply_journal_open(const gchar *path, gboolean writable, GError **error)
{
	g_autoptr(NpApplyJournal) journal = g_new0(NpApplyJournal, 1);

	journal->path = g_strdup(path);
	journal->fd = -1;
	journal->stopped_by_us = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (!np_journal_read(journal, error))
		return NULL;
	if (writable) {
		journal->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (journal->fd < 0) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_IO,
			            "%s: %s",
			            path,
			            g_strerror(errno));
			return NULL;
		}
		np_journal_sync_dir(path);
	}
	return g_steal_pointer(&journal);
}

gboolean
np_apply_journal_stopped_by_us(const NpApplyJournal *journal, const gchar *guid)
{
	g_autofree gchar *key = g_ascii_strup(guid, -1);
	return g_hash_table_contains(journal->stopped_by_us, key);
}

gboolean
np_apply_journal_add(NpApplyJournal *journal,
                     const gchar *step,
                     const gchar *host,
                     const gchar *guid,
                     const gchar *name,
                     const cJSON *values,
                     GError **error)
{
	g_autoptr(GString) out = g_string_new(NULL);
	g_autoptr(NpJsonWriter) w = np_json_writer_new_compact(out);
	gsize done = 0;

	g_return_val_if_fail(journal->fd >= 0, FALSE);
	np_json_begin_object(w, NULL);
	np_json_string(w, "step", step);
	np_json_string(w, "host", host);
	if (guid != NULL)
		np_json_string(w, "vm", guid);
	if (name != NULL)
		np_json_string(w, "name", name);
	if (values != NULL)
		np_json_value(w, "values", values);
	np_json_end(w);
	np_json_finish(w);
	g_clear_pointer(&w, np_json_writer_free);
	g_string_append_c(out, '\n');
	while (done < out->len) {
		ssize_t n = write(journal->fd, out->str + done, out->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_IO,
			            "%s: %s",
			            journal->path,
			            g_strerror(errno));
			return FALSE;
		}
		done += (gsize)n;
	}
	if (fsync(journal->fd) != 0) {
		g_set_error(error,
		            NP_ERROR,
		            NP_ERROR_IO,
		            "%s: %s",
		            journal->path,
		            g_strerror(errno));
		return FALSE;
	}
	if (strcmp(step, "shutdown") == 0 && guid != NULL)
		g_hash_table_add(journal->stopped_by_us, g_ascii_strup(guid, -1));
	else if (strcmp(step, "start") == 0 && guid != NULL) {
		g_autofree gchar *key = g_ascii_strup(guid, -1);
		g_hash_table_remove(journal->stopped_by_us, key);
	}
	return TRUE;
}
