/* Hyper-V live transport tests: the WS-Management client and the inventory
 * reader, offline on recorded WinRM messages (tests/hyperv/fixtures) and
 * end to end against tests/hyperv/fake-winrm.py (synthetic Msvm_* data).
 *
 * test-hyperv CASE — runs one case (meson registers each as its own test).
 * Environment: NP_TEST_HYPERV_DIR (this folder), NP_PYTHON3.
 * The fake server is started per case, killed at the end of the case, and
 * killed by the kernel if this process dies first (PR_SET_PDEATHSIG).
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../np-test.h"
#include "np-error.h"
#include "np-fake.h"
#include "np-hyperv-inventory.h"
#include "np-limits.h"
#include "np-wsman-private.h"

#define V2 NP_WSMAN_HYPERV_NS_URI

/* a client for @fake: Basic as "admin" with the password from the
 * environment unless the options say otherwise */
static NpWsmanClient *
np_fake_client(const NpFake *fake, NpWsmanOptions *options, GError **error)
{
	NpWsmanOptions defaults = {0};

	if (options == NULL)
		options = &defaults;
	options->url = fake->url;
	if (options->user == NULL)
		options->user = "admin";
	if (g_str_has_prefix(fake->url, "http:"))
		options->allow_unencrypted = TRUE;
	return np_wsman_client_new(options, error);
}

static gboolean
np_error_says(const GError *error, GQuark domain, gint code, const gchar *needle)
{
	if (error == NULL) {
		fprintf(stderr, "\n  expected an error, got success\n");
		return FALSE;
	}
	/* NP_TEST_SHOW_ERRORS=1: review the messages users would read */
	if (g_getenv("NP_TEST_SHOW_ERRORS") != NULL)
		fprintf(stderr,
		        "\n  [%s %d] %s\n",
		        g_quark_to_string(error->domain),
		        error->code,
		        error->message);
	if (error->domain != domain || error->code != code
	    || (needle != NULL && strstr(error->message, needle) == NULL)) {
		fprintf(stderr,
		        "\n  unexpected error (%s %d): %s\n  expected %s %d with '%s'\n",
		        g_quark_to_string(error->domain),
		        error->code,
		        error->message,
		        g_quark_to_string(domain),
		        code,
		        needle != NULL ? needle : "");
		return FALSE;
	}
	return TRUE;
}

/* ------------------------------------------------------------------ */
/* offline: recorded messages */

static gchar *
np_fixture_path(const gchar *name)
{
	return g_build_filename(np_hv_dir(), "fixtures", name, NULL);
}

static NpWsmanReply *
np_parse_fixture(const gchar *name,
                 NpWsmanOp op,
                 const gchar *action,
                 const gchar *method,
                 GError **error)
{
	g_autofree gchar *path = np_fixture_path(name);
	g_autofree gchar *data = NULL;
	gsize length = 0;

	if (!g_file_get_contents(path, &data, &length, error))
		return NULL;
	return np_wsman_reply_parse(data, length, op, action, method, error);
}

#define ENUM_ACTION "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate"
#define PULL_ACTION "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull"
#define GET_ACTION "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get"

static void
test_fixture_enumerate_optimized(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanReply) reply =
	    np_parse_fixture("winrm-2008r2-wql-enumerate-optimized-response.xml",
	                     NP_WSMAN_OP_ENUMERATE,
	                     ENUM_ACTION,
	                     NULL,
	                     &error);
	const NpWsmanInstance *first, *second;
	const NpWsmanProperty *p;
	guint64 handles = 0;

	NP_CHECK(reply != NULL);
	NP_CHECK(reply->fault == NULL);
	NP_CHECK_STR(reply->context, "uuid:12AE5286-91FE-48F3-937E-0C22FF1AD7A1");
	NP_CHECK(!reply->end_of_sequence);
	NP_CHECK(reply->items->len == 2);
	first = g_ptr_array_index(reply->items, 0);
	second = g_ptr_array_index(reply->items, 1);
	NP_CHECK_STR(first->class_name, "Win32_Process");
	NP_CHECK_STR(first->resource_uri,
	             "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/Win32_Process");
	NP_CHECK_STR(np_wsman_instance_get_text(first, "Caption"), "System Idle Process");
	p = np_wsman_instance_lookup(first, "CommandLine");
	NP_CHECK(p != NULL && p->nil && p->values->len == 0);
	NP_CHECK(np_wsman_instance_get_text(first, "CommandLine") == NULL);
	NP_CHECK_STR(np_wsman_instance_get_text(second, "CreationDate"),
	             "2013-04-29T11:43:11.203125-07:00");
	NP_CHECK(
	    np_wsman_instance_read_uint64(second, "HandleCount", TRUE, &handles, NULL, &error));
	NP_CHECK(handles == 520);
	/* a nil required value is an error naming class and property */
	NP_CHECK(
	    !np_wsman_instance_read_uint64(first, "ExecutionState", TRUE, &handles, NULL, &error));
	NP_CHECK(np_error_says(error,
	                       NP_WSMAN_ERROR,
	                       NP_WSMAN_ERROR_REPLY,
	                       "Win32_Process has a null ExecutionState"));
	g_clear_error(&error);
	/* text is not a number */
	NP_CHECK(!np_wsman_instance_read_uint64(first, "Caption", TRUE, &handles, NULL, &error));
	NP_CHECK(np_error_says(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_REPLY, "unsigned integer"));
}

static void
test_fixture_pull_end(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanReply) reply =
	    np_parse_fixture("winrm-2008r2-wql-pull-response-endofsequence.xml",
	                     NP_WSMAN_OP_PULL,
	                     PULL_ACTION,
	                     NULL,
	                     &error);

	NP_CHECK(reply != NULL);
	NP_CHECK(reply->end_of_sequence);
	NP_CHECK(reply->context == NULL);
	NP_CHECK(reply->items->len >= 1);
	NP_CHECK_STR(np_wsman_instance_get_text(g_ptr_array_index(reply->items, 0), "Caption"),
	             "conhost.exe");
}

static void
test_fixture_enumerate_empty_context(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanReply) reply =
	    np_parse_fixture("winrm-enumerate-optimized-response-empty-context-endofsequence.xml",
	                     NP_WSMAN_OP_ENUMERATE,
	                     ENUM_ACTION,
	                     NULL,
	                     &error);

	NP_CHECK(reply != NULL);
	NP_CHECK(reply->end_of_sequence);
	NP_CHECK(reply->context == NULL);
	NP_CHECK(reply->items->len == 2);
	NP_CHECK_STR(((NpWsmanInstance *)g_ptr_array_index(reply->items, 1))->class_name, "Shell");
	NP_CHECK_STR(np_wsman_instance_get_text(g_ptr_array_index(reply->items, 1), "ShellId"),
	             "01AA3E43-9E21-424B-A7FC-BC16AA34F4CE");
}

static void
test_fixture_idrac_empty(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanReply) reply = np_parse_fixture("idrac-enumerate-response-empty.xml",
	                                                 NP_WSMAN_OP_ENUMERATE,
	                                                 ENUM_ACTION,
	                                                 NULL,
	                                                 &error);

	NP_CHECK(reply != NULL);
	NP_CHECK(reply->end_of_sequence && reply->context == NULL && reply->items->len == 0);
}

static void
test_fixture_idrac_job(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanReply) reply =
	    np_parse_fixture("idrac-invoke-output-job-4096-epr.xml",
	                     NP_WSMAN_OP_INVOKE,
	                     "http://schemas.dell.com/wbem/wscim/1/cim-schema/2/DCIM_BIOSService/"
	                     "CreateTargetedConfigJob",
	                     "CreateTargetedConfigJob",
	                     &error);
	const NpWsmanEpr *job;
	guint64 value = 0;

	NP_CHECK(reply != NULL && reply->instance != NULL);
	NP_CHECK(np_wsman_instance_read_uint64(reply->instance,
	                                       "ReturnValue",
	                                       TRUE,
	                                       &value,
	                                       NULL,
	                                       &error));
	NP_CHECK(value == NP_WSMAN_RETURN_JOB_STARTED);
	job = np_wsman_instance_get_epr(reply->instance, "Job");
	NP_CHECK(job != NULL);
	NP_CHECK_STR(np_wsman_epr_get_class(job), "DCIM_LifecycleJob");
	NP_CHECK_STR(np_wsman_epr_get_selector(job, "instanceid"), "JID_442507917525");
	NP_CHECK_STR(np_wsman_epr_get_selector(job, "__cimnamespace"), "root/dcim");
}

