/* The apply journal (scenario.md §5): one JSON object a line, appended and
 * fsync()ed before the next call, so that after a crash, a fault or a
 * power cut it says exactly what was done; a rerun reads it to start again
 * the VMs an earlier run shut down. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "np-apply.h"
#include "np-error-private.h"
#include "np-error.h"
#include "np-file-private.h"
#include "np-json-writer.h"
#include "np-json.h"
#include "np-limits.h"

struct _NpApplyJournal {
	gchar *path;
	gint fd;                   /* -1 when read only */
	GHashTable *stopped_by_us; /* upper-case GUID → TRUE */
	gsize torn_at;             /* where a torn last line starts, or G_MAXSIZE */
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

static NpApplyJournal *
np_journal_new(const gchar *path)
{
	NpApplyJournal *journal = g_new0(NpApplyJournal, 1);

	journal->path = g_strdup(path);
	journal->fd = -1;
	journal->torn_at = G_MAXSIZE;
	journal->stopped_by_us = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return journal;
}

/* one line: a JSON object with a string "step" (and "vm" for steps on a
 * VM); FALSE when it is not one */
static gboolean
np_journal_line(NpApplyJournal *journal, const gchar *text, gsize length, guint line_number)
{
	g_autoptr(GError) local = NULL;
	g_autoptr(cJSON) line = np_json_parse_at(text, length, journal->path, line_number, &local);
	const cJSON *step = cJSON_GetObjectItemCaseSensitive(line, "step");
	const cJSON *vm = cJSON_GetObjectItemCaseSensitive(line, "vm");

	if (!cJSON_IsObject(line) || !cJSON_IsString(step))
		return FALSE;
	if (!cJSON_IsString(vm))
		return TRUE;
	if (strcmp(step->valuestring, "shutdown") == 0)
		g_hash_table_add(journal->stopped_by_us, g_ascii_strup(vm->valuestring, -1));
	else if (strcmp(step->valuestring, "start") == 0) {
		g_autofree gchar *guid = g_ascii_strup(vm->valuestring, -1);
		g_hash_table_remove(journal->stopped_by_us, guid);
	}
	return TRUE;
}

NpApplyJournal *
np_apply_journal_parse(const gchar *text, gsize length, const gchar *path, GError **error)
{
	g_autoptr(NpApplyJournal) journal = np_journal_new(path);
	gsize at = 0;

	for (guint line_number = 1; at < length; line_number++) {
		const gchar *newline = memchr(text + at, '\n', length - at);
		gsize end = newline != NULL ? (gsize)(newline - text) : length;

		if (end > at && !np_journal_line(journal, text + at, end - at, line_number)) {
			/* a torn last line (the run died writing it) is no step */
			if (newline == NULL) {
				journal->torn_at = at;
				break;
			}
			g_set_error(error,
			            NP_ERROR,
			            NP_ERROR_INVALID,
			            "%s:%u:1: not a journal line (numaplan apply writes one JSON "
			            "object a line)",
			            path,
			            line_number);
			return NULL;
		}
		at = end + 1;
	}
	return g_steal_pointer(&journal);
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
	g_autoptr(NpApplyJournal) journal = NULL;

	/* a missing journal is an empty one: the first run */
	if (!g_file_test(path, G_FILE_TEST_EXISTS))
		journal = np_journal_new(path);
	else {
		g_autoptr(GError) local = NULL;
		g_autoptr(GByteArray) bytes =
		    np_read_limited(path, NP_APPLY_JOURNAL_MAX_BYTES, &local);
		if (bytes == NULL) {
			g_propagate_prefixed_error(error, g_steal_pointer(&local), "%s: ", path);
			return NULL;
		}
		journal =
		    np_apply_journal_parse((const gchar *)bytes->data, bytes->len, path, error);
		if (journal == NULL)
			return NULL;
	}
	if (writable) {
		journal->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
		if (journal->fd < 0) {
			np_set_io_error(error, path, errno);
			return NULL;
		}
		/* cut a torn last line off, or the next line would be appended to it
		 * and the journal would no longer read */
		if (journal->torn_at != G_MAXSIZE
		    && ftruncate(journal->fd, (off_t)journal->torn_at) != 0) {
			np_set_io_error(error, path, errno);
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
			np_set_io_error(error, journal->path, errno);
			return FALSE;
		}
		done += (gsize)n;
	}
	if (fsync(journal->fd) != 0) {
		np_set_io_error(error, journal->path, errno);
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
