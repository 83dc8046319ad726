/* numaplan — the types an `expect:` value may have: those of the result
 * key it names (scenario.md §2), checked by the loader */
#pragma once

#include <cjson/cJSON.h>
#include <glib.h>

#include "np-yaml-tree-private.h"

G_BEGIN_DECLS

typedef enum {
	NP_EXPECT_EVENT,   /* an event's expect: its result object */
	NP_EXPECT_SUMMARY, /* expect.summary */
	NP_EXPECT_VM,      /* expect.vms.NAME: an entry of `vms` */
	NP_EXPECT_HOST,    /* expect.hosts.NAME: an entry of `hosts` */
} NpExpectKind;

gboolean np_expect_check_types(const NpYTree *tree,
                               const NpYNode *map,
                               const cJSON *json,
                               NpExpectKind kind,
                               const gchar *section,
                               const NpYNode **bad,
                               gchar **message);

G_END_DECLS