static void
test_fixture_idrac_error(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanReply) reply = np_parse_fixture(
	    "idrac-invoke-output-returnvalue-error.xml",
	    NP_WSMAN_OP_INVOKE,
	    "http://schemas.dell.com/wbem/wscim/1/cim-schema/2/DCIM_ComputerSystem/"
	    "RequestStateChange",
	    "RequestStateChange",
	    &error);

	NP_CHECK(reply != NULL && reply->instance != NULL);
	NP_CHECK_STR(np_wsman_instance_get_text(reply->instance, "ReturnValue"), "2");
	NP_CHECK_STR(np_wsman_instance_get_text(reply->instance, "MessageID"), "SYS021");
	/* the wrong method name is a shape error */
	g_clear_pointer(&reply, np_wsman_reply_free);
	reply = np_parse_fixture("idrac-invoke-output-returnvalue-error.xml",
	                         NP_WSMAN_OP_INVOKE,
	                         "http://schemas.dell.com/wbem/wscim/1/cim-schema/2/"
	                         "DCIM_ComputerSystem/RequestStateChange",
	                         "Other",
	                         &error);
	NP_CHECK(reply == NULL);
	NP_CHECK(np_error_says(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_REPLY, "Other_OUTPUT"));
}

static void
test_fixture_invoke_zero(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanReply) reply = np_parse_fixture(
	    "winrm-2008r2-invoke-output-returnvalue0.xml",
	    NP_WSMAN_OP_INVOKE,
	    "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/CIM_DataFile/Delete",
	    "Delete",
	    &error);

	NP_CHECK(reply != NULL && reply->instance != NULL);
	NP_CHECK_STR(reply->instance->class_name, "Delete_OUTPUT");
	NP_CHECK_STR(np_wsman_instance_get_text(reply->instance, "ReturnValue"), "0");
	/* the same reply to another request's action is refused */
	g_clear_pointer(&reply, np_wsman_reply_free);
	reply = np_parse_fixture("winrm-2008r2-invoke-output-returnvalue0.xml",
	                         NP_WSMAN_OP_INVOKE,
	                         V2 "/Msvm_ComputerSystem/Delete",
	                         "Delete",
	                         &error);
	NP_CHECK(reply == NULL);
	NP_CHECK(np_error_says(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_REPLY, "reply action"));
}

static NpWsmanFault *
np_fault_of(const gchar *name)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanReply) reply =
	    np_parse_fixture(name, NP_WSMAN_OP_ENUMERATE, ENUM_ACTION, NULL, &error);

	if (reply == NULL) {
		fprintf(stderr, "%s: %s\n", name, error->message);
		return NULL;
	}
	return g_steal_pointer(&reply->fault);
}

static void
test_fixture_fault_wql(void)
{
	g_autoptr(NpWsmanFault) fault =
	    np_fault_of("winrm-2008r2-fault-cannotprocessfilter-wql.xml");
	g_autofree gchar *text = NULL;

	NP_CHECK(fault != NULL);
	NP_CHECK_STR(fault->code, "s:Sender");
	NP_CHECK_STR(fault->subcode, "n:CannotProcessFilter");
	NP_CHECK(fault->wsman_code == 2150858778u);
	NP_CHECK_STR(fault->wsman_message,
	             "The specified class does not exist in the given namespace.");
	text = np_wsman_fault_to_string(fault);
	NP_CHECK(strstr(text, "0x8033801A") != NULL);
	NP_CHECK(strstr(text, "could not process the filter") != NULL);
}

static void
test_fixture_fault_wmiv1(void)
{
	g_autoptr(NpWsmanFault) fault =
	    np_fault_of("winrm-fault-cannotprocessfilter-wmiv1-plugin.xml");

	NP_CHECK(fault != NULL);
	/* a wrapped, padded reason reads as one line */
	NP_CHECK_STR(fault->reason,
	             "The data source could not process the filter. The filter might be missing "
	             "or it might be invalid. Change the filter and try the request again.");
	NP_CHECK(fault->wsman_code == 2150858778u);
}

static void
test_fixture_fault_selectors(void)
{
	g_autoptr(NpWsmanFault) fault = np_fault_of("winrm-fault-invalidselectors-http500.xml");

	NP_CHECK(fault != NULL);
	NP_CHECK_STR(fault->subcode, "w:InvalidSelectors");
	NP_CHECK_STR(fault->fault_detail,
	             "http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors");
	NP_CHECK(fault->wsman_code == 2150858843u);
}

static void
test_fixture_fault_wmierror(void)
{
	g_autoptr(NpWsmanFault) fault = np_fault_of("winrm-fault-quotalimit-msft-wmierror.xml");
	g_autofree gchar *text = NULL;

	NP_CHECK(fault != NULL);
	NP_CHECK_STR(fault->subcode, "w:QuotaLimit");
	NP_CHECK(fault->wmi_error_code == 2150859173u);
	NP_CHECK(fault->wsman_code == 0);
	NP_CHECK(g_str_has_prefix(fault->wmi_message,
	                          "The WS-Management service cannot process the request. This "
	                          "user is allowed a maximum number of 30 concurrent shells"));
	text = np_wsman_fault_to_string(fault);
	NP_CHECK(strstr(text, "MSFT_WmiError 2150859173 (0x803381A5)") != NULL);
}

static void
test_fixture_get_config(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanReply) reply = np_parse_fixture("winrm-get-config-response.xml",
	                                                 NP_WSMAN_OP_GET,
	                                                 GET_ACTION,
	                                                 NULL,
	                                                 &error);
	const NpWsmanProperty *service;
	const NpWsmanValue *value;
	gboolean basic = FALSE;
	guint64 size_kb = 0;

	NP_CHECK(reply != NULL && reply->instance != NULL);
	NP_CHECK_STR(reply->instance->class_name, "Config");
	NP_CHECK(np_wsman_instance_read_uint64(reply->instance,
	                                       "MaxEnvelopeSizekb",
	                                       TRUE,
	                                       &size_kb,
	                                       NULL,
	                                       &error));
	NP_CHECK(size_kb == 4096);
	service = np_wsman_instance_lookup(reply->instance, "Service");
	NP_CHECK(service != NULL && service->values->len == 1);
	value = g_ptr_array_index(service->values, 0);
	NP_CHECK(value->kind == NP_WSMAN_VALUE_INSTANCE);
	NP_CHECK_STR(np_wsman_instance_get_text(value->instance, "AllowUnencrypted"), "false");
	value = g_ptr_array_index(np_wsman_instance_lookup(value->instance, "Auth")->values, 0);
	NP_CHECK_STR(np_wsman_instance_get_text(value->instance, "CbtHardeningLevel"), "Relaxed");
	NP_CHECK(
	    np_wsman_instance_read_boolean(value->instance, "Basic", TRUE, &basic, NULL, &error));
	NP_CHECK(basic);
	/* a structure is not a plain value */
	NP_CHECK(!np_wsman_instance_read_uint64(reply->instance,
	                                        "Service",
	                                        TRUE,
	                                        &size_kb,
	                                        NULL,
	                                        &error));
	NP_CHECK(np_error_says(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_REPLY, "structure"));
}

static gint
np_str_cmp_indirect(gconstpointer a, gconstpointer b, gpointer data)
{
	return g_strcmp0(*(const gchar *const *)a, *(const gchar *const *)b);
}

/* the header element names of a request envelope, sorted */
static gchar *
np_header_names(const gchar *data, gsize length)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(xmlDoc) doc = np_wsman_xml_read(data, length, &error);
	g_autoptr(GPtrArray) names = g_ptr_array_new();
	xmlNode *header = NULL;
	GString *out = g_string_new(NULL);

	if (doc == NULL) {
		fprintf(stderr, "%s\n", error->message);
		return g_string_free(out, FALSE);
	}
	for (xmlNode *c = xmlDocGetRootElement(doc)->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "Header") == 0)
			header = c;
	for (xmlNode *c = header != NULL ? header->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			g_ptr_array_add(names, (gpointer)c->name);
	g_ptr_array_sort_with_data(names, (GCompareDataFunc)np_str_cmp_indirect, NULL);
	for (guint i = 0; i < names->len; i++)
		g_string_append_printf(out,
		                       "%s%s",
		                       i > 0 ? " " : "",
		                       (const gchar *)g_ptr_array_index(names, i));
	return g_string_free(out, FALSE);
}

static gchar *
np_our_envelope(const gchar *action, const gchar *body)
{
	return np_wsman_build_envelope("https://127.0.0.1:55986/wsman",
	                               "http://schemas.microsoft.com/wbem/wsman/1/config",
	                               action,
	                               NULL,
	                               body,
	                               "uuid:00000000-0000-0000-0000-000000000001",
	                               "PT20.000S",
	                               "uuid:00000000-0000-0000-0000-000000000002");
}

/* our requests carry the same header set as requests WinRM accepted */
static void
np_check_request_fixture(const gchar *name, const gchar *action, const gchar *body)
{
	g_autofree gchar *path = np_fixture_path(name);
	g_autofree gchar *data = NULL;
	g_autofree gchar *ours = np_our_envelope(action, body);
	g_autofree gchar *theirs_names = NULL;
	g_autofree gchar *our_names = NULL;
	gsize length = 0;

	NP_CHECK(g_file_get_contents(path, &data, &length, NULL));
	theirs_names = np_header_names(data, length);
	our_names = np_header_names(ours, strlen(ours));
	NP_CHECK_STR(our_names,
	             "Action DataLocale Locale MaxEnvelopeSize MessageID "
	             "OperationTimeout ReplyTo ResourceURI SessionId To");
	NP_CHECK_STR(our_names, theirs_names);
}

