/* Scenario files (scenario.md §1): YAML → a positioned tree → NpScenario
 *
 * Loading runs in two steps. libyaml's event API feeds a small tree of
 * nodes that remember their line and column; the limits on hostile input
 * (depth, alias expansion, NUL, invalid UTF-8, several documents) are
 * enforced there, as the events arrive. A walker then checks the tree
 * against the format and builds the scenario, resolving every name in
 * event order. Every error is one line `PATH:LINE:COLUMN: message`, except
 * an error inside a topology file, which adds a second line pointing at
 * the `topology_file:` that named it.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "np-error.h"
#include "np-json.h"
#include "np-scenario.h"

/* libyaml's types, zero-initialised, are safe to clear */
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(yaml_parser_t, yaml_parser_delete)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(yaml_event_t, yaml_event_delete)

/* longest user text quoted in a message, in characters */
#define NP_SHOW_MAX 64
/* names longer than this get no "did you mean" (the search is quadratic) */
#define NP_SUGGEST_MAX 64

/* ---------------------------------------------------------------- enums */

static const gchar *const np_weigher_names[] = {"spread", "pack", NULL};
static const gchar *const np_backing_names[] = {"most-free", "best-fit", "first-fit", NULL};
static const gchar *const np_numa_cells_names[] = {"spread", "pack", NULL};
static const gchar *const np_image_conflict_names[] = {"override", "reject", NULL};
static const gchar *const np_event_names[] = {
    "boot",         "delete",   "stop",        "start",        "restart",
    "resize",       "migrate",  "demand",      "set_spanning", "fail_host",
    "recover_host", "add_host", "remove_host", "capacity",     NULL};

G_STATIC_ASSERT(G_N_ELEMENTS(np_weigher_names) == NP_WEIGHER_LAST + 1);
G_STATIC_ASSERT(G_N_ELEMENTS(np_backing_names) == NP_BACKING_LAST + 1);
G_STATIC_ASSERT(G_N_ELEMENTS(np_image_conflict_names) == NP_IMAGE_CONFLICT_LAST + 1);
G_STATIC_ASSERT(G_N_ELEMENTS(np_event_names) == NP_EVENT_LAST + 1);

static guint
np_strv_index(const gchar *const *strv, const gchar *str)
{
	guint i;
	for (i = 0; strv[i] != NULL; i++) {
		if (g_strcmp0(strv[i], str) == 0)
			return i;
	}
	return i;
}

const gchar *
np_weigher_to_string(NpWeigher weigher)
{
	g_return_val_if_fail(weigher < NP_WEIGHER_LAST, NULL);
	return np_weigher_names[weigher];
}

/* NP_WEIGHER_LAST when unknown */
NpWeigher
np_weigher_from_string(const gchar *str)
{
	return np_strv_index(np_weigher_names, str);
}

const gchar *
np_backing_policy_to_string(NpBackingPolicy policy)
{
	g_return_val_if_fail(policy < NP_BACKING_LAST, NULL);
	return np_backing_names[policy];
}

/* NP_BACKING_LAST when unknown */
NpBackingPolicy
np_backing_policy_from_string(const gchar *str)
{
	return np_strv_index(np_backing_names, str);
}

const gchar *
np_event_type_to_string(NpEventType type)
{
	g_return_val_if_fail(type < NP_EVENT_LAST, NULL);
	return np_event_names[type];
}

/* NP_EVENT_LAST when unknown */
NpEventType
np_event_type_from_string(const gchar *str)
{
	return np_strv_index(np_event_names, str);
}

/* ---------------------------------------------------------------- types */

/**
 * np_settings_init:
 * @settings: settings to fill
 *
 * The defaults of rules.md: ratios 4.0 (CPU) and 1.0 (RAM), weigher and
 * NUMA cells `spread`, backing `most-free`, image conflicts `override`,
 * dynamic memory ratio 1.0, spanning on, vNUMA limits 64 vCPUs and 1 TiB,
 * 3 attempts, seed 1.
 */
void
np_settings_init(NpSettings *settings)
{
	g_return_if_fail(settings != NULL);
	memset(settings, 0, sizeof(*settings));
	settings->host_defaults.numa_spanning = TRUE;
	settings->host_defaults.cpu_allocation_ratio = 4.0;
	settings->host_defaults.ram_allocation_ratio = 1.0;
	settings->host_defaults.max_vnuma_vcpus = 64;
	settings->host_defaults.max_vnuma_memory_mb = 1048576;
	settings->weigher = NP_WEIGHER_SPREAD;
	settings->numa_cells_pack = FALSE;
	settings->backing = NP_BACKING_MOST_FREE;
	settings->image_conflict = NP_IMAGE_CONFLICT_OVERRIDE;
	settings->dynamic_memory_ratio = 1.0;
	settings->max_attempts = 3;
	settings->seed = 1;
}

/**
 * np_host_spec_new:
 * @name: the host's name
 *
 * Returns: (transfer full): a host with no nodes and the default settings
 */
NpHostSpec *
np_host_spec_new(const gchar *name)
{
	NpHostSpec *host = g_new0(NpHostSpec, 1);
	NpSettings defaults;

	np_settings_init(&defaults);
	host->name = g_strdup(name);
	host->nodes = g_array_new(FALSE, TRUE, sizeof(NpNodeSpec));
	host->settings = defaults.host_defaults;
	return host;
}

NpHostSpec *
np_host_spec_copy(const NpHostSpec *host)
{
	NpHostSpec *copy;
	g_return_val_if_fail(host != NULL, NULL);
	copy = np_host_spec_new(host->name);
	g_array_append_vals(copy->nodes, host->nodes->data, host->nodes->len);
	copy->settings = host->settings;
	copy->line = host->line;
	copy->column = host->column;
	return copy;
}

void
np_host_spec_free(NpHostSpec *host)
{
	if (host == NULL)
		return;
	g_free(host->name);
	if (host->nodes != NULL)
		g_array_unref(host->nodes);
	g_free(host);
}

void
np_event_free(NpEvent *event)
{
	if (event == NULL)
		return;
	g_free(event->vm);
	g_free(event->flavor);
	g_free(event->image);
	g_free(event->host);
	if (event->new_hosts != NULL)
		g_ptr_array_unref(event->new_hosts);
	cJSON_Delete(event->expect);
	g_free(event);
}

static NpScenario *
np_scenario_new(const gchar *path)
{
	NpScenario *scenario = g_new0(NpScenario, 1);
	scenario->path = g_strdup(path);
	np_settings_init(&scenario->settings);
	scenario->hosts = g_ptr_array_new_with_free_func((GDestroyNotify)np_host_spec_free);
	scenario->flavors = g_ptr_array_new_with_free_func((GDestroyNotify)np_flavor_free);
	scenario->images = g_ptr_array_new_with_free_func((GDestroyNotify)np_image_free);
	scenario->events = g_ptr_array_new_with_free_func((GDestroyNotify)np_event_free);
	return scenario;
}

void
np_scenario_free(NpScenario *scenario)
{
	if (scenario == NULL)
		return;
	g_free(scenario->path);
	g_free(scenario->name);
	g_ptr_array_unref(scenario->hosts);
	g_ptr_array_unref(scenario->flavors);
	g_ptr_array_unref(scenario->images);
	g_ptr_array_unref(scenario->events);
	cJSON_Delete(scenario->expect);
	g_free(scenario);
}

/* (transfer none): the flavor called @name, or %NULL */
const NpFlavor *
np_scenario_get_flavor(const NpScenario *scenario, const gchar *name)
{
	g_return_val_if_fail(scenario != NULL, NULL);
	for (guint i = 0; i < scenario->flavors->len; i++) {
		const NpFlavor *flavor = g_ptr_array_index(scenario->flavors, i);
		if (g_strcmp0(flavor->name, name) == 0)
			return flavor;
	}
	return NULL;
}

/* (transfer none): the image called @name, or %NULL */
const NpImage *
np_scenario_get_image(const NpScenario *scenario, const gchar *name)
{
	g_return_val_if_fail(scenario != NULL, NULL);
	for (guint i = 0; i < scenario->images->len; i++) {
		const NpImage *image = g_ptr_array_index(scenario->images, i);
		if (g_strcmp0(image->name, name) == 0)
			return image;
	}
	return NULL;
}

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

static void
np_yaml_position(const gchar *text, gsize length, gsize offset, guint *line, guint *column)
{
	gsize i = 0;
	*line = 1;
	*column = 1;
	while (i < offset && i < length)
		np_yaml_step(text, length, &i, line, column);
}

/* the byte offset of 1-based @line and @column */
static gsize
np_yaml_offset(const gchar *text, gsize length, guint line, guint column)
{
	guint l = 1, c = 1;
	gsize i = 0;
	while (i < length && (l < line || (l == line && c < column)))
		np_yaml_step(text, length, &i, &l, &c);
	return i;
}

static void np_set_error_va(GError **error,
			    gint code,
			    const gchar *path,
			    guint line,
			    guint column,
			    const gchar *format,
			    va_list args) G_GNUC_PRINTF(6, 0);
static gboolean np_set_error_at(GError **error,
				gint code,
				const gchar *path,
				guint line,
				guint column,
				const gchar *format,
				...) G_GNUC_PRINTF(6, 7);

static void
np_set_error_va(GError **error,
		gint code,
		const gchar *path,
		guint line,
		guint column,
		const gchar *format,
		va_list args)
{
	g_autofree gchar *message = g_strdup_vprintf(format, args);
	g_set_error(error, NP_ERROR, code, "%s:%u:%u: %s", path, line, column, message);
}

static gboolean
np_set_error_at(GError **error,
		gint code,
		const gchar *path,
		guint line,
		guint column,
		const gchar *format,
		...)
{
	va_list args;
	va_start(args, format);
	np_set_error_va(error, code, path, line, column, format, args);
	va_end(args);
	return FALSE;
}

/* @text for a one-line message: control characters escaped, at most
 * NP_SHOW_MAX characters */
static gchar *
np_show_text(const gchar *text)
{
	GString *out = g_string_new(NULL);
	guint chars = 0;
	for (const gchar *p = text; *p != '\0'; p = g_utf8_next_char(p)) {
		guchar c = (guchar)*p;
		if (chars++ == NP_SHOW_MAX) {
			g_string_append(out, "...");
			break;
		}
		if (c == '\n')
			g_string_append(out, "\\n");
		else if (c == '\t')
			g_string_append(out, "\\t");
		else if (c == '\r')
			g_string_append(out, "\\r");
		else if (c < 0x20 || c == 0x7f)
			g_string_append_printf(out, "\\x%02x", c);
		else
			g_string_append_len(out, p, g_utf8_next_char(p) - p);
	}
	return g_string_free(out, FALSE);
}

/* ------------------------------------------------------------ did you mean */

/* optimal string alignment distance, ASCII case ignored: a swap of two
 * neighbours ("wieghter") is one edit, as in most typos */
static guint
np_edit_distance(const gchar *a, const gchar *b)
{
	gsize la = strlen(a), lb = strlen(b);
	guint rows[3][NP_SUGGEST_MAX + 1];
	guint *before = rows[0], *previous = rows[1], *current = rows[2];

	for (gsize j = 0; j <= lb; j++)
		previous[j] = j;
	for (gsize i = 1; i <= la; i++) {
		guint *spare;
		current[0] = i;
		for (gsize j = 1; j <= lb; j++) {
			gchar x = g_ascii_tolower(a[i - 1]), y = g_ascii_tolower(b[j - 1]);
			guint best = MIN(MIN(previous[j] + 1, current[j - 1] + 1),
					 previous[j - 1] + (x == y ? 0 : 1));
			if (i > 1 && j > 1 && x == g_ascii_tolower(b[j - 2]) &&
			    g_ascii_tolower(a[i - 2]) == y)
				best = MIN(best, before[j - 2] + 1);
			current[j] = best;
		}
		spare = before;
		before = previous;
		previous = current;
		current = spare;
	}
	return previous[lb];
}

