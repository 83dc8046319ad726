/* YAML → a tree of positioned nodes: see np-yaml-tree-private.h */
#include <string.h>
#include <yaml.h>

#include "np-enum-private.h"
#include "np-error.h"
#include "np-yaml-tree-private.h"

/* libyaml's types, zero-initialised, are safe to clear */
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(yaml_parser_t, yaml_parser_delete)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(yaml_event_t, yaml_event_delete)

/* ------------------------------------------------------------ positions */

/* steps over the character at @text[*@i] the way libyaml counts marks:
 * CR LF, CR, LF, NEL, LS and PS end a line; columns count characters */
static void
np_yaml_step(const gchar *text, gsize length, gsize *i, guint *line, guint *column)
{
	const guchar *p = (const guchar *)text + *i;
	gsize left = length - *i;

	if (p[0] == '\r' && left > 1 && p[1] == '\n') {
		*i += 2;
	} else if (p[0] == '\n' || p[0] == '\r') {
		*i += 1;
	} else if (p[0] == 0xc2 && left > 1 && p[1] == 0x85) {
		*i += 2;
	} else if (p[0] == 0xe2 && left > 2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
		*i += 3;
	} else {
		*i += 1;
		while (*i < length && ((guchar)text[*i] & 0xc0) == 0x80)
			*i += 1;
		(*column)++;
		return;
	}
	(*line)++;
	*column = 1;
}

void
np_yaml_position(const gchar *text, gsize length, gsize offset, guint *line, guint *column)
{
	gsize i = 0;
	*line = 1;
	*column = 1;
	while (i < offset && i < length)
		np_yaml_step(text, length, &i, line, column);
}

/* the byte offset of 1-based @line and @column */
gsize
np_yaml_offset(const gchar *text, gsize length, guint line, guint column)
{
	guint l = 1, c = 1;
	gsize i = 0;
	while (i < length && (l < line || (l == line && c < column)))
		np_yaml_step(text, length, &i, &l, &c);
	return i;
}
void
np_ytree_free(NpYTree *tree)
{
	if (tree == NULL)
		return;
	g_array_unref(tree->nodes);
	g_array_unref(tree->links);
	g_string_chunk_free(tree->strings);
	g_free(tree);
}

const NpYNode *
np_ytree_get(const NpYTree *tree, guint32 index)
{
	return &g_array_index(tree->nodes, NpYNode, index);
}

const NpYNode *
np_ytree_child(const NpYTree *tree, const NpYNode *node, guint i)
{
	return np_ytree_get(tree, g_array_index(tree->links, guint32, node->children.first + i));
}

typedef struct {
	guint32 node;
	guint32 pending; /* where its children start in the builder's pending list */
	gchar *anchor;
} NpYFrame;

static void
np_yframe_clear(gpointer data)
{
	NpYFrame *frame = data;
	g_free(frame->anchor);
}

typedef struct {
	const gchar *path;
	const gchar *text;
	gsize length;
	NpYTree *tree;
	GArray *frames;      /* of NpYFrame: the open collections */
	GArray *pending;     /* of guint32: children of the open collections */
	GHashTable *anchors; /* name → 1 + node index, completed nodes only */
	guint64 alias_nodes;
	guint64 alias_bytes;
	guint documents;
} NpYBuilder;

