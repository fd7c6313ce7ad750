// CSV to RFM segments from Node: segcore's C ABI called through koffi (no compiled addon).
// Reads the events, builds one profile per customer, scores R, F and M, and prints each
// segment's customers and revenue, as examples/rfm_segments.c does.
//
//   npm ci --prefix examples/node          # once: installs koffi
//   SEGCORE_LIBRARY=build/libsegcore.so node examples/node/rfm_segments.mjs [data.csv]
//
// docs/guides/node.md explains each step.
let koffi;
try {
  koffi = (await import('koffi')).default;
} catch {
  console.log('skipped: koffi is not installed (npm ci --prefix examples/node, or tools/bootstrap --tests)');
  process.exit(77); // Meson's "skipped"
}

const lib = koffi.load(process.env.SEGCORE_LIBRARY || 'libsegcore.so.0');

// Opaque handles: made by segcore_*_create (or read/build/score), freed by segcore_*_destroy.
const Events = koffi.opaque('segcore_events');
const Profiles = koffi.opaque('segcore_profiles');
const Rfm = koffi.opaque('segcore_rfm');

// Option and result structs, member for member as in segcore_profile.h.
const CsvOptions = koffi.struct('segcore_csv_options', {
  struct_size: 'size_t',
  customer_col: 'const char *',
  timestamp_col: 'const char *',
  amount_col: 'const char *',
  quantity_col: 'const char *',
  price_col: 'const char *',
  order_col: 'const char *',
  category_cols: 'void *',
  n_category_cols: 'size_t',
  attribute_cols: 'void *',
  n_attribute_cols: 'size_t',
  numeric_cols: 'void *',
  n_numeric_cols: 'size_t',
  delimiter: 'int32_t',
  mode: 'int32_t',
  timestamp_format: 'int32_t',
  duplicates: 'int32_t',
  n_threads: 'int32_t',
  reserved0: 'int32_t',
  max_reported: 'uint64_t',
});
const ProfileOptions = koffi.struct('segcore_profile_options', {
  struct_size: 'size_t',
  as_of: 'int64_t',
  has_as_of: 'int32_t',
  n_threads: 'int32_t',
  velocity_days: 'int32_t',
  trend_weeks: 'int32_t',
  window_days: 'void *',
  n_windows: 'size_t',
});
const RfmOptions = koffi.struct('segcore_rfm_options', {
  struct_size: 'size_t',
  bins: 'int32_t',
  mode: 'int32_t',
  n_threads: 'int32_t',
  reserved0: 'int32_t',
  recency_edges: 'void *',
  frequency_edges: 'void *',
  monetary_edges: 'void *',
  n_edges: 'size_t',
});
const SegmentSummary = koffi.struct('segcore_segment_summary', {
  struct_size: 'size_t',
  customers: 'uint64_t',
  orders: 'int64_t',
  revenue: 'double',
  avg_order_value: 'double',
  median_recency_days: 'double',
  median_frequency: 'double',
  median_monetary: 'double',
});
const SEGCORE_INGEST_LENIENT = 1;

const c = {
  last_error_message: lib.func('const char *segcore_last_error_message(void)'),
  status_string: lib.func('const char *segcore_status_string(int status)'),
  version_string: lib.func('const char *segcore_version_string(void)'),
  csv_options_init: lib.func('int segcore_csv_options_init(_Out_ segcore_csv_options *opts, size_t struct_size)'),
  events_read_csv: lib.func('int segcore_events_read_csv(_Out_ segcore_events **out, const char *path, const segcore_csv_options *opts)'),
  events_destroy: lib.func('void segcore_events_destroy(segcore_events *events)'),
  events_n_rows: lib.func('int segcore_events_n_rows(const segcore_events *events, _Out_ size_t *out)'),
  profile_options_init: lib.func('int segcore_profile_options_init(_Out_ segcore_profile_options *opts, size_t struct_size)'),
  profiles_build: lib.func('int segcore_profiles_build(_Out_ segcore_profiles **out, const segcore_events *events, const segcore_profile_options *opts)'),
  profiles_destroy: lib.func('void segcore_profiles_destroy(segcore_profiles *profiles)'),
  profiles_n_customers: lib.func('int segcore_profiles_n_customers(const segcore_profiles *profiles, _Out_ size_t *out)'),
  rfm_options_init: lib.func('int segcore_rfm_options_init(_Out_ segcore_rfm_options *opts, size_t struct_size)'),
  rfm_score: lib.func('int segcore_rfm_score(_Out_ segcore_rfm **out, const segcore_profiles *profiles, const segcore_rfm_options *opts)'),
  rfm_destroy: lib.func('void segcore_rfm_destroy(segcore_rfm *rfm)'),
  rfm_n_segments: lib.func('int segcore_rfm_n_segments(const segcore_rfm *rfm, _Out_ size_t *out)'),
  rfm_segment_name: lib.func('int segcore_rfm_segment_name(const segcore_rfm *rfm, size_t k, uint8_t *buffer, size_t capacity, _Out_ size_t *length)'),
  rfm_segment_summary: lib.func('int segcore_rfm_segment_summary(const segcore_rfm *rfm, size_t k, _Inout_ segcore_segment_summary *out)'),
};

