/* numaplan — error domain */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define NP_ERROR np_error_quark()

/**
 * NpError:
 * @NP_ERROR_PARSE: input is not well-formed (YAML, JSON, numbers)
 * @NP_ERROR_INVALID: well-formed input that breaks a rule of the format
 * @NP_ERROR_NOT_FOUND: a reference to something that does not exist
 * @NP_ERROR_UNSUPPORTED: a request numaplan cannot model
 * @NP_ERROR_IO: reading or writing a file failed
 * @NP_ERROR_TRANSPORT: talking to a live host failed
 *
 * Recoverable failures. "Does not fit" is never an error: it is a result
 * carrying an #NpCode.
 */
typedef enum {
	NP_ERROR_PARSE,
	NP_ERROR_INVALID,
	NP_ERROR_NOT_FOUND,
	NP_ERROR_UNSUPPORTED,
	NP_ERROR_IO,
	NP_ERROR_TRANSPORT,
	NP_ERROR_LAST
} NpError;

GQuark np_error_quark(void);

G_END_DECLS
