// Explanations: the outcome of every condition in the rule for one profile, as indented lines,
// with the values of the fields each comparison read.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "program.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace rules_detail {
namespace {

const char* word(Truth t) { return t == Truth::is_true ? "true" : t == Truth::is_false ? "false" : "unknown"; }

void collect_fields(const Program& p, int id, std::vector<int>& slots) {
  const Node& x = p.nodes[id];
  if (x.op == Op::field) {
    for (int s : slots)
      if (s == x.slot) return;
    slots.push_back(x.slot);
    return;
  }
  if (x.a >= 0) collect_fields(p, x.a, slots);
  if (x.b >= 0) collect_fields(p, x.b, slots);
}

std::string value_text(const FieldSpec& f, const FieldValue& v) {
  if (!v.valid || (f.type != ColumnType::text && std::isnan(v.number))) return "missing";
  if (f.type == ColumnType::text) return absl::StrCat("'", v.text, "'");
  return absl::StrCat(v.number);
}

// "a between lo and hi" compiles to (a >= lo) and (a <= hi) over one shared operand node, and
// "a not between ..." to not of that; no text span names either half, so the whole is
// explained as one condition.
bool is_between(const Program& p, const Node& x) {
  if (x.op == Op::not_ && x.a >= 0) return is_between(p, p.nodes[x.a]);
  if (x.op != Op::and_ || x.a < 0 || x.b < 0) return false;
  const Node& ge = p.nodes[x.a];
  const Node& le = p.nodes[x.b];
  return ge.op == Op::ge && le.op == Op::le && ge.a == le.a;
}

void explain(const Program& p, const FieldValue* values, const double* as_of, int id, int depth, std::string& out) {
  const Node& x = p.nodes[id];
  absl::StrAppend(&out, std::string(2 * depth, ' '), word(eval_node(p, values, as_of, id)), ": ",
                  absl::string_view(p.text).substr(x.begin, x.end - x.begin));
  bool logical = (x.op == Op::and_ || x.op == Op::or_ || x.op == Op::not_) && !is_between(p, x);
  if (!logical) {
    std::vector<int> slots;
    collect_fields(p, id, slots);
    for (std::size_t j = 0; j < slots.size(); ++j)
      absl::StrAppend(&out, j == 0 ? "  [" : ", ", p.fields[slots[j]].name, " = ",
                      value_text(p.fields[slots[j]], values[slots[j]]), j + 1 == slots.size() ? "]" : "");
  }
  out += '\n';
  if (logical) {
    explain(p, values, as_of, x.a, depth + 1, out);
    if (x.b >= 0) explain(p, values, as_of, x.b, depth + 1, out);
  }
}

}  // namespace

std::string explain_one(const Program& p, const FieldValue* values, const double* as_of) {
  std::string out;
  explain(p, values, as_of, p.root, 0, out);
  return out;
}

}  // namespace rules_detail
SEGCORE_NAMESPACE_END