// Every segcore call that can fail returns 0 or a negative code; the message is per thread.
class SegcoreError extends Error {
  constructor(what, status) {
    super(`${what}: ${c.last_error_message()} (${c.status_string(status)})`);
    this.status = status;
  }
}
function check(what, status) {
  if (status !== 0) throw new SegcoreError(what, status);
}

// A handle from an out-parameter: koffi fills a one-element array.
function make(what, fn, ...args) {
  const out = [null];
  check(what, fn(out, ...args));
  return out[0];
}

// Strings come back snprintf-style: ask for the length, then read with a buffer that fits.
function text(what, fn, ...args) {
  const length = [0];
  check(what, fn(...args, null, 0, length));
  const buffer = Buffer.alloc(Number(length[0]) + 1);
  check(what, fn(...args, buffer, buffer.length, length));
  return buffer.toString('utf8', 0, Number(length[0]));
}

const path = process.argv[2] || 'data/online_retail_sample.csv';
const csv = {};
c.csv_options_init(csv, koffi.sizeof(CsvOptions));
Object.assign(csv, {
  customer_col: 'CustomerID', timestamp_col: 'InvoiceDate', amount_col: null,
  quantity_col: 'Quantity', price_col: 'UnitPrice', order_col: 'InvoiceNo',
  mode: SEGCORE_INGEST_LENIENT, n_threads: 2,
});

let events = null, profiles = null, rfm = null;
try {
  events = make(path, c.events_read_csv, path, csv);
  const rows = [0];
  check('rows', c.events_n_rows(events, rows));
  console.log(`segcore ${c.version_string()}: read ${rows[0]} rows from ${path}`);

  const popts = {};
  c.profile_options_init(popts, koffi.sizeof(ProfileOptions));
  popts.n_threads = 2;
  profiles = make('profiles', c.profiles_build, events, popts);
  const customers = [0];
  check('customers', c.profiles_n_customers(profiles, customers));
  console.log(`customers: ${customers[0]}`);

  const ropts = {};
  c.rfm_options_init(ropts, koffi.sizeof(RfmOptions));
  rfm = make('rfm', c.rfm_score, profiles, ropts);
  const n = [0];
  check('segments', c.rfm_n_segments(rfm, n));
  console.log(`\n${'segment'.padEnd(20)} ${'customers'.padStart(9)} ${'revenue'.padStart(12)}`);
  for (let k = 0; k < n[0]; ++k) {
    const name = text('segment name', c.rfm_segment_name, rfm, k);
    const s = { struct_size: koffi.sizeof(SegmentSummary) };
    check('summary', c.rfm_segment_summary(rfm, k, s));
    if (Number(s.customers) > 0)
      console.log(`${name.padEnd(20)} ${String(s.customers).padStart(9)} ${s.revenue.toFixed(2).padStart(12)}`);
  }
} catch (e) {
  if (!(e instanceof SegcoreError)) throw e;
  console.error(`rfm_segments: ${e.message}`);
  process.exitCode = 1;
} finally {
  // destroy(NULL) is a no-op, so whatever was made is freed on every path.
  c.rfm_destroy(rfm);
  c.profiles_destroy(profiles);
  c.events_destroy(events);
}
