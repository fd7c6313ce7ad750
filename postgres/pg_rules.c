/* Rules in SQL: segcore.rule_matches(rule, names, numbers[, text_names, texts]) compiles the
 * rule once per query (fn_extra) against numeric fields named by names and text fields named by
 * text_names, then evaluates it for each row. */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "pg_segcore.h"
#include "segcore_rules.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(pgsc_rule_matches);

/* A compiled rule, the text and names it was compiled from, and where each field it reads
 * sits among the names, numeric then text. */
typedef struct RuleCache {
  MemoryContext context; /* holds this cache; freeing it destroys rule */
  text* source;
  ArrayType* names;
  ArrayType* text_names; /* NULL: numeric fields only */
  int n_numeric;         /* the entries of names */
  segcore_rule* rule;
  size_t n_fields;
  int* position; /* field j is names[position[j]], or text_names[position[j] - n_numeric] */
  double* numbers;
  const char** texts;
  uint8_t* valid;
} RuleCache;

static void destroy_rule(void* rule) { segcore_rule_destroy((segcore_rule*)rule); }

static bool same_datum(const struct varlena* a, const struct varlena* b) {
  return VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
         memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
}

/* The names of one array, as NUL-terminated strings in the current memory context. */
static char** names_of(ArrayType* names, const char* what, int* n) {
  Datum* datums;
  bool* nulls;
  char** out;
  if (ARR_NDIM(names) > 1)
    ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                    errmsg("segcore.rule_matches: %s must be a one-dimensional array", what)));
  deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &datums, &nulls, n);
  out = palloc0(sizeof(char*) * (*n + 1));
  for (int j = 0; j < *n; ++j) {
    if (nulls[j])
      ereport(ERROR,
              (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("segcore.rule_matches: %s[%d] is NULL", what, j + 1)));
    out[j] = text_to_cstring(DatumGetTextPP(datums[j]));
  }
  return out;
}

static ArrayType* copy_array(MemoryContext context, ArrayType* a) {
  ArrayType* copy = a ? (ArrayType*)MemoryContextAlloc(context, VARSIZE(a)) : NULL;
  if (a) memcpy(copy, a, VARSIZE(a));
  return copy;
}

static RuleCache* compile(FunctionCallInfo fcinfo, text* source, ArrayType* names, ArrayType* text_names) {
  MemoryContext context, old;
  char** all;
  char** texts;
  int n_names, n_texts = 0, j;
  segcore_column* columns;
  segcore_rule_data schema;
  const double unused = 0;
  const char* const unused_text = "";
  RuleCache* cache;
  segcore_rule* rule = NULL;
  char* rule_text;
  int status;

  context = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "segcore rule_matches rule", ALLOCSET_SMALL_SIZES);
  old = MemoryContextSwitchTo(context);
  all = names_of(names, "names", &n_names);
  texts = text_names ? names_of(text_names, "text_names", &n_texts) : NULL;
  columns = palloc0(sizeof(segcore_column) * (n_names + n_texts + 1));
  for (j = 0; j < n_names + n_texts; ++j) {
    bool is_text = j >= n_names;
    columns[j].name = is_text ? texts[j - n_names] : all[j];
    columns[j].type = is_text ? SEGCORE_COLUMN_TEXT : SEGCORE_COLUMN_F64;
    /* compiling reads names and types only */
    if (is_text)
      columns[j].text = &unused_text;
    else
      columns[j].f64 = &unused;
  }
  memset(&schema, 0, sizeof schema);
  schema.struct_size = sizeof schema;
  schema.columns = columns;
  schema.n_columns = (size_t)(n_names + n_texts);
  rule_text = text_to_cstring(source);
  MemoryContextSwitchTo(old);

  status = segcore_rule_compile(&rule, rule_text, &schema);
  if (status != SEGCORE_OK) MemoryContextDelete(context); /* the message is segcore's, not in it */
  pgsc_check(status, "rule_matches");
  pgsc_free_with_context(context, destroy_rule, rule);
  cache = MemoryContextAllocZero(context, sizeof(RuleCache));
  cache->context = context;
  cache->rule = rule;
  pgsc_check(segcore_rule_n_fields(rule, &cache->n_fields), "rule_matches");
  cache->position = MemoryContextAllocZero(context, sizeof(int) * (cache->n_fields + 1));
  cache->n_numeric = n_names;
  cache->numbers = MemoryContextAllocZero(context, sizeof(double) * (cache->n_fields + 1));
  cache->texts = MemoryContextAllocZero(context, sizeof(char*) * (cache->n_fields + 1));
  cache->valid = MemoryContextAllocZero(context, cache->n_fields + 1);
  for (size_t f = 0; f < cache->n_fields; ++f) {
    char name[NAMEDATALEN * 4];
    pgsc_check(segcore_rule_field_name(rule, f, name, sizeof name, NULL), "rule_matches");
    cache->position[f] = -1;
    for (j = 0; j < n_names + n_texts && cache->position[f] < 0; ++j)
      if (strcmp(columns[j].name, name) == 0) cache->position[f] = j;
    Assert(cache->position[f] >= 0); /* the rule compiled against these names */
  }
  cache->source = (text*)MemoryContextAlloc(context, VARSIZE_ANY(source));
  memcpy(cache->source, source, VARSIZE_ANY(source));
  cache->names = copy_array(context, names);
  cache->text_names = copy_array(context, text_names);
  return cache;
}

