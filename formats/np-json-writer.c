/* The JSON writer: see np-json-writer.h. Whether a container goes on one
 * line depends on what it holds, so the scalars of the innermost open
 * container wait until that is known: a nested container or a fifth
 * object member breaks it over lines, the end keeps it on one. */
#include "np-json-writer.h"

#include "np-json.h"
#include "np-props-private.h"
#include "np-py-private.h"

typedef enum {
	NP_LAYOUT_UNDECIDED,
	NP_LAYOUT_FLAT,
	NP_LAYOUT_LINES,
} NpLayout;

typedef struct {
	gboolean object;
	NpLayout layout;
	guint count;        /* members written or pending */
	GPtrArray *pending; /* "key": value texts, while undecided */
} NpJsonFrame;

struct _NpJsonWriter {
	GString *out;
	gboolean compact;
	const gchar *comma; /* compact: between members */
	const gchar *colon; /* compact: after a key */
	GArray *frames;     /* NpJsonFrame */
	GString *scratch;
};

static void
np_json_frame_clear(gpointer data)
{
	NpJsonFrame *frame = data;
	if (frame->pending != NULL)
		g_ptr_array_unref(frame->pending);
}

NpJsonWriter *
np_json_writer_new(GString *out)
{
	NpJsonWriter *writer = g_new0(NpJsonWriter, 1);
	writer->out = out;
	writer->frames = g_array_new(FALSE, FALSE, sizeof(NpJsonFrame));
	g_array_set_clear_func(writer->frames, np_json_frame_clear);
	writer->scratch = g_string_new(NULL);
	return writer;
}

NpJsonWriter *
np_json_writer_new_compact(GString *out)
{
	NpJsonWriter *writer = np_json_writer_new(out);
	writer->compact = TRUE;
	writer->comma = ",";
	writer->colon = ":";
	return writer;
}

NpJsonWriter *
np_json_writer_new_python(GString *out)
{
	NpJsonWriter *writer = np_json_writer_new_compact(out);
	writer->comma = ", ";
	writer->colon = ": ";
	return writer;
}

void
np_json_writer_free(NpJsonWriter *writer)
{
	if (writer == NULL)
		return;
	g_array_unref(writer->frames);
	g_string_free(writer->scratch, TRUE);
	g_free(writer);
}

static void
np_json_escape(GString *out, const gchar *str)
{
	g_string_append_c(out, '"');
	for (const guchar *p = (const guchar *)str; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			g_string_append(out, "\\\"");
			break;
		case '\\':
			g_string_append(out, "\\\\");
			break;
		case '\n':
			g_string_append(out, "\\n");
			break;
		case '\r':
			g_string_append(out, "\\r");
			break;
		case '\t':
			g_string_append(out, "\\t");
			break;
		default:
			if (*p < 0x20)
				g_string_append_printf(out, "\\u%04x", *p);
			else
				g_string_append_c(out, (gchar)*p);
		}
	}
	g_string_append_c(out, '"');
}

static NpJsonFrame *
np_json_top(NpJsonWriter *writer)
{
	if (writer->frames->len == 0)
		return NULL;
	return &g_array_index(writer->frames, NpJsonFrame, writer->frames->len - 1);
}

static void
np_json_indent(NpJsonWriter *writer, guint depth)
{
	for (guint i = 0; i < depth; i++)
		g_string_append(writer->out, "  ");
}

/* the separator and indentation before member @index of a frame at @depth
 * laid out over lines */
static void
np_json_line_start(NpJsonWriter *writer, guint index, guint depth)
{
	if (index > 0)
		g_string_append_c(writer->out, ',');
	g_string_append_c(writer->out, '\n');
	np_json_indent(writer, depth + 1);
}

/* @frame (the top, at @depth) goes over lines: its waiting members first */
static void
np_json_break(NpJsonWriter *writer, NpJsonFrame *frame, guint depth)
{
	frame->layout = NP_LAYOUT_LINES;
	for (guint i = 0; frame->pending != NULL && i < frame->pending->len; i++) {
		np_json_line_start(writer, i, depth);
		g_string_append(writer->out, g_ptr_array_index(frame->pending, i));
	}
	g_clear_pointer(&frame->pending, g_ptr_array_unref);
}

static void
np_json_key(GString *out, const gchar *key, const gchar *colon)
{
	if (key == NULL)
		return;
	np_json_escape(out, key);
	g_string_append(out, colon);
}

/* a scalar member: @text is its JSON */
static void
np_json_scalar(NpJsonWriter *writer, const gchar *key, const gchar *text)
{
	NpJsonFrame *frame = np_json_top(writer);
	guint depth = writer->frames->len - 1;

	if (frame == NULL) {
		g_string_append(writer->out, text);
		return;
	}
	if (writer->compact) {
		if (frame->count++ > 0)
			g_string_append(writer->out, writer->comma);
		np_json_key(writer->out, key, writer->colon);
		g_string_append(writer->out, text);
		return;
	}
	if (frame->layout == NP_LAYOUT_UNDECIDED && frame->object && frame->count == 4)
		np_json_break(writer, frame, depth);
	if (frame->layout == NP_LAYOUT_LINES) {
		np_json_line_start(writer, frame->count++, depth);
		np_json_key(writer->out, key, ": ");
		g_string_append(writer->out, text);
		return;
	}
	g_string_truncate(writer->scratch, 0);
	np_json_key(writer->scratch, key, ": ");
	g_string_append(writer->scratch, text);
	if (frame->pending == NULL)
		frame->pending = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(frame->pending, g_strdup(writer->scratch->str));
	frame->count++;
}

