/* The library's version at run time: see np-version.h */
#include "np-config.h"

#include "np-version.h"

const gchar *
np_get_version(void)
{
	return NP_VERSION;
}