static void
np_ybuilder_clear(NpYBuilder *builder)
{
	if (builder->frames != NULL)
		g_array_unref(builder->frames);
	if (builder->pending != NULL)
		g_array_unref(builder->pending);
	if (builder->anchors != NULL)
		g_hash_table_unref(builder->anchors);
	np_ytree_free(builder->tree);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(NpYBuilder, np_ybuilder_clear)

static gboolean np_ybuilder_fail(const NpYBuilder *builder,
                                 const yaml_mark_t *mark,
                                 GError **error,
                                 const gchar *format,
                                 ...) G_GNUC_PRINTF(4, 5);

static gboolean
np_ybuilder_fail(const NpYBuilder *builder,
                 const yaml_mark_t *mark,
                 GError **error,
                 const gchar *format,
                 ...)
{
	va_list args;
	va_start(args, format);
	np_error_at_va(error,
	               NP_ERROR_PARSE,
	               builder->path,
	               (NpPos){mark->line + 1, mark->column + 1},
	               format,
	               args);
	va_end(args);
	return FALSE;
}

static gboolean
np_ybuilder_libyaml_error(const NpYBuilder *builder, const yaml_parser_t *parser, GError **error)
{
	guint line = parser->problem_mark.line + 1;
	guint column = parser->problem_mark.column + 1;
	g_autofree gchar *problem =
	    g_strdup(parser->problem != NULL ? parser->problem : "invalid YAML");
	g_autofree gchar *context = NULL;

	switch (parser->error) {
	case YAML_MEMORY_ERROR:
		return np_error_at(error,
		                   NP_ERROR_PARSE,
		                   builder->path,
		                   (NpPos){1, 1},
		                   "out of memory while reading YAML");
	case YAML_READER_ERROR:
		/* marks are not set for these; the offset is in our UTF-8 text */
		np_yaml_position(builder->text,
		                 builder->length,
		                 parser->problem_offset,
		                 &line,
		                 &column);
		if (parser->problem_value >= 0)
			return np_error_at(error,
			                   NP_ERROR_PARSE,
			                   builder->path,
			                   (NpPos){line, column},
			                   "%s (U+%04X)",
			                   problem,
			                   (guint)parser->problem_value);
		return np_error_at(error,
		                   NP_ERROR_PARSE,
		                   builder->path,
		                   (NpPos){line, column},
		                   "%s",
		                   problem);
	default:
		break;
	}
	if (g_strcmp0(problem, "found character that cannot start any token") == 0) {
		gsize at = np_yaml_offset(builder->text, builder->length, line, column);
		if (at < builder->length && builder->text[at] == '\t')
			return np_error_at(error,
			                   NP_ERROR_PARSE,
			                   builder->path,
			                   (NpPos){line, column},
			                   "found a tab character where a token should start "
			                   "(YAML indents with spaces, not tabs)");
		if (at < builder->length) {
			g_autofree gchar *character =
			    g_strndup(builder->text + at,
			              g_utf8_next_char(builder->text + at) - (builder->text + at));
			g_autofree gchar *shown = np_show_text(character);
			g_free(problem);
			problem =
			    g_strdup_printf("found character '%s' that cannot start any token",
			                    shown);
		}
	}
	if (parser->context != NULL)
		context = g_strdup_printf(" (%s at %u:%u)",
		                          parser->context,
		                          (guint)parser->context_mark.line + 1,
		                          (guint)parser->context_mark.column + 1);
	return np_error_at(error,
	                   NP_ERROR_PARSE,
	                   builder->path,
	                   (NpPos){line, column},
	                   "%s%s",
	                   problem,
	                   context != NULL ? context : "");
}

/* FALSE when the file already has as many nodes as it may */
static gboolean
np_ybuilder_room(const NpYBuilder *builder, const yaml_mark_t *mark, GError **error)
{
	if (builder->tree->nodes->len < NP_YAML_MAX_NODES)
		return TRUE;
	return np_ybuilder_fail(builder,
	                        mark,
	                        error,
	                        "the file exceeds the limit of %d YAML nodes",
	                        NP_YAML_MAX_NODES);
}

static guint32
np_ybuilder_append(NpYBuilder *builder, const NpYNode *node)
{
	g_array_append_vals(builder->tree->nodes, node, 1);
	return builder->tree->nodes->len - 1;
}

/* a completed node joins its parent, or becomes the document */
static void
np_ybuilder_attach(NpYBuilder *builder, guint32 index)
{
	if (builder->frames->len == 0)
		builder->tree->root = index;
	else
		g_array_append_val(builder->pending, index);
}

static void
np_ybuilder_anchor(NpYBuilder *builder, const gchar *anchor, guint32 index)
{
	if (anchor != NULL)
		g_hash_table_replace(builder->anchors,
		                     g_strdup(anchor),
		                     GUINT_TO_POINTER(index + 1));
}

/* TRUE when the tag leaves the node's meaning to its text (or makes it a
 * string, *@string); FALSE for tags this format has no use for */
static gboolean
np_ybuilder_tag(const gchar *tag, NpYNodeKind kind, gboolean *string)
{
	static const gchar *const scalar_tags[] = {"tag:yaml.org,2002:int",
	                                           "tag:yaml.org,2002:float",
	                                           "tag:yaml.org,2002:bool",
	                                           "tag:yaml.org,2002:null"};
	if (tag == NULL)
		return TRUE;
	if (kind == NP_YNODE_SCALAR) {
		if (g_strcmp0(tag, "!") == 0 || g_strcmp0(tag, "tag:yaml.org,2002:str") == 0) {
			*string = TRUE;
			return TRUE;
		}
		if (np_enum_lookup(scalar_tags,
		                   sizeof(scalar_tags[0]),
		                   G_N_ELEMENTS(scalar_tags),
		                   tag)
		    < G_N_ELEMENTS(scalar_tags)) {
			*string = FALSE;
			return TRUE;
		}
		return FALSE;
	}
	return g_strcmp0(tag, "!") == 0
	       || g_strcmp0(tag,
	                    kind == NP_YNODE_SEQUENCE ? "tag:yaml.org,2002:seq"
	                                              : "tag:yaml.org,2002:map")
	              == 0;
}

static gboolean
np_ybuilder_scalar(NpYBuilder *builder, const yaml_event_t *event, GError **error)
{
	const gchar *value = (const gchar *)event->data.scalar.value;
	gsize length = event->data.scalar.length;
	gboolean string = event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
	NpYNode node = {0};

	if (!np_ybuilder_room(builder, &event->start_mark, error))
		return FALSE;
	if (memchr(value, '\0', length) != NULL)
		return np_ybuilder_fail(builder,
		                        &event->start_mark,
		                        error,
		                        "a NUL character (\\0) is not allowed in a scalar");
	if (!np_ybuilder_tag((const gchar *)event->data.scalar.tag, NP_YNODE_SCALAR, &string)) {
		g_autofree gchar *tag = np_show_text((const gchar *)event->data.scalar.tag);
		return np_ybuilder_fail(builder,
		                        &event->start_mark,
		                        error,
		                        "unsupported tag '%s'",
		                        tag);
	}
	node.kind = NP_YNODE_SCALAR;
	node.quoted = string;
	node.line = event->start_mark.line + 1;
	node.column = event->start_mark.column + 1;
	node.size = 1;
	node.bytes = (guint32)MIN(length, G_MAXUINT32);
	node.text = g_string_chunk_insert_len(builder->tree->strings, value, length);
	{
		guint32 index = np_ybuilder_append(builder, &node);
		np_ybuilder_anchor(builder, (const gchar *)event->data.scalar.anchor, index);
		np_ybuilder_attach(builder, index);
	}
	return TRUE;
}

static gboolean
np_ybuilder_start(NpYBuilder *builder, const yaml_event_t *event, GError **error)
{
	gboolean mapping = event->type == YAML_MAPPING_START_EVENT;
	const gchar *tag = (const gchar *)(mapping ? event->data.mapping_start.tag
	                                           : event->data.sequence_start.tag);
	const gchar *anchor = (const gchar *)(mapping ? event->data.mapping_start.anchor
	                                              : event->data.sequence_start.anchor);
	gboolean string = FALSE;
	NpYNode node = {0};
	NpYFrame frame = {0};

	if (builder->frames->len >= NP_YAML_MAX_DEPTH)
		return np_ybuilder_fail(builder,
		                        &event->start_mark,
		                        error,
		                        "nesting exceeds the limit of %d levels",
		                        NP_YAML_MAX_DEPTH);
	if (!np_ybuilder_room(builder, &event->start_mark, error))
		return FALSE;
	node.kind = mapping ? NP_YNODE_MAPPING : NP_YNODE_SEQUENCE;
	if (!np_ybuilder_tag(tag, node.kind, &string)) {
		g_autofree gchar *shown = np_show_text(tag);
		return np_ybuilder_fail(builder,
		                        &event->start_mark,
		                        error,
		                        "unsupported tag '%s'",
		                        shown);
	}
	node.line = event->start_mark.line + 1;
	node.column = event->start_mark.column + 1;
	frame.node = np_ybuilder_append(builder, &node);
	frame.pending = builder->pending->len;
	frame.anchor = g_strdup(anchor);
	g_array_append_val(builder->frames, frame);
	return TRUE;
}

static gboolean
np_ybuilder_check_keys(NpYBuilder *builder, const NpYNode *node, GError **error)
{
	const NpYTree *tree = builder->tree;
	g_autoptr(GHashTable) seen = NULL;
	guint pairs = node->children.count / 2;

	if (pairs > NP_MAX_KEYS_PER_OBJECT) {
		const NpYNode *key = np_ytree_child(tree, node, 2 * NP_MAX_KEYS_PER_OBJECT);
		return np_error_at(error,
		                   NP_ERROR_PARSE,
		                   builder->path,
		                   (NpPos){key->line, key->column},
		                   "a mapping exceeds the limit of %d keys",
		                   NP_MAX_KEYS_PER_OBJECT);
	}
	/* a few keys: compare pairs; many: a set */
	if (pairs > 8)
		seen = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < pairs; i++) {
		const NpYNode *key = np_ytree_child(tree, node, 2 * i);
		const NpYNode *first = NULL;
		if (key->kind != NP_YNODE_SCALAR)
			continue;
		if (seen != NULL) {
			first = g_hash_table_lookup(seen, key->text);
			if (first == NULL)
				g_hash_table_insert(seen, (gpointer)key->text, (gpointer)key);
		} else {
			for (guint j = 0; j < i && first == NULL; j++) {
				const NpYNode *other = np_ytree_child(tree, node, 2 * j);
				if (other->kind == NP_YNODE_SCALAR
				    && strcmp(other->text, key->text) == 0)
					first = other;
			}
		}
		if (first != NULL) {
			g_autofree gchar *shown = np_show_text(key->text);
			return np_error_at(error,
			                   NP_ERROR_PARSE,
			                   builder->path,
			                   (NpPos){key->line, key->column},
			                   "duplicate key '%s' (first at %u:%u)",
			                   shown,
			                   first->line,
			                   first->column);
		}
	}
	return TRUE;
}

