/* The PostgreSQL extension's shared helpers: segcore statuses as SQL errors, the cancel hook,
 * and C ABI objects freed with a memory context. Included after postgres.h. */
#ifndef SEGCORE_PG_SEGCORE_H
#define SEGCORE_PG_SEGCORE_H

#include "segcore.h"

/* Raises ERROR (never returns) unless status is SEGCORE_OK. The message is segcore's own; the
 * SQLSTATE follows the status (22023 for SEGCORE_EINVAL, XX001 for a corrupt model, 57014 for a
 * cancel, ...); sql_name is the SQL function, named in the error's context line. */
void pgsc_check(int status, const char* sql_name);

/* Makes segcore's long calls on this backend poll PostgreSQL's pending cancel or termination
 * (segcore_set_progress_callback), so a cancelled fit returns SEGCORE_ECANCELLED and
 * pgsc_check raises the cancel itself. pgsc_end_long_call removes the hook. */
void pgsc_begin_long_call(void);
void pgsc_end_long_call(void);

/* Calls destroy(object) when context is reset or deleted, also when an error aborts the query,
 * so no C ABI object outlives the memory that points to it. */
void pgsc_free_with_context(MemoryContext context, void (*destroy)(void*), void* object);

#endif
