// Column-wise evaluation of a program over one block of rows. Each node fills its own arrays
// (numbers: value + valid byte; conditions: true byte + known byte). A comparison of a field
// with a constant reads the column directly, and `and` / `or` skip their right side when the
// left side already decides every row of the block.
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "program.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace rules_detail {
namespace {

struct Text {
  absl::string_view s;
  bool ok;
};

Text text_at(const ColumnView& c, std::size_t i) {
  if (c.valid != nullptr && !c.valid[i]) return {{}, false};
  if (c.text != nullptr) return {c.text[i], true};
  const char* p = c.c_text[i];
  return p == nullptr ? Text{{}, false} : Text{p, true};
}

template <class Cmp>
void compare_scalar(const double* v, const std::uint8_t* ok, double c, std::size_t n, std::uint8_t* t, std::uint8_t* k,
                    Cmp cmp) {
  for (std::size_t i = 0; i < n; ++i) {
    t[i] = static_cast<std::uint8_t>(ok[i] & cmp(v[i], c));
    k[i] = ok[i];
  }
}

// Field op constant straight from the column: no copy of the field.
template <class Cmp>
void compare_column(const ColumnView& col, std::size_t begin, std::size_t n, double c, std::uint8_t* t, std::uint8_t* k,
                    Cmp cmp) {
  const std::uint8_t* valid = col.valid ? col.valid + begin : nullptr;
  if (col.type != ColumnType::f64) {  // integers against a constant beyond the int64 range
    const std::int64_t* x = col.i64 + begin;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint8_t ok = valid ? static_cast<std::uint8_t>(valid[i] != 0) : 1;
      t[i] = static_cast<std::uint8_t>(ok & cmp(static_cast<double>(x[i]), c));
      k[i] = ok;
    }
    return;
  }
  const double* v = col.f64 + begin;
  if (valid != nullptr) {
    for (std::size_t i = 0; i < n; ++i) {
      std::uint8_t ok = static_cast<std::uint8_t>((valid[i] != 0) & (v[i] == v[i]));
      t[i] = static_cast<std::uint8_t>(ok & cmp(v[i], c));
      k[i] = ok;
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      std::uint8_t ok = static_cast<std::uint8_t>(v[i] == v[i]);
      t[i] = static_cast<std::uint8_t>(ok & cmp(v[i], c));
      k[i] = ok;
    }
  }
}

// An integer column against a constant: the comparison becomes lo <= x <= hi (negated for !=),
// decided in integers, which is exact and needs no conversion per row.
bool integer_range(Op op, double c, std::int64_t& lo, std::int64_t& hi, bool& negate) {
  // Only below 2^53, where the answer equals comparing the row as a double, as evaluate_one does
  // (FieldValue carries numbers as doubles): beyond it the double path decides for both.
  if (!(std::abs(c) < 9007199254740992.0)) return false;
  constexpr std::int64_t kMin = INT64_MIN, kMax = INT64_MAX;
  const auto fl = static_cast<std::int64_t>(std::floor(c)), ce = static_cast<std::int64_t>(std::ceil(c));
  negate = false;
  switch (op) {
    case Op::lt:
      lo = kMin, hi = ce - 1;
      break;
    case Op::le:
      lo = kMin, hi = fl;
      break;
    case Op::gt:
      lo = fl + 1, hi = kMax;
      break;
    case Op::ge:
      lo = ce, hi = kMax;
      break;
    default:  // eq, ne: an integer equals c only when c is integral
      if (fl == ce)
        lo = hi = fl;
      else
        lo = 1, hi = 0;
      negate = op == Op::ne;
  }
  return true;
}

void compare_integers(const ColumnView& col, std::size_t begin, std::size_t n, std::int64_t lo, std::int64_t hi,
                      bool negate, std::uint8_t* __restrict t, std::uint8_t* __restrict k) {
  const std::int64_t* v = col.i64 + begin;
  const std::uint8_t* valid = col.valid ? col.valid + begin : nullptr;
  const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  const auto flip = static_cast<std::uint8_t>(negate);
  const bool empty = hi < lo;
  for (std::size_t i = 0; i < n; ++i) {
    // One unsigned comparison tests lo <= x <= hi.
    auto in =
        static_cast<std::uint8_t>(!empty & (static_cast<std::uint64_t>(v[i]) - static_cast<std::uint64_t>(lo) <= span));
    std::uint8_t ok = valid ? static_cast<std::uint8_t>(valid[i] != 0) : 1;
    t[i] = static_cast<std::uint8_t>(ok & (in ^ flip));
    k[i] = ok;
  }
}

