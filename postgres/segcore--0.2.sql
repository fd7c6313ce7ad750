-- segcore 0.2: the first SQL functions over the segcore C ABI (docs/guides/postgres.md).
-- Later versions change these only through segcore--0.2--<next>.sql upgrade scripts.
\echo Use "CREATE EXTENSION segcore" to load this file. \quit

-- The label of the nearest center for one row of features, from a model image made by
-- segcore.kmeans_fit, the Python package's to_bytes or a model file. The model is decoded
-- once per query and kept while the bytes stay the same.
CREATE FUNCTION kmeans_predict(model bytea, features float8[])
RETURNS int
AS 'MODULE_PATHNAME', 'pgsc_kmeans_predict'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Lloyd's k-means with k-means++ seeding over the rows of a rows x features array; the
-- fitted model's image (the model-file container). Cancellable.
CREATE FUNCTION kmeans_fit(features float8[], k int, seed bigint DEFAULT 0)
RETURNS bytea
AS 'MODULE_PATHNAME', 'pgsc_kmeans_fit'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Models fitted elsewhere (the Python package's to_bytes, the CLI, a model file), scoring one
-- row each; every model is decoded once per query and kept while the bytes stay the same.
-- P(y = 1) of a logistic regression.
CREATE FUNCTION logistic_predict_proba(model bytea, features float8[])
RETURNS float8
AS 'MODULE_PATHNAME', 'pgsc_logistic_predict_proba'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The row transformed by a fitted scaler (standard, min-max or robust).
CREATE FUNCTION scaler_transform(model bytea, features float8[])
RETURNS float8[]
AS 'MODULE_PATHNAME', 'pgsc_scaler_transform'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- A BG/NBD, MBG/NBD or Pareto/NBD model's P(alive) of one history (frequency, recency, age T
-- in the fit's time unit); NaN where the value cannot be computed (docs/CLV.md).
CREATE FUNCTION clv_probability_alive(model bytea, frequency float8, recency float8, age float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'pgsc_clv_probability_alive'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The same models' expected purchases of one history in the next t time units.
CREATE FUNCTION clv_expected_purchases(model bytea, t float8, frequency float8, recency float8, age float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'pgsc_clv_expected_purchases'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- A Gamma-Gamma model's expected mean spend per transaction of one customer.
CREATE FUNCTION clv_expected_spend(model bytea, frequency float8, monetary float8)
RETURNS float8
AS 'MODULE_PATHNAME', 'pgsc_clv_expected_spend'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- True where the rule (docs/RULES.md) holds for one row whose numeric fields are named by
-- names and valued by numbers (NULL = missing, which makes a condition false). The rule is
-- compiled once per query.
CREATE FUNCTION rule_matches(rule text, names text[], numbers float8[])
RETURNS boolean
AS 'MODULE_PATHNAME', 'pgsc_rule_matches'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- The same with text fields too, named by text_names and valued by texts (NULL = missing).
CREATE FUNCTION rule_matches(rule text, names text[], numbers float8[], text_names text[], texts text[])
RETURNS boolean
AS 'MODULE_PATHNAME', 'pgsc_rule_matches'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- RFM scores and named segments of the customers in a query's rows: (customer, time, amount
-- [, order id]); time is timestamptz, timestamp (UTC) or bigint epoch seconds, amount float8.
-- The columns and values of the CLI's `segcore rfm`. as_of NULL: the latest event + 1 day.
CREATE FUNCTION rfm(query text, bins int DEFAULT 5, mode text DEFAULT 'quantile', as_of timestamptz DEFAULT NULL)
RETURNS TABLE(customer_id text, recency_days float8, frequency bigint, monetary float8,
              r_score int, f_score int, m_score int, segment text)
AS 'MODULE_PATHNAME', 'pgsc_rfm'
LANGUAGE C VOLATILE;
