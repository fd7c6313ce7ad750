// One profile at a time: a walk over the node array with values already in slot order, so
// there is no lookup by name and no allocation on this path.
#include <algorithm>

#include "program.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace rules_detail {
namespace {

struct Num {
  double v;
  bool ok;
};

struct Walk {
  const Program& p;
  const FieldValue* values;
  const double* as_of;

  Num num(int id) const {
    const Node& x = p.nodes[id];
    switch (x.op) {
      case Op::field: {
        const FieldValue& f = values[x.slot];
        return {f.number, f.valid && f.number == f.number};
      }
      case Op::constant:
        return {x.num, true};
      case Op::days_since: {
        Num a = num(x.a);
        if (as_of == nullptr) return {0, false};
        return {(*as_of - a.v) / 86400.0, a.ok};
      }
      case Op::neg: {
        Num a = num(x.a);
        return {-a.v, a.ok};
      }
      default: {
        Num a = num(x.a), b = num(x.b);
        double r = x.op == Op::add ? a.v + b.v : x.op == Op::sub ? a.v - b.v : x.op == Op::mul ? a.v * b.v : a.v / b.v;
        return {r, a.ok && b.ok && r - r == 0};
      }
    }
  }

  bool text(int id, absl::string_view& out) const {
    const Node& x = p.nodes[id];
    if (x.op == Op::constant) {
      out = x.str;
      return true;
    }
    const FieldValue& f = values[x.slot];
    out = f.text;
    return f.valid;
  }

  Truth cond(int id) const {
    const Node& x = p.nodes[id];
    switch (x.op) {
      case Op::constant:
        return x.num != 0 ? Truth::is_true : Truth::is_false;
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge:
      case Op::eq:
      case Op::ne: {
        bool r;
        if (p.nodes[x.a].kind == Kind::text) {
          absl::string_view a, b;
          if (!text(x.a, a) || !text(x.b, b)) return Truth::unknown;
          r = (a == b) == (x.op == Op::eq);
        } else {
          Num a = num(x.a), b = num(x.b);
          if (!a.ok || !b.ok) return Truth::unknown;
          r = x.op == Op::lt   ? a.v < b.v
              : x.op == Op::le ? a.v <= b.v
              : x.op == Op::gt ? a.v > b.v
              : x.op == Op::ge ? a.v >= b.v
              : x.op == Op::eq ? a.v == b.v
                               : a.v != b.v;
        }
        return r ? Truth::is_true : Truth::is_false;
      }
      case Op::in: {
        bool r;
        if (p.nodes[x.a].kind == Kind::text) {
          absl::string_view a;
          if (!text(x.a, a)) return Truth::unknown;
          r = std::find(x.strs.begin(), x.strs.end(), a) != x.strs.end();
        } else {
          Num a = num(x.a);
          if (!a.ok) return Truth::unknown;
          r = std::binary_search(x.nums.begin(), x.nums.end(), a.v);
        }
        return r ? Truth::is_true : Truth::is_false;
      }
      case Op::contains:
      case Op::starts_with: {
        absl::string_view a, b;
        if (!text(x.a, a) || !text(x.b, b)) return Truth::unknown;
        bool r = x.op == Op::starts_with ? a.substr(0, b.size()) == b : a.find(b) != absl::string_view::npos;
        return r ? Truth::is_true : Truth::is_false;
      }
      case Op::is_missing: {
        const Node& a = p.nodes[x.a];
        bool missing;
        if (a.kind == Kind::text) {
          absl::string_view s;
          missing = !text(x.a, s);
        } else if (a.kind == Kind::number) {
          missing = !num(x.a).ok;
        } else {
          missing = cond(x.a) == Truth::unknown;
        }
        return missing ? Truth::is_true : Truth::is_false;
      }
      case Op::not_: {
        Truth a = cond(x.a);
        return a == Truth::unknown ? a : a == Truth::is_true ? Truth::is_false : Truth::is_true;
      }
      case Op::and_: {
        Truth a = cond(x.a);
        if (a == Truth::is_false) return a;
        Truth b = cond(x.b);
        if (b == Truth::is_false) return b;
        return a == Truth::is_true && b == Truth::is_true ? Truth::is_true : Truth::unknown;
      }
      case Op::or_: {
        Truth a = cond(x.a);
        if (a == Truth::is_true) return a;
        Truth b = cond(x.b);
        if (b == Truth::is_true) return b;
        return a == Truth::is_false && b == Truth::is_false ? Truth::is_false : Truth::unknown;
      }
      default:
        return Truth::unknown;  // not reached: the parser types every node
    }
  }
};

}  // namespace

Truth eval_one(const Program& p, const FieldValue* values, const double* as_of) {
  return Walk{p, values, as_of}.cond(p.root);
}

Truth eval_node(const Program& p, const FieldValue* values, const double* as_of, int node) {
  return Walk{p, values, as_of}.cond(node);
}

}  // namespace rules_detail
SEGCORE_NAMESPACE_END
