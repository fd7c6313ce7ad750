/* The PostgreSQL extension's shared helpers: segcore statuses as SQL errors, the cancel hook,
 * and C ABI objects freed with a memory context. Included after postgres.h. */
#ifndef SEGCORE_PG_SEGCORE_H
#define SEGCORE_PG_SEGCORE_H

#include "fmgr.h"
#include "segcore.h"
#include "utils/array.h"

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

/* A model decoded from its bytes (a model-file image) once per query and kept in fn_extra while
 * the calls bring the same bytes; other bytes are decoded in their turn. decode is a C ABI
 * *_from_bytes call through a wrapper, destroy its *_destroy; sql_name is named in errors. */
typedef int (*pgsc_decode_fn)(void** out, const void* data, size_t size);
void* pgsc_cached_model(FunctionCallInfo fcinfo, bytea* image, pgsc_decode_fn decode, void (*destroy)(void*),
                        const char* sql_name);

/* The values of a one-dimensional float8[] without NULLs (what is wrong raises an error naming
 * sql_name); their count in *n. */
const double* pgsc_float8_vector(ArrayType* a, const char* sql_name, size_t* n);

#endif
