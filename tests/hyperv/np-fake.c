/* The fake WinRM endpoint (fake-winrm.py) for tests: started per case on
 * a port the OS picks, killed at the end of the case, and killed by the
 * kernel if the test dies first (PR_SET_PDEATHSIG). */
#include "np-fake.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>

const gchar *
np_hv_dir(void)
{
	const gchar *dir = g_getenv("NP_TEST_HYPERV_DIR");
	return dir != NULL ? dir : ".";
}

static void
np_rmtree(const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const gchar *name;

	while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *child = g_build_filename(path, name, NULL);
		if (g_file_test(child, G_FILE_TEST_IS_DIR))
			np_rmtree(child);
		else
			g_unlink(child);
	}
	g_rmdir(path);
}

void
np_fake_stop(NpFake *fake)
{
	if (fake == NULL)
		return;
	if (fake->pid > 0) {
		kill(fake->pid, SIGKILL);
		waitpid(fake->pid, NULL, 0);
		g_spawn_close_pid(fake->pid);
	}
	if (fake->dir != NULL)
		np_rmtree(fake->dir);
	g_free(fake->dir);
	g_free(fake->log_path);
	g_free(fake->url);
	g_free(fake->ca_file);
	g_free(fake);
}

static void
np_fake_child_setup(gpointer data)
{
	/* the server dies with us, whatever happens to us */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
}

/* starts fake-winrm.py on @data_name (tests/hyperv/data) with @extra
 * arguments (NULL-terminated); @tls for HTTPS with a fresh self-signed
 * certificate */
NpFake *
np_fake_start(const gchar *data_name, gboolean tls, const gchar *const *extra)
{
	g_autoptr(NpFake) fake = g_new0(NpFake, 1);
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *port_file = NULL;
	const gchar *python = g_getenv("NP_PYTHON3");

	fake->dir = g_dir_make_tmp("np-fake-winrm-XXXXXX", &error);
	if (fake->dir == NULL) {
		fprintf(stderr, "tmp dir: %s\n", error->message);
		return NULL;
	}
	fake->log_path = g_build_filename(fake->dir, "requests.log", NULL);
	port_file = g_build_filename(fake->dir, "port", NULL);
	g_ptr_array_add(argv, g_strdup(python != NULL ? python : "python3"));
	g_ptr_array_add(argv, g_build_filename(np_hv_dir(), "fake-winrm.py", NULL));
	g_ptr_array_add(argv, g_strdup("--data"));
	g_ptr_array_add(argv, g_build_filename(np_hv_dir(), "data", data_name, NULL));
	g_ptr_array_add(argv, g_strdup("--port-file"));
	g_ptr_array_add(argv, g_strdup(port_file));
	g_ptr_array_add(argv, g_strdup("--log"));
	g_ptr_array_add(argv, g_strdup(fake->log_path));
	g_ptr_array_add(argv, g_strdup("--max-seconds"));
	g_ptr_array_add(argv, g_strdup("900"));
	if (tls) {
		g_ptr_array_add(argv, g_strdup("--tls"));
		g_ptr_array_add(argv, g_strdup(fake->dir));
		fake->ca_file = g_build_filename(fake->dir, "cert.pem", NULL);
	}
	for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
		g_ptr_array_add(argv, g_strdup(extra[i]));
	g_ptr_array_add(argv, NULL);
	if (!g_spawn_async(NULL,
	                   (gchar **)argv->pdata,
	                   NULL,
	                   G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH,
	                   np_fake_child_setup,
	                   NULL,
	                   &fake->pid,
	                   &error)) {
		fprintf(stderr, "cannot start the fake server: %s\n", error->message);
		return NULL;
	}
	/* python start-up plus key generation: seconds at most */
	for (guint waited = 0; waited < 600; waited++) {
		g_autofree gchar *text = NULL;
		gint status = 0;
		if (g_file_get_contents(port_file, &text, NULL, NULL)) {
			guint port = (guint)g_ascii_strtoull(text, NULL, 10);
			fake->url = g_strdup_printf("%s://127.0.0.1:%u/wsman",
			                            tls ? "https" : "http",
			                            port);
			return g_steal_pointer(&fake);
		}
		if (waitpid(fake->pid, &status, WNOHANG) == fake->pid) {
			fprintf(stderr, "the fake server exited early (status %d)\n", status);
			fake->pid = 0;
			return NULL;
		}
		g_usleep(50000);
	}
	fprintf(stderr, "the fake server wrote no port in 30 s\n");
	return NULL;
}

/* the request log: one GStrv (OP, ACTION, URI, CONNECTION, DETAIL) per line */
GPtrArray *
np_fake_requests(const NpFake *fake)
{
	g_autofree gchar *text = NULL;
	g_auto(GStrv) lines = NULL;
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);

	if (!g_file_get_contents(fake->log_path, &text, NULL, NULL))
		return out;
	lines = g_strsplit(text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++)
		if (lines[i][0] != '\0')
			g_ptr_array_add(out, g_strsplit(lines[i], "\t", 5));
	return out;
}

guint
np_count_op(GPtrArray *requests, const gchar *op)
{
	guint n = 0;
	for (guint i = 0; i < requests->len; i++)
		if (g_strcmp0(((gchar **)g_ptr_array_index(requests, i))[0], op) == 0)
			n++;
	return n;
}

/* no request of the log is a write, and no WQL is an associator query */
gboolean
np_only_reads(GPtrArray *requests)
{
	static const gchar *const reads[] = {"Enumerate", "Pull", "Release", "Get", NULL};

	for (guint i = 0; i < requests->len; i++) {
		gchar **r = g_ptr_array_index(requests, i);
		if (!g_strv_contains(reads, r[0])) {
			fprintf(stderr, "\n  not a read: %s %s\n", r[0], r[1]);
			return FALSE;
		}
		if (r[4] != NULL
		    && (g_strrstr(r[4], "ASSOCIATORS") != NULL
		        || g_strrstr(r[4], "associators") != NULL
		        || g_strrstr(r[4], "REFERENCES") != NULL)) {
			fprintf(stderr, "\n  associator query: %s\n", r[4]);
			return FALSE;
		}
	}
	return TRUE;
}
