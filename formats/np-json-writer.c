/* The JSON writer: see np-json-writer.h. Whether a container goes on one
 * line depends on what it holds, so the innermost open container is
 * written on one line as its scalars arrive, and laid out again over lines
 * when a nested container or a fifth object member shows it must be: its
 * members are the last bytes of the output until then. */
#include "np-json-writer.h"

#include <string.h>

#include "np-json.h"
#include "np-props-private.h"
#include "np-py-private.h"

typedef struct {
	gboolean object;
	gboolean lines;     /* laid out over lines (else: one line so far) */
	guint count;        /* members written */
	gsize start;        /* where the members start in the output, while on one line */
	guint first_offset; /* into the writer's offsets: this frame's members */
} NpJsonFrame;

struct _NpJsonWriter {
	GString *out;
	gboolean compact;
	const gchar *comma; /* between members */
	const gchar *colon; /* after a key */
	GArray *frames;     /* NpJsonFrame */
	GArray *offsets;    /* gsize: where each one-line member starts, innermost frame */
	GString *scratch;
};

NpJsonWriter *
np_json_writer_new(GString *out)
{
	NpJsonWriter *writer = g_new0(NpJsonWriter, 1);
	writer->out = out;
	writer->comma = ", ";
	writer->colon = ": ";
	writer->frames = g_array_new(FALSE, FALSE, sizeof(NpJsonFrame));
	writer->offsets = g_array_new(FALSE, FALSE, sizeof(gsize));
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
	NpJsonWriter *writer = np_json_writer_new(out);
	writer->compact = TRUE;
	return writer;
}

void
np_json_writer_free(NpJsonWriter *writer)
{
	if (writer == NULL)
		return;
	g_array_unref(writer->frames);
	g_array_unref(writer->offsets);
	g_string_free(writer->scratch, TRUE);
	g_free(writer);
}

/* TRUE when no container waits to know its layout: the output written so
 * far is final and may be drained */
gboolean
np_json_writer_is_settled(const NpJsonWriter *writer)
{
	for (guint i = 0; i < writer->frames->len; i++) {
		if (!g_array_index(writer->frames, NpJsonFrame, i).lines && !writer->compact)
			return FALSE;
	}
	return TRUE;
}

static void
np_json_escape(GString *out, const gchar *str)
{
	const gchar *p = str;
	g_string_append_c(out, '"');
	for (;;) {
		/* the plain run at once */
		const gchar *run = p;
		while ((guchar)*p >= 0x20 && *p != '"' && *p != '\\')
			p++;
		if (p > run)
			g_string_append_len(out, run, p - run);
		if (*p == '\0')
			break;
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
			g_string_append_printf(out, "\\u%04x", (guchar)*p);
		}
		p++;
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
np_json_indent(GString *out, guint depth)
{
	static const gchar spaces[] =
	    "                                                                ";
	gsize want = 2 * (gsize)depth;
	while (want > 0) {
		gsize n = MIN(want, sizeof(spaces) - 1);
		g_string_append_len(out, spaces, n);
		want -= n;
	}
}

/* the separator and indentation before member @index of a frame at @depth
 * laid out over lines */
static void
np_json_line_start(GString *out, guint index, guint depth)
{
	if (index > 0)
		g_string_append_c(out, ',');
	g_string_append_c(out, '\n');
	np_json_indent(out, depth + 1);
}

/* @frame (the innermost, at @depth) goes over lines: its members so far,
 * the output's last bytes, are laid out again */
static void
np_json_break(NpJsonWriter *writer, NpJsonFrame *frame, guint depth)
{
	GString *out = writer->out;
	GString *tail = writer->scratch;
	gsize *offsets = &g_array_index(writer->offsets, gsize, frame->first_offset);

	frame->lines = TRUE;
	if (frame->count == 0)
		return;
	g_string_truncate(tail, 0);
	g_string_append_len(tail, out->str + frame->start, out->len - frame->start);
	g_string_truncate(out, frame->start);
	for (guint i = 0; i < frame->count; i++) {
		/* member i: from its offset to the next one's separator ", " */
		gsize from = offsets[i] - frame->start;
		gsize to = i + 1 < frame->count ? offsets[i + 1] - frame->start - 2 : tail->len;
		np_json_line_start(out, i, depth);
		g_string_append_len(out, tail->str + from, to - from);
	}
	g_array_set_size(writer->offsets, frame->first_offset);
}

static void
np_json_key(const NpJsonWriter *writer, const gchar *key)
{
	if (key == NULL)
		return;
	np_json_escape(writer->out, key);
	g_string_append(writer->out, writer->colon);
}

/* a member about to be written in the innermost frame: its separator and
 * layout; @container: it is an object or array */
static void
np_json_member(NpJsonWriter *writer, gboolean container)
{
	NpJsonFrame *frame = np_json_top(writer);
	guint depth;
	gsize here;

	if (frame == NULL)
		return;
	depth = writer->frames->len - 1;
	if (writer->compact) {
		if (frame->count++ > 0)
			g_string_append(writer->out, writer->comma);
		return;
	}
	/* a container inside, or a fifth object member, breaks the line */
	if (!frame->lines && (container || (frame->object && frame->count == 4)))
		np_json_break(writer, frame, depth);
	if (frame->lines) {
		np_json_line_start(writer->out, frame->count++, depth);
		return;
	}
	if (frame->count > 0)
		g_string_append(writer->out, ", ");
	here = writer->out->len;
	g_array_append_val(writer->offsets, here);
	frame->count++;
}

static void
np_json_scalar(NpJsonWriter *writer, const gchar *key, const gchar *text)
{
	np_json_member(writer, FALSE);
	np_json_key(writer, key);
	g_string_append(writer->out, text);
}

static void
np_json_begin(NpJsonWriter *writer, const gchar *key, gboolean object)
{
	NpJsonFrame frame = {object, FALSE, 0, 0, 0};

	np_json_member(writer, TRUE);
	np_json_key(writer, key);
	g_string_append_c(writer->out, object ? '{' : '[');
	frame.start = writer->out->len;
	frame.first_offset = writer->offsets->len;
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
	gboolean object;

	g_return_if_fail(frame != NULL);
	object = frame->object;
	if (!writer->compact) {
		if (frame->lines) {
			g_string_append_c(writer->out, '\n');
			np_json_indent(writer->out, writer->frames->len - 1);
		} else {
			g_array_set_size(writer->offsets, frame->first_offset);
		}
	}
	g_string_append_c(writer->out, object ? '}' : ']');
	g_array_set_size(writer->frames, writer->frames->len - 1);
}

void
np_json_int(NpJsonWriter *writer, const gchar *key, gint64 value)
{
	gchar text[24];
	gchar *p = text + sizeof(text);
	guint64 magnitude = value < 0 ? -(guint64)value : (guint64)value;

	*--p = '\0';
	do {
		*--p = (gchar)('0' + magnitude % 10);
		magnitude /= 10;
	} while (magnitude > 0);
	if (value < 0)
		*--p = '-';
	np_json_scalar(writer, key, p);
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
	if (value == NULL) {
		np_json_scalar(writer, key, "null");
		return;
	}
	np_json_member(writer, FALSE);
	np_json_key(writer, key);
	np_json_escape(writer->out, value);
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