/* the nearest of @candidates (@n of them, or up to NULL when @n is -1)
 * within max(2, len/3) edits of @word, or NULL */
static const gchar *
np_suggest(const gchar *word, const gchar *const *candidates, gint n)
{
	gsize length = strlen(word);
	guint limit = MAX(2, length / 3);
	const gchar *best = NULL;
	guint best_distance = G_MAXUINT;

	if (length > NP_SUGGEST_MAX)
		return NULL;
	for (gint i = 0; n < 0 ? candidates[i] != NULL : i < n; i++) {
		const gchar *candidate = candidates[i];
		gsize other = strlen(candidate);
		guint distance;
		if (other > NP_SUGGEST_MAX ||
		    (other > length ? other - length : length - other) > limit)
			continue;
		distance = np_edit_distance(word, candidate);
		if (distance <= limit && distance < best_distance) {
			best = candidate;
			best_distance = distance;
		}
	}
	return best;
}

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

static void
np_ytree_free(NpYTree *tree)
{
	if (tree == NULL)
		return;
	g_array_unref(tree->nodes);
	g_array_unref(tree->links);
	g_string_chunk_free(tree->strings);
	g_free(tree);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(NpYTree, np_ytree_free)

static const NpYNode *
np_ytree_get(const NpYTree *tree, guint32 index)
{
	return &g_array_index(tree->nodes, NpYNode, index);
}

static const NpYNode *
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
	np_set_error_va(error, NP_ERROR_PARSE, builder->path, mark->line + 1, mark->column + 1,
			format, args);
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
		return np_set_error_at(error, NP_ERROR_PARSE, builder->path, 1, 1,
				       "out of memory while reading YAML");
	case YAML_READER_ERROR:
		/* marks are not set for these; the offset is in our UTF-8 text */
		np_yaml_position(builder->text, builder->length, parser->problem_offset, &line,
				 &column);
		if (parser->problem_value >= 0)
			return np_set_error_at(error, NP_ERROR_PARSE, builder->path, line, column,
					       "%s (U+%04X)", problem,
					       (guint)parser->problem_value);
		return np_set_error_at(error, NP_ERROR_PARSE, builder->path, line, column, "%s",
				       problem);
	default:
		break;
	}
	if (g_strcmp0(problem, "found character that cannot start any token") == 0) {
		gsize at = np_yaml_offset(builder->text, builder->length, line, column);
		if (at < builder->length && builder->text[at] == '\t')
			return np_set_error_at(error, NP_ERROR_PARSE, builder->path, line, column,
					       "found a tab character where a token should start "
					       "(YAML indents with spaces, not tabs)");
		if (at < builder->length) {
			g_autofree gchar *character =
			    g_strndup(builder->text + at,
				      g_utf8_next_char(builder->text + at) - (builder->text + at));
			g_autofree gchar *shown = np_show_text(character);
			g_free(problem);
			problem = g_strdup_printf(
			    "found character '%s' that cannot start any token", shown);
		}
	}
	if (parser->context != NULL)
		context = g_strdup_printf(" (%s at %u:%u)", parser->context,
					  (guint)parser->context_mark.line + 1,
					  (guint)parser->context_mark.column + 1);
	return np_set_error_at(error, NP_ERROR_PARSE, builder->path, line, column, "%s%s", problem,
			       context != NULL ? context : "");
}

/* FALSE when the file already has as many nodes as it may */
static gboolean
np_ybuilder_room(const NpYBuilder *builder, const yaml_mark_t *mark, GError **error)
{
	if (builder->tree->nodes->len < NP_SCENARIO_MAX_YAML_NODES)
		return TRUE;
	return np_ybuilder_fail(builder, mark, error, "more than %d YAML nodes in the file",
				NP_SCENARIO_MAX_YAML_NODES);
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
		g_hash_table_replace(builder->anchors, g_strdup(anchor),
				     GUINT_TO_POINTER(index + 1));
}

/* TRUE when the tag leaves the node's meaning to its text (or makes it a
 * string, *@string); FALSE for tags this format has no use for */