template <class F>
void with_cmp(Op op, F&& f) {
  switch (op) {
    case Op::lt:
      return f([](double x, double y) { return x < y; });
    case Op::le:
      return f([](double x, double y) { return x <= y; });
    case Op::gt:
      return f([](double x, double y) { return x > y; });
    case Op::ge:
      return f([](double x, double y) { return x >= y; });
    case Op::eq:
      return f([](double x, double y) { return x == y; });
    default:
      return f([](double x, double y) { return x != y; });
  }
}

Op flip(Op op) {
  switch (op) {
    case Op::lt:
      return Op::gt;
    case Op::le:
      return Op::ge;
    case Op::gt:
      return Op::lt;
    case Op::ge:
      return Op::le;
    default:
      return op;
  }
}

class BlockEval {
 public:
  BlockEval(const Program& p, Scratch& s, std::size_t begin, std::size_t n) : p_(p), s_(s), begin_(begin), n_(n) {}

  double* num(int node) { return s_.num.get() + s_.num_at[node]; }
  std::uint8_t* m1(int node) { return s_.mask.get() + s_.mask_at[node]; }
  std::uint8_t* m2(int node) { return s_.mask.get() + s_.mask_at[node] + kBlock; }

  void eval(int id) {
    const Node& x = p_.nodes[id];
    switch (x.op) {
      case Op::field:
        return field(id, x);
      case Op::constant:
        if (x.kind == Kind::number) {
          std::fill_n(num(id), n_, x.num);
          std::fill_n(m1(id), n_, 1);
        } else if (x.kind == Kind::boolean) {
          std::fill_n(m1(id), n_, x.num != 0);
          std::fill_n(m2(id), n_, 1);
        }
        return;
      case Op::days_since: {
        eval(x.a);
        const double* a = num(x.a);
        const std::uint8_t* oa = m1(x.a);
        double* v = num(id);
        std::uint8_t* ok = m1(id);
        const auto has = static_cast<std::uint8_t>(s_.has_as_of);
        for (std::size_t i = 0; i < n_; ++i) v[i] = (s_.as_of - a[i]) / 86400.0, ok[i] = oa[i] & has;
        return;
      }
      case Op::neg:
      case Op::add:
      case Op::sub:
      case Op::mul:
      case Op::div:
        return arith(id, x);
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge:
      case Op::eq:
      case Op::ne:
        return compare(id, x);
      case Op::in:
        return in(id, x);
      case Op::contains:
      case Op::starts_with: {
        std::uint8_t *t = m1(id), *k = m2(id);
        const Node &a = p_.nodes[x.a], &b = p_.nodes[x.b];
        const bool prefix = x.op == Op::starts_with;
        for (std::size_t i = 0; i < n_; ++i) {
          Text sa = text(a, i), sb = text(b, i);
          k[i] = sa.ok && sb.ok;
          t[i] = k[i] && (prefix ? sa.s.substr(0, sb.s.size()) == sb.s : sa.s.find(sb.s) != absl::string_view::npos);
        }
        return;
      }
      case Op::is_missing:
        return is_missing(id, x);
      case Op::not_: {
        eval(x.a);
        const std::uint8_t *t = m1(x.a), *k = m2(x.a);
        std::uint8_t *ot = m1(id), *ok = m2(id);
        for (std::size_t i = 0; i < n_; ++i) ot[i] = k[i] & !t[i], ok[i] = k[i];
        return;
      }
      case Op::and_:
      case Op::or_:
        return logic(id, x);
    }
  }

 private:
  void field(int id, const Node& x) {
    if (x.kind != Kind::number) return;  // texts are read where they are compared
    const ColumnView& c = *s_.columns[x.slot];
    double* v = num(id);
    std::uint8_t* ok = m1(id);
    const std::uint8_t* valid = c.valid ? c.valid + begin_ : nullptr;
    if (c.type == ColumnType::f64) {
      const double* src = c.f64 + begin_;
      for (std::size_t i = 0; i < n_; ++i)
        v[i] = src[i], ok[i] = static_cast<std::uint8_t>((valid ? valid[i] != 0 : true) & (src[i] == src[i]));
    } else {
      const std::int64_t* src = c.i64 + begin_;
      for (std::size_t i = 0; i < n_; ++i)
        v[i] = static_cast<double>(src[i]), ok[i] = valid ? static_cast<std::uint8_t>(valid[i] != 0) : 1;
    }
  }

  void arith(int id, const Node& x) {
    eval(x.a);
    double* v = num(id);
    std::uint8_t* ok = m1(id);
    const double* a = num(x.a);
    const std::uint8_t* oa = m1(x.a);
    if (x.op == Op::neg) {
      for (std::size_t i = 0; i < n_; ++i) v[i] = -a[i], ok[i] = oa[i];
      return;
    }
    eval(x.b);
    const double* b = num(x.b);
    const std::uint8_t* ob = m1(x.b);
    for (std::size_t i = 0; i < n_; ++i) {
      double r = x.op == Op::add   ? a[i] + b[i]
                 : x.op == Op::sub ? a[i] - b[i]
                 : x.op == Op::mul ? a[i] * b[i]
                                   : a[i] / b[i];
      v[i] = r;
      ok[i] = static_cast<std::uint8_t>(oa[i] & ob[i] & (r - r == 0));  // x/0 and overflow: missing
    }
  }