static gboolean
np_ybuilder_end(NpYBuilder *builder, GError **error)
{
	NpYFrame *frame = &g_array_index(builder->frames, NpYFrame, builder->frames->len - 1);
	guint32 index = frame->node;
	NpYNode *node = &g_array_index(builder->tree->nodes, NpYNode, index);
	guint count = builder->pending->len - frame->pending;
	guint64 size = 1;
	guint64 bytes = 0;
	guint height = 0;

	node->children.first = builder->tree->links->len;
	node->children.count = count;
	if (count > 0) {
		g_array_append_vals(builder->tree->links,
		                    &g_array_index(builder->pending, guint32, frame->pending),
		                    count);
		g_array_set_size(builder->pending, frame->pending);
	}
	for (guint i = 0; i < count; i++) {
		const NpYNode *child = np_ytree_child(builder->tree, node, i);
		size += child->size;
		bytes += child->bytes;
		height = MAX(height, child->height);
	}
	node->size = (guint32)MIN(size, G_MAXUINT32);
	node->bytes = (guint32)MIN(bytes, G_MAXUINT32);
	node->height = height + 1;
	if (node->kind == NP_YNODE_MAPPING && !np_ybuilder_check_keys(builder, node, error))
		return FALSE;
	np_ybuilder_anchor(builder, frame->anchor, index);
	g_array_set_size(builder->frames, builder->frames->len - 1);
	np_ybuilder_attach(builder, index);
	return TRUE;
}