static void
test_fixture_get_request(void)
{
	np_check_request_fixture("winrm-get-config-request.xml", GET_ACTION, NULL);
}

static void
test_fixture_enumerate_request(void)
{
	np_check_request_fixture("winrm-enumerate-optimized-request.xml",
	                         ENUM_ACTION,
	                         "<n:Enumerate><w:OptimizeEnumeration/>"
	                         "<w:MaxElements>32000</w:MaxElements></n:Enumerate>");
}

/* every recorded file has a case above */
static void
test_fixtures_all_covered(void)
{
	static const gchar *const covered[] = {
	    "idrac-enumerate-response-empty.xml",
	    "idrac-invoke-output-job-4096-epr.xml",
	    "idrac-invoke-output-returnvalue-error.xml",
	    "winrm-2008r2-fault-cannotprocessfilter-wql.xml",
	    "winrm-2008r2-invoke-output-returnvalue0.xml",
	    "winrm-2008r2-wql-enumerate-optimized-response.xml",
	    "winrm-2008r2-wql-pull-response-endofsequence.xml",
	    "winrm-enumerate-optimized-request.xml",
	    "winrm-enumerate-optimized-response-empty-context-endofsequence.xml",
	    "winrm-fault-cannotprocessfilter-wmiv1-plugin.xml",
	    "winrm-fault-invalidselectors-http500.xml",
	    "winrm-fault-quotalimit-msft-wmierror.xml",
	    "winrm-get-config-request.xml",
	    "winrm-get-config-response.xml",
	    NULL,
	};
	g_autofree gchar *path = g_build_filename(np_hv_dir(), "fixtures", NULL);
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	const gchar *name;
	guint files = 0;

	NP_CHECK(dir != NULL);
	while ((name = g_dir_read_name(dir)) != NULL) {
		if (!g_str_has_suffix(name, ".xml"))
			continue;
		files++;
		if (!g_strv_contains(covered, name)) {
			fprintf(stderr, "\n  fixture %s has no test\n", name);
			CU_FAIL("uncovered fixture");
		}
	}
	NP_CHECK(files == g_strv_length((gchar **)covered));
}

/* ------------------------------------------------------------------ */
/* offline: hostile and odd replies */

#define ENV_OPEN                                                           \
	"<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" " \
	"xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "    \
	"xmlns:n=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\" "   \
	"xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/"                  \
	"wsman.xsd\"><s:Header><a:Action>" ENUM_ACTION "Response</a:Action></s:Header><s:Body>"
#define ENV_CLOSE "</s:Body></s:Envelope>"

static gboolean
np_parse_refused(const gchar *text, const gchar *needle)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanReply) reply = np_wsman_reply_parse(text,
	                                                     strlen(text),
	                                                     NP_WSMAN_OP_ENUMERATE,
	                                                     ENUM_ACTION,
	                                                     NULL,
	                                                     &error);

	if (reply != NULL) {
		fprintf(stderr, "\n  accepted: %s\n", text);
		return FALSE;
	}
	return np_error_says(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_REPLY, needle);
}

static void
test_hostile_xml(void)
{
	g_autoptr(GString) laughs = g_string_new("<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanReply) ok = NULL;
	const gchar *good =
	    ENV_OPEN "<n:EnumerateResponse><n:EnumerationContext>c</n:EnumerationContext>"
	             "</n:EnumerateResponse>" ENV_CLOSE;

	ok = np_wsman_reply_parse(good,
	                          strlen(good),
	                          NP_WSMAN_OP_ENUMERATE,
	                          ENUM_ACTION,
	                          NULL,
	                          &error);
	NP_CHECK(ok != NULL && ok->items->len == 0 && g_strcmp0(ok->context, "c") == 0);

	g_string_append(laughs, "<!ENTITY a \"aaaaaaaaaa\">");
	for (gchar c = 'b'; c <= 'j'; c++)
		g_string_append_printf(laughs,
		                       "<!ENTITY %c \"&%c;&%c;&%c;&%c;&%c;&%c;&%c;&%c;\">",
		                       c,
		                       c - 1,
		                       c - 1,
		                       c - 1,
		                       c - 1,
		                       c - 1,
		                       c - 1,
		                       c - 1,
		                       c - 1);
	g_string_append(laughs,
	                "]>" ENV_OPEN "<n:EnumerateResponse><w:Items><p:X "
	                "xmlns:p=\"urn:x\"><p:Y>&j;</p:Y></p:X></w:Items><w:EndOfSequence/>"
	                "</n:EnumerateResponse>" ENV_CLOSE);
	NP_CHECK(np_parse_refused(laughs->str, "DOCTYPE"));
	NP_CHECK(np_parse_refused(
	    "<!DOCTYPE s [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" ENV_OPEN
	    "<n:EnumerateResponse><w:Items><p:X xmlns:p=\"urn:x\"><p:Y>&x;"
	    "</p:Y></p:X></w:Items><w:EndOfSequence/></n:EnumerateResponse>" ENV_CLOSE,
	    "DOCTYPE"));
	NP_CHECK(
	    np_parse_refused("<!DOCTYPE s SYSTEM \"http://127.0.0.1:1/x.dtd\">" ENV_OPEN ENV_CLOSE,
	                     "DOCTYPE"));
	/* an undeclared entity is a well-formedness error, never expanded */
	NP_CHECK(np_parse_refused(ENV_OPEN "<n:EnumerateResponse><w:Items><p:X xmlns:p=\"urn:x\">"
	                                   "<p:Y>&x;</p:Y></p:X></w:Items><w:EndOfSequence/>"
	                                   "</n:EnumerateResponse>" ENV_CLOSE,
	                          "not well-formed"));
	NP_CHECK(np_parse_refused(ENV_OPEN "<n:EnumerateResponse>", "not well-formed"));
	NP_CHECK(np_parse_refused("", "empty reply"));
	NP_CHECK(np_parse_refused("<html><body>502 Bad Gateway</body></html>",
	                          "not a SOAP 1.2 envelope"));
	NP_CHECK(
	    np_parse_refused("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">"
	                     "<s:Body/></s:Envelope>",
	                     "not a SOAP 1.2 envelope"));
	NP_CHECK(
	    np_parse_refused(ENV_OPEN "<n:PullResponse/>" ENV_CLOSE, "expected EnumerateResponse"));
	NP_CHECK(np_parse_refused(ENV_OPEN "<n:EnumerateResponse/>" ENV_CLOSE,
	                          "neither an enumeration context nor EndOfSequence"));
	NP_CHECK(np_parse_refused(ENV_OPEN "<n:EnumerateResponse><w:Items><p:X xmlns:p=\"urn:x\">"
	                                   "<p:Y>text<p:Z/></p:Y></p:X></w:Items><w:EndOfSequence/>"
	                                   "</n:EnumerateResponse>" ENV_CLOSE,
	                          "mixed text"));
	NP_CHECK(np_parse_refused(ENV_OPEN
	                          "<n:EnumerateResponse><w:Items><p:X xmlns:p=\"urn:x\" "
	                          "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
	                          "<p:Y>1</p:Y><p:Y xsi:nil=\"true\"/></p:X></w:Items>"
	                          "<w:EndOfSequence/></n:EnumerateResponse>" ENV_CLOSE,
	                          "null among values"));
	{
		/* deep nesting is refused, not recursed into */
		g_autoptr(GString) deep =
		    g_string_new(ENV_OPEN "<n:EnumerateResponse><w:Items><p:X xmlns:p=\"urn:x\">");
		for (guint i = 0; i < 40; i++)
			g_string_append(deep, "<p:D>");
		for (guint i = 0; i < 40; i++)
			g_string_append(deep, "<p:E/></p:D>");
		g_string_append(
		    deep,
		    "</p:X></w:Items><w:EndOfSequence/></n:EnumerateResponse>" ENV_CLOSE);
		NP_CHECK(np_parse_refused(deep->str, "nesting exceeds the limit"));
	}
	{
		/* over the cap before parsing anything */
		g_autofree gchar *big = g_malloc0(NP_WSMAN_MAX_REPLY_BYTES + 2);
		g_autoptr(xmlDoc) doc = NULL;
		memset(big, ' ', NP_WSMAN_MAX_REPLY_BYTES + 1);
		doc = np_wsman_xml_read(big, NP_WSMAN_MAX_REPLY_BYTES + 1, &error);
		NP_CHECK(doc == NULL);
		NP_CHECK(np_error_says(error,
		                       NP_WSMAN_ERROR,
		                       NP_WSMAN_ERROR_REPLY,
		                       "exceeds the limit of"));
	}
}

/* ------------------------------------------------------------------ */
/* offline: helpers, options and passwords */

static void
test_wql_escape(void)
{
	g_autofree gchar *a = np_wsman_wql_escape("Microsoft:X\\Y");
	g_autofree gchar *b = np_wsman_wql_escape("db's \"main\"");
	g_autofree gchar *uri = np_wsman_hyperv_class_uri("Msvm_NumaNode");

	NP_CHECK_STR(a, "Microsoft:X\\\\Y");
	NP_CHECK_STR(b, "db\\'s \\\"main\\\"");
	NP_CHECK_STR(uri, V2 "/Msvm_NumaNode");
}

static void
test_embedded_instance(void)
{
	g_autoptr(NpWsmanEmbedded) e = np_wsman_embedded_new("Msvm_MemorySettingData");
	g_autofree gchar *text = NULL;
	g_autoptr(xmlDoc) doc = NULL;
	g_autoptr(GError) error = NULL;

	np_wsman_embedded_add(e,
	                      "InstanceID",
	                      "string",
	                      "Microsoft:6B8A2D8E\\4764334d-e001 <&'\">");
	np_wsman_embedded_add_uint64(e, "VirtualQuantity", 4096);
	np_wsman_embedded_add_boolean(e, "DynamicMemoryEnabled", FALSE);
	text = np_wsman_embedded_to_string(e);
	NP_CHECK_STR(text,
	             "<INSTANCE CLASSNAME=\"Msvm_MemorySettingData\">"
	             "<PROPERTY NAME=\"InstanceID\" TYPE=\"string\"><VALUE>"
	             "Microsoft:6B8A2D8E\\4764334d-e001 &lt;&amp;&apos;&quot;&gt;</VALUE>"
	             "</PROPERTY><PROPERTY NAME=\"VirtualQuantity\" TYPE=\"uint64\"><VALUE>"
	             "4096</VALUE></PROPERTY><PROPERTY NAME=\"DynamicMemoryEnabled\" "
	             "TYPE=\"boolean\"><VALUE>FALSE</VALUE></PROPERTY></INSTANCE>");
	doc = np_wsman_xml_read(text, strlen(text), &error);
	NP_CHECK(doc != NULL);
}

static gchar *
np_write_secret(const gchar *dir, const gchar *content, gint mode)
{
	gchar *path = g_build_filename(dir, "password", NULL);

	g_unlink(path);
	if (!g_file_set_contents(path, content, -1, NULL) || g_chmod(path, mode) != 0) {
		g_free(path);
		return NULL;
	}
	return path;
}

static void
test_password_file(void)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp("np-password-XXXXXX", NULL);
	g_autofree gchar *path = NULL;
	g_autofree gchar *missing = NULL;
	gchar *secret;

	NP_CHECK(dir != NULL);
	path = np_write_secret(dir, "s3cret pass\n", 0600);
	secret = np_wsman_read_password_file(path, &error);
	NP_CHECK(secret != NULL);
	NP_CHECK_STR(secret, "s3cret pass");
	g_free(secret);

	g_free(path);
	path = np_write_secret(dir, "crlf\r\n", 0400);
	secret = np_wsman_read_password_file(path, &error);
	NP_CHECK(g_strcmp0(secret, "crlf") == 0);
	g_free(secret);

	g_free(path);
	path = np_write_secret(dir, "s3cret\n", 0640);
	NP_CHECK(np_wsman_read_password_file(path, &error) == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_INVALID, "mode 0640"));
	NP_CHECK(strstr(error->message, "s3cret") == NULL);
	g_clear_error(&error);

	g_free(path);
	path = np_write_secret(dir, "s3cret\n", 0604);
	NP_CHECK(np_wsman_read_password_file(path, &error) == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_INVALID, "group or others"));
	g_clear_error(&error);

	g_free(path);
	path = np_write_secret(dir, "one\ntwo\n", 0600);
	NP_CHECK(np_wsman_read_password_file(path, &error) == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_INVALID, "more than one line"));
	g_clear_error(&error);

	/* the limit on a password file (docs/limits.md) */
	{
		g_autofree gchar *long_secret = g_strnfill(NP_WSMAN_MAX_PASSWORD_BYTES + 1, 'x');
		g_free(path);
		path = np_write_secret(dir, long_secret, 0600);
		NP_CHECK(np_wsman_read_password_file(path, &error) == NULL);
		NP_CHECK(error != NULL
		         && strstr(error->message, "exceeds the limit of 4096 bytes") != NULL);
		g_clear_error(&error);
	}

	g_free(path);
	path = np_write_secret(dir, "\n", 0600);
	NP_CHECK(np_wsman_read_password_file(path, &error) == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_INVALID, "is empty"));
	g_clear_error(&error);

	NP_CHECK(np_wsman_read_password_file(dir, &error) == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_INVALID, "not a regular file"));
	g_clear_error(&error);

	missing = g_build_filename(dir, "missing", NULL);
	NP_CHECK(np_wsman_read_password_file(missing, &error) == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_IO, "missing"));
	g_unlink(path);
	g_rmdir(dir);
}