  Text text(const Node& x, std::size_t i) const {
    if (x.op == Op::constant) return {x.str, true};
    return text_at(*s_.columns[x.slot], begin_ + i);
  }

  void compare(int id, const Node& x) {
    std::uint8_t *t = m1(id), *k = m2(id);
    const Node &a = p_.nodes[x.a], &b = p_.nodes[x.b];
    if (a.kind == Kind::text) {
      bool want = x.op == Op::eq;
      for (std::size_t i = 0; i < n_; ++i) {
        Text sa = text(a, i), sb = text(b, i);
        k[i] = sa.ok && sb.ok;
        t[i] = k[i] && ((sa.s == sb.s) == want);
      }
      return;
    }
    int var = x.a;
    Op op = x.op;
    const Node* c = &b;
    // The constant goes right; with two constants the left one is evaluated (as reserve() plans).
    if (a.op == Op::constant && b.op != Op::constant) var = x.b, op = flip(op), c = &a;
    if (c->op == Op::constant) {
      const Node& v = p_.nodes[var];
      std::int64_t lo, hi;
      bool negate;
      if (v.op == Op::field && s_.columns[v.slot]->type != ColumnType::f64 &&
          integer_range(op, c->num, lo, hi, negate)) {
        compare_integers(*s_.columns[v.slot], begin_, n_, lo, hi, negate, t, k);
      } else if (v.op == Op::field) {
        const ColumnView& col = *s_.columns[v.slot];
        with_cmp(op, [&](auto cmp) { compare_column(col, begin_, n_, c->num, t, k, cmp); });
      } else {
        eval(var);
        with_cmp(op, [&](auto cmp) { compare_scalar(num(var), m1(var), c->num, n_, t, k, cmp); });
      }
      return;
    }
    eval(x.a);
    eval(x.b);
    const double *va = num(x.a), *vb = num(x.b);
    const std::uint8_t *oa = m1(x.a), *ob = m1(x.b);
    with_cmp(op, [&](auto cmp) {
      for (std::size_t i = 0; i < n_; ++i) {
        std::uint8_t ok = oa[i] & ob[i];
        t[i] = static_cast<std::uint8_t>(ok & cmp(va[i], vb[i]));
        k[i] = ok;
      }
    });
  }

  void in(int id, const Node& x) {
    std::uint8_t *t = m1(id), *k = m2(id);
    const Node& a = p_.nodes[x.a];
    if (a.kind == Kind::text) {
      for (std::size_t i = 0; i < n_; ++i) {
        Text s = text(a, i);
        k[i] = s.ok;
        t[i] = s.ok && std::find(x.strs.begin(), x.strs.end(), s.s) != x.strs.end();
      }
      return;
    }
    eval(x.a);
    const double* v = num(x.a);
    const std::uint8_t* ok = m1(x.a);
    for (std::size_t i = 0; i < n_; ++i) {
      k[i] = ok[i];
      t[i] = ok[i] && std::binary_search(x.nums.begin(), x.nums.end(), v[i]);
    }
  }

  void is_missing(int id, const Node& x) {
    std::uint8_t *t = m1(id), *k = m2(id);
    const Node& a = p_.nodes[x.a];
    std::fill_n(k, n_, 1);
    if (a.kind == Kind::text) {
      for (std::size_t i = 0; i < n_; ++i) t[i] = !text(a, i).ok;
      return;
    }
    eval(x.a);
    const std::uint8_t* known = a.kind == Kind::number ? m1(x.a) : m2(x.a);
    for (std::size_t i = 0; i < n_; ++i) t[i] = !known[i];
  }

  // Kleene logic on (true, known) pairs.
  void logic(int id, const Node& x) {
    bool is_and = x.op == Op::and_;
    eval(x.a);
    const std::uint8_t *ta = m1(x.a), *ka = m2(x.a);
    std::uint8_t *t = m1(id), *k = m2(id);
    // The left side decides a row when it is false (and) or true (or).
    std::uint8_t open = 0;
    if (!s_.want_known[id]) {
      // Only the true mask matters above: false and unknown rows are alike.
      if (is_and)
        for (std::size_t i = 0; i < n_; ++i) open |= ta[i];
      else
        for (std::size_t i = 0; i < n_; ++i) open |= ta[i] ^ 1;
      if (!open) {
        std::memcpy(t, ta, n_);
        return;
      }
      eval(x.b);
      combine_true(is_and, ta, m1(x.b), t, n_);
      return;
    }
    if (is_and)
      for (std::size_t i = 0; i < n_; ++i) open |= ta[i] | (ka[i] ^ 1);
    else
      for (std::size_t i = 0; i < n_; ++i) open |= ta[i] ^ 1;
    if (!open) {
      std::memcpy(t, ta, n_);
      std::memcpy(k, ka, n_);
      return;
    }
    eval(x.b);
    const std::uint8_t *tb = m1(x.b), *kb = m2(x.b);
    combine(is_and, ta, ka, tb, kb, t, k, n_);
  }

