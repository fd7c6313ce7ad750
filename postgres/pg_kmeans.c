/* Models as values: segcore.kmeans_fit returns a k-means model's file image as bytea, and
 * segcore.kmeans_predict scores rows with it, decoding it once per query (fn_extra). */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "pg_segcore.h"
#include "segcore_model.h"
#include "utils/array.h"

PG_FUNCTION_INFO_V1(pgsc_kmeans_predict);
PG_FUNCTION_INFO_V1(pgsc_kmeans_fit);

static void destroy_kmeans(void* km) { segcore_kmeans_destroy((segcore_kmeans*)km); }

static int decode_kmeans(void** out, const void* data, size_t size) {
  segcore_kmeans* km = NULL;
  int status = segcore_kmeans_from_bytes(&km, data, size);
  *out = km;
  return status;
}

/* segcore.kmeans_predict(model bytea, features float8[]) RETURNS int */
Datum pgsc_kmeans_predict(PG_FUNCTION_ARGS) {
  bytea* image = PG_GETARG_BYTEA_PP(0);
  ArrayType* features = PG_GETARG_ARRAYTYPE_P(1);
  size_t n = 0;
  const double* x = pgsc_float8_vector(features, "kmeans_predict", &n);
  segcore_kmeans* km = pgsc_cached_model(fcinfo, image, decode_kmeans, destroy_kmeans, "kmeans_predict");
  int32_t label = -1;
  pgsc_check(segcore_kmeans_predict_f64(km, x, 1, n, &label, 1), "kmeans_predict");
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
