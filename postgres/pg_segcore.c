/* The module's magic block and the helpers every SQL function shares (pg_segcore.h). */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"
#include "pg_segcore.h"
#include "utils/memutils.h"

PG_MODULE_MAGIC;

static int sqlstate_of(int status) {
  switch (status) {
    case SEGCORE_EINVAL:
      return ERRCODE_INVALID_PARAMETER_VALUE;
    case SEGCORE_ENOMEM:
      return ERRCODE_OUT_OF_MEMORY;
    case SEGCORE_ERANGE:
      return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
    case SEGCORE_ENOTFOUND:
      return ERRCODE_UNDEFINED_OBJECT;
    case SEGCORE_ECORRUPT:
      return ERRCODE_DATA_CORRUPTED;
    case SEGCORE_EUNSUPPORTED:
      return ERRCODE_FEATURE_NOT_SUPPORTED;
    case SEGCORE_ENOTFITTED:
      return ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE;
    case SEGCORE_ECANCELLED:
      return ERRCODE_QUERY_CANCELED;
    case SEGCORE_EIO:
      return ERRCODE_IO_ERROR;
    default:
      return ERRCODE_INTERNAL_ERROR;
  }
}

void pgsc_check(int status, const char* sql_name) {
  if (status == SEGCORE_OK) return;
  pgsc_end_long_call();
  /* A cancel asked for by the user is raised as PostgreSQL raises it (its own message). */
  if (status == SEGCORE_ECANCELLED) CHECK_FOR_INTERRUPTS();
  ereport(ERROR, (errcode(sqlstate_of(status)), errmsg("%s", segcore_last_error_message()),
                  errcontext("segcore.%s (segcore status %s)", sql_name, segcore_status_string(status))));
}

/* Runs on the backend's thread between blocks of a long call; it must not raise (an ereport
 * would jump through C++ frames), so it only reports the pending interrupt. */
static int pending_interrupt(void* user_data, double done, const char* stage) {
  return (QueryCancelPending || ProcDiePending) ? 1 : 0;
}

void pgsc_begin_long_call(void) { segcore_set_progress_callback(pending_interrupt, NULL); }

void pgsc_end_long_call(void) { segcore_set_progress_callback(NULL, NULL); }

typedef struct ContextFree {
  MemoryContextCallback callback;
  void (*destroy)(void*);
  void* object;
} ContextFree;

static void run_destroy(void* arg) {
  ContextFree* f = (ContextFree*)arg;
  if (f->object) f->destroy(f->object);
  f->object = NULL;
}

void pgsc_free_with_context(MemoryContext context, void (*destroy)(void*), void* object) {
  ContextFree* f = MemoryContextAllocZero(context, sizeof(ContextFree));
  f->destroy = destroy;
  f->object = object;
  f->callback.func = run_destroy;
  f->callback.arg = f;
  MemoryContextRegisterResetCallback(context, &f->callback);
}