  static void combine_true(bool is_and, const std::uint8_t* __restrict ta, const std::uint8_t* __restrict tb,
                           std::uint8_t* __restrict t, std::size_t n_) {
    if (is_and)
      for (std::size_t i = 0; i < n_; ++i) t[i] = ta[i] & tb[i];
    else
      for (std::size_t i = 0; i < n_; ++i) t[i] = ta[i] | tb[i];
  }

  // Bytes are 0 or 1, so x ^ 1 is "not x"; separate loops and unaliased pointers keep each
  // loop vectorisable.
  static void combine(bool is_and, const std::uint8_t* __restrict ta, const std::uint8_t* __restrict ka,
                      const std::uint8_t* __restrict tb, const std::uint8_t* __restrict kb, std::uint8_t* __restrict t,
                      std::uint8_t* __restrict k, std::size_t n_) {
    if (is_and) {
      for (std::size_t i = 0; i < n_; ++i) {
        std::uint8_t tt = ta[i] & tb[i];
        t[i] = tt;
        k[i] = tt | (ka[i] & (ta[i] ^ 1)) | (kb[i] & (tb[i] ^ 1));
      }
    } else {
      for (std::size_t i = 0; i < n_; ++i) {
        std::uint8_t tt = ta[i] | tb[i];
        t[i] = tt;
        k[i] = tt | (ka[i] & (ta[i] ^ 1) & kb[i] & (tb[i] ^ 1));
      }
    }
  }

  const Program& p_;
  Scratch& s_;
  std::size_t begin_, n_;
};

}  // namespace

void Scratch::reserve(const Program& p) {
  const std::size_t n = p.nodes.size(), none = static_cast<std::size_t>(-1);
  // Which number nodes are evaluated into arrays: mirrors the reads of BlockEval.
  std::vector<char> needs(n, 0);
  auto is_const = [&](int i) { return p.nodes[i].op == Op::constant; };
  for (const Node& x : p.nodes) {
    switch (x.op) {
      case Op::neg:
      case Op::days_since:
        needs[x.a] = 1;
        break;
      case Op::add:
      case Op::sub:
      case Op::mul:
      case Op::div:
        needs[x.a] = needs[x.b] = 1;
        break;
      case Op::lt:
      case Op::le:
      case Op::gt:
      case Op::ge:
      case Op::eq:
      case Op::ne:
        if (p.nodes[x.a].kind == Kind::text) break;
        if (is_const(x.b))
          needs[x.a] |= p.nodes[x.a].op != Op::field;
        else if (is_const(x.a))
          needs[x.b] |= p.nodes[x.b].op != Op::field;
        else
          needs[x.a] = needs[x.b] = 1;
        break;
      case Op::in:
      case Op::is_missing:
        needs[x.a] |= p.nodes[x.a].kind == Kind::number;
        break;
      default:
        break;
    }
  }
  want_known.assign(n, 0);
  for (std::size_t i = n; i-- > 0;) {  // parents sit after their children
    const Node& x = p.nodes[i];
    if (x.op == Op::not_ || (x.op == Op::is_missing && p.nodes[x.a].kind == Kind::boolean)) want_known[x.a] = 1;
    if (x.op == Op::and_ || x.op == Op::or_) {
      want_known[x.a] |= want_known[i];
      want_known[x.b] |= want_known[i];
    }
  }
  num_at.assign(n, none);
  mask_at.assign(n, none);
  std::size_t nums = 0, masks = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (p.nodes[i].kind == Kind::boolean) {
      mask_at[i] = masks, masks += 2 * kBlock;
    } else if (p.nodes[i].kind == Kind::number && needs[i]) {
      num_at[i] = nums, nums += kBlock;
      mask_at[i] = masks, masks += kBlock;
    }
  }
  num.reset(new double[std::max<std::size_t>(nums, 1)]);
  mask.reset(new std::uint8_t[std::max<std::size_t>(masks, 1)]);
}

void eval_block(const Program& p, Scratch& s, std::size_t begin, std::size_t end, std::uint8_t* out) {
  BlockEval e(p, s, begin, end - begin);
  e.eval(p.root);
  std::memcpy(out, e.m1(p.root), end - begin);
}

}  // namespace rules_detail
SEGCORE_NAMESPACE_END