static gboolean
np_ybuilder_tag(const gchar *tag, NpYNodeKind kind, gboolean *string)
{
	static const gchar *const scalar_tags[] = {
	    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
	    "tag:yaml.org,2002:null", NULL};
	if (tag == NULL)
		return TRUE;
	if (kind == NP_YNODE_SCALAR) {
		if (g_strcmp0(tag, "!") == 0 || g_strcmp0(tag, "tag:yaml.org,2002:str") == 0) {
			*string = TRUE;
			return TRUE;
		}
		if (np_strv_index(scalar_tags, tag) < G_N_ELEMENTS(scalar_tags) - 1) {
			*string = FALSE;
			return TRUE;
		}
		return FALSE;
	}
	return g_strcmp0(tag, "!") == 0 ||
	       g_strcmp0(tag, kind == NP_YNODE_SEQUENCE ? "tag:yaml.org,2002:seq"
							: "tag:yaml.org,2002:map") == 0;
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
		return np_ybuilder_fail(builder, &event->start_mark, error,
					"a NUL character (\\0) is not allowed in a scalar");
	if (!np_ybuilder_tag((const gchar *)event->data.scalar.tag, NP_YNODE_SCALAR, &string)) {
		g_autofree gchar *tag = np_show_text((const gchar *)event->data.scalar.tag);
		return np_ybuilder_fail(builder, &event->start_mark, error, "unsupported tag '%s'",
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

	if (builder->frames->len >= NP_SCENARIO_MAX_DEPTH)
		return np_ybuilder_fail(builder, &event->start_mark, error,
					"nesting deeper than %d levels", NP_SCENARIO_MAX_DEPTH);
	if (!np_ybuilder_room(builder, &event->start_mark, error))
		return FALSE;
	node.kind = mapping ? NP_YNODE_MAPPING : NP_YNODE_SEQUENCE;
	if (!np_ybuilder_tag(tag, node.kind, &string)) {
		g_autofree gchar *shown = np_show_text(tag);
		return np_ybuilder_fail(builder, &event->start_mark, error, "unsupported tag '%s'",
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
				if (other->kind == NP_YNODE_SCALAR &&
				    strcmp(other->text, key->text) == 0)
					first = other;
			}
		}
		if (first != NULL) {
			g_autofree gchar *shown = np_show_text(key->text);
			return np_set_error_at(error, NP_ERROR_PARSE, builder->path, key->line,
					       key->column, "duplicate key '%s' (first at %u:%u)",
					       shown, first->line, first->column);
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
			if (g_strcmp0(g_array_index(builder->frames, NpYFrame, i).anchor, anchor) ==
			    0)
				return np_ybuilder_fail(builder, &event->start_mark, error,
							"alias '*%s' is inside the node it names",
							shown);
		}
		return np_ybuilder_fail(builder, &event->start_mark, error,
					"alias '*%s' names no anchor before it", shown);
	}
	if (!np_ybuilder_room(builder, &event->start_mark, error))
		return FALSE;
	node = *np_ytree_get(builder->tree, target - 1);
	builder->alias_nodes += node.size;
	builder->alias_bytes += node.bytes;
	if (builder->alias_nodes > NP_SCENARIO_MAX_ALIAS_NODES)
		return np_ybuilder_fail(builder, &event->start_mark, error,
					"aliases expand to more than %d nodes",
					NP_SCENARIO_MAX_ALIAS_NODES);
	/* a few nodes can hold a lot of text: a long scalar aliased 10000
	 * times would be copied as often */
	if (builder->alias_bytes > NP_SCENARIO_MAX_BYTES)
		return np_ybuilder_fail(builder, &event->start_mark, error,
					"aliases expand to more than %d MiB of text",
					NP_SCENARIO_MAX_BYTES / (1024 * 1024));
	if (builder->frames->len + node.height > NP_SCENARIO_MAX_DEPTH)
		return np_ybuilder_fail(builder, &event->start_mark, error,
					"nesting deeper than %d levels (through alias '*%s')",
					NP_SCENARIO_MAX_DEPTH, shown);
	node.line = event->start_mark.line + 1;
	node.column = event->start_mark.column + 1;
	np_ybuilder_attach(builder, np_ybuilder_append(builder, &node));
	return TRUE;
}

/* the document of @text as a tree, the hostile-input limits enforced */
static NpYTree *
np_ytree_parse(const gchar *text, gsize length, const gchar *path, GError **error)
{
	g_auto(NpYBuilder) builder = {0};
	g_auto(yaml_parser_t) parser = {0};

	builder.path = path;
	builder.text = text;
	builder.length = length;
	builder.tree = g_new0(NpYTree, 1);
	builder.tree->nodes = g_array_new(FALSE, FALSE, sizeof(NpYNode));
	builder.tree->links = g_array_new(FALSE, FALSE, sizeof(guint32));
	builder.tree->strings = g_string_chunk_new(64 * 1024);
	builder.tree->root = -1;
	builder.frames = g_array_new(FALSE, FALSE, sizeof(NpYFrame));
	g_array_set_clear_func(builder.frames, np_yframe_clear);
	builder.pending = g_array_new(FALSE, FALSE, sizeof(guint32));
	builder.anchors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	if (!yaml_parser_initialize(&parser)) {
		np_set_error_at(error, NP_ERROR_PARSE, path, 1, 1,
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
				ok = np_ybuilder_fail(&builder, &event.start_mark, error,
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

/* ---------------------------------------------------------------- loader */

typedef struct {
	guint line;
	guint column;
	gint64 removed_by; /* the remove_host event, -1 while present */
} NpHostEntry;

typedef struct {
	gint64 count;
	guint event;
} NpVmRange;

typedef struct {
	const gchar *path;
	gchar *dir; /* where topology files are, NULL for the working directory */
	const NpYTree *tree;
	NpScenario *scenario;
	GPtrArray *scratch;      /* texts quoted in a message */
	GHashTable *flavors;     /* name → NpFlavor (in scenario) */
	GHashTable *images;      /* name → NpImage (in scenario) */
	GHashTable *hosts;       /* name → NpHostEntry: every host ever defined */
	GPtrArray *host_order;   /* the names of @hosts, in definition order */
	GHashTable *vms;         /* name → 1 + event, VMs booted without count */
	GHashTable *vm_ranges;   /* base name → NpVmRange, boots with count */
	GHashTable *vm_suffixes; /* base → smallest k of a VM named 'base-k' */
	const NpYNode *events;   /* the events: list, to look ahead */
	guint64 nodes_total;
	guint64 vms_total;
} NpLoader;

static void
np_loader_clear(NpLoader *loader)
{
	g_free(loader->dir);
	g_clear_pointer(&loader->scratch, g_ptr_array_unref);
	g_clear_pointer(&loader->flavors, g_hash_table_unref);
	g_clear_pointer(&loader->images, g_hash_table_unref);
	g_clear_pointer(&loader->hosts, g_hash_table_unref);
	g_clear_pointer(&loader->host_order, g_ptr_array_unref);
	g_clear_pointer(&loader->vms, g_hash_table_unref);
	g_clear_pointer(&loader->vm_ranges, g_hash_table_unref);
	g_clear_pointer(&loader->vm_suffixes, g_hash_table_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(NpLoader, np_loader_clear)

/* (transfer none): @text, now owned by the loader */
static const gchar *
np_keep(NpLoader *loader, gchar *text)
{
	g_ptr_array_add(loader->scratch, text);
	return text;
}

/* @text fit for a message, owned by the loader */
static const gchar *
np_show(NpLoader *loader, const gchar *text)
{
	return np_keep(loader, np_show_text(text));
}

static gboolean
np_fail(const NpLoader *loader, const NpYNode *at, GError **error, const gchar *format, ...)
    G_GNUC_PRINTF(4, 5);

static gboolean
np_fail(const NpLoader *loader, const NpYNode *at, GError **error, const gchar *format, ...)
{
	va_list args;
	va_start(args, format);
	np_set_error_va(error, NP_ERROR_INVALID, loader->path, at != NULL ? at->line : 1,
			at != NULL ? at->column : 1, format, args);
	va_end(args);
	return FALSE;
}

static const NpYNode *
np_child(const NpLoader *loader, const NpYNode *node, guint i)
{
	return np_ytree_child(loader->tree, node, i);
}

static guint
np_length(const NpYNode *node)
{
	if (node->kind == NP_YNODE_SCALAR)
		return 0;
	return node->kind == NP_YNODE_MAPPING ? node->children.count / 2 : node->children.count;
}

static const NpYNode *
np_map_key(const NpLoader *loader, const NpYNode *map, guint i)
{
	return np_child(loader, map, 2 * i);
}

static const NpYNode *
np_map_value(const NpLoader *loader, const NpYNode *map, guint i)
{
	return np_child(loader, map, 2 * i + 1);
}

/* the value of @key in @map, or NULL */
static const NpYNode *
np_map_get(const NpLoader *loader, const NpYNode *map, const gchar *key)
{
	for (guint i = 0; i < np_length(map); i++) {
		const NpYNode *k = np_map_key(loader, map, i);
		if (k->kind == NP_YNODE_SCALAR && strcmp(k->text, key) == 0)
			return np_map_value(loader, map, i);
	}
	return NULL;
}

/* a plain scalar that YAML reads as null */
static gboolean
np_is_null(const NpYNode *node)
{
	static const gchar *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
	return node->kind == NP_YNODE_SCALAR && !node->quoted &&
	       np_strv_index(nulls, node->text) < G_N_ELEMENTS(nulls) - 1;
}

/* "a list", "a string", "'abc'", ... for "expected X, got Y" */
static const gchar *
np_describe(NpLoader *loader, const NpYNode *node)
{
	if (node->kind == NP_YNODE_SEQUENCE)
		return "a list";
	if (node->kind == NP_YNODE_MAPPING)
		return "a mapping";
	if (node->quoted)
		return "a string";
	if (np_is_null(node))
		return "nothing";
	return np_keep(loader, g_strdup_printf("'%s'", np_show(loader, node->text)));
}

static gboolean
np_require_mapping(NpLoader *loader, const NpYNode *node, const gchar *what, GError **error)
{
	if (node->kind == NP_YNODE_MAPPING)
		return TRUE;
	return np_fail(loader, node, error, "%s: expected a mapping, got %s", what,
		       np_describe(loader, node));
}

static gboolean
np_require_list(NpLoader *loader, const NpYNode *node, const gchar *what, GError **error)
{
	if (node->kind == NP_YNODE_SEQUENCE)
		return TRUE;
	return np_fail(loader, node, error, "%s: expected a list, got %s", what,
		       np_describe(loader, node));
}

static gboolean
np_unknown_key(NpLoader *loader,
	       const NpYNode *key,
	       const gchar *section,
	       const gchar *const *known,
	       GError **error)
{
	const gchar *suggestion = np_suggest(key->text, known, -1);
	g_autofree gchar *list = NULL;

	if (suggestion != NULL)
		return np_fail(loader, key, error, "unknown key '%s' in %s; did you mean '%s'?",
			       np_show(loader, key->text), section, suggestion);
	list = g_strjoinv(", ", (gchar **)known);
	return np_fail(loader, key, error, "unknown key '%s' in %s (known keys: %s)",
		       np_show(loader, key->text), section, list);
}

/* every key of @map is a scalar among @known */
static gboolean
np_check_keys(NpLoader *loader,
	      const NpYNode *map,
	      const gchar *section,
	      const gchar *const *known,
	      GError **error)
{
	for (guint i = 0; i < np_length(map); i++) {
		const NpYNode *key = np_map_key(loader, map, i);
		if (key->kind != NP_YNODE_SCALAR)
			return np_fail(loader, key, error, "a key in %s must be a scalar, not %s",
				       section, np_describe(loader, key));
		if (np_strv_index(known, key->text) < g_strv_length((gchar **)known))
			continue;
		if (strcmp(key->text, "<<") == 0 && !key->quoted)
			return np_fail(loader, key, error,
				       "merge keys ('<<') are not supported in %s; alias the "
				       "whole value instead",
				       section);
		return np_unknown_key(loader, key, section, known, error);
	}
	return TRUE;
}

static const NpYNode *
np_require_key(NpLoader *loader,
	       const NpYNode *map,
	       const gchar *key,
	       const gchar *section,
	       GError **error)
{
	const NpYNode *value = np_map_get(loader, map, key);
	if (value == NULL)
		np_fail(loader, map, error, "missing '%s' in %s", key, section);
	return value;
}

/* ---------------------------------------------------------- typed values */

static gboolean
np_is_decimal(const gchar *text)
{
	if (*text == '-')
		text++;
	return *text != '\0' && strspn(text, "0123456789") == strlen(text);
}

static gboolean
np_read_int(NpLoader *loader,
	    const NpYNode *value,
	    const gchar *key,
	    gint64 minimum,
	    gint64 maximum,
	    gint64 *out,
	    GError **error)
{
	gboolean parsed;

	if (value->kind != NP_YNODE_SCALAR || value->quoted || !np_is_decimal(value->text))
		return np_fail(loader, value, error, "%s: expected an integer, got %s", key,
			       np_describe(loader, value));
	parsed = g_ascii_string_to_signed(value->text, 10, G_MININT64, G_MAXINT64, out, NULL);
	if (minimum >= 0 && value->text[0] == '-' && (!parsed || *out < 0))
		return np_fail(loader, value, error, "%s: must not be negative (got %s)", key,
			       np_show(loader, value->text));
	if (!parsed || *out > maximum || *out < minimum) {
		if (parsed && *out < minimum)
			return np_fail(loader, value, error,
				       "%s: must be at least %" G_GINT64_FORMAT
				       " (got %" G_GINT64_FORMAT ")",
				       key, minimum, *out);
		return np_fail(loader, value, error,
			       "%s: %s is out of range (at most %" G_GINT64_FORMAT ")", key,
			       np_show(loader, value->text), maximum);
	}
	return TRUE;
}

/* a size or a count: 0 (or @minimum) .. NP_SCENARIO_MAX_QUANTITY */
static gboolean
np_read_quantity(NpLoader *loader,
		 const NpYNode *value,
		 const gchar *key,
		 gint64 minimum,
		 gint64 *out,
		 GError **error)
{
	return np_read_int(loader, value, key, minimum, NP_SCENARIO_MAX_QUANTITY, out, error);
}

/* YAML's decimal floats (and integers) */
static gboolean
np_is_float(const gchar *text)
{
	gboolean digits = FALSE;
	if (*text == '-' || *text == '+')
		text++;
	for (; g_ascii_isdigit(*text); text++)
		digits = TRUE;
	if (*text == '.') {
		for (text++; g_ascii_isdigit(*text); text++)
			digits = TRUE;
	}
	if (!digits)
		return FALSE;
	if (*text == 'e' || *text == 'E') {
		text++;
		if (*text == '-' || *text == '+')
			text++;
		if (!g_ascii_isdigit(*text))
			return FALSE;
		while (g_ascii_isdigit(*text))
			text++;
	}
	return *text == '\0';
}

/* a ratio: a finite number > 0 */
static gboolean
np_read_ratio(NpLoader *loader,
	      const NpYNode *value,
	      const gchar *key,
	      gdouble *out,
	      GError **error)
{
	if (value->kind != NP_YNODE_SCALAR || value->quoted || !np_is_float(value->text))
		return np_fail(loader, value, error, "%s: expected a number, got %s", key,
			       np_describe(loader, value));
	*out = g_ascii_strtod(value->text, NULL);
	if (!isfinite(*out))
		return np_fail(loader, value, error, "%s: %s is out of range", key,
			       np_show(loader, value->text));
	if (*out <= 0)
		return np_fail(loader, value, error, "%s: must be greater than 0 (got %s)", key,
			       np_show(loader, value->text));
	return TRUE;
}

static gboolean
np_read_bool(NpLoader *loader,
	     const NpYNode *value,
	     const gchar *key,
	     gboolean *out,
	     GError **error)
{
	static const gchar *const yes[] = {"true", "yes", "on", NULL};
	static const gchar *const no[] = {"false", "no", "off", NULL};

	if (value->kind == NP_YNODE_SCALAR && !value->quoted) {
		g_autofree gchar *lower = g_ascii_strdown(value->text, -1);
		if (np_strv_index(yes, lower) < G_N_ELEMENTS(yes) - 1) {
			*out = TRUE;
			return TRUE;
		}
		if (np_strv_index(no, lower) < G_N_ELEMENTS(no) - 1) {
			*out = FALSE;
			return TRUE;
		}
	}
	return np_fail(loader, value, error, "%s: expected true or false, got %s", key,
		       np_describe(loader, value));
}

/* a name: any scalar but null or empty; borrowed from the tree */
static gboolean
np_read_name(NpLoader *loader,
	     const NpYNode *value,
	     const gchar *key,
	     const gchar **out,
	     GError **error)
{
	if (value->kind != NP_YNODE_SCALAR || np_is_null(value))
		return np_fail(loader, value, error, "%s: expected a name, got %s", key,
			       np_describe(loader, value));
	if (value->text[0] == '\0')
		return np_fail(loader, value, error, "%s: a name must not be empty", key);
	*out = value->text;
	return TRUE;
}

static gboolean
np_read_enum(NpLoader *loader,
	     const NpYNode *value,
	     const gchar *key,
	     const gchar *const *names,
	     guint *out,
	     GError **error)
{
	g_autofree gchar *list = g_strjoinv(" or ", (gchar **)names);
	const gchar *suggestion;

	if (value->kind != NP_YNODE_SCALAR)
		return np_fail(loader, value, error, "%s: expected %s, got %s", key, list,
			       np_describe(loader, value));
	*out = np_strv_index(names, value->text);
	if (names[*out] != NULL)
		return TRUE;
	suggestion = np_suggest(value->text, names, -1);
	if (suggestion != NULL)
		return np_fail(loader, value, error,
			       "%s: expected %s, got '%s'; did you mean '%s'?", key, list,
			       np_show(loader, value->text), suggestion);
	return np_fail(loader, value, error, "%s: expected %s, got %s", key, list,
		       np_describe(loader, value));
}

/* ------------------------------------------------------------- settings */

static const gchar *const np_top_keys[] = {"numaplan", "name",   "settings", "hosts", "flavors",
					   "images",   "events", "expect",   NULL};
static const gchar *const np_settings_keys[] = {"cpu_allocation_ratio",
						"ram_allocation_ratio",
						"weigher",
						"numa_cells",
						"backing",
						"image_conflict",
						"dynamic_memory_ratio",
						"numa_spanning",
						"max_vnuma_vcpus",
						"max_vnuma_memory_mb",
						"max_attempts",
						"seed",
						NULL};
static const gchar *const np_cluster_keys[] = {
    "weigher",      "numa_cells", "backing", "image_conflict", "dynamic_memory_ratio",
    "max_attempts", "seed",       NULL};
static const gchar *const np_host_keys[] = {"name",
					    "count",
					    "nodes",
					    "topology_file",
					    "numa_spanning",
					    "cpu_allocation_ratio",
					    "ram_allocation_ratio",
					    "max_vnuma_vcpus",
					    "max_vnuma_memory_mb",
					    NULL};
static const gchar *const np_node_keys[] = {"id", "cpus", "memory_mb", "reserved_mb", NULL};

/* the settings a host may override: *@handled says whether @key is one
 * of them; FALSE (with @error) when its value is bad */
static gboolean
np_read_host_setting(NpLoader *loader,
		     const gchar *key,
		     const NpYNode *value,
		     NpHostSettings *settings,
		     gboolean *handled,
		     GError **error)
{
	*handled = TRUE;
	if (strcmp(key, "numa_spanning") == 0)
		return np_read_bool(loader, value, key, &settings->numa_spanning, error);
	if (strcmp(key, "cpu_allocation_ratio") == 0)
		return np_read_ratio(loader, value, key, &settings->cpu_allocation_ratio, error);
	if (strcmp(key, "ram_allocation_ratio") == 0)
		return np_read_ratio(loader, value, key, &settings->ram_allocation_ratio, error);
	if (strcmp(key, "max_vnuma_vcpus") == 0)
		return np_read_quantity(loader, value, key, 0, &settings->max_vnuma_vcpus, error);
	if (strcmp(key, "max_vnuma_memory_mb") == 0)
		return np_read_quantity(loader, value, key, 0, &settings->max_vnuma_memory_mb,
					error);
	*handled = FALSE;
	return TRUE;
}

static gboolean
np_load_settings(NpLoader *loader, const NpYNode *map, GError **error)
{
	NpSettings *settings = &loader->scenario->settings;

	if (!np_require_mapping(loader, map, "settings", error) ||
	    !np_check_keys(loader, map, "settings", np_settings_keys, error))
		return FALSE;
	for (guint i = 0; i < np_length(map); i++) {
		const gchar *key = np_map_key(loader, map, i)->text;
		const NpYNode *value = np_map_value(loader, map, i);
		gboolean handled = FALSE;
		guint choice = 0;
		gint64 number = 0;
		gboolean ok;

		if (!np_read_host_setting(loader, key, value, &settings->host_defaults, &handled,
					  error))
			return FALSE;
		if (handled)
			continue;
		if (strcmp(key, "weigher") == 0) {
			ok = np_read_enum(loader, value, key, np_weigher_names, &choice, error);
			settings->weigher = choice;
		} else if (strcmp(key, "numa_cells") == 0) {
			ok = np_read_enum(loader, value, key, np_numa_cells_names, &choice, error);
			settings->numa_cells_pack = choice == 1;
		} else if (strcmp(key, "backing") == 0) {
			ok = np_read_enum(loader, value, key, np_backing_names, &choice, error);
			settings->backing = choice;
		} else if (strcmp(key, "image_conflict") == 0) {
			ok = np_read_enum(loader, value, key, np_image_conflict_names, &choice,
					  error);
			settings->image_conflict = choice;
		} else if (strcmp(key, "dynamic_memory_ratio") == 0) {
			ok = np_read_ratio(loader, value, key, &settings->dynamic_memory_ratio,
					   error);
		} else if (strcmp(key, "max_attempts") == 0) {
			ok =
			    np_read_quantity(loader, value, key, 1, &settings->max_attempts, error);
		} else {
			/* seed: np_check_keys() let nothing else through */
			ok = np_read_int(loader, value, key, 0, G_MAXINT64, &number, error);
			settings->seed = (guint64)number;
		}
		if (!ok)
			return FALSE;
	}
	return TRUE;
}

/* ---------------------------------------------------------------- hosts */

static gboolean
np_load_cpus(NpLoader *loader, const NpYNode *value, gint64 *cpus, GError **error)
{
	g_autoptr(GHashTable) seen = NULL;

	if (value->kind != NP_YNODE_SEQUENCE)
		return np_read_quantity(loader, value, "cpus", 1, cpus, error);
	if (np_length(value) == 0)
		return np_fail(loader, value, error,
			       "cpus: the list of logical processor ids is empty");
	seen = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
	for (guint i = 0; i < np_length(value); i++) {
		const NpYNode *item = np_child(loader, value, i);
		const NpYNode *first;
		gint64 id = 0;
		if (!np_read_int(loader, item, "cpus", 0, G_MAXINT64, &id, error))
			return FALSE;
		first = g_hash_table_lookup(seen, &id);
		if (first != NULL)
			return np_fail(loader, item, error,
				       "cpus: logical processor %" G_GINT64_FORMAT
				       " is listed twice (first at %u:%u)",
				       id, first->line, first->column);
		g_hash_table_insert(seen, g_memdup2(&id, sizeof(id)), (gpointer)item);
	}
	*cpus = np_length(value);
	return TRUE;
}

static gboolean
np_load_nodes(NpLoader *loader,
	      const NpYNode *list,
	      const gchar *section,
	      GArray *nodes,
	      GError **error)
{
	g_autoptr(GHashTable) ids =
	    g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);

	if (!np_require_list(loader, list, "nodes", error))
		return FALSE;
	if (np_length(list) == 0)
		return np_fail(loader, list, error, "nodes: a host needs at least one node");
	for (guint i = 0; i < np_length(list); i++) {
		const NpYNode *item = np_child(loader, list, i);
		g_autofree gchar *where = g_strdup_printf("%s.nodes[%u]", section, i);
		const NpYNode *id, *cpus, *memory, *reserved, *first;
		NpNodeSpec spec = {0};

		if (!np_require_mapping(loader, item, where, error) ||
		    !np_check_keys(loader, item, where, np_node_keys, error))
			return FALSE;
		if ((id = np_require_key(loader, item, "id", where, error)) == NULL ||
		    (cpus = np_require_key(loader, item, "cpus", where, error)) == NULL ||
		    (memory = np_require_key(loader, item, "memory_mb", where, error)) == NULL)
			return FALSE;
		if (!np_read_int(loader, id, "id", 0, G_MAXINT64, &spec.id, error) ||
		    !np_load_cpus(loader, cpus, &spec.cpus, error) ||
		    !np_read_quantity(loader, memory, "memory_mb", 1, &spec.memory_mb, error))
			return FALSE;
		reserved = np_map_get(loader, item, "reserved_mb");
		if (reserved != NULL) {
			if (!np_read_quantity(loader, reserved, "reserved_mb", 0, &spec.reserved_mb,
					      error))
				return FALSE;
			if (spec.reserved_mb > spec.memory_mb)
				return np_fail(loader, reserved, error,
					       "reserved_mb %" G_GINT64_FORMAT
					       " is more than memory_mb %" G_GINT64_FORMAT,
					       spec.reserved_mb, spec.memory_mb);
		}
		first = g_hash_table_lookup(ids, &spec.id);
		if (first != NULL)
			return np_fail(loader, id, error,
				       "duplicate node id %" G_GINT64_FORMAT " (first at %u:%u)",
				       spec.id, first->line, first->column);
		g_hash_table_insert(ids, g_memdup2(&spec.id, sizeof(spec.id)), (gpointer)id);
		g_array_append_val(nodes, spec);
	}
	return TRUE;
}

static gboolean
np_load_topology_file(NpLoader *loader, const NpYNode *value, GArray *nodes, GError **error);

static gboolean
np_register_host(NpLoader *loader,
		 const gchar *name,
		 const NpYNode *at,
		 const NpYNode *item,
		 GError **error)
{
	const NpHostEntry *first = g_hash_table_lookup(loader->hosts, name);
	NpHostEntry *entry;

	if (first != NULL)
		return np_fail(loader, at, error,
			       "duplicate host name '%s' (first defined at %u:%u)",
			       np_show(loader, name), first->line, first->column);
	entry = g_new0(NpHostEntry, 1);
	entry->line = item->line;
	entry->column = item->column;
	entry->removed_by = -1;
	g_hash_table_insert(loader->hosts, g_strdup(name), entry);
	g_ptr_array_add(loader->host_order, g_strdup(name));
	return TRUE;
}

/* a `hosts:` item, or the value of an `add_host:` event: appends the
 * hosts it defines (several with count:) to @out */
static gboolean
np_load_host(NpLoader *loader,
	     const NpYNode *item,
	     const gchar *section,
	     GPtrArray *out,
	     GError **error)
{
	g_autoptr(NpHostSpec) host = NULL;
	const NpYNode *name_node, *nodes, *topology, *count_node;
	const gchar *name = NULL;
	gint64 count = 0;

	if (!np_require_mapping(loader, item, section, error))
		return FALSE;
	for (guint i = 0; i < np_length(item); i++) {
		const NpYNode *key = np_map_key(loader, item, i);
		if (key->kind == NP_YNODE_SCALAR &&
		    np_strv_index(np_cluster_keys, key->text) < G_N_ELEMENTS(np_cluster_keys) - 1)
			return np_fail(loader, key, error,
				       "'%s' is a cluster-wide setting; set it under settings",
				       key->text);
	}
	if (!np_check_keys(loader, item, section, np_host_keys, error))
		return FALSE;
	if ((name_node = np_require_key(loader, item, "name", section, error)) == NULL ||
	    !np_read_name(loader, name_node, "name", &name, error))
		return FALSE;
	count_node = np_map_get(loader, item, "count");
	if (count_node != NULL &&
	    !np_read_int(loader, count_node, "count", 1, NP_SCENARIO_MAX_NODES, &count, error))
		return FALSE;

	host = np_host_spec_new(name);
	host->line = item->line;
	host->column = item->column;
	host->settings = loader->scenario->settings.host_defaults;
	nodes = np_map_get(loader, item, "nodes");
	topology = np_map_get(loader, item, "topology_file");
	if (nodes != NULL && topology != NULL) {
		const NpYNode *second =
		    nodes->line > topology->line ||
			    (nodes->line == topology->line && nodes->column > topology->column)
			? nodes
			: topology;
		return np_fail(loader, second, error,
			       "a host has either 'nodes' or 'topology_file', not both");
	}
	if (nodes == NULL && topology == NULL)
		return np_fail(loader, item, error, "missing 'nodes' (or 'topology_file') in %s",
			       section);
	if (nodes != NULL && !np_load_nodes(loader, nodes, section, host->nodes, error))
		return FALSE;
	if (topology != NULL && !np_load_topology_file(loader, topology, host->nodes, error))
		return FALSE;
	for (guint i = 0; i < np_length(item); i++) {
		gboolean handled = FALSE;
		if (!np_read_host_setting(loader, np_map_key(loader, item, i)->text,
					  np_map_value(loader, item, i), &host->settings, &handled,
					  error))
			return FALSE;
	}

	/* count: makes NAME-1 .. NAME-N, all alike */
	if ((guint64)MAX(count, 1) >
	    (NP_SCENARIO_MAX_NODES - loader->nodes_total) / host->nodes->len)
		return np_fail(loader, count_node != NULL ? count_node : item, error,
			       "more than %d NUMA nodes in the scenario", NP_SCENARIO_MAX_NODES);
	loader->nodes_total += (guint64)MAX(count, 1) * host->nodes->len;
	if (count == 0) {
		if (!np_register_host(loader, name, name_node, item, error))
			return FALSE;
		g_ptr_array_add(out, g_steal_pointer(&host));
		return TRUE;
	}
	for (gint64 k = 1; k <= count; k++) {
		g_autoptr(NpHostSpec) copy = np_host_spec_copy(host);
		g_free(copy->name);
		copy->name = g_strdup_printf("%s-%" G_GINT64_FORMAT, name, k);
		if (!np_register_host(loader, copy->name, name_node, item, error))
			return FALSE;
		g_ptr_array_add(out, g_steal_pointer(&copy));
	}
	return TRUE;
}

static gboolean
np_load_hosts(NpLoader *loader, const NpYNode *list, GError **error)
{
	if (!np_require_list(loader, list, "hosts", error))
		return FALSE;
	for (guint i = 0; i < np_length(list); i++) {
		g_autofree gchar *section = g_strdup_printf("hosts[%u]", i);
		if (!np_load_host(loader, np_child(loader, list, i), section,
				  loader->scenario->hosts, error))
			return FALSE;
	}
	return TRUE;
}

/* ----------------------------------------------------------- file input */

/* the file's bytes, refusing (NP_ERROR_INVALID) more than
 * NP_SCENARIO_MAX_BYTES before reading them; NP_ERROR_IO with errno's text */
static GByteArray *
np_read_limited(const gchar *path, GError **error)
{
	g_autoptr(GIOChannel) channel = NULL;
	g_autoptr(GByteArray) bytes = g_byte_array_new();
	struct stat info;
	gint fd = g_open(path, O_RDONLY | O_CLOEXEC, 0);

	if (fd < 0) {
		gint saved = errno;
		g_set_error_literal(error, NP_ERROR, NP_ERROR_IO, g_strerror(saved));
		return NULL;
	}
	channel = g_io_channel_unix_new(fd);
	g_io_channel_set_close_on_unref(channel, TRUE);
	if (fstat(fd, &info) != 0) {
		gint saved = errno;
		g_set_error_literal(error, NP_ERROR, NP_ERROR_IO, g_strerror(saved));
		return NULL;
	}
	if (S_ISDIR(info.st_mode)) {
		g_set_error_literal(error, NP_ERROR, NP_ERROR_IO, g_strerror(EISDIR));
		return NULL;
	}
	if (S_ISREG(info.st_mode) && info.st_size > NP_SCENARIO_MAX_BYTES) {
		g_set_error(error, NP_ERROR, NP_ERROR_INVALID, "the file is larger than %d MiB",
			    NP_SCENARIO_MAX_BYTES / (1024 * 1024));
		return NULL;
	}
	if (g_io_channel_set_encoding(channel, NULL, error) != G_IO_STATUS_NORMAL)
		return NULL;
	for (;;) {
		gchar buffer[65536];
		gsize got = 0;
		GIOStatus status =
		    g_io_channel_read_chars(channel, buffer, sizeof(buffer), &got, error);
		if (status == G_IO_STATUS_ERROR)
			return NULL;
		g_byte_array_append(bytes, (const guint8 *)buffer, got);
		if (bytes->len > NP_SCENARIO_MAX_BYTES) {
			g_set_error(error, NP_ERROR, NP_ERROR_INVALID,
				    "the file is larger than %d MiB",
				    NP_SCENARIO_MAX_BYTES / (1024 * 1024));
			return NULL;
		}
		if (status == G_IO_STATUS_EOF)
			return g_steal_pointer(&bytes);
	}
}

static gboolean
np_load_topology_file(NpLoader *loader, const NpYNode *value, GArray *nodes, GError **error)
{
	g_autoptr(GError) local = NULL;
	g_autoptr(GByteArray) bytes = NULL;
	g_autoptr(GArray) parsed = NULL;
	g_autofree gchar *path = NULL;
	const gchar *name = NULL;

	if (!np_read_name(loader, value, "topology_file", &name, error))
		return FALSE;
	if (g_path_is_absolute(name) || loader->dir == NULL)
		path = g_strdup(name);
	else
		path = g_build_filename(loader->dir, name, NULL);
	bytes = np_read_limited(path, &local);
	if (bytes == NULL)
		return np_fail(loader, value, error, "cannot read topology file '%s': %s",
			       np_show(loader, path), local->message);
	parsed = np_topology_json_parse((const gchar *)bytes->data, bytes->len, path, NULL, &local);
	if (parsed == NULL) {
		g_set_error(error, NP_ERROR, local->code,
			    "%s\n%s:%u:%u: note: in the topology_file named here", local->message,
			    loader->path, value->line, value->column);
		return FALSE;
	}
	g_array_append_vals(nodes, parsed->data, parsed->len);
	return TRUE;
}

/* ------------------------------------------------------ flavors, images */

static gboolean
np_load_props(NpLoader *loader,
	      const NpYNode *map,
	      const gchar *what,
	      NpProps *props,
	      GError **error)
{
	if (!np_require_mapping(loader, map, what, error))
		return FALSE;
	/* data, not syntax: kept as written, checked when a boot resolves */
	for (guint i = 0; i < np_length(map); i++) {
		const NpYNode *key = np_map_key(loader, map, i);
		const NpYNode *value = np_map_value(loader, map, i);
		if (key->kind != NP_YNODE_SCALAR)
			return np_fail(loader, key, error, "%s: a key must be a scalar, not %s",
				       what, np_describe(loader, key));
		if (value->kind != NP_YNODE_SCALAR)
			return np_fail(loader, value, error, "%s '%s': expected a scalar, got %s",
				       what, np_show(loader, key->text),
				       np_describe(loader, value));
		np_props_set_string(props, key->text, value->text);
	}
	return TRUE;
}

static gboolean
np_load_flavors(NpLoader *loader, const NpYNode *map, GError **error)
{
	static const gchar *const keys[] = {"vcpus", "memory_mb", "extra_specs", NULL};

	if (!np_require_mapping(loader, map, "flavors", error))
		return FALSE;
	for (guint i = 0; i < np_length(map); i++) {
		const NpYNode *key = np_map_key(loader, map, i);
		const NpYNode *value = np_map_value(loader, map, i);
		g_autoptr(NpFlavor) flavor = NULL;
		g_autofree gchar *section = NULL;
		const NpYNode *vcpus, *memory, *specs;
		const gchar *name = NULL;

		if (!np_read_name(loader, key, "flavor name", &name, error))
			return FALSE;
		section = g_strdup_printf("flavor '%s'", np_show(loader, name));
		if (!np_require_mapping(loader, value, section, error) ||
		    !np_check_keys(loader, value, section, keys, error))
			return FALSE;
		if ((vcpus = np_require_key(loader, value, "vcpus", section, error)) == NULL ||
		    (memory = np_require_key(loader, value, "memory_mb", section, error)) == NULL)
			return FALSE;
		flavor = np_flavor_new(name, 0, 0);
		if (!np_read_quantity(loader, vcpus, "vcpus", 1, &flavor->vcpus, error) ||
		    !np_read_quantity(loader, memory, "memory_mb", 1, &flavor->memory_mb, error))
			return FALSE;
		specs = np_map_get(loader, value, "extra_specs");
		if (specs != NULL &&
		    !np_load_props(loader, specs, "extra_specs", flavor->extra_specs, error))
			return FALSE;
		g_hash_table_insert(loader->flavors, flavor->name, flavor);
		g_ptr_array_add(loader->scenario->flavors, g_steal_pointer(&flavor));
	}
	return TRUE;
}

static gboolean
np_load_images(NpLoader *loader, const NpYNode *map, GError **error)
{
	static const gchar *const keys[] = {"properties", NULL};

	if (!np_require_mapping(loader, map, "images", error))
		return FALSE;
	for (guint i = 0; i < np_length(map); i++) {
		const NpYNode *key = np_map_key(loader, map, i);
		const NpYNode *value = np_map_value(loader, map, i);
		g_autoptr(NpImage) image = NULL;
		g_autofree gchar *section = NULL;
		const NpYNode *properties;
		const gchar *name = NULL;

		if (!np_read_name(loader, key, "image name", &name, error))
			return FALSE;
		section = g_strdup_printf("image '%s'", np_show(loader, name));
		if (!np_require_mapping(loader, value, section, error) ||
		    !np_check_keys(loader, value, section, keys, error))
			return FALSE;
		image = np_image_new(name);
		properties = np_map_get(loader, value, "properties");
		if (properties != NULL &&
		    !np_load_props(loader, properties, "properties", image->properties, error))
			return FALSE;
		g_hash_table_insert(loader->images, image->name, image);
		g_ptr_array_add(loader->scenario->images, g_steal_pointer(&image));
	}
	return TRUE;
}

/* --------------------------------------------------------------- expect */

static const gchar *const np_event_expect_keys[] = {
    "index",     "type",     "vm",         "status",     "code",      "message",
    "host",      "attempts", "vnuma",      "cells",      "backing",   "spanned",
    "remote_mb", "warnings", "filtered",   "memory_mb",  "target_mb", "shortfall_mb",
    "fits",      "per_host", "would_span", "stopped_by", "evacuated", "enabled",
    "flavor",    NULL};
static const gchar *const np_expect_keys[] = {"summary", "vms", "hosts", NULL};
static const gchar *const np_summary_keys[] = {"events",          "active",  "stopped", "rejected",
					       "failed_to_start", "deleted", "error",   "spanned",
					       "remote_mb",       "by_code", NULL};
static const gchar *const np_vm_expect_keys[] = {"name",  "status",  "host",    "flavor",    "code",
						 "cells", "backing", "spanned", "remote_mb", NULL};
static const gchar *const np_host_expect_keys[] = {
    "name", "numa_spanning", "enabled", "nodes", "claimed_vcpus", "claimed_memory_mb", NULL};

/* a plain scalar as YAML's core schema reads it */
static cJSON *
np_scalar_to_json(const NpYNode *node)
{
	static const gchar *const trues[] = {"true", "True", "TRUE", NULL};
	static const gchar *const falses[] = {"false", "False", "FALSE", NULL};
	const gchar *text = node->text;
	cJSON *number;
	gint64 integer = 0;

	if (node->quoted)
		return cJSON_CreateString(text);
	if (np_is_null(node))
		return cJSON_CreateNull();
	if (np_strv_index(trues, text) < G_N_ELEMENTS(trues) - 1)
		return cJSON_CreateTrue();
	if (np_strv_index(falses, text) < G_N_ELEMENTS(falses) - 1)
		return cJSON_CreateFalse();
	if (!np_is_float(text) || !isfinite(g_ascii_strtod(text, NULL)))
		return cJSON_CreateString(text);
	/* the literal rides along, as np_json_parse() keeps it: integers stay
	 * exact and 2.0 stays a float */
	number = cJSON_CreateNumber(g_ascii_strtod(text, NULL));
	if (*text == '+')
		text++;
	if (strpbrk(text, ".eE") == NULL &&
	    g_ascii_string_to_signed(text, 10, G_MININT64, G_MAXINT64, &integer, NULL))
		number->valuestring = g_strdup_printf("%" G_GINT64_FORMAT, integer);
	else
		number->valuestring = g_strdup(text);
	return number;
}

static cJSON *
np_node_to_json(NpLoader *loader, const NpYNode *node, GError **error)
{
	g_autoptr(cJSON) out = NULL;

	if (node->kind == NP_YNODE_SCALAR)
		return np_scalar_to_json(node);
	out = node->kind == NP_YNODE_SEQUENCE ? cJSON_CreateArray() : cJSON_CreateObject();
	for (guint i = 0; i < np_length(node); i++) {
		const NpYNode *value = node->kind == NP_YNODE_SEQUENCE
					   ? np_child(loader, node, i)
					   : np_map_value(loader, node, i);
		cJSON *item = NULL;
		if (node->kind == NP_YNODE_MAPPING &&
		    np_map_key(loader, node, i)->kind != NP_YNODE_SCALAR) {
			np_fail(loader, np_map_key(loader, node, i), error,
				"a key in expect must be a scalar, not %s",
				np_describe(loader, np_map_key(loader, node, i)));
			return NULL;
		}
		item = np_node_to_json(loader, value, error);
		if (item == NULL)
			return NULL;
		if (node->kind == NP_YNODE_SEQUENCE)
			cJSON_AddItemToArray(out, item);
		else
			cJSON_AddItemToObject(out, np_map_key(loader, node, i)->text, item);
	}
	return g_steal_pointer(&out);
}

static gboolean
np_load_event_expect(NpLoader *loader,
		     const NpYNode *map,
		     const gchar *section,
		     NpEvent *event,
		     GError **error)
{
	if (!np_require_mapping(loader, map, section, error) ||
	    !np_check_keys(loader, map, section, np_event_expect_keys, error))
		return FALSE;
	event->expect = np_node_to_json(loader, map, error);
	return event->expect != NULL;
}

static gint64 np_vm_lookup(const NpLoader *loader, const gchar *name);

/* `expect:` at the top level: checked after the last event */
static gboolean
np_load_expect(NpLoader *loader, const NpYNode *map, GError **error)
{
	const NpYNode *summary, *vms, *hosts;

	if (!np_require_mapping(loader, map, "expect", error) ||
	    !np_check_keys(loader, map, "expect", np_expect_keys, error))
		return FALSE;
	summary = np_map_get(loader, map, "summary");
	if (summary != NULL &&
	    (!np_require_mapping(loader, summary, "expect.summary", error) ||
	     !np_check_keys(loader, summary, "expect.summary", np_summary_keys, error)))
		return FALSE;
	vms = np_map_get(loader, map, "vms");
	if (vms != NULL && !np_require_mapping(loader, vms, "expect.vms", error))
		return FALSE;
	for (guint i = 0; vms != NULL && i < np_length(vms); i++) {
		const NpYNode *key = np_map_key(loader, vms, i);
		g_autofree gchar *section = NULL;
		const gchar *name = NULL;
		if (!np_read_name(loader, key, "expect.vms", &name, error))
			return FALSE;
		if (np_vm_lookup(loader, name) < 0)
			return np_fail(loader, key, error,
				       "expect.vms: no event boots a VM named '%s'",
				       np_show(loader, name));
		section = g_strdup_printf("expect.vms.%s", np_show(loader, name));
		if (!np_require_mapping(loader, np_map_value(loader, vms, i), section, error) ||
		    !np_check_keys(loader, np_map_value(loader, vms, i), section, np_vm_expect_keys,
				   error))
			return FALSE;
	}
	hosts = np_map_get(loader, map, "hosts");
	if (hosts != NULL && !np_require_mapping(loader, hosts, "expect.hosts", error))
		return FALSE;
	for (guint i = 0; hosts != NULL && i < np_length(hosts); i++) {
		const NpYNode *key = np_map_key(loader, hosts, i);
		const NpHostEntry *entry;
		g_autofree gchar *section = NULL;
		const gchar *name = NULL;
		if (!np_read_name(loader, key, "expect.hosts", &name, error))
			return FALSE;
		entry = g_hash_table_lookup(loader->hosts, name);
		if (entry == NULL)
			return np_fail(loader, key, error, "expect.hosts: unknown host '%s'",
				       np_show(loader, name));
		if (entry->removed_by >= 0)
			return np_fail(
			    loader, key, error,
			    "expect.hosts: host '%s' is removed by event %" G_GINT64_FORMAT
			    " and is not there at the end",
			    np_show(loader, name), entry->removed_by);
		section = g_strdup_printf("expect.hosts.%s", np_show(loader, name));
		if (!np_require_mapping(loader, np_map_value(loader, hosts, i), section, error) ||
		    !np_check_keys(loader, np_map_value(loader, hosts, i), section,
				   np_host_expect_keys, error))
			return FALSE;
	}
	loader->scenario->expect = np_node_to_json(loader, map, error);
	return loader->scenario->expect != NULL;
}

/* --------------------------------------------------------------- events */

/* TRUE when @name is 'BASE-K' with K written as count: writes it; then
 * *@base_length is BASE's length and *@k is K */
static gboolean
np_split_counted(const gchar *name, gsize *base_length, gint64 *k)
{
	const gchar *dash = strrchr(name, '-');
	guint64 value = 0;

	if (dash == NULL || dash == name || dash[1] < '1' || dash[1] > '9' ||
	    !g_ascii_string_to_unsigned(dash + 1, 10, 1, G_MAXINT64, &value, NULL) ||
	    strspn(dash + 1, "0123456789") != strlen(dash + 1))
		return FALSE;
	*base_length = dash - name;
	*k = (gint64)value;
	return TRUE;
}

/* the event that booted @name, or -1 */
static gint64
np_vm_lookup(const NpLoader *loader, const gchar *name)
{
	guint event = GPOINTER_TO_UINT(g_hash_table_lookup(loader->vms, name));
	g_autofree gchar *base = NULL;
	const NpVmRange *range;
	gsize base_length = 0;
	gint64 k = 0;

	if (event > 0)
		return event - 1;
	if (!np_split_counted(name, &base_length, &k))
		return -1;
	base = g_strndup(name, base_length);
	range = g_hash_table_lookup(loader->vm_ranges, base);
	if (range == NULL || k > range->count)
		return -1;
	return range->event;
}

/* TRUE when an action of @type with `name: NAME` (and count:) defines @name */
static gboolean
np_item_defines(NpLoader *loader, const NpYNode *item, const gchar *action, const gchar *name)
{
	const NpYNode *value, *base, *count;
	gsize base_length = 0;
	gint64 k = 0, n = 0;

	if (item->kind != NP_YNODE_MAPPING || (value = np_map_get(loader, item, action)) == NULL ||
	    value->kind != NP_YNODE_MAPPING || (base = np_map_get(loader, value, "name")) == NULL ||
	    base->kind != NP_YNODE_SCALAR)
		return FALSE;
	count = np_map_get(loader, value, "count");
	if (count == NULL)
		return strcmp(base->text, name) == 0;
	return count->kind == NP_YNODE_SCALAR && !count->quoted &&
	       g_ascii_string_to_signed(count->text, 10, 1, G_MAXINT64, &n, NULL) &&
	       np_split_counted(name, &base_length, &k) && k <= n &&
	       strlen(base->text) == base_length && strncmp(base->text, name, base_length) == 0;
}

/* the first event after @index whose @action defines @name, or -1 */
static gint64
np_find_later(NpLoader *loader, guint index, const gchar *action, const gchar *name)
{
	for (guint i = index + 1; i < np_length(loader->events); i++) {
		if (np_item_defines(loader, np_child(loader, loader->events, i), action, name))
			return i;
	}
	return -1;
}

/* an unknown name, with the nearest of @names (in definition order) */
static gboolean
np_unknown_name(NpLoader *loader,
		const NpYNode *at,
		const gchar *what,
		const gchar *name,
		const GPtrArray *names,
		GError **error)
{
	const gchar *suggestion =
	    np_suggest(name, (const gchar *const *)names->pdata, (gint)names->len);

	if (suggestion != NULL)
		return np_fail(loader, at, error, "unknown %s '%s'; did you mean '%s'?", what,
			       np_show(loader, name), np_show(loader, suggestion));
	return np_fail(loader, at, error, "unknown %s '%s'", what, np_show(loader, name));
}

static gboolean
np_check_vm(NpLoader *loader, const NpYNode *at, const gchar *name, guint index, GError **error)
{
	gint64 later;

	if (np_vm_lookup(loader, name) >= 0)
		return TRUE;
	later = np_find_later(loader, index, "boot", name);
	if (later >= 0)
		return np_fail(loader, at, error,
			       "VM '%s' is not booted yet: event %" G_GINT64_FORMAT " boots it",
			       np_show(loader, name), later);
	return np_fail(loader, at, error, "unknown VM '%s': no event before this one boots it",
		       np_show(loader, name));
}

static gboolean
np_check_host(NpLoader *loader,
	      const NpYNode *at,
	      const gchar *name,
	      const NpEvent *event,
	      GError **error)
{
	const NpHostEntry *entry = g_hash_table_lookup(loader->hosts, name);
	g_autoptr(GPtrArray) present = NULL;
	gint64 later;

	if (entry != NULL && entry->removed_by < 0)
		return TRUE;
	/* a remove_host fails (host-not-empty) while the host has VMs: naming
	 * it again in a later remove_host is a retry, not a mistake */
	if (entry != NULL && event->type == NP_EVENT_REMOVE_HOST)
		return TRUE;
	if (entry != NULL)
		return np_fail(loader, at, error,
			       "host '%s' was removed by event %" G_GINT64_FORMAT,
			       np_show(loader, name), entry->removed_by);
	later = np_find_later(loader, event->index, "add_host", name);
	if (later >= 0)
		return np_fail(loader, at, error,
			       "host '%s' is not added yet: event %" G_GINT64_FORMAT " adds it",
			       np_show(loader, name), later);
	present = g_ptr_array_new();
	for (guint i = 0; i < loader->host_order->len; i++) {
		const gchar *other = g_ptr_array_index(loader->host_order, i);
		const NpHostEntry *other_entry = g_hash_table_lookup(loader->hosts, other);
		if (other_entry->removed_by < 0)
			g_ptr_array_add(present, (gpointer)other);
	}
	return np_unknown_name(loader, at, "host", name, present, error);
}

static gboolean
np_check_flavor(NpLoader *loader, const NpYNode *at, const gchar *name, GError **error)
{
	g_autoptr(GPtrArray) names = NULL;

	if (g_hash_table_contains(loader->flavors, name))
		return TRUE;
	names = g_ptr_array_new();
	for (guint i = 0; i < loader->scenario->flavors->len; i++)
		g_ptr_array_add(
		    names, ((NpFlavor *)g_ptr_array_index(loader->scenario->flavors, i))->name);
	return np_unknown_name(loader, at, "flavor", name, names, error);
}

static gboolean
np_check_image(NpLoader *loader, const NpYNode *at, const gchar *name, GError **error)
{
	g_autoptr(GPtrArray) names = NULL;

	if (g_hash_table_contains(loader->images, name))
		return TRUE;
	names = g_ptr_array_new();
	for (guint i = 0; i < loader->scenario->images->len; i++)
		g_ptr_array_add(names,
				((NpImage *)g_ptr_array_index(loader->scenario->images, i))->name);
	return np_unknown_name(loader, at, "image", name, names, error);
}

/* a new VM name (@count 0) or NAME-1 .. NAME-@count: unique over the scenario */
static gboolean
np_register_vm(NpLoader *loader,
	       const NpYNode *at,
	       const gchar *name,
	       gint64 count,
	       guint index,
	       GError **error)
{
	gint64 first = -1;
	gsize base_length = 0;
	gint64 k = 0;

	if ((guint64)MAX(count, 1) > NP_SCENARIO_MAX_VMS - loader->vms_total)
		return np_fail(loader, at, error, "more than %d VMs in the scenario",
			       NP_SCENARIO_MAX_VMS);
	if (count == 0) {
		first = np_vm_lookup(loader, name);
		if (first >= 0)
			return np_fail(
			    loader, at, error,
			    "duplicate VM name '%s' (first booted at event %" G_GINT64_FORMAT ")",
			    np_show(loader, name), first);
		g_hash_table_insert(loader->vms, g_strdup(name), GUINT_TO_POINTER(index + 1));
		/* only a name count: could make can clash with a later count: */
		if (np_split_counted(name, &base_length, &k) && k <= NP_SCENARIO_MAX_VMS) {
			g_autofree gchar *base = g_strndup(name, base_length);
			gint64 smallest =
			    GPOINTER_TO_SIZE(g_hash_table_lookup(loader->vm_suffixes, base));
			if (smallest == 0 || k < smallest)
				g_hash_table_replace(loader->vm_suffixes, g_steal_pointer(&base),
						     GSIZE_TO_POINTER((gsize)k));
		}
	} else {
		const NpVmRange *range = g_hash_table_lookup(loader->vm_ranges, name);
		gint64 smallest = GPOINTER_TO_SIZE(g_hash_table_lookup(loader->vm_suffixes, name));
		NpVmRange *added;
		if (range != NULL)
			return np_fail(loader, at, error,
				       "duplicate VM name '%s-1' (first booted at event %u)",
				       np_show(loader, name), range->event);
		if (smallest > 0 && smallest <= count) {
			g_autofree gchar *clash =
			    g_strdup_printf("%s-%" G_GINT64_FORMAT, name, smallest);
			return np_fail(
			    loader, at, error,
			    "duplicate VM name '%s' (first booted at event %" G_GINT64_FORMAT ")",
			    np_show(loader, clash), np_vm_lookup(loader, clash));
		}
		added = g_new0(NpVmRange, 1);
		added->count = count;
		added->event = index;
		g_hash_table_insert(loader->vm_ranges, g_strdup(name), added);
	}
	loader->vms_total += MAX(count, 1);
	return TRUE;
}

static gboolean
np_load_dynamic_memory(NpLoader *loader,
		       const NpYNode *map,
		       const gchar *section,
		       const NpFlavor *flavor,
		       NpDynamicMemory *dm,
		       GError **error)
{
	static const gchar *const keys[] = {"startup_mb", "minimum_mb", "maximum_mb",
					    "buffer_percent", NULL};
	const NpYNode *value;
	gint64 startup, minimum, maximum;

	if (!np_require_mapping(loader, map, section, error) ||
	    !np_check_keys(loader, map, section, keys, error))
		return FALSE;
	dm->enabled = TRUE;
	if ((value = np_map_get(loader, map, "startup_mb")) != NULL &&
	    !np_read_quantity(loader, value, "startup_mb", 1, &dm->startup_mb, error))
		return FALSE;
	if ((value = np_map_get(loader, map, "minimum_mb")) != NULL &&
	    !np_read_quantity(loader, value, "minimum_mb", 1, &dm->minimum_mb, error))
		return FALSE;
	if ((value = np_map_get(loader, map, "maximum_mb")) != NULL &&
	    !np_read_quantity(loader, value, "maximum_mb", 1, &dm->maximum_mb, error))
		return FALSE;
	if ((value = np_map_get(loader, map, "buffer_percent")) != NULL &&
	    !np_read_int(loader, value, "buffer_percent", 5, 2000, &dm->buffer_percent, error))
		return FALSE;
	/* the defaults of rules.md §5; 0 stays in the struct for "default" */
	maximum = dm->maximum_mb > 0 ? dm->maximum_mb : flavor->memory_mb;
	startup = dm->startup_mb > 0 ? dm->startup_mb : MIN(flavor->memory_mb, maximum);
	minimum = dm->minimum_mb > 0 ? dm->minimum_mb : startup;
	if (minimum > startup || startup > maximum)
		return np_fail(loader, map, error,
			       "dynamic_memory needs minimum_mb <= startup_mb <= maximum_mb; "
			       "got minimum_mb %" G_GINT64_FORMAT "%s, startup_mb %" G_GINT64_FORMAT
			       "%s, maximum_mb %" G_GINT64_FORMAT "%s",
			       minimum, dm->minimum_mb > 0 ? "" : " (default)", startup,
			       dm->startup_mb > 0 ? "" : " (default)", maximum,
			       dm->maximum_mb > 0 ? "" : " (the flavor's memory)");
	return TRUE;
}

static gboolean
np_load_boot(NpLoader *loader,
	     const NpYNode *map,
	     const gchar *section,
	     NpEvent *event,
	     GError **error)
{
	static const gchar *const keys[] = {"name", "flavor",         "image", "count",
					    "host", "dynamic_memory", NULL};
	const NpYNode *name, *flavor, *value;
	const gchar *text = NULL;

	if (!np_require_mapping(loader, map, section, error) ||
	    !np_check_keys(loader, map, section, keys, error))
		return FALSE;
	if ((name = np_require_key(loader, map, "name", section, error)) == NULL ||
	    (flavor = np_require_key(loader, map, "flavor", section, error)) == NULL ||
	    !np_read_name(loader, name, "name", &text, error))
		return FALSE;
	event->vm = g_strdup(text);
	if (!np_read_name(loader, flavor, "flavor", &text, error) ||
	    !np_check_flavor(loader, flavor, text, error))
		return FALSE;
	event->flavor = g_strdup(text);
	if ((value = np_map_get(loader, map, "image")) != NULL) {
		if (!np_read_name(loader, value, "image", &text, error) ||
		    !np_check_image(loader, value, text, error))
			return FALSE;
		event->image = g_strdup(text);
	}
	if ((value = np_map_get(loader, map, "host")) != NULL) {
		if (!np_read_name(loader, value, "host", &text, error) ||
		    !np_check_host(loader, value, text, event, error))
			return FALSE;
		event->host = g_strdup(text);
	}
	if ((value = np_map_get(loader, map, "count")) != NULL &&
	    !np_read_int(loader, value, "count", 1, NP_SCENARIO_MAX_VMS, &event->count, error))
		return FALSE;
	if ((value = np_map_get(loader, map, "dynamic_memory")) != NULL) {
		g_autofree gchar *where = g_strdup_printf("%s.dynamic_memory", section);
		if (!np_load_dynamic_memory(loader, value, where,
					    g_hash_table_lookup(loader->flavors, event->flavor),
					    &event->dynamic_memory, error))
			return FALSE;
	}
	return np_register_vm(loader, name, event->vm, event->count, event->index, error);
}

/* `stop: NAME` or `stop: {vm: NAME, ...}` with @keys; *@map is the mapping
 * form or NULL */
static gboolean
np_load_vm_target(NpLoader *loader,
		  const NpYNode *value,
		  const gchar *section,
		  const gchar *const *keys,
		  NpEvent *event,
		  const NpYNode **map,
		  GError **error)
{
	const NpYNode *vm = value;
	const gchar *name = NULL;

	*map = NULL;
	if (value->kind == NP_YNODE_MAPPING) {
		*map = value;
		if (!np_check_keys(loader, value, section, keys, error) ||
		    (vm = np_require_key(loader, value, "vm", section, error)) == NULL)
			return FALSE;
	} else if (g_strv_length((gchar **)keys) > 1) {
		g_autofree gchar *list = g_strjoinv(", ", (gchar **)keys);
		return np_fail(loader, value, error, "%s: expected a mapping with %s, got %s",
			       section, list, np_describe(loader, value));
	} else if (value->kind != NP_YNODE_SCALAR) {
		return np_fail(loader, value, error, "%s: expected a VM name or {vm: NAME}, got %s",
			       section, np_describe(loader, value));
	}
	if (!np_read_name(loader, vm, "vm", &name, error) ||
	    !np_check_vm(loader, vm, name, event->index, error))
		return FALSE;
	event->vm = g_strdup(name);
	return TRUE;
}

/* `fail_host: NAME` or `fail_host: {host: NAME}` */
static gboolean
np_load_host_target(NpLoader *loader,
		    const NpYNode *value,
		    const gchar *section,
		    NpEvent *event,
		    GError **error)
{
	static const gchar *const keys[] = {"host", NULL};
	const NpYNode *host = value;
	const gchar *name = NULL;

	if (value->kind == NP_YNODE_MAPPING &&
	    (!np_check_keys(loader, value, section, keys, error) ||
	     (host = np_require_key(loader, value, "host", section, error)) == NULL))
		return FALSE;
	if (!np_read_name(loader, host, "host", &name, error) ||
	    !np_check_host(loader, host, name, event, error))
		return FALSE;
	event->host = g_strdup(name);
	return TRUE;
}

static gboolean
np_load_action(NpLoader *loader,
	       const NpYNode *value,
	       const gchar *section,
	       NpEvent *event,
	       GError **error)
{
	static const gchar *const vm_keys[] = {"vm", NULL};
	static const gchar *const resize_keys[] = {"vm", "flavor", NULL};
	static const gchar *const migrate_keys[] = {"vm", "host", NULL};
	static const gchar *const demand_keys[] = {"vm", "memory_mb", NULL};
	static const gchar *const spanning_keys[] = {"host", "enabled", NULL};
	static const gchar *const capacity_keys[] = {"flavor", "image", NULL};
	const NpYNode *map = NULL;
	const NpYNode *field;
	const gchar *text = NULL;

	switch (event->type) {
	case NP_EVENT_BOOT:
		return np_load_boot(loader, value, section, event, error);
	case NP_EVENT_DELETE:
	case NP_EVENT_STOP:
	case NP_EVENT_START:
	case NP_EVENT_RESTART:
		return np_load_vm_target(loader, value, section, vm_keys, event, &map, error);
	case NP_EVENT_RESIZE:
		if (!np_load_vm_target(loader, value, section, resize_keys, event, &map, error) ||
		    (field = np_require_key(loader, map, "flavor", section, error)) == NULL ||
		    !np_read_name(loader, field, "flavor", &text, error) ||
		    !np_check_flavor(loader, field, text, error))
			return FALSE;
		event->flavor = g_strdup(text);
		return TRUE;
	case NP_EVENT_MIGRATE:
		if (!np_load_vm_target(loader, value, section, migrate_keys, event, &map, error))
			return FALSE;
		if ((field = np_map_get(loader, map, "host")) != NULL) {
			if (!np_read_name(loader, field, "host", &text, error) ||
			    !np_check_host(loader, field, text, event, error))
				return FALSE;
			event->host = g_strdup(text);
		}
		return TRUE;
	case NP_EVENT_DEMAND:
		return np_load_vm_target(loader, value, section, demand_keys, event, &map, error) &&
		       (field = np_require_key(loader, map, "memory_mb", section, error)) != NULL &&
		       np_read_quantity(loader, field, "memory_mb", 0, &event->memory_mb, error);
	case NP_EVENT_SET_SPANNING:
		if (!np_require_mapping(loader, value, section, error) ||
		    !np_check_keys(loader, value, section, spanning_keys, error) ||
		    (field = np_require_key(loader, value, "enabled", section, error)) == NULL ||
		    !np_read_bool(loader, field, "enabled", &event->enabled, error) ||
		    (field = np_require_key(loader, value, "host", section, error)) == NULL)
			return FALSE;
		return np_load_host_target(loader, field, section, event, error);
	case NP_EVENT_FAIL_HOST:
	case NP_EVENT_RECOVER_HOST:
		return np_load_host_target(loader, value, section, event, error);
	case NP_EVENT_REMOVE_HOST:
		if (!np_load_host_target(loader, value, section, event, error))
			return FALSE;
		((NpHostEntry *)g_hash_table_lookup(loader->hosts, event->host))->removed_by =
		    event->index;
		return TRUE;
	case NP_EVENT_ADD_HOST:
		event->new_hosts =
		    g_ptr_array_new_with_free_func((GDestroyNotify)np_host_spec_free);
		return np_load_host(loader, value, section, event->new_hosts, error);
	case NP_EVENT_CAPACITY:
		if (!np_require_mapping(loader, value, section, error) ||
		    !np_check_keys(loader, value, section, capacity_keys, error) ||
		    (field = np_require_key(loader, value, "flavor", section, error)) == NULL ||
		    !np_read_name(loader, field, "flavor", &text, error) ||
		    !np_check_flavor(loader, field, text, error))
			return FALSE;
		event->flavor = g_strdup(text);
		if ((field = np_map_get(loader, value, "image")) != NULL) {
			if (!np_read_name(loader, field, "image", &text, error) ||
			    !np_check_image(loader, field, text, error))
				return FALSE;
			event->image = g_strdup(text);
		}
		return TRUE;
	case NP_EVENT_LAST:
	default:
		break;
	}
	g_return_val_if_reached(FALSE);
}

static gboolean
np_load_event(NpLoader *loader, const NpYNode *item, guint index, GError **error)
{
	g_autoptr(NpEvent) event = g_new0(NpEvent, 1);
	g_autofree gchar *section = g_strdup_printf("events[%u]", index);
	g_autofree gchar *action_section = NULL;
	g_autofree gchar *actions = g_strjoinv(", ", (gchar **)np_event_names);
	const NpYNode *action = NULL, *action_value = NULL, *expect = NULL;

	if (item->kind != NP_YNODE_MAPPING)
		return np_fail(loader, item, error,
			       "%s: expected a mapping with one action (%s), got %s", section,
			       actions, np_describe(loader, item));
	for (guint i = 0; i < np_length(item); i++) {
		const NpYNode *key = np_map_key(loader, item, i);
		if (key->kind != NP_YNODE_SCALAR)
			return np_fail(loader, key, error, "a key in %s must be a scalar, not %s",
				       section, np_describe(loader, key));
		if (strcmp(key->text, "expect") == 0) {
			expect = np_map_value(loader, item, i);
		} else if (np_event_type_from_string(key->text) < NP_EVENT_LAST) {
			if (action != NULL)
				return np_fail(loader, key, error,
					       "an event has exactly one action; found '%s' and "
					       "'%s'",
					       action->text, key->text);
			action = key;
			action_value = np_map_value(loader, item, i);
		} else {
			g_autoptr(GPtrArray) known = g_ptr_array_new();
			for (guint j = 0; np_event_names[j] != NULL; j++)
				g_ptr_array_add(known, (gpointer)np_event_names[j]);
			g_ptr_array_add(known, (gpointer) "expect");
			g_ptr_array_add(known, NULL);
			return np_unknown_key(loader, key, section,
					      (const gchar *const *)known->pdata, error);
		}
	}
	if (action == NULL)
		return np_fail(loader, item, error, "%s has no action: one of %s", section,
			       actions);
	event->type = np_event_type_from_string(action->text);
	event->index = index;
	event->line = item->line;
	event->column = item->column;
	action_section = g_strdup_printf("%s.%s", section, action->text);
	if (!np_load_action(loader, action_value, action_section, event, error))
		return FALSE;
	if (expect != NULL) {
		g_autofree gchar *where = g_strdup_printf("%s.expect", section);
		if (!np_load_event_expect(loader, expect, where, event, error))
			return FALSE;
	}
	g_ptr_array_add(loader->scenario->events, g_steal_pointer(&event));
	return TRUE;
}

static gboolean
np_load_events(NpLoader *loader, const NpYNode *list, GError **error)
{
	if (!np_require_list(loader, list, "events", error))
		return FALSE;
	loader->events = list;
	for (guint i = 0; i < np_length(list); i++) {
		if (!np_load_event(loader, np_child(loader, list, i), i, error))
			return FALSE;
	}
	return TRUE;
}

/* ------------------------------------------------------------- document */

static gboolean
np_load_version(NpLoader *loader, const NpYNode *root, GError **error)
{
	const NpYNode *first;
	gint64 version = 0;

	for (guint i = 1; i < np_length(root); i++) {
		const NpYNode *key = np_map_key(loader, root, i);
		if (key->kind == NP_YNODE_SCALAR && strcmp(key->text, "numaplan") == 0)
			return np_fail(loader, key, error,
				       "'numaplan' (the format version) must be the first key");
	}
	first = np_length(root) > 0 ? np_map_key(loader, root, 0) : NULL;
	if (first == NULL || first->kind != NP_YNODE_SCALAR ||
	    strcmp(first->text, "numaplan") != 0) {
		const gchar *const version_key[] = {"numaplan", NULL};
		if (first != NULL && first->kind == NP_YNODE_SCALAR &&
		    np_suggest(first->text, version_key, -1) != NULL)
			return np_unknown_key(loader, first, "the top-level mapping", np_top_keys,
					      error);
		return np_fail(loader, NULL, error,
			       "missing 'numaplan: 1' (the format version) as the first key");
	}
	if (!np_read_int(loader, np_map_value(loader, root, 0), "numaplan", 0, G_MAXINT64, &version,
			 error))
		return FALSE;
	if (version != 1)
		return np_fail(loader, np_map_value(loader, root, 0), error,
			       "unsupported format version %" G_GINT64_FORMAT
			       " (this numaplan reads 1)",
			       version);
	return TRUE;
}

static gboolean
np_load_document(NpLoader *loader, GError **error)
{
	const NpYNode *root, *value;
	const gchar *name = NULL;

	if (loader->tree->root < 0)
		return np_fail(loader, NULL, error,
			       "empty file: expected a mapping starting with 'numaplan: 1'");
	root = np_ytree_get(loader->tree, loader->tree->root);
	if (root->kind != NP_YNODE_MAPPING)
		return np_fail(loader, root, error,
			       "expected a mapping starting with 'numaplan: 1', got %s",
			       np_describe(loader, root));
	if (!np_load_version(loader, root, error) ||
	    !np_check_keys(loader, root, "the top-level mapping", np_top_keys, error))
		return FALSE;
	if ((value = np_map_get(loader, root, "name")) != NULL) {
		if (!np_read_name(loader, value, "name", &name, error))
			return FALSE;
		loader->scenario->name = g_strdup(name);
	} else {
		g_autofree gchar *base = g_path_get_basename(loader->path);
		gchar *dot = strrchr(base, '.');
		if (dot != NULL && dot != base)
			*dot = '\0';
		loader->scenario->name = g_steal_pointer(&base);
	}
	if ((value = np_map_get(loader, root, "settings")) != NULL &&
	    !np_load_settings(loader, value, error))
		return FALSE;
	if ((value = np_map_get(loader, root, "hosts")) != NULL &&
	    !np_load_hosts(loader, value, error))
		return FALSE;
	if ((value = np_map_get(loader, root, "flavors")) != NULL &&
	    !np_load_flavors(loader, value, error))
		return FALSE;
	if ((value = np_map_get(loader, root, "images")) != NULL &&
	    !np_load_images(loader, value, error))
		return FALSE;
	if ((value = np_map_get(loader, root, "events")) != NULL &&
	    !np_load_events(loader, value, error))
		return FALSE;
	if ((value = np_map_get(loader, root, "expect")) != NULL &&
	    !np_load_expect(loader, value, error))
		return FALSE;
	return TRUE;
}

/**
 * np_scenario_load_data:
 * @data: the scenario's text: UTF-8 (a BOM is allowed) or UTF-16 with BOM
 * @length: its length in bytes; more than %NP_SCENARIO_MAX_BYTES is refused
 * @path: (nullable): names the file in messages and anchors relative
 *   `topology_file:` paths (%NULL: "<input>" and the working directory)
 * @error: %NP_ERROR_PARSE for text that is not YAML (or breaks a limit on
 *   hostile input), %NP_ERROR_INVALID for YAML that breaks the format
 *
 * Reads and validates a scenario (scenario.md §1): every name a later
 * event uses is checked, in event order. The message of @error is
 * `PATH:LINE:COLUMN: message` (1-based); an error inside a topology file
 * is its own `FILE:LINE:COLUMN: message` followed by a second line, the
 * position of the `topology_file:` that named it.
 *
 * Returns: (transfer full): the scenario, or %NULL
 */
NpScenario *
np_scenario_load_data(const gchar *data, gsize length, const gchar *path, GError **error)
{
	g_auto(NpLoader) loader = {0};
	g_autoptr(NpScenario) scenario = NULL;
	g_autoptr(NpYTree) tree = NULL;
	g_autofree gchar *text = NULL;
	g_autofree gchar *problem = NULL;
	gsize text_length = 0;
	gsize bad = 0;

	g_return_val_if_fail(data != NULL || length == 0, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	if (path == NULL)
		path = "<input>";
	if (length > NP_SCENARIO_MAX_BYTES) {
		np_set_error_at(error, NP_ERROR_INVALID, path, 1, 1,
				"the file is larger than %d MiB",
				NP_SCENARIO_MAX_BYTES / (1024 * 1024));
		return NULL;
	}
	if (!np_text_to_utf8(data != NULL ? data : "", length, &text, &text_length, &bad,
			     &problem)) {
		guint line, column;
		np_yaml_position(text, text_length, bad, &line, &column);
		np_set_error_at(error, NP_ERROR_PARSE, path, line, column, "%s", problem);
		return NULL;
	}
	tree = np_ytree_parse(text, text_length, path, error);
	if (tree == NULL)
		return NULL;

	scenario = np_scenario_new(path);
	loader.path = path;
	if (strchr(path, G_DIR_SEPARATOR) != NULL)
		loader.dir = g_path_get_dirname(path);
	loader.tree = tree;
	loader.scenario = scenario;
	loader.scratch = g_ptr_array_new_with_free_func(g_free);
	loader.flavors = g_hash_table_new(g_str_hash, g_str_equal);
	loader.images = g_hash_table_new(g_str_hash, g_str_equal);
	loader.hosts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	loader.host_order = g_ptr_array_new_with_free_func(g_free);
	loader.vms = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	loader.vm_ranges = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	loader.vm_suffixes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	if (!np_load_document(&loader, error))
		return NULL;
	return g_steal_pointer(&scenario);
}

/**
 * np_scenario_load_file:
 * @path: a scenario file
 * @error: as np_scenario_load_data(); %NP_ERROR_IO (`PATH: message`) when
 *   the file cannot be read
 *
 * Reads and validates a scenario; a file larger than
 * %NP_SCENARIO_MAX_BYTES is refused before it is read.
 *
 * Returns: (transfer full): the scenario, or %NULL
 */
NpScenario *
np_scenario_load_file(const gchar *path, GError **error)
{
	g_autoptr(GError) local = NULL;
	g_autoptr(GByteArray) bytes = NULL;

	g_return_val_if_fail(path != NULL, NULL);
	g_return_val_if_fail(error == NULL || *error == NULL, NULL);

	bytes = np_read_limited(path, &local);
	if (bytes == NULL) {
		if (local->code == NP_ERROR_IO)
			g_set_error(error, NP_ERROR, NP_ERROR_IO, "%s: cannot read the file: %s",
				    path, local->message);
		else
			np_set_error_at(error, local->code, path, 1, 1, "%s", local->message);
		return NULL;
	}
	return np_scenario_load_data((const gchar *)bytes->data, bytes->len, path, error);
}
