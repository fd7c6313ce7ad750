/* The module's magic block and the helpers every SQL function shares (pg_segcore.h). */
#include "postgres.h"

#include "catalog/pg_type.h"
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

/* A slot of context whose object, once set, is destroyed when the context goes. */
static ContextFree* free_slot(MemoryContext context, void (*destroy)(void*)) {
  ContextFree* f = MemoryContextAllocZero(context, sizeof(ContextFree));
  f->destroy = destroy;
  f->callback.func = run_destroy;
  f->callback.arg = f;
  MemoryContextRegisterResetCallback(context, &f->callback);
  return f;
}

void pgsc_free_with_context(MemoryContext context, void (*destroy)(void*), void* object) {
  free_slot(context, destroy)->object = object;
}

/* What pgsc_cached_model keeps in fn_extra: the model, and a copy of the bytes it came from. */
typedef struct ModelCache {
  MemoryContext context; /* holds this cache; deleting it destroys model */
  bytea* image;
  void* model;
} ModelCache;

void* pgsc_cached_model(FunctionCallInfo fcinfo, bytea* image, pgsc_decode_fn decode, void (*destroy)(void*),
                        const char* sql_name) {
  ModelCache* cache = (ModelCache*)fcinfo->flinfo->fn_extra;
  size_t size = VARSIZE_ANY_EXHDR(image);
  ContextFree* owner;
  MemoryContext context;
  if (cache && VARSIZE_ANY_EXHDR(cache->image) == size &&
      memcmp(VARDATA_ANY(cache->image), VARDATA_ANY(image), size) == 0)
    return cache->model;
  if (cache) {
    MemoryContextDelete(cache->context); /* destroys the old model */
    fcinfo->flinfo->fn_extra = NULL;
  }
  /* Every allocation comes before the decode, so that an out-of-memory error cannot leave the
   * decoded model owned by nothing: the slot owns it from the moment it exists. */
  context = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "segcore model", ALLOCSET_SMALL_SIZES);
  owner = free_slot(context, destroy);
  cache = MemoryContextAllocZero(context, sizeof(ModelCache));
  cache->context = context;
  cache->image = MemoryContextAlloc(context, VARSIZE_ANY(image));
  memcpy(cache->image, image, VARSIZE_ANY(image));
  pgsc_check(decode(&owner->object, VARDATA_ANY(image), size), sql_name);
  cache->model = owner->object;
  fcinfo->flinfo->fn_extra = cache;
  return cache->model;
}

const double* pgsc_float8_vector(ArrayType* a, const char* sql_name, size_t* n) {
  if (ARR_ELEMTYPE(a) != FLOAT8OID)
    ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH), errmsg("segcore.%s: features must be float8[]", sql_name)));
  if (ARR_NDIM(a) != 1)
    ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                    errmsg("segcore.%s: features must be a one-dimensional array, not %d-dimensional", sql_name,
                           ARR_NDIM(a))));
  if (ARR_HASNULL(a))
    ereport(ERROR,
            (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("segcore.%s: features must not contain NULL", sql_name)));
  *n = (size_t)ARR_DIMS(a)[0];
  return (const double*)ARR_DATA_PTR(a);
}
