/* segcore.rfm(query, bins, mode, as_of): the rows of a query (customer, time, amount and an
 * optional order id) read through an SPI cursor in batches into a profile store, then RFM
 * scored; one row per customer, the columns of the CLI's `segcore rfm`. */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "pg_segcore.h"
#include "segcore_profile.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

PG_FUNCTION_INFO_V1(pgsc_rfm);

#define RFM_BATCH_ROWS 10000 /* rows held at once: memory grows with customers, not rows */
#define UNIX_EPOCH_IN_PG_SECONDS ((int64)(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY)

static void destroy_store(void* store) { segcore_profile_store_destroy((segcore_profile_store*)store); }
static void destroy_profiles(void* p) { segcore_profiles_destroy((segcore_profiles*)p); }
static void destroy_rfm(void* rfm) { segcore_rfm_destroy((segcore_rfm*)rfm); }

static int64 epoch_seconds(Timestamp t) {
  if (TIMESTAMP_NOT_FINITE(t))
    ereport(ERROR, (errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE), errmsg("segcore.rfm: an infinite time")));
  /* floor, not truncation, for times before 2000 */
  return (t >= 0 ? t / USECS_PER_SEC : -((-t + USECS_PER_SEC - 1) / USECS_PER_SEC)) + UNIX_EPOCH_IN_PG_SECONDS;
}

/* The query's column `column` (1-based) of one row as text: its type's output function. */
static char* as_text(HeapTuple row, TupleDesc desc, int column, bool* is_null) {
  char* s = SPI_getvalue(row, desc, column);
  *is_null = (s == NULL);
  return s;
}

static void check_columns(TupleDesc desc) {
  Oid time_type, amount_type;
  if (desc->natts < 3 || desc->natts > 4)
    ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                    errmsg("segcore.rfm: the query must return customer, time, amount and optionally an order id, "
                           "not %d columns",
                           desc->natts)));
  time_type = SPI_gettypeid(desc, 2);
  if (time_type != TIMESTAMPTZOID && time_type != TIMESTAMPOID && time_type != INT8OID && time_type != INT4OID)
    ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                    errmsg("segcore.rfm: column 2 (time) is %s; give timestamptz, timestamp (read as UTC) or "
                           "bigint epoch seconds",
                           format_type_be(time_type))));
  amount_type = SPI_gettypeid(desc, 3);
  if (amount_type != FLOAT8OID)
    ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH),
                    errmsg("segcore.rfm: column 3 (amount) is %s; cast it to float8", format_type_be(amount_type))));
}

/* Where the rows go: the store, and the as_of after which rows are left out, as the batch
 * profiles of the CLI leave them out (a store cannot drop an event once applied). */
typedef struct RfmInput {
  segcore_profile_store* store;
  bool has_as_of;
  int64 as_of;
} RfmInput;

static void add_row(const RfmInput* in, HeapTuple row, TupleDesc desc, uint64 n) {
  bool null_customer, null_time, null_amount, null_order = true;
  char* customer = as_text(row, desc, 1, &null_customer);
  Datum time = SPI_getbinval(row, desc, 2, &null_time);
  Datum amount = SPI_getbinval(row, desc, 3, &null_amount);
  char* order = desc->natts == 4 ? as_text(row, desc, 4, &null_order) : NULL;
  Oid time_type = SPI_gettypeid(desc, 2);
  int64 seconds;
  if (null_customer || null_time || null_amount)
    ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                    errmsg("segcore.rfm: row %llu: the %s is NULL", (unsigned long long)n,
                           null_customer ? "customer"
                           : null_time   ? "time"
                                         : "amount")));
  if (time_type == INT8OID)
    seconds = DatumGetInt64(time);
  else if (time_type == INT4OID)
    seconds = DatumGetInt32(time);
  else
    seconds = epoch_seconds(DatumGetTimestamp(time));
  if (in->has_as_of && seconds > in->as_of) return;
  pgsc_check(segcore_profile_store_add(in->store, customer, seconds, DatumGetFloat8(amount), null_order ? NULL : order),
             "rfm");
}

/* Reads every row of query into store, RFM_BATCH_ROWS at a time. */
static void read_query(const RfmInput* in, const char* query) {
  MemoryContext batch = AllocSetContextCreate(CurrentMemoryContext, "segcore rfm batch", ALLOCSET_DEFAULT_SIZES);
  SPIPlanPtr plan;
  Portal cursor;
  uint64 n = 0;
  if (SPI_connect() != SPI_OK_CONNECT) ereport(ERROR, (errmsg("segcore.rfm: SPI_connect failed")));
  plan = SPI_prepare(query, 0, NULL);
  if (!plan)
    ereport(ERROR, (errcode(ERRCODE_SYNTAX_ERROR),
                    errmsg("segcore.rfm: the query cannot be prepared: %s", SPI_result_code_string(SPI_result))));
  cursor = SPI_cursor_open(NULL, plan, NULL, NULL, true);
  for (;;) {
    MemoryContext old;
    SPI_cursor_fetch(cursor, true, RFM_BATCH_ROWS);
    if (SPI_processed == 0) break;
    if (n == 0) check_columns(SPI_tuptable->tupdesc);
    old = MemoryContextSwitchTo(batch);
    for (uint64 i = 0; i < SPI_processed; ++i) add_row(in, SPI_tuptable->vals[i], SPI_tuptable->tupdesc, ++n);
    MemoryContextSwitchTo(old);
    MemoryContextReset(batch);
    SPI_freetuptable(SPI_tuptable);
    CHECK_FOR_INTERRUPTS();
  }
  SPI_cursor_close(cursor);
  SPI_finish();
  MemoryContextDelete(batch);
  if (n == 0) ereport(ERROR, (errcode(ERRCODE_NO_DATA_FOUND), errmsg("segcore.rfm: the query returned no rows")));
}