static void
test_options_refused(void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = NULL;
	NpWsmanOptions o = {0};

	g_setenv(NP_WSMAN_PASSWORD_ENV, "envpass", TRUE);
	o.url = "http://hv01.example:5985/wsman";
	o.user = "admin";
	client = np_wsman_client_new(&o, &error);
	NP_CHECK(client == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_INVALID, "unencrypted"));
	NP_CHECK(strstr(error->message, "http://hv01.example:5985/wsman") != NULL);
	g_clear_error(&error);

	o.allow_unencrypted = TRUE;
	client = np_wsman_client_new(&o, &error);
	NP_CHECK(client != NULL);
	NP_CHECK_STR(np_wsman_client_get_display_url(client), "http://hv01.example:5985/wsman");
	g_clear_pointer(&client, np_wsman_client_free);

	o.url = "https://admin:hunter2@hv01.example/wsman";
	client = np_wsman_client_new(&o, &error);
	NP_CHECK(client == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_INVALID, "credentials in the URL"));
	NP_CHECK(strstr(error->message, "hunter2") == NULL);
	g_clear_error(&error);

	/* a bare host means WinRM's /wsman */
	o.url = "https://hv01.example:5986";
	client = np_wsman_client_new(&o, &error);
	NP_CHECK(client != NULL);
	NP_CHECK_STR(np_wsman_client_get_display_url(client), "https://hv01.example:5986/wsman");
	g_clear_pointer(&client, np_wsman_client_free);

	o.url = "ftp://hv01.example/";
	NP_CHECK(np_wsman_client_new(&o, &error) == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_INVALID, "only http:// and https://"));
	g_clear_error(&error);

	o.url = "https://hv01.example/wsman";
	o.user = NULL;
	NP_CHECK(np_wsman_client_new(&o, &error) == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_INVALID, "needs a user"));
	g_clear_error(&error);

	o.user = "admin";
	g_unsetenv(NP_WSMAN_PASSWORD_ENV);
	NP_CHECK(np_wsman_client_new(&o, &error) == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_INVALID, "no password"));
	g_clear_error(&error);

	o.auth = NP_WSMAN_AUTH_NEGOTIATE;
	o.password_file = "/nonexistent";
	NP_CHECK(np_wsman_client_new(&o, &error) == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_INVALID, "not used with Negotiate"));
	g_clear_error(&error);

	/* Negotiate needs no password: the Kerberos ticket cache has it */
	o.password_file = NULL;
	client = np_wsman_client_new(&o, &error);
	NP_CHECK(client != NULL);
	g_clear_pointer(&client, np_wsman_client_free);

	o.auth = NP_WSMAN_AUTH_BASIC;
	o.ca_file = "/nonexistent/ca.pem";
	g_setenv(NP_WSMAN_PASSWORD_ENV, "envpass", TRUE);
	NP_CHECK(np_wsman_client_new(&o, &error) == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_IO, "CA file"));
}

/* ------------------------------------------------------------------ */
/* end to end against the fake server */

static const NpHypervVm *
np_vm_named(const NpHypervInventory *inventory, const gchar *name)
{
	for (guint i = 0; i < inventory->vms->len; i++) {
		const NpHypervVm *vm = g_ptr_array_index(inventory->vms, i);
		if (g_strcmp0(vm->name, name) == 0)
			return vm;
	}
	return NULL;
}

