/* numaplan — request resolution internals shared by np-resolve.c (rules.md
 * §2, the flow and the Hyper-V driver) and np-constraints.c (Nova's
 * numa_get_constraints) */
#pragma once

#include "np-image-meta-private.h"
#include "np-py-private.h"
#include "np-request-private.h"

G_BEGIN_DECLS

typedef struct {
	const NpFlavor *flavor;
	const NpProps *specs;
	const NpProps *image_props;
	NpImageMeta meta;
	const NpResolveOptions *options;
	NpResolution *res;
} NpResolveCtx;

/* sets *@slot to a failure with @code (and Nova's class for it unless
 * @nova_class is given); always FALSE, so checks read `return np_fail(...)` */
gboolean
np_resolve_fail(NpFailure **slot, NpCode code, const gchar *nova_class, const gchar *format, ...)
    G_GNUC_PRINTF(4, 5);
void np_resolve_warn(NpResolution *res, NpCode code, const gchar *key, const gchar *format, ...)
    G_GNUC_PRINTF(4, 5);
/* Python truthiness of an optional string */
gboolean np_py_str_truthy(const gchar *str);

/* Nova's numa_get_constraints() (rules.md §2 checks 1–4): FALSE with
 * res->constraints_failure set when Nova raises */
gboolean np_numa_get_constraints(NpResolveCtx *ctx);
/* the image_conflict `override` mode: the image's properties without the
 * keys the flavor also sets, each dropped one a warning */
NpProps *np_resolve_apply_override(const NpFlavor *flavor,
                                   const NpProps *image_props,
                                   NpResolution *res) G_GNUC_WARN_UNUSED_RESULT;
/* warnings for hw: keys Nova does not know */
void
np_resolve_warn_unknown_keys(const NpFlavor *flavor, const NpProps *image_props, NpResolution *res);

G_END_DECLS