static gboolean
np_ybuilder_alias(NpYBuilder *builder, const yaml_event_t *event, GError **error)
{
	const gchar *anchor = (const gchar *)event->data.alias.anchor;
	guint32 target = GPOINTER_TO_UINT(g_hash_table_lookup(builder->anchors, anchor));
	g_autofree gchar *shown = np_show_text(anchor);
	NpYNode node;

	if (target == 0) {
		for (guint i = 0; i < builder->frames->len; i++) {
			if (g_strcmp0(g_array_index(builder->frames, NpYFrame, i).anchor, anchor)
			    == 0)
				return np_ybuilder_fail(builder,
				                        &event->start_mark,
				                        error,
				                        "alias '*%s' is inside the node it names",
				                        shown);
		}
		return np_ybuilder_fail(builder,
		                        &event->start_mark,
		                        error,
		                        "alias '*%s' names no anchor before it",
		                        shown);
	}
	if (!np_ybuilder_room(builder, &event->start_mark, error))
		return FALSE;
	node = *np_ytree_get(builder->tree, target - 1);
	builder->alias_nodes += node.size;
	builder->alias_bytes += node.bytes;
	if (builder->alias_nodes > NP_YAML_MAX_ALIAS_NODES)
		return np_ybuilder_fail(builder,
		                        &event->start_mark,
		                        error,
		                        "alias expansion exceeds the limit of %d nodes",
		                        NP_YAML_MAX_ALIAS_NODES);
	/* a few nodes can hold a lot of text: a long scalar aliased 10000
	 * times would be copied as often */
	if (builder->alias_bytes > NP_YAML_MAX_BYTES)
		return np_ybuilder_fail(builder,
		                        &event->start_mark,
		                        error,
		                        "alias expansion exceeds the limit of %d MiB of text",
		                        NP_YAML_MAX_BYTES / (1024 * 1024));
	if (builder->frames->len + node.height > NP_YAML_MAX_DEPTH)
		return np_ybuilder_fail(
		    builder,
		    &event->start_mark,
		    error,
		    "nesting exceeds the limit of %d levels (through alias '*%s')",
		    NP_YAML_MAX_DEPTH,
		    shown);
	node.line = event->start_mark.line + 1;
	node.column = event->start_mark.column + 1;
	np_ybuilder_attach(builder, np_ybuilder_append(builder, &node));
	return TRUE;
}