static void
np_check_synth01(const NpHypervInventory *inv)
{
	const NpHypervNode *n0, *n1;
	const NpHypervVm *web, *db, *archive;

	NP_CHECK_STR(inv->host_name, "HV-SYNTH01");
	NP_CHECK(!inv->numa_spanning_enabled);
	NP_CHECK_STR(inv->service_settings_instance_id, "Microsoft:HV-SYNTH01");
	NP_CHECK(inv->nodes->len == 2);
	n0 = g_ptr_array_index(inv->nodes, 0);
	n1 = g_ptr_array_index(inv->nodes, 1);
	NP_CHECK(n0->id == 0 && n1->id == 1);
	NP_CHECK_STR(n0->node_id, "Microsoft:PhysicalNode\\0");
	NP_CHECK(n0->lp_count == 4 && n0->core_count == 2);
	NP_CHECK(n0->total_mib == 4093 && n0->available_mib == 3196);
	NP_CHECK(n1->total_mib == 4096 && n1->available_mib == 1485);
	/* the running VM's one virtual node is backed by node 1 */
	NP_CHECK(n0->vm_mib == 0 && n1->vm_mib == 2048);
	NP_CHECK(n1->lp_load_percent->len == 4);
	NP_CHECK(g_array_index(n1->lp_load_percent, guint16, 0) == 34);
	NP_CHECK(g_array_index(n1->lp_load_percent, guint16, 3) == 1);
	if (inv->warnings->len != 0)
		fprintf(stderr, "\n  warning: %s\n", (gchar *)g_ptr_array_index(inv->warnings, 0));
	NP_CHECK(inv->warnings->len == 0);

	NP_CHECK(inv->vms->len == 3);
	/* sorted by name */
	NP_CHECK_STR(((NpHypervVm *)g_ptr_array_index(inv->vms, 0))->name, "archive");
	web = np_vm_named(inv, "web1");
	db = np_vm_named(inv, "db's \"main\"");
	archive = np_vm_named(inv, "archive");
	NP_CHECK(web != NULL && db != NULL && archive != NULL);
	/* realized settings, not the snapshots' (which differ on purpose) */
	NP_CHECK_STR(web->guid, "6B8A2D8E-0C55-4E37-9A0B-3C1C2B1E0F01");
	NP_CHECK(web->enabled_state == 3);
	NP_CHECK_STR(np_hyperv_enabled_state_to_string(web->enabled_state), "off");
	NP_CHECK(web->vnuma_enabled);
	NP_CHECK(web->vcpus == 4 && web->max_processors_per_numa_node == 2);
	NP_CHECK(web->max_numa_nodes_per_socket == 1);
	NP_CHECK(web->memory_mib == 4096 && !web->dynamic_memory_enabled);
	NP_CHECK(web->max_memory_blocks_per_numa_node_mib == 2048);
	NP_CHECK_STR(web->vssd_instance_id, "Microsoft:6B8A2D8E-0C55-4E37-9A0B-3C1C2B1E0F01");
	NP_CHECK_STR(web->memory_instance_id,
	             "Microsoft:6B8A2D8E-0C55-4E37-9A0B-3C1C2B1E0F01\\"
	             "4764334d-e001-4176-82ee-5594ec9b530e");
	NP_CHECK_STR(web->subtype, "Microsoft:Hyper-V:SubType:2");
	NP_CHECK_STR(web->version, "9.0");

	NP_CHECK(db->enabled_state == 2 && !db->vnuma_enabled);
	NP_CHECK(db->dynamic_memory_enabled && db->memory_mib == 2048);
	NP_CHECK(db->reservation_mib == 512 && db->limit_mib == 8192);
	NP_CHECK(db->target_memory_buffer_percent == 25);
	NP_CHECK(db->max_numa_nodes_per_socket == 0);

	NP_CHECK(archive->enabled_state == 6 && archive->vcpus == 8);
	NP_CHECK(archive->reservation_mib == 0 && archive->limit_mib == 0);
	NP_CHECK_STR(np_hyperv_enabled_state_to_string(archive->enabled_state), "saved");
}

static void
test_import_multipage(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--page-size", "2");
	g_autoptr(GError) error = NULL;
	NpWsmanOptions o = {0};
	g_autoptr(NpWsmanClient) client = NULL;
	g_autoptr(NpHypervInventory) inv = NULL;
	g_autoptr(GPtrArray) requests = NULL;

	o.max_elements = 3; /* the server pages by 2 anyway */
	client = np_fake_client(fake, &o, &error);
	NP_CHECK(client != NULL);
	inv = np_hyperv_inventory_read(client, &error);
	if (inv == NULL)
		fprintf(stderr, "\n  %s\n", error->message);
	NP_CHECK(inv != NULL);
	np_check_synth01(inv);
	requests = np_fake_requests(fake);
	NP_CHECK(requests->len == np_wsman_client_get_request_count(client));
	NP_CHECK(np_only_reads(requests));
	NP_CHECK(np_count_op(requests, "Enumerate") == 12);
	NP_CHECK(np_count_op(requests, "Pull") > 10);
	NP_CHECK(np_count_op(requests, "Release") == 0);
	/* one kept-alive connection for everything */
	for (guint i = 0; i < requests->len; i++)
		NP_CHECK_STR(((gchar **)g_ptr_array_index(requests, i))[3], "1");
}

static void
test_import_single_page(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--page-size", "1000");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = np_fake_client(fake, NULL, &error);
	g_autoptr(NpHypervInventory) inv = NULL;
	g_autoptr(GPtrArray) requests = NULL;

	NP_CHECK(client != NULL);
	inv = np_hyperv_inventory_read(client, &error);
	NP_CHECK(inv != NULL);
	np_check_synth01(inv);
	requests = np_fake_requests(fake);
	/* the whole answer in the EnumerateResponse: nothing to pull */
	NP_CHECK(np_count_op(requests, "Pull") == 0);
	NP_CHECK(np_only_reads(requests));
}

static void
test_import_odd_host(void)
{
	START_FAKE(fake, "host-odd.json", FALSE, "--page-size", "1");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = np_fake_client(fake, NULL, &error);
	g_autoptr(NpHypervInventory) inv = NULL;
	const NpHypervNode *n1;

	NP_CHECK(client != NULL);
	inv = np_hyperv_inventory_read(client, &error);
	NP_CHECK(inv != NULL);
	NP_CHECK_STR(inv->host_name, "hv-odd");
	NP_CHECK(inv->numa_spanning_enabled);
	NP_CHECK(inv->vms->len == 0);
	n1 = g_ptr_array_index(inv->nodes, 1);
	NP_CHECK(n1->total_mib == 0);
	NP_CHECK(inv->warnings->len == 1);
	NP_CHECK(strstr(g_ptr_array_index(inv->warnings, 0), "node 1 has no Msvm_Memory") != NULL);
}

static void
test_https_ca(void)
{
	START_FAKE(fake, "host-2node.json", TRUE, "--page-size", "3");
	g_autoptr(GError) error = NULL;
	NpWsmanOptions o = {0};
	g_autoptr(NpWsmanClient) client = NULL;
	g_autoptr(NpHypervInventory) inv = NULL;

	o.ca_file = fake->ca_file;
	client = np_fake_client(fake, &o, &error);
	NP_CHECK(client != NULL);
	inv = np_hyperv_inventory_read(client, &error);
	if (inv == NULL)
		fprintf(stderr, "\n  %s\n", error->message);
	NP_CHECK(inv != NULL);
	np_check_synth01(inv);
}

static void
test_https_untrusted(void)
{
	START_FAKE(fake, "host-2node.json", TRUE, "--page-size", "3");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = np_fake_client(fake, NULL, &error);
	g_autoptr(NpHypervInventory) inv = NULL;
	g_autoptr(GPtrArray) requests = NULL;
	NpWsmanOptions o = {0};

	NP_CHECK(client != NULL);
	inv = np_hyperv_inventory_read(client, &error);
	NP_CHECK(inv == NULL);
	NP_CHECK(np_error_says(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_TLS, fake->url));
	g_clear_error(&error);
	requests = np_fake_requests(fake);
	NP_CHECK(requests->len == 0); /* nothing got through */

	/* --insecure: accepted */
	g_clear_pointer(&client, np_wsman_client_free);
	o.insecure = TRUE;
	client = np_fake_client(fake, &o, &error);
	NP_CHECK(client != NULL);
	inv = np_hyperv_inventory_read(client, &error);
	NP_CHECK(inv != NULL);
}

static void
np_expect_import_error_at(const gchar *data,
                          const gchar *const *args,
                          guint timeout_ms,
                          gint code,
                          const gchar *needle,
                          gint64 *elapsed_us)
{
	g_autoptr(NpFake) fake = np_fake_start(data, FALSE, args);
	g_autoptr(GError) error = NULL;
	NpWsmanOptions o = {0};
	g_autoptr(NpWsmanClient) client = NULL;
	g_autoptr(NpHypervInventory) inv = NULL;

	NP_CHECK(fake != NULL);
	o.timeout_ms = timeout_ms;
	client = np_fake_client(fake, &o, &error);
	NP_CHECK(client != NULL);
	if (elapsed_us != NULL)
		*elapsed_us = g_get_monotonic_time();
	inv = np_hyperv_inventory_read(client, &error);
	if (elapsed_us != NULL)
		*elapsed_us = g_get_monotonic_time() - *elapsed_us;
	NP_CHECK(inv == NULL);
	NP_CHECK(np_error_says(error, NP_WSMAN_ERROR, code, needle));
	/* every host failure starts with the host */
	NP_CHECK(g_str_has_prefix(error->message, fake->url));
}

