/* Replays inputs through a harness's LLVMFuzzerTestOneInput: the seed
 * corpus and every input a fuzzer once failed on, in the normal build
 * (gcc, valgrind, ASan), so a finding that comes back fails a test.
 *
 *   fuzz-replay-NAME DIR|FILE…   (a directory: its files, sorted; a
 *                                 directory that does not exist: none)
 * Fails when no input at all was replayed. */
#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "np-fuzz.h"

static gboolean
np_replay_file(const gchar *path, guint *count)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *data = NULL;
	gsize length = 0;

	if (!g_file_get_contents(path, &data, &length, &error)) {
		g_printerr("%s\n", error->message);
		return FALSE;
	}
	/* a copy of exactly @length bytes (libFuzzer's way): ASan and
	 * valgrind see a read past the end, which the NUL that
	 * g_file_get_contents() adds would hide */
	g_autofree guint8 *copy = g_malloc(MAX(length, 1));
	memcpy(copy, data, length);
	LLVMFuzzerTestOneInput(copy, length);
	(*count)++;
	return TRUE;
}

static gint
np_compare_names(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *)a, *(const gchar *const *)b);
}

int
main(int argc, char **argv)
{
	guint count = 0;

	for (gint i = 1; i < argc; i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(GDir) dir = NULL;
		g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
		const gchar *name;

		if (!g_file_test(argv[i], G_FILE_TEST_EXISTS))
			continue;
		if (!g_file_test(argv[i], G_FILE_TEST_IS_DIR)) {
			if (!np_replay_file(argv[i], &count))
				return 1;
			continue;
		}
		dir = g_dir_open(argv[i], 0, &error);
		if (dir == NULL) {
			g_printerr("%s\n", error->message);
			return 1;
		}
		while ((name = g_dir_read_name(dir)) != NULL)
			if (name[0] != '.')
				g_ptr_array_add(names, g_build_filename(argv[i], name, NULL));
		g_ptr_array_sort(names, np_compare_names);
		for (guint k = 0; k < names->len; k++) {
			const gchar *path = g_ptr_array_index(names, k);
			if (g_getenv("NP_FUZZ_VERBOSE") != NULL)
				g_print("%s\n", path);
			if (!np_replay_file(path, &count))
				return 1;
		}
	}
	if (count == 0) {
		g_printerr("no input replayed\n");
		return 1;
	}
	g_print("%u inputs replayed\n", count);
	return 0;
}
