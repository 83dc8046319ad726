#include "np-error.h"

G_DEFINE_QUARK(NpError, np_error)
