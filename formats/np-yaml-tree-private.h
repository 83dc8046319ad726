/* numaplan — YAML read into a tree of positioned nodes
 *
 * libyaml's event API feeds a small tree of nodes that remember their line
 * and column; the limits on hostile input (depth, alias expansion, NUL,
 * invalid UTF-8, several documents, size) are enforced there, as the
 * events arrive, so no later step meets an oversized document.
 */
#pragma once

#include <glib.h>

#include "np-limits.h"
#include "np-pos-private.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------ YAML tree */

typedef enum {
	NP_YNODE_SCALAR,
	NP_YNODE_SEQUENCE,
	NP_YNODE_MAPPING,
} NpYNodeKind;

/* one node; an alias is a copy of the anchored node's record (sharing its
 * text and children) with the alias's own position */
typedef struct {
	guint8 kind;
	guint8 quoted; /* scalar: a string, whatever its text (quoted, block, !!str) */
	guint8 height; /* collection levels in the subtree, this one included */
	guint32 line;
	guint32 column;
	guint32 size;  /* nodes in the subtree with aliases expanded */
	guint32 bytes; /* scalar text in it, likewise (saturated) */
	union {
		const gchar *text; /* scalar, in the tree's string chunk */
		struct {
			guint32 first; /* in the tree's links */
			guint32 count; /* mapping: keys and values, alternating */
		} children;
	};
} NpYNode;

typedef struct {
	GArray *nodes; /* of NpYNode */
	GArray *links; /* of guint32: each collection's children, contiguous */
	GStringChunk *strings;
	gint64 root; /* -1 without a document */
} NpYTree;

void np_ytree_free(NpYTree *tree);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpYTree, np_ytree_free)
const NpYNode *np_ytree_get(const NpYTree *tree, guint32 index);
const NpYNode *np_ytree_child(const NpYTree *tree, const NpYNode *node, guint i);
/* @text: UTF-8 without BOM; @path names it in messages (NP_ERROR_PARSE,
 * `PATH:LINE:COLUMN: message`) */
NpYTree *np_ytree_parse(const gchar *text, gsize length, const gchar *path, GError **error)
    G_GNUC_WARN_UNUSED_RESULT;

/* the 1-based line and column of byte @offset, counted as libyaml does
 * (CR LF, CR, LF, NEL, LS and PS end a line; columns count characters) */
void np_yaml_position(const gchar *text, gsize length, gsize offset, guint *line, guint *column);
/* the byte offset of 1-based @line and @column */
gsize np_yaml_offset(const gchar *text, gsize length, guint line, guint column);

G_END_DECLS
