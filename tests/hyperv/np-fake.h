/* numaplan tests — the fake WinRM endpoint (fake-winrm.py) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
	GPid pid;
	gchar *dir;
	gchar *log_path;
	gchar *url;
	gchar *ca_file;
} NpFake;

/* this folder (NP_TEST_HYPERV_DIR) */
const gchar *np_hv_dir(void);
/* starts fake-winrm.py on @data_name (tests/hyperv/data) with @extra
 * arguments (NULL-terminated); @tls for HTTPS with a fresh self-signed
 * certificate (its CA file in ca_file); NULL when it does not start */
NpFake *np_fake_start(const gchar *data_name, gboolean tls, const gchar *const *extra);
void np_fake_stop(NpFake *fake);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpFake, np_fake_stop)
/* the request log: one GStrv (OP, ACTION, URI, CONNECTION, DETAIL) per line */
GPtrArray *np_fake_requests(const NpFake *fake);
guint np_count_op(GPtrArray *requests, const gchar *op);
/* no request of the log is a write, and no WQL is an associator query */
gboolean np_only_reads(GPtrArray *requests);

#define START_FAKE(var, data, tls, ...)                               \
	g_autoptr(NpFake) var = NULL;                                 \
	do {                                                          \
		const gchar *const np_extra_[] = {__VA_ARGS__, NULL}; \
		var = np_fake_start((data), (tls), np_extra_);        \
		NP_CHECK(var != NULL);                                \
	} while (0)

#define ARGS(...) ((const gchar *const[]){__VA_ARGS__, NULL})

G_END_DECLS