static void
test_fault(void)
{
	np_expect_import_error_at(
	    "host-2node.json",
	    ARGS("--misbehave", "Enumerate:Msvm_NumaNode=fault"),
	    0,
	    NP_WSMAN_ERROR_FAULT,
	    "fault w:InternalError (s:Sender), HTTP 500: Synthetic fault from "
	    "fake-winrm: the provider failed (Enumerate Msvm_NumaNode).; "
	    "WSManFault 2150858752 (0x80338000): The synthetic provider refused "
	    "Enumerate.",
	    NULL);
}

static void
test_fault_wmierror_on_pull(void)
{
	np_expect_import_error_at(
	    "host-2node.json",
	    ARGS("--page-size", "1", "--misbehave", "Pull:Msvm_Processor=fault-wmierror"),
	    0,
	    NP_WSMAN_ERROR_FAULT,
	    "MSFT_WmiError 2150859173 (0x803381A5): Synthetic MSFT_WmiError",
	    NULL);
}

static void
test_unsupported_query_fault(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--page-size", "5");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = np_fake_client(fake, NULL, &error);
	g_autoptr(GPtrArray) items = NULL;
	const NpWsmanFault *fault;

	NP_CHECK(client != NULL);
	items = np_wsman_client_enumerate(client,
	                                  NULL,
	                                  "SELECT Name FROM Msvm_ComputerSystem",
	                                  NP_WSMAN_ENUMERATE_DEFAULT,
	                                  &error);
	NP_CHECK(items == NULL);
	NP_CHECK(np_error_says(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_FAULT, "CannotProcessFilter"));
	/* the query is named */
	{
		g_autofree gchar *prefix =
		    g_strconcat(fake->url, ": SELECT Name FROM Msvm_ComputerSystem: fault ", NULL);
		NP_CHECK(g_str_has_prefix(error->message, prefix));
	}
	fault = np_wsman_client_get_last_fault(client);
	NP_CHECK(fault != NULL && fault->wsman_code == 2150858778u);
}

static void
test_auth_401(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--user", "admin", "--password", "right");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = NULL;
	g_autoptr(NpHypervInventory) inv = NULL;
	g_autoptr(GPtrArray) requests = NULL;

	g_setenv(NP_WSMAN_PASSWORD_ENV, "wrong", TRUE);
	client = np_fake_client(fake, NULL, &error);
	NP_CHECK(client != NULL);
	inv = np_hyperv_inventory_read(client, &error);
	NP_CHECK(inv == NULL);
	NP_CHECK(np_error_says(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_AUTH, "HTTP 401"));
	NP_CHECK(strstr(error->message, fake->url) != NULL);
	NP_CHECK(strstr(error->message, "wrong") == NULL);
	requests = np_fake_requests(fake);
	NP_CHECK(requests->len == 1 && np_count_op(requests, "AUTH-FAILED") == 1);
}

/* Negotiate without a Kerberos ticket: the 401 stands, as an auth error */
static void
test_auth_negotiate_no_ticket(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--user", "admin", "--password", "right");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = NULL;
	g_autoptr(GPtrArray) items = NULL;
	g_autoptr(GPtrArray) requests = NULL;
	g_autofree gchar *ccache = g_strconcat("FILE:", fake->dir, "/no-ccache", NULL);
	NpWsmanOptions o = {0};

	g_setenv("KRB5CCNAME", ccache, TRUE);
	g_setenv("KRB5_CONFIG", "/dev/null", TRUE);
	o.auth = NP_WSMAN_AUTH_NEGOTIATE;
	client = np_fake_client(fake, &o, &error);
	NP_CHECK(client != NULL);
	items = np_wsman_client_enumerate(client,
	                                  V2 "/Msvm_NumaNode",
	                                  NULL,
	                                  NP_WSMAN_ENUMERATE_DEFAULT,
	                                  &error);
	NP_CHECK(items == NULL);
	NP_CHECK(np_error_says(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_AUTH, "Negotiate"));
	requests = np_fake_requests(fake);
	NP_CHECK(np_count_op(requests, "AUTH-FAILED") >= 1);
	NP_CHECK(np_count_op(requests, "AUTH-FAILED") == requests->len);
}

static void
test_auth_password_file(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--user", "admin", "--password", "right");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = np_write_secret(fake->dir, "right\n", 0600);
	NpWsmanOptions o = {0};
	g_autoptr(NpWsmanClient) client = NULL;
	g_autoptr(NpHypervInventory) inv = NULL;

	g_setenv(NP_WSMAN_PASSWORD_ENV, "wrong", TRUE);
	o.password_file = path; /* wins over the environment */
	client = np_fake_client(fake, &o, &error);
	NP_CHECK(client != NULL);
	inv = np_hyperv_inventory_read(client, &error);
	NP_CHECK(inv != NULL);
	np_check_synth01(inv);
}

static void
test_password_file_mode_sends_nothing(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--page-size", "5");
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = np_write_secret(fake->dir, "right\n", 0644);
	NpWsmanOptions o = {0};
	g_autoptr(NpWsmanClient) client = NULL;
	g_autoptr(GPtrArray) requests = NULL;

	o.password_file = path;
	client = np_fake_client(fake, &o, &error);
	NP_CHECK(client == NULL);
	NP_CHECK(np_error_says(error, NP_ERROR, NP_ERROR_INVALID, "mode 0644"));
	g_usleep(200000);
	requests = np_fake_requests(fake);
	NP_CHECK(requests->len == 0);
}

static void
test_timeout(void)
{
	gint64 elapsed_us = 0;

	np_expect_import_error_at(
	    "host-2node.json",
	    ARGS("--misbehave", "Enumerate:Msvm_NumaNode=slow", "--slow-seconds", "6"),
	    1500,
	    NP_WSMAN_ERROR_TIMEOUT,
	    "timed out",
	    &elapsed_us);
	/* gave up at the limit, not when the server woke up */
	NP_CHECK(elapsed_us < 5000000);
}

static void
test_dropped(void)
{
	np_expect_import_error_at(
	    "host-2node.json",
	    ARGS("--page-size", "2", "--misbehave", "Pull:Msvm_Processor=drop"),
	    0,
	    NP_WSMAN_ERROR_CONNECT,
	    "connection dropped",
	    NULL);
}

