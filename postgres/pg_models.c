/* Models fitted elsewhere (the Python package, the CLI, a model file), used as bytea values:
 * logistic regression's probability, a scaler's transform and the CLV models' per-customer
 * predictions, each decoded once per query (pgsc_cached_model). */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "pg_segcore.h"
#include "segcore_clv.h"
#include "segcore_model.h"
#include "segcore_rules.h"
#include "utils/array.h"

PG_FUNCTION_INFO_V1(pgsc_logistic_predict_proba);
PG_FUNCTION_INFO_V1(pgsc_scaler_transform);
PG_FUNCTION_INFO_V1(pgsc_clv_probability_alive);
PG_FUNCTION_INFO_V1(pgsc_clv_expected_purchases);
PG_FUNCTION_INFO_V1(pgsc_clv_expected_spend);

static void destroy_logistic(void* m) { segcore_logistic_destroy((segcore_logistic*)m); }
static void destroy_scaler(void* m) { segcore_scaler_destroy((segcore_scaler*)m); }
static void destroy_clv(void* m) { segcore_clv_destroy((segcore_clv_model*)m); }

static int decode_logistic(void** out, const void* data, size_t size) {
  segcore_logistic* m = NULL;
  int status = segcore_logistic_from_bytes(&m, data, size);
  *out = m;
  return status;
}

static int decode_scaler(void** out, const void* data, size_t size) {
  segcore_scaler* m = NULL;
  int status = segcore_scaler_from_bytes(&m, data, size);
  *out = m;
  return status;
}

static int decode_clv(void** out, const void* data, size_t size) {
  segcore_clv_model* m = NULL;
  int status = segcore_clv_from_bytes(&m, data, size);
  *out = m;
  return status;
}

/* segcore.logistic_predict_proba(model bytea, features float8[]) RETURNS float8: P(y = 1). */
Datum pgsc_logistic_predict_proba(PG_FUNCTION_ARGS) {
  const char* name = "logistic_predict_proba";
  size_t n = 0;
  const double* x = pgsc_float8_vector(PG_GETARG_ARRAYTYPE_P(1), name, &n);
  segcore_logistic* model = pgsc_cached_model(fcinfo, PG_GETARG_BYTEA_PP(0), decode_logistic, destroy_logistic, name);
  double p = 0;
  pgsc_check(segcore_logistic_predict_proba(model, x, 1, n, &p, 1), name);
  PG_RETURN_FLOAT8(p);
}

/* segcore.scaler_transform(model bytea, features float8[]) RETURNS float8[]: the row scaled. */
Datum pgsc_scaler_transform(PG_FUNCTION_ARGS) {
  const char* name = "scaler_transform";
  size_t n = 0;
  const double* x = pgsc_float8_vector(PG_GETARG_ARRAYTYPE_P(1), name, &n);
  segcore_scaler* model = pgsc_cached_model(fcinfo, PG_GETARG_BYTEA_PP(0), decode_scaler, destroy_scaler, name);
  double* values = palloc(sizeof(double) * (n ? n : 1));
  Datum* datums = palloc(sizeof(Datum) * (n ? n : 1));
  size_t i;
  pgsc_check(segcore_scaler_transform_f64(model, x, 1, n, values, n), name);
  for (i = 0; i < n; ++i) datums[i] = Float8GetDatum(values[i]);
  PG_RETURN_ARRAYTYPE_P(construct_array(datums, (int)n, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/* The CLV model of a call whose first argument is its image. */
static segcore_clv_model* clv_model(FunctionCallInfo fcinfo, const char* name) {
  return pgsc_cached_model(fcinfo, PG_GETARG_BYTEA_PP(0), decode_clv, destroy_clv, name);
}

/* segcore.clv_probability_alive(model bytea, frequency, recency, age float8) RETURNS float8 */
Datum pgsc_clv_probability_alive(PG_FUNCTION_ARGS) {
  const char* name = "clv_probability_alive";
  double frequency = PG_GETARG_FLOAT8(1), recency = PG_GETARG_FLOAT8(2), age = PG_GETARG_FLOAT8(3), p = 0;
  segcore_clv_model* model = clv_model(fcinfo, name);
  pgsc_check(segcore_clv_probability_alive(model, &frequency, &recency, &age, 1, &p, 1), name);
  PG_RETURN_FLOAT8(p);
}

/* segcore.clv_expected_purchases(model bytea, t, frequency, recency, age float8) RETURNS float8:
 * the expected purchases in the next t time units. */
Datum pgsc_clv_expected_purchases(PG_FUNCTION_ARGS) {
  const char* name = "clv_expected_purchases";
  double t = PG_GETARG_FLOAT8(1), frequency = PG_GETARG_FLOAT8(2), recency = PG_GETARG_FLOAT8(3);
  double age = PG_GETARG_FLOAT8(4), e = 0;
  segcore_clv_model* model = clv_model(fcinfo, name);
  pgsc_check(segcore_clv_conditional_expected_purchases(model, t, &frequency, &recency, &age, 1, &e, 1), name);
  PG_RETURN_FLOAT8(e);
}

/* segcore.clv_expected_spend(model bytea, frequency, monetary float8) RETURNS float8: a
 * Gamma-Gamma model's expected mean spend per transaction. */
Datum pgsc_clv_expected_spend(PG_FUNCTION_ARGS) {
  const char* name = "clv_expected_spend";
  double frequency = PG_GETARG_FLOAT8(1), monetary = PG_GETARG_FLOAT8(2), e = 0;
  segcore_clv_model* model = clv_model(fcinfo, name);
  pgsc_check(segcore_clv_conditional_expected_spend(model, &frequency, &monetary, 1, &e, 1), name);
  PG_RETURN_FLOAT8(e);
}
