/* libFuzzer harness: an apply journal as a rerun of `apply` reads it
 * (hyperv/np-apply-journal.c: one JSON object a line, a torn last line
 * tolerated, anything else refused with its line) */
#include "np-apply.h"
#include "np-fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(NpApplyJournal) journal =
	    np_apply_journal_parse((const gchar *)data, size, "fuzz.journal", &error);

	g_assert((journal == NULL) != (error == NULL));
	if (journal != NULL)
		(void)np_apply_journal_stopped_by_us(journal,
		                                     "0F2C4A6E-0000-4000-8000-000000000001");
	return 0;
}