static void
test_refused(void)
{
	g_autoptr(GError) error = NULL;
	NpWsmanOptions o = {0};
	g_autoptr(NpWsmanClient) client = NULL;
	g_autoptr(GPtrArray) items = NULL;
	g_autofree gchar *url = NULL;
	struct sockaddr_in addr = {0};
	socklen_t len = sizeof(addr);
	gint fd = socket(AF_INET, SOCK_STREAM, 0);

	/* a port that was free a moment ago: nothing listens there */
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	NP_CHECK(fd >= 0 && bind(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0);
	NP_CHECK(getsockname(fd, (struct sockaddr *)&addr, &len) == 0);
	close(fd);
	url = g_strdup_printf("http://127.0.0.1:%u/wsman", ntohs(addr.sin_port));
	o.url = url;
	o.user = "admin";
	o.allow_unencrypted = TRUE;
	client = np_wsman_client_new(&o, &error);
	NP_CHECK(client != NULL);
	items = np_wsman_client_enumerate(client,
	                                  V2 "/Msvm_NumaNode",
	                                  NULL,
	                                  NP_WSMAN_ENUMERATE_DEFAULT,
	                                  &error);
	NP_CHECK(items == NULL);
	NP_CHECK(np_error_says(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_CONNECT, "cannot connect"));
	NP_CHECK(strstr(error->message, url) != NULL);
}

static void
test_oversize(void)
{
	np_expect_import_error_at("host-2node.json",
	                          ARGS("--misbehave", "Enumerate=oversize"),
	                          0,
	                          NP_WSMAN_ERROR_REPLY,
	                          "exceeds the limit of 33554432 bytes",
	                          NULL);
}

static void
test_malformed(void)
{
	np_expect_import_error_at(
	    "host-2node.json",
	    ARGS("--page-size", "2", "--misbehave", "Pull:Msvm_HostedDependency=malformed"),
	    0,
	    NP_WSMAN_ERROR_REPLY,
	    "not well-formed",
	    NULL);
}

static void
test_xxe(void)
{
	np_expect_import_error_at("host-2node.json",
	                          ARGS("--misbehave", "Enumerate=xxe"),
	                          0,
	                          NP_WSMAN_ERROR_REPLY,
	                          "DOCTYPE",
	                          NULL);
}

static void
test_billion_laughs(void)
{
	np_expect_import_error_at("host-2node.json",
	                          ARGS("--misbehave", "Enumerate=laughs"),
	                          0,
	                          NP_WSMAN_ERROR_REPLY,
	                          "DOCTYPE",
	                          NULL);
}

static void
test_wrong_action(void)
{
	np_expect_import_error_at("host-2node.json",
	                          ARGS("--misbehave", "Enumerate:Msvm_NumaNode=wrong-action"),
	                          0,
	                          NP_WSMAN_ERROR_REPLY,
	                          "reply action",
	                          NULL);
}

static void
test_http500_text(void)
{
	np_expect_import_error_at("host-2node.json",
	                          ARGS("--misbehave", "any=http500-text"),
	                          0,
	                          NP_WSMAN_ERROR_HTTP,
	                          "HTTP 500 without a readable SOAP fault",
	                          NULL);
}

static void
test_release(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--page-size", "1");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = np_fake_client(fake, NULL, &error);
	g_autoptr(NpWsmanEnumeration) e = NULL;
	g_autoptr(GPtrArray) page = NULL;
	g_autoptr(GPtrArray) requests = NULL;
	gboolean done = TRUE;

	NP_CHECK(client != NULL);
	e = np_wsman_client_enumerate_begin(client,
	                                    NULL,
	                                    "SELECT * FROM Msvm_Processor",
	                                    NP_WSMAN_ENUMERATE_DEFAULT,
	                                    &error);
	NP_CHECK(e != NULL);
	page = np_wsman_enumeration_next(e, &done, &error);
	NP_CHECK(page != NULL && page->len == 1 && !done);
	g_clear_pointer(&page, g_ptr_array_unref);
	page = np_wsman_enumeration_next(e, &done, &error);
	NP_CHECK(page != NULL && page->len == 1 && !done);
	NP_CHECK(np_wsman_enumeration_release(e, &error));
	/* released: the next page is empty and final, nothing sent */
	g_clear_pointer(&page, g_ptr_array_unref);
	page = np_wsman_enumeration_next(e, &done, &error);
	NP_CHECK(page != NULL && page->len == 0 && done);
	g_clear_pointer(&e, np_wsman_enumeration_free);

	/* an enumeration dropped unfinished is released too */
	e = np_wsman_client_enumerate_begin(client,
	                                    V2 "/Msvm_NumaNode",
	                                    NULL,
	                                    NP_WSMAN_ENUMERATE_DEFAULT,
	                                    &error);
	NP_CHECK(e != NULL);
	g_clear_pointer(&e, np_wsman_enumeration_free);

	requests = np_fake_requests(fake);
	NP_CHECK(np_count_op(requests, "Enumerate") == 2);
	NP_CHECK(np_count_op(requests, "Pull") == 1);
	NP_CHECK(np_count_op(requests, "Release") == 2);
	NP_CHECK(np_only_reads(requests));
}

static void
test_enumerate_class(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--page-size", "3");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = np_fake_client(fake, NULL, &error);
	g_autoptr(GPtrArray) items = NULL;
	g_autoptr(GPtrArray) requests = NULL;
	const NpWsmanInstance *first;

	NP_CHECK(client != NULL);
	/* plain enumeration by class URI, no filter: every instance */
	items = np_wsman_client_enumerate(client,
	                                  V2 "/Msvm_Processor",
	                                  NULL,
	                                  NP_WSMAN_ENUMERATE_DEFAULT,
	                                  &error);
	NP_CHECK(items != NULL);
	NP_CHECK(items->len == 9); /* 8 host LPs and the running VM's one */
	first = g_ptr_array_index(items, 0);
	NP_CHECK_STR(first->class_name, "Msvm_Processor");
	NP_CHECK_STR(first->resource_uri, V2 "/Msvm_Processor");
	requests = np_fake_requests(fake);
	NP_CHECK(np_count_op(requests, "Enumerate") == 1 && np_count_op(requests, "Pull") == 2);
	NP_CHECK_STR(((gchar **)g_ptr_array_index(requests, 0))[2], V2 "/Msvm_Processor");
	NP_CHECK_STR(((gchar **)g_ptr_array_index(requests, 0))[4], "");
}

/* EnumerateObjectAndEPR: each instance's reference Gets it back; a
 * reference built from key values is the same */
static void
test_enumerate_with_epr(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--page-size", "2");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = np_fake_client(fake, NULL, &error);
	g_autoptr(GPtrArray) vms = NULL;
	g_autoptr(NpWsmanInstance) again = NULL;
	g_autoptr(NpWsmanEpr) built = NULL;
	g_autoptr(GPtrArray) requests = NULL;
	static const gchar *const keys[] = {"CreationClassName", "Name", NULL};
	static const gchar *const bad_keys[] = {"NoSuchKey", NULL};
	const NpWsmanInstance *vm;

	NP_CHECK(client != NULL);
	vms = np_wsman_client_enumerate(
	    client,
	    NULL,
	    "SELECT * FROM Msvm_ComputerSystem WHERE Caption = 'Virtual Machine'",
	    NP_WSMAN_ENUMERATE_WITH_EPR,
	    &error);
	NP_CHECK(vms != NULL && vms->len == 3);
	for (guint i = 0; i < vms->len; i++) {
		vm = g_ptr_array_index(vms, i);
		NP_CHECK(vm->epr != NULL);
		NP_CHECK_STR(np_wsman_epr_get_class(vm->epr), "Msvm_ComputerSystem");
		NP_CHECK_STR(np_wsman_epr_get_selector(vm->epr, "Name"),
		             np_wsman_instance_get_text(vm, "Name"));
	}
	vm = g_ptr_array_index(vms, 2);
	again = np_wsman_client_get(client, vm->epr, &error);
	NP_CHECK(again != NULL);
	NP_CHECK_STR(np_wsman_instance_get_text(again, "ElementName"),
	             np_wsman_instance_get_text(vm, "ElementName"));
	built = np_wsman_instance_to_epr(vm, keys, &error);
	NP_CHECK(built != NULL);
	NP_CHECK_STR(built->resource_uri, V2 "/Msvm_ComputerSystem");
	NP_CHECK_STR(np_wsman_epr_get_selector(built, "Name"),
	             np_wsman_epr_get_selector(vm->epr, "Name"));
	NP_CHECK(np_wsman_instance_to_epr(vm, bad_keys, &error) == NULL);
	NP_CHECK(np_error_says(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_REPLY, "key NoSuchKey"));
	requests = np_fake_requests(fake);
	NP_CHECK(np_only_reads(requests));
	NP_CHECK(strstr(((gchar **)g_ptr_array_index(requests, 0))[4], "mode=EnumerateObjectAndEPR")
	         != NULL);
}

/* random damage to every recorded reply: errors, never a crash */
static void
test_fuzz_replies(void)
{
	static const struct {
		NpWsmanOp op;
		const gchar *action;
		const gchar *method;
	} ops[] = {
	    {NP_WSMAN_OP_ENUMERATE, ENUM_ACTION, NULL},
	    {NP_WSMAN_OP_PULL, PULL_ACTION, NULL},
	    {NP_WSMAN_OP_GET, GET_ACTION, NULL},
	    {NP_WSMAN_OP_RELEASE,
	     "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release",
	     NULL},
	    {NP_WSMAN_OP_INVOKE,
	     "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/CIM_DataFile/Delete",
	     "Delete"},
	};
	g_autofree gchar *path = g_build_filename(np_hv_dir(), "fixtures", NULL);
	g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
	g_autoptr(GRand) rand = g_rand_new_with_seed(20260906);
	const gchar *name;
	guint parsed = 0, accepted = 0;

	NP_CHECK(dir != NULL);
	while ((name = g_dir_read_name(dir)) != NULL) {
		g_autofree gchar *file = NULL;
		g_autofree gchar *data = NULL;
		gsize length = 0;

		if (!g_str_has_suffix(name, ".xml"))
			continue;
		file = g_build_filename(path, name, NULL);
		NP_CHECK(g_file_get_contents(file, &data, &length, NULL));
		for (guint round = 0; round < 150; round++) {
			g_autofree gchar *copy = g_memdup2(data, length + 1);
			gsize used = length;
			guint damage = g_rand_int_range(rand, 1, 6);
			g_autoptr(GError) error = NULL;
			g_autoptr(NpWsmanReply) reply = NULL;

			for (guint d = 0; d < damage && used > 0; d++) {
				gsize at = (gsize)g_rand_int_range(rand, 0, (gint32)used);
				switch (g_rand_int_range(rand, 0, 4)) {
				case 0:
					copy[at] = (gchar)g_rand_int_range(rand, 0, 256);
					break;
				case 1:
					used = at; /* truncated */
					break;
				case 2:
					copy[at] = "<>/&;\"'= "[g_rand_int_range(rand, 0, 9)];
					break;
				default:
					memmove(copy + at, copy + at + 1, used - at);
					used--;
					break;
				}
			}
			for (guint o = 0; o < G_N_ELEMENTS(ops); o++) {
				g_clear_pointer(&reply, np_wsman_reply_free);
				g_clear_error(&error);
				reply = np_wsman_reply_parse(copy,
				                             used,
				                             ops[o].op,
				                             ops[o].action,
				                             ops[o].method,
				                             &error);
				NP_CHECK((reply == NULL) == (error != NULL));
				parsed++;
				accepted += reply != NULL;
			}
		}
	}
	NP_CHECK(parsed == 14 * 150 * 5);
	/* harmless damage (inside text) still parses: the loop saw both */
	NP_CHECK(accepted > 0 && accepted < parsed);
}

static void
test_get(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--page-size", "5");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = np_fake_client(fake, NULL, &error);
	g_autoptr(NpWsmanEpr) target = np_wsman_epr_new(V2 "/Msvm_ComputerSystem");
	g_autoptr(NpWsmanInstance) vm = NULL;
	const NpWsmanProperty *status;

	NP_CHECK(client != NULL);
	np_wsman_epr_add_selector(target, "CreationClassName", "Msvm_ComputerSystem");
	np_wsman_epr_add_selector(target, "Name", "0F2C4A6E-8B1D-4C3E-A5F7-091B2D3E4F02");
	vm = np_wsman_client_get(client, target, &error);
	NP_CHECK(vm != NULL);
	NP_CHECK_STR(np_wsman_instance_get_text(vm, "ElementName"), "db's \"main\"");
	status = np_wsman_instance_lookup(vm, "OperationalStatus");
	NP_CHECK(status != NULL && status->values->len == 2);
	NP_CHECK(np_wsman_instance_get_text(vm, "OperationalStatus") == NULL);
	NP_CHECK_STR(np_wsman_instance_get_text(vm, "InstallDate"),
	             "2024-03-01T10:00:00.000000-00:00");
	g_clear_pointer(&vm, np_wsman_instance_free);

	np_wsman_epr_add_selector(target, "Bogus", "x");
	vm = np_wsman_client_get(client, target, &error);
	NP_CHECK(vm == NULL);
	NP_CHECK(np_error_says(error, NP_WSMAN_ERROR, NP_WSMAN_ERROR_FAULT, "w:InvalidSelectors"));
}

/* ModifySystemSettings with an embedded VSSD, answered 4096, job polled */
static gboolean
np_invoke_vnuma(NpWsmanClient *client, GError **error)
{
	g_autoptr(NpWsmanEpr) service = np_wsman_epr_new(V2 "/Msvm_VirtualSystemManagementService");
	g_autoptr(NpWsmanEmbedded) vssd = np_wsman_embedded_new("Msvm_VirtualSystemSettingData");
	g_autoptr(NpWsmanParams) params = np_wsman_params_new();
	g_autoptr(NpWsmanInstance) output = NULL;

	np_wsman_epr_add_selector(service,
	                          "CreationClassName",
	                          "Msvm_VirtualSystemManagementService");
	np_wsman_embedded_add(vssd,
	                      "InstanceID",
	                      "string",
	                      "Microsoft:6B8A2D8E-0C55-4E37-9A0B-3C1C2B1E0F01");
	np_wsman_embedded_add_boolean(vssd, "VirtualNumaEnabled", TRUE);
	np_wsman_params_add_embedded(params, "SystemSettings", vssd);
	output = np_wsman_client_invoke(client, service, "ModifySystemSettings", params, error);
	if (output == NULL)
		return FALSE;
	return np_wsman_invoke_wait(client, "ModifySystemSettings", output, 10000, 20, NULL, error);
}

static void
test_invoke_job(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--invoke-return", "4096", "--job-polls", "2");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = np_fake_client(fake, NULL, &error);
	g_autoptr(GPtrArray) requests = NULL;
	gchar **invoke;

	NP_CHECK(client != NULL);
	NP_CHECK(np_invoke_vnuma(client, &error));
	requests = np_fake_requests(fake);
	NP_CHECK(requests->len == 4);
	invoke = g_ptr_array_index(requests, 0);
	NP_CHECK_STR(invoke[0], "Invoke");
	NP_CHECK_STR(invoke[1], V2 "/Msvm_VirtualSystemManagementService/ModifySystemSettings");
	/* the embedded instance arrived as CIM-XML the fake could read */
	NP_CHECK_STR(invoke[4],
	             "CreationClassName=Msvm_VirtualSystemManagementService "
	             "SystemSettings=Msvm_VirtualSystemSettingData{InstanceID:string="
	             "Microsoft:6B8A2D8E-0C55-4E37-9A0B-3C1C2B1E0F01;"
	             "VirtualNumaEnabled:boolean=TRUE}");
	NP_CHECK(np_count_op(requests, "Get") == 3);
}

static void
test_invoke_job_fails(void)
{
	START_FAKE(fake,
	           "host-2node.json",
	           FALSE,
	           "--invoke-return",
	           "4096",
	           "--job-polls",
	           "1",
	           "--job-final",
	           "10");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = np_fake_client(fake, NULL, &error);

	NP_CHECK(client != NULL);
	NP_CHECK(!np_invoke_vnuma(client, &error));
	NP_CHECK(np_error_says(error,
	                       NP_WSMAN_ERROR,
	                       NP_WSMAN_ERROR_METHOD,
	                       "ended in state 10 (error 32768): Synthetic job failure."));
}

static void
test_invoke_return_error(void)
{
	START_FAKE(fake, "host-2node.json", FALSE, "--invoke-return", "32775");
	g_autoptr(GError) error = NULL;
	g_autoptr(NpWsmanClient) client = np_fake_client(fake, NULL, &error);

	NP_CHECK(client != NULL);
	NP_CHECK(!np_invoke_vnuma(client, &error));
	NP_CHECK(np_error_says(
	    error,
	    NP_WSMAN_ERROR,
	    NP_WSMAN_ERROR_METHOD,
	    "ModifySystemSettings returned 32775 (invalid state for this operation)"));
}

/* ------------------------------------------------------------------ */

static const NpTestCase np_cases[] = {
    {"fixture-enumerate-optimized", test_fixture_enumerate_optimized},
    {"fixture-pull-end", test_fixture_pull_end},
    {"fixture-enumerate-empty-context", test_fixture_enumerate_empty_context},
    {"fixture-idrac-empty", test_fixture_idrac_empty},
    {"fixture-idrac-job", test_fixture_idrac_job},
    {"fixture-idrac-error", test_fixture_idrac_error},
    {"fixture-invoke-zero", test_fixture_invoke_zero},
    {"fixture-fault-wql", test_fixture_fault_wql},
    {"fixture-fault-wmiv1", test_fixture_fault_wmiv1},
    {"fixture-fault-selectors", test_fixture_fault_selectors},
    {"fixture-fault-wmierror", test_fixture_fault_wmierror},
    {"fixture-get-config", test_fixture_get_config},
    {"fixture-get-request", test_fixture_get_request},
    {"fixture-enumerate-request", test_fixture_enumerate_request},
    {"fixtures-all-covered", test_fixtures_all_covered},
    {"hostile-xml", test_hostile_xml},
    {"wql-escape", test_wql_escape},
    {"embedded-instance", test_embedded_instance},
    {"password-file", test_password_file},
    {"options-refused", test_options_refused},
    {"import-multipage", test_import_multipage},
    {"import-single-page", test_import_single_page},
    {"import-odd-host", test_import_odd_host},
    {"https-ca", test_https_ca},
    {"https-untrusted", test_https_untrusted},
    {"fault", test_fault},
    {"fault-wmierror-pull", test_fault_wmierror_on_pull},
    {"unsupported-query-fault", test_unsupported_query_fault},
    {"auth-401", test_auth_401},
    {"auth-negotiate-no-ticket", test_auth_negotiate_no_ticket},
    {"auth-password-file", test_auth_password_file},
    {"password-file-mode-sends-nothing", test_password_file_mode_sends_nothing},
    {"timeout", test_timeout},
    {"dropped", test_dropped},
    {"refused", test_refused},
    {"oversize", test_oversize},
    {"malformed", test_malformed},
    {"xxe", test_xxe},
    {"billion-laughs", test_billion_laughs},
    {"wrong-action", test_wrong_action},
    {"http500-text", test_http500_text},
    {"release", test_release},
    {"enumerate-class", test_enumerate_class},
    {"enumerate-with-epr", test_enumerate_with_epr},
    {"fuzz-replies", test_fuzz_replies},
    {"get", test_get},
    {"invoke-job", test_invoke_job},
    {"invoke-job-fails", test_invoke_job_fails},
    {"invoke-return-error", test_invoke_return_error},
};

int
main(int argc, char **argv)
{
	gint status;

	g_setenv(NP_WSMAN_PASSWORD_ENV, "fake-password", TRUE);
	/* the fake server is local: no proxy from the environment */
	g_setenv("no_proxy", "*", TRUE);
	g_setenv("NO_PROXY", "*", TRUE);
	status = np_test_cases_register(argc, argv, "hyperv", np_cases, G_N_ELEMENTS(np_cases));
	if (status >= 0)
		return status;
	status = np_test_run();
	np_wsman_global_cleanup();
	return status;
}
