#include "np-config.h"

#include "np-hyperv.h"

gboolean
np_hyperv_has_wsman(void)
{
	return NP_HAVE_WSMAN != 0;
}