static void
np_json_begin(NpJsonWriter *writer, const gchar *key, gboolean object)
{
	NpJsonFrame *parent = np_json_top(writer);
	NpJsonFrame frame = {object, NP_LAYOUT_UNDECIDED, 0, NULL};

	if (parent != NULL) {
		guint depth = writer->frames->len - 1;
		if (writer->compact) {
			if (parent->count++ > 0)
				g_string_append(writer->out, writer->comma);
		} else {
			/* a container inside breaks its parent over lines */
			if (parent->layout != NP_LAYOUT_LINES)
				np_json_break(writer, parent, depth);
			np_json_line_start(writer, parent->count++, depth);
		}
		np_json_key(writer->out, key, writer->compact ? writer->colon : ": ");
	}
	g_string_append_c(writer->out, object ? '{' : '[');
	g_array_append_val(writer->frames, frame);
}

void
np_json_begin_object(NpJsonWriter *writer, const gchar *key)
{
	np_json_begin(writer, key, TRUE);
}

void
np_json_begin_array(NpJsonWriter *writer, const gchar *key)
{
	np_json_begin(writer, key, FALSE);
}

void
np_json_end(NpJsonWriter *writer)
{
	NpJsonFrame *frame = np_json_top(writer);
	guint depth;

	g_return_if_fail(frame != NULL);
	depth = writer->frames->len - 1;
	if (writer->compact) {
		/* nothing waits in compact mode */
	} else if (frame->layout == NP_LAYOUT_LINES) {
		g_string_append_c(writer->out, '\n');
		np_json_indent(writer, depth);
	} else {
		for (guint i = 0; frame->pending != NULL && i < frame->pending->len; i++) {
			if (i > 0)
				g_string_append(writer->out, ", ");
			g_string_append(writer->out, g_ptr_array_index(frame->pending, i));
		}
	}
	g_string_append_c(writer->out, frame->object ? '}' : ']');
	g_array_set_size(writer->frames, writer->frames->len - 1);
}

void
np_json_int(NpJsonWriter *writer, const gchar *key, gint64 value)
{
	gchar text[24];
	g_snprintf(text, sizeof(text), "%" G_GINT64_FORMAT, value);
	np_json_scalar(writer, key, text);
}

void
np_json_double(NpJsonWriter *writer, const gchar *key, gdouble value)
{
	g_autofree gchar *repr = np_py_repr_float(value);
	if (g_strcmp0(repr, "nan") == 0 || g_strcmp0(repr, "inf") == 0
	    || g_strcmp0(repr, "-inf") == 0)
		np_json_scalar(writer, key, "null");
	else
		np_json_scalar(writer, key, repr);
}

void
np_json_string(NpJsonWriter *writer, const gchar *key, const gchar *value)
{
	GString *text;
	if (value == NULL) {
		np_json_scalar(writer, key, "null");
		return;
	}
	text = g_string_new(NULL);
	np_json_escape(text, value);
	np_json_scalar(writer, key, text->str);
	g_string_free(text, TRUE);
}

void
np_json_bool(NpJsonWriter *writer, const gchar *key, gboolean value)
{
	np_json_scalar(writer, key, value ? "true" : "false");
}

void
np_json_null(NpJsonWriter *writer, const gchar *key)
{
	np_json_scalar(writer, key, "null");
}

void
np_json_raw(NpJsonWriter *writer, const gchar *key, const gchar *literal)
{
	np_json_scalar(writer, key, literal);
}

void
np_json_value(NpJsonWriter *writer, const gchar *key, const cJSON *item)
{
	if (cJSON_IsRaw(item)) {
		np_json_raw(writer, key, item->valuestring);
	} else if (cJSON_IsNull(item)) {
		np_json_null(writer, key);
	} else if (cJSON_IsBool(item)) {
		np_json_bool(writer, key, cJSON_IsTrue(item));
	} else if (cJSON_IsNumber(item)) {
		g_autoptr(NpValue) value = np_json_to_value(item);
		np_json_raw(writer,
		            key,
		            value->type == NP_VALUE_FLOAT || value->type == NP_VALUE_INTEGER
		                ? value->str
		                : "null");
	} else if (cJSON_IsString(item)) {
		np_json_string(writer, key, item->valuestring);
	} else {
		np_json_begin(writer, key, cJSON_IsObject(item));
		for (const cJSON *c = item->child; c != NULL; c = c->next)
			np_json_value(writer, cJSON_IsObject(item) ? c->string : NULL, c);
		np_json_end(writer);
	}
}

void
np_json_finish(NpJsonWriter *writer)
{
	if (!writer->compact)
		g_string_append_c(writer->out, '\n');
}