static int32_t mode_of(const char* mode) {
  if (strcmp(mode, "quantile") == 0) return SEGCORE_RFM_QUANTILE;
  if (strcmp(mode, "rank") == 0) return SEGCORE_RFM_RANK;
  ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                  errmsg("segcore.rfm: mode '%s' is not one of quantile, rank (fixed edges are not offered in SQL yet)",
                         mode)));
  return -1;
}

/* segcore.rfm(query text, bins int, mode text, as_of timestamptz) RETURNS TABLE(customer_id
 * text, recency_days float8, frequency bigint, monetary float8, r_score int, f_score int,
 * m_score int, segment text) */
Datum pgsc_rfm(PG_FUNCTION_ARGS) {
  ReturnSetInfo* rsinfo = (ReturnSetInfo*)fcinfo->resultinfo;
  RfmInput in = {NULL, false, 0};
  segcore_profiles* profiles = NULL;
  segcore_rfm* rfm = NULL;
  segcore_rfm_options opts;
  size_t n = 0, n_segments = 0;
  int64_t* recency;
  int64_t* frequency;
  uint8_t* has_recency;
  double* monetary;
  int32_t *r, *f, *m, *segment;
  char** names;
  if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
    ereport(ERROR,
            (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("segcore.rfm: query, bins and mode must not be NULL")));
  InitMaterializedSRF(fcinfo, 0);
  pgsc_check(segcore_rfm_options_init(&opts, sizeof opts), "rfm");
  opts.bins = PG_GETARG_INT32(1);
  opts.mode = mode_of(text_to_cstring(PG_GETARG_TEXT_PP(2)));

  in.has_as_of = !PG_ARGISNULL(3);
  in.as_of = in.has_as_of ? epoch_seconds(PG_GETARG_TIMESTAMPTZ(3)) : 0;
  pgsc_check(segcore_profile_store_create(&in.store, NULL), "rfm");
  pgsc_free_with_context(CurrentMemoryContext, destroy_store, in.store);
  read_query(&in, text_to_cstring(PG_GETARG_TEXT_PP(0)));
  pgsc_begin_long_call();
  pgsc_check(segcore_profile_store_snapshot(in.store, &profiles, in.as_of, in.has_as_of ? 1 : 0), "rfm");
  pgsc_free_with_context(CurrentMemoryContext, destroy_profiles, profiles);
  pgsc_check(segcore_rfm_score(&rfm, profiles, &opts), "rfm");
  pgsc_end_long_call();
  pgsc_free_with_context(CurrentMemoryContext, destroy_rfm, rfm);

  pgsc_check(segcore_profiles_n_customers(profiles, &n), "rfm");
  recency = palloc(sizeof(int64_t) * n), frequency = palloc(sizeof(int64_t) * n);
  has_recency = palloc(n), monetary = palloc(sizeof(double) * n);
  r = palloc(sizeof(int32_t) * n), f = palloc(sizeof(int32_t) * n), m = palloc(sizeof(int32_t) * n);
  segment = palloc(sizeof(int32_t) * n);
  pgsc_check(segcore_profiles_get_i64(profiles, "recency_days", recency, n), "rfm");
  pgsc_check(segcore_profiles_get_valid(profiles, "recency_days", has_recency, n), "rfm");
  pgsc_check(segcore_profiles_get_i64(profiles, "frequency", frequency, n), "rfm");
  pgsc_check(segcore_profiles_get_f64(profiles, "monetary", monetary, n), "rfm");
  pgsc_check(segcore_rfm_get_scores(rfm, r, f, m, n), "rfm");
  pgsc_check(segcore_rfm_get_segments(rfm, segment, n), "rfm");
  pgsc_check(segcore_rfm_n_segments(rfm, &n_segments), "rfm");
  names = palloc(sizeof(char*) * (n_segments + 1));
  for (size_t k = 0; k < n_segments; ++k) {
    size_t length = 0;
    pgsc_check(segcore_rfm_segment_name(rfm, k, NULL, 0, &length), "rfm");
    names[k] = palloc(length + 1);
    pgsc_check(segcore_rfm_segment_name(rfm, k, names[k], length + 1, &length), "rfm");
  }
  for (size_t i = 0; i < n; ++i) {
    Datum values[8];
    bool nulls[8] = {false};
    size_t length = 0;
    char* id;
    pgsc_check(segcore_profiles_customer_id(profiles, i, NULL, 0, &length), "rfm");
    id = palloc(length + 1);
    pgsc_check(segcore_profiles_customer_id(profiles, i, id, length + 1, &length), "rfm");
    values[0] = CStringGetTextDatum(id);
    values[1] = Float8GetDatum((double)recency[i]);
    nulls[1] = !has_recency[i];
    values[2] = Int64GetDatum(frequency[i]);
    values[3] = Float8GetDatum(monetary[i]);
    values[4] = Int32GetDatum(r[i]), values[5] = Int32GetDatum(f[i]), values[6] = Int32GetDatum(m[i]);
    values[7] = CStringGetTextDatum(names[segment[i]]);
    tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
    pfree(id);
  }
  return (Datum)0;
}