/* the document of @text as a tree, the hostile-input limits enforced */
NpYTree *
np_ytree_parse(const gchar *text, gsize length, const gchar *path, GError **error)
{
	g_auto(NpYBuilder) builder = {0};
	g_auto(yaml_parser_t) parser = {0};

	builder.path = path;
	builder.text = text;
	builder.length = length;
	builder.tree = g_new0(NpYTree, 1);
	/* sized for the text up front (about a node per 4 bytes): growing
	 * a large tree by doubling would copy it again and again */
	builder.tree->nodes = g_array_sized_new(FALSE,
	                                        FALSE,
	                                        sizeof(NpYNode),
	                                        MIN(length / 4 + 16, NP_YAML_MAX_NODES));
	builder.tree->links = g_array_sized_new(FALSE,
	                                        FALSE,
	                                        sizeof(guint32),
	                                        MIN(length / 4 + 16, NP_YAML_MAX_NODES));
	builder.tree->strings = g_string_chunk_new(64 * 1024);
	builder.tree->root = -1;
	builder.frames = g_array_new(FALSE, FALSE, sizeof(NpYFrame));
	g_array_set_clear_func(builder.frames, np_yframe_clear);
	builder.pending = g_array_new(FALSE, FALSE, sizeof(guint32));
	builder.anchors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	if (!yaml_parser_initialize(&parser)) {
		np_error_at(error,
		            NP_ERROR_PARSE,
		            path,
		            (NpPos){1, 1},
		            "out of memory while reading YAML");
		return NULL;
	}
	yaml_parser_set_input_string(&parser, (const guchar *)text, length);
	for (;;) {
		g_auto(yaml_event_t) event = {0};
		gboolean ok = TRUE;

		if (!yaml_parser_parse(&parser, &event)) {
			np_ybuilder_libyaml_error(&builder, &parser, error);
			return NULL;
		}
		switch (event.type) {
		case YAML_STREAM_END_EVENT:
			return g_steal_pointer(&builder.tree);
		case YAML_DOCUMENT_START_EVENT:
			if (builder.documents++ > 0)
				ok = np_ybuilder_fail(&builder,
				                      &event.start_mark,
				                      error,
				                      "a second YAML document starts here: a "
				                      "scenario file holds one document");
			break;
		case YAML_SCALAR_EVENT:
			ok = np_ybuilder_scalar(&builder, &event, error);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			ok = np_ybuilder_start(&builder, &event, error);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			ok = np_ybuilder_end(&builder, error);
			break;
		case YAML_ALIAS_EVENT:
			ok = np_ybuilder_alias(&builder, &event, error);
			break;
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
		default:
			break;
		}
		if (!ok)
			return NULL;
	}
}
