/* `resolve` speed on a corpus of cases (JSON Lines), in this process's CPU
 * time: end to end (each line read, decided and answered as JSON) and the
 * decision alone (cases read before the clock starts). bench/bench.sh sets
 * these beside Nova's own decision path on the same corpus.
 *
 *   bench-resolve CASES.jsonl [REPEATS]
 *
 * prints: cases e2e_us decide_us digest cjson_parse_us jsmn_tokenize_us —
 * the last two are JSON reading alone: cJSON's parse (what resolve uses)
 * and jsmn's tokenizer (what the issue suggested trying; -1 when built
 * without jsmn.h). jsmn only finds token boundaries: a reader built on it
 * would still convert strings and numbers, so its figure is a floor.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "np-bench.h"
#ifdef NP_HAVE_JSMN
#define JSMN_STATIC
#include <jsmn.h>
#endif
#include "np-resolve-json-private.h"
#include "np-resolve-json.h"

int
main(int argc, char **argv)
{
	g_autofree gchar *contents = NULL;
	g_auto(GStrv) lines = NULL;
	g_autoptr(GPtrArray) cases =
	    g_ptr_array_new_with_free_func((GDestroyNotify)np_resolve_case_free);
	g_autoptr(GPtrArray) texts = g_ptr_array_new();
	guint repeats = argc > 2 ? (guint)atoi(argv[2]) : 20;
	gint64 t0, e2e, decide, parse_cjson, tokenize_jsmn = -1;
	guint digest = 0;

	if (argc < 2 || !g_file_get_contents(argv[1], &contents, NULL, NULL)) {
		fprintf(stderr, "usage: %s CASES.jsonl [REPEATS]\n", argv[0]);
		return 2;
	}
	lines = g_strsplit(contents, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		NpResolveCase *c;
		if (lines[i][0] == '\0' || lines[i][0] == '#')
			continue;
		g_ptr_array_add(texts, lines[i]);
		c = np_resolve_case_read(lines[i], NULL);
		if (c != NULL)
			g_ptr_array_add(cases, c);
	}
	t0 = np_bench_cpu_time_us();
	for (guint r = 0; r < repeats; r++) {
		for (guint i = 0; i < texts->len; i++) {
			g_autofree gchar *answer = np_resolve_json_line(g_ptr_array_index(texts, i),
			                                                "<bench>",
			                                                i + 1,
			                                                NULL);
			digest += (guint)strlen(answer);
		}
	}
	e2e = np_bench_cpu_time_us() - t0;
	t0 = np_bench_cpu_time_us();
	for (guint r = 0; r < repeats; r++) {
		for (guint i = 0; i < cases->len; i++)
			digest += np_resolve_case_decide(g_ptr_array_index(cases, i));
	}
	decide = np_bench_cpu_time_us() - t0;
	t0 = np_bench_cpu_time_us();
	for (guint r = 0; r < repeats; r++) {
		for (guint i = 0; i < texts->len; i++) {
			cJSON *tree = cJSON_Parse(g_ptr_array_index(texts, i));
			digest += tree != NULL;
			cJSON_Delete(tree);
		}
	}
	parse_cjson = np_bench_cpu_time_us() - t0;
#ifdef NP_HAVE_JSMN
	{
		guint capacity = 256;
		g_autofree jsmntok_t *tokens = g_new(jsmntok_t, capacity);

		t0 = np_bench_cpu_time_us();
		for (guint r = 0; r < repeats; r++) {
			for (guint i = 0; i < texts->len; i++) {
				const gchar *text = g_ptr_array_index(texts, i);
				size_t length = strlen(text);
				jsmn_parser parser;
				int n;

				jsmn_init(&parser);
				while ((n = jsmn_parse(&parser, text, length, tokens, capacity))
				       == JSMN_ERROR_NOMEM) {
					capacity *= 2;
					tokens = g_renew(jsmntok_t, tokens, capacity);
					jsmn_init(&parser);
				}
				digest += (guint)n;
			}
		}
		tokenize_jsmn = np_bench_cpu_time_us() - t0;
	}
#endif
	/* per case, µs: end to end over every line, the decision over the
	 * cases that read, JSON reading alone over every line */
	printf("%u %.4f %.4f %u %.4f %.4f\n",
	       texts->len,
	       (gdouble)e2e / repeats / texts->len,
	       (gdouble)decide / repeats / MAX(cases->len, 1),
	       digest % 10,
	       (gdouble)parse_cjson / repeats / texts->len,
	       tokenize_jsmn < 0 ? -1.0 : (gdouble)tokenize_jsmn / repeats / texts->len);
	return 0;
}