static bool same_array(const ArrayType* a, const ArrayType* b) {
  if (!a || !b) return a == b;
  return VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0;
}

/* The values of a one-dimensional array with as many entries as its names. */
static void values_of(ArrayType* a, Oid type, int length, bool by_value, char align, const char* what, int n_names,
                      Datum** values, bool** nulls) {
  int n = 0;
  if (ARR_NDIM(a) > 1)
    ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                    errmsg("segcore.rule_matches: %s must be a one-dimensional array", what)));
  deconstruct_array(a, type, length, by_value, align, values, nulls, &n);
  if (n != n_names)
    ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                    errmsg("segcore.rule_matches: %d %s for %d names", n, what, n_names)));
}

/* segcore.rule_matches(rule text, names text[], numbers float8[][, text_names text[], texts
 * text[]]) RETURNS boolean: true where the rule holds; a NULL value is a missing one, which
 * makes the rule false as segcore's table evaluation does (docs/RULES.md). */
Datum pgsc_rule_matches(PG_FUNCTION_ARGS) {
  text* source = PG_GETARG_TEXT_PP(0);
  ArrayType* names = PG_GETARG_ARRAYTYPE_P(1);
  ArrayType* numbers = PG_GETARG_ARRAYTYPE_P(2);
  ArrayType* text_names = PG_NARGS() == 5 ? PG_GETARG_ARRAYTYPE_P(3) : NULL;
  ArrayType* texts = PG_NARGS() == 5 ? PG_GETARG_ARRAYTYPE_P(4) : NULL;
  RuleCache* cache = (RuleCache*)fcinfo->flinfo->fn_extra;
  Datum *values, *text_values = NULL;
  bool *nulls, *text_nulls = NULL;
  int32_t truth = SEGCORE_RULE_FALSE;

  if (!cache || !same_datum((struct varlena*)cache->source, (struct varlena*)source) ||
      !same_array(cache->names, names) || !same_array(cache->text_names, text_names)) {
    if (cache) MemoryContextDelete(cache->context);
    fcinfo->flinfo->fn_extra = NULL;
    cache = compile(fcinfo, source, names, text_names);
    fcinfo->flinfo->fn_extra = cache;
  }
  values_of(numbers, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, "numbers", cache->n_numeric, &values, &nulls);
  if (texts)
    values_of(texts, TEXTOID, -1, false, TYPALIGN_INT, "texts",
              ArrayGetNItems(ARR_NDIM(text_names), ARR_DIMS(text_names)), &text_values, &text_nulls);
  for (size_t f = 0; f < cache->n_fields; ++f) {
    int p = cache->position[f];
    bool is_text = p >= cache->n_numeric;
    bool missing = is_text ? text_nulls[p - cache->n_numeric] : nulls[p];
    cache->valid[f] = !missing;
    cache->numbers[f] = is_text || missing ? 0 : DatumGetFloat8(values[p]);
    cache->texts[f] = is_text && !missing ? text_to_cstring(DatumGetTextPP(text_values[p - cache->n_numeric])) : NULL;
  }
  pgsc_check(
      segcore_rule_evaluate_one(cache->rule, cache->numbers, cache->texts, cache->valid, cache->n_fields, NULL, &truth),
      "rule_matches");
  PG_RETURN_BOOL(truth == SEGCORE_RULE_TRUE);
}
