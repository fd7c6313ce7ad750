// Payloads of rules, segment sets and RFM edges. Rules are stored as their source text with the
// fields they read (name and type): loading compiles the text again against those fields and
// checks that the compiled rule reads exactly them.
#include <algorithm>
#include <cmath>

#include "model/payloads.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace model_detail {
namespace {

void put_schema(const Schema& schema, ByteWriter& w) {
  w.u32(static_cast<std::uint32_t>(schema.size()));
  for (const FieldSpec& f : schema) {
    w.str(f.name);
    w.u8(static_cast<std::uint8_t>(f.type));
  }
}

Status get_schema(ByteReader& r, Schema& schema) {
  std::uint32_t n;
  SEGCORE_RETURN_IF_ERROR(r.u32("field count", n));
  // Each field takes at least 5 bytes: no allocation beyond what the payload can hold.
  if (n > r.left() / 5) return r.corrupt("field count", absl::StrCat(n, " fields cannot fit in ", r.left(), " bytes"));
  schema.resize(n);
  for (FieldSpec& f : schema) {
    std::uint8_t type;
    SEGCORE_RETURN_IF_ERROR(r.str("field name", f.name));
    SEGCORE_RETURN_IF_ERROR(r.u8("field type", type));
    if (type > static_cast<std::uint8_t>(ColumnType::text))
      return r.corrupt("field type", absl::StrCat("field '", f.name, "' has type ", int{type}, ", not 0 to 3"));
    f.type = static_cast<ColumnType>(type);
  }
  return absl::OkStatus();
}

bool same_fields(const std::vector<FieldSpec>& a, const std::vector<FieldSpec>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const FieldSpec& x, const FieldSpec& y) { return x.name == y.name && x.type == y.type; });
}

// The fields a segment set's rules read, each once, in first-use order.
Schema fields_of(const SegmentSet& set) {
  Schema all;
  for (std::size_t k = 0; k < set.size(); ++k)
    for (const FieldSpec& f : set.rule(k).fields())
      if (std::none_of(all.begin(), all.end(), [&](const FieldSpec& g) { return g.name == f.name; })) all.push_back(f);
  return all;
}

}  // namespace

void encode(const Rule& m, ByteWriter& w) {
  w.str(m.text());
  put_schema(m.fields(), w);
}

StatusOr<Rule> decode_rule(ByteReader& r) {
  std::string text;
  Schema schema;
  SEGCORE_RETURN_IF_ERROR(r.str("rule text", text));
  SEGCORE_RETURN_IF_ERROR(get_schema(r, schema));
  SEGCORE_RETURN_IF_ERROR(r.finish("rule"));
  auto rule = Rule::compile(text, schema);
  if (!rule.ok()) return r.invalid(rule.status());
  if (!same_fields(rule->fields(), schema))
    return r.invalid(invalid_argument("rule", "the compiled rule reads other fields than the file lists"));
  return rule;
}

void encode(const SegmentSet& m, ByteWriter& w) {
  w.u8(static_cast<std::uint8_t>(m.mode()));
  w.str(m.fallback());
  put_schema(fields_of(m), w);
  w.u32(static_cast<std::uint32_t>(m.size()));
  for (std::size_t k = 0; k < m.size(); ++k) {
    w.str(m.name(k));
    w.str(m.rule(k).text());
  }
}

StatusOr<SegmentSet> decode_segment_set(ByteReader& r) {
  std::uint8_t mode;
  std::string fallback;
  Schema schema;
  std::uint32_t n;
  SEGCORE_RETURN_IF_ERROR(r.u8("mode", mode));
  SEGCORE_RETURN_IF_ERROR(r.str("fallback", fallback));
  SEGCORE_RETURN_IF_ERROR(get_schema(r, schema));
  SEGCORE_RETURN_IF_ERROR(r.u32("segment count", n));
  if (n > r.left() / 8)
    return r.corrupt("segment count", absl::StrCat(n, " segments cannot fit in ", r.left(), " bytes"));
  std::vector<SegmentDef> defs(n);
  for (std::uint32_t k = 0; k < n; ++k) {
    SEGCORE_RETURN_IF_ERROR(r.str("segment name", defs[k].name));
    SEGCORE_RETURN_IF_ERROR(r.str("segment rule", defs[k].rule));
    defs[k].priority = static_cast<int>(k);  // stored in priority order
  }
  SEGCORE_RETURN_IF_ERROR(r.finish("segment set"));
  if (mode > 1) return r.invalid(invalid_argument("segment set", "mode is ", int{mode}, "; it must be 0 or 1"));
  auto set = SegmentSet::create(std::move(defs), static_cast<SegmentMode>(mode), std::move(fallback), schema);
  if (!set.ok()) return r.invalid(set.status());
  if (!same_fields(fields_of(*set), schema))
    return r.invalid(invalid_argument("segment set", "the compiled rules read other fields than the file lists"));
  return set;
}

void encode(const RfmOptions& m, ByteWriter& w) {
  w.i32(m.bins);
  w.f64s(m.recency_edges);
  w.f64s(m.frequency_edges);
  w.f64s(m.monetary_edges);
}

StatusOr<RfmOptions> decode_rfm_edges(ByteReader& r) {
  RfmOptions o;
  o.mode = RfmMode::fixed;
  SEGCORE_RETURN_IF_ERROR(r.i32("bins", o.bins));
  SEGCORE_RETURN_IF_ERROR(r.f64s("recency_edges", o.recency_edges));
  SEGCORE_RETURN_IF_ERROR(r.f64s("frequency_edges", o.frequency_edges));
  SEGCORE_RETURN_IF_ERROR(r.f64s("monetary_edges", o.monetary_edges));
  SEGCORE_RETURN_IF_ERROR(r.finish("RFM edges"));
  if (Status st = check_fixed_edges(o); !st.ok()) return r.invalid(st);
  return o;
}

Status check_fixed_edges(const RfmOptions& o) {
  SEGCORE_RETURN_IF_ERROR(validate(o));
  const std::pair<const char*, const std::vector<double>*> measures[] = {
      {"recency", &o.recency_edges}, {"frequency", &o.frequency_edges}, {"monetary", &o.monetary_edges}};
  for (const auto& [name, edges] : measures) {
    if (edges->size() != static_cast<std::size_t>(o.bins - 1))
      return invalid_argument("RFM edges", name, " has ", edges->size(), " edges; ", o.bins - 1, " are needed for ",
                              o.bins, " bins");
    for (std::size_t k = 0; k < edges->size(); ++k)
      if (!std::isfinite((*edges)[k]) || (k > 0 && !((*edges)[k - 1] < (*edges)[k])))
        return invalid_argument("RFM edges", name, " edge ", k, " is ", (*edges)[k],
                                "; fixed edges must be finite and strictly ascending");
  }
  return absl::OkStatus();
}

}  // namespace model_detail
SEGCORE_NAMESPACE_END
