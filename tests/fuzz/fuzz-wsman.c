/* libFuzzer harness: a WS-Management reply body
 * (hyperv/np-wsman.c: np_wsman_reply_parse(), the XML reader that
 * refuses DTDs and entities, faults, instances, enumeration contexts),
 * read as the reply to each kind of request */
#include "np-fuzz.h"
#include "np-wsman-private.h"

#define NS_ENUM "http://schemas.xmlsoap.org/ws/2004/09/enumeration"
#define NS_TRANSFER "http://schemas.xmlsoap.org/ws/2004/09/transfer"
#define NS_VIRT "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		NpWsmanOp op;
		const gchar *action;
		const gchar *method;
	} requests[] = {
	    {NP_WSMAN_OP_GET, NS_TRANSFER "/Get", NULL},
	    {NP_WSMAN_OP_ENUMERATE, NS_ENUM "/Enumerate", NULL},
	    {NP_WSMAN_OP_PULL, NS_ENUM "/Pull", NULL},
	    {NP_WSMAN_OP_RELEASE, NS_ENUM "/Release", NULL},
	    {NP_WSMAN_OP_INVOKE,
	     NS_VIRT "Msvm_VirtualSystemManagementService/ModifySystemSettings",
	     "ModifySystemSettings"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(requests); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(NpWsmanReply) reply = np_wsman_reply_parse((const gchar *)data,
		                                                     size,
		                                                     requests[i].op,
		                                                     requests[i].action,
		                                                     requests[i].method,
		                                                     &error);
		g_assert((reply == NULL) != (error == NULL));
	}
	return 0;
}
