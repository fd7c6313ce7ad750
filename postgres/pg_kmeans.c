/* Models as values: segcore.kmeans_fit returns a k-means model's file image as bytea, and
 * segcore.kmeans_predict scores rows with it, decoding it once per query (fn_extra). */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "pg_segcore.h"
#include "segcore_model.h"
#include "utils/array.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(pgsc_kmeans_predict);
PG_FUNCTION_INFO_V1(pgsc_kmeans_fit);

/* A decoded model and the bytes it came from: a call with other bytes decodes again. */
typedef struct KmeansCache {
  MemoryContext context; /* holds this cache; freeing it destroys km */
  bytea* image;          /* a copy of the model bytes km was decoded from */
  segcore_kmeans* km;
} KmeansCache;

static void destroy_kmeans(void* km) { segcore_kmeans_destroy((segcore_kmeans*)km); }

/* The values of a one-dimensional float8[] without NULLs; what is wrong is named. */
static const double* vector_of(ArrayType* a, const char* sql_name, size_t* n) {
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

static KmeansCache* model_for(FunctionCallInfo fcinfo, bytea* image) {
  KmeansCache* cache = (KmeansCache*)fcinfo->flinfo->fn_extra;
  size_t size = VARSIZE_ANY_EXHDR(image);
  if (cache && VARSIZE_ANY_EXHDR(cache->image) == size &&
      memcmp(VARDATA_ANY(cache->image), VARDATA_ANY(image), size) == 0)
    return cache;
  if (cache) {
    MemoryContextDelete(cache->context); /* destroys the old model */
    fcinfo->flinfo->fn_extra = NULL;
  }
  {
    segcore_kmeans* km = NULL;
    MemoryContext context;
    pgsc_check(segcore_kmeans_from_bytes(&km, VARDATA_ANY(image), size), "kmeans_predict");
    context = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "segcore kmeans_predict model", ALLOCSET_SMALL_SIZES);
    pgsc_free_with_context(context, destroy_kmeans, km);
    cache = MemoryContextAllocZero(context, sizeof(KmeansCache));
    cache->context = context;
    cache->km = km;
    cache->image = MemoryContextAlloc(context, VARSIZE_ANY(image));
    memcpy(cache->image, image, VARSIZE_ANY(image));
    fcinfo->flinfo->fn_extra = cache;
  }
  return cache;
}

/* segcore.kmeans_predict(model bytea, features float8[]) RETURNS int */
Datum pgsc_kmeans_predict(PG_FUNCTION_ARGS) {
  bytea* image = PG_GETARG_BYTEA_PP(0);
  ArrayType* features = PG_GETARG_ARRAYTYPE_P(1);
  size_t n = 0;
  const double* x = vector_of(features, "kmeans_predict", &n);
  KmeansCache* cache = model_for(fcinfo, image);
  int32_t label = -1;
  pgsc_check(segcore_kmeans_predict_f64(cache->km, x, 1, n, &label, 1), "kmeans_predict");
  PG_RETURN_INT32(label);
}

/* segcore.kmeans_fit(features float8[][], k int, seed bigint) RETURNS bytea: Lloyd's k-means
 * with k-means++ seeding on one thread (segcore's defaults otherwise), its model image. */
Datum pgsc_kmeans_fit(PG_FUNCTION_ARGS) {
  ArrayType* rows = PG_GETARG_ARRAYTYPE_P(0);
  int32 k = PG_GETARG_INT32(1);
  int64 seed = PG_GETARG_INT64(2);
  segcore_kmeans_options opts;
  segcore_kmeans* km = NULL;
  size_t size = 0;
  bytea* out;
  if (ARR_ELEMTYPE(rows) != FLOAT8OID || ARR_NDIM(rows) != 2)
    ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                    errmsg("segcore.kmeans_fit: features must be a two-dimensional float8[][] (rows x features)")));
  if (ARR_HASNULL(rows))
    ereport(ERROR,
            (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("segcore.kmeans_fit: features must not contain NULL")));
  pgsc_check(segcore_kmeans_options_init(&opts, sizeof opts), "kmeans_fit");
  opts.n_clusters = k;
  opts.seed = (uint64_t)seed;
  opts.n_threads = 1; /* a backend is one process: parallelism is PostgreSQL's to give */
  pgsc_check(segcore_kmeans_create(&km, &opts), "kmeans_fit");
  pgsc_free_with_context(CurrentMemoryContext, destroy_kmeans, km);
  pgsc_begin_long_call();
  pgsc_check(segcore_kmeans_fit_f64(km, (const double*)ARR_DATA_PTR(rows), (size_t)ARR_DIMS(rows)[0],
                                    (size_t)ARR_DIMS(rows)[1], NULL),
             "kmeans_fit");
  pgsc_end_long_call();
  pgsc_check(segcore_kmeans_to_bytes(km, NULL, 0, &size), "kmeans_fit");
  out = (bytea*)palloc(VARHDRSZ + size);
  SET_VARSIZE(out, VARHDRSZ + size);
  pgsc_check(segcore_kmeans_to_bytes(km, VARDATA(out), size, &size), "kmeans_fit");
  PG_RETURN_BYTEA_P(out);
}
