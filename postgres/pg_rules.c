/* Rules in SQL: segcore.rule_matches(rule, names, numbers) compiles the rule once per query
 * (fn_extra) against numeric fields of those names, then evaluates it for each row. */
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
 * sits in the names array. */
typedef struct RuleCache {
  MemoryContext context; /* holds this cache; freeing it destroys rule */
  text* source;
  ArrayType* names;
  segcore_rule* rule;
  size_t n_fields;
  int* position; /* field j of the rule is names[position[j]] */
  double* numbers;
  uint8_t* valid;
} RuleCache;

static void destroy_rule(void* rule) { segcore_rule_destroy((segcore_rule*)rule); }

static bool same_datum(const struct varlena* a, const struct varlena* b) {
  return VARSIZE_ANY_EXHDR(a) == VARSIZE_ANY_EXHDR(b) &&
         memcmp(VARDATA_ANY(a), VARDATA_ANY(b), VARSIZE_ANY_EXHDR(a)) == 0;
}

static RuleCache* compile(FunctionCallInfo fcinfo, text* source, ArrayType* names) {
  MemoryContext context, old;
  Datum* name_datums;
  bool* name_nulls;
  int n_names, j;
  segcore_column* columns;
  segcore_rule_data schema;
  const double unused = 0;
  RuleCache* cache;
  segcore_rule* rule = NULL;
  char* rule_text;
  int status;

  context = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "segcore rule_matches rule", ALLOCSET_SMALL_SIZES);
  old = MemoryContextSwitchTo(context);
  deconstruct_array(names, TEXTOID, -1, false, TYPALIGN_INT, &name_datums, &name_nulls, &n_names);
  columns = palloc0(sizeof(segcore_column) * (n_names > 0 ? n_names : 1));
  for (j = 0; j < n_names; ++j) {
    if (name_nulls[j])
      ereport(ERROR,
              (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("segcore.rule_matches: names[%d] is NULL", j + 1)));
    columns[j].name = text_to_cstring(DatumGetTextPP(name_datums[j]));
    columns[j].type = SEGCORE_COLUMN_F64;
    columns[j].f64 = &unused; /* compiling reads names and types only */
  }
  memset(&schema, 0, sizeof schema);
  schema.struct_size = sizeof schema;
  schema.columns = columns;
  schema.n_columns = (size_t)n_names;
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
  cache->numbers = MemoryContextAllocZero(context, sizeof(double) * (cache->n_fields + 1));
  cache->valid = MemoryContextAllocZero(context, cache->n_fields + 1);
  for (size_t f = 0; f < cache->n_fields; ++f) {
    char name[NAMEDATALEN * 4];
    pgsc_check(segcore_rule_field_name(rule, f, name, sizeof name, NULL), "rule_matches");
    cache->position[f] = -1;
    for (j = 0; j < n_names && cache->position[f] < 0; ++j)
      if (strcmp(columns[j].name, name) == 0) cache->position[f] = j;
    Assert(cache->position[f] >= 0); /* the rule compiled against these names */
  }
  cache->source = (text*)MemoryContextAlloc(context, VARSIZE_ANY(source));
  memcpy(cache->source, source, VARSIZE_ANY(source));
  cache->names = (ArrayType*)MemoryContextAlloc(context, VARSIZE(names));
  memcpy(cache->names, names, VARSIZE(names));
  return cache;
}

/* segcore.rule_matches(rule text, names text[], numbers float8[]) RETURNS boolean: true where
 * the rule holds; a NULL number is a missing value, which makes the rule false as segcore's
 * table evaluation does (docs/RULES.md). */
Datum pgsc_rule_matches(PG_FUNCTION_ARGS) {
  text* source = PG_GETARG_TEXT_PP(0);
  ArrayType* names = PG_GETARG_ARRAYTYPE_P(1);
  ArrayType* numbers = PG_GETARG_ARRAYTYPE_P(2);
  RuleCache* cache = (RuleCache*)fcinfo->flinfo->fn_extra;
  Datum* values;
  bool* nulls;
  int n_values;
  int32_t truth = SEGCORE_RULE_FALSE;

  if (ARR_NDIM(names) > 1 || ARR_NDIM(numbers) > 1)
    ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                    errmsg("segcore.rule_matches: names and numbers must be one-dimensional arrays")));
  if (!cache || !same_datum((struct varlena*)cache->source, (struct varlena*)source) ||
      VARSIZE(cache->names) != VARSIZE(names) || memcmp(cache->names, names, VARSIZE(names)) != 0) {
    if (cache) MemoryContextDelete(cache->context);
    fcinfo->flinfo->fn_extra = NULL;
    cache = compile(fcinfo, source, names);
    fcinfo->flinfo->fn_extra = cache;
  }
  deconstruct_array(numbers, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &values, &nulls, &n_values);
  if (n_values != ArrayGetNItems(ARR_NDIM(names), ARR_DIMS(names)))
    ereport(ERROR,
            (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR), errmsg("segcore.rule_matches: %d numbers for %d names", n_values,
                                                            ArrayGetNItems(ARR_NDIM(names), ARR_DIMS(names)))));
  for (size_t f = 0; f < cache->n_fields; ++f) {
    int p = cache->position[f];
    cache->valid[f] = !nulls[p];
    cache->numbers[f] = nulls[p] ? 0 : DatumGetFloat8(values[p]);
  }
  pgsc_check(segcore_rule_evaluate_one(cache->rule, cache->numbers, NULL, cache->valid, cache->n_fields, NULL, &truth),
             "rule_matches");
  PG_RETURN_BOOL(truth == SEGCORE_RULE_TRUE);
}
