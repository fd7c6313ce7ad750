// Recursive-descent parser: builds the typed node array and checks fields and types as it goes,
// so every error points at the token that caused it. Grammar: docs/RULES.md.
#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "lexer.hpp"
#include "program.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace rules_detail {
namespace {

const char* kind_name(Kind k) { return k == Kind::number ? "a number" : k == Kind::text ? "text" : "a condition"; }

std::size_t edit_distance(absl::string_view a, absl::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] != b[j - 1])});
      diag = up;
    }
  }
  return row[b.size()];
}

class Parser {
 public:
  Parser(absl::string_view src, const Schema& schema, int line, int column)
      : src_(src), schema_(schema), line_(line), column_(column) {}

  StatusOr<Program> run() {
    SEGCORE_ASSIGN_OR_RETURN(toks_, lex(src_, line_, column_));
    SEGCORE_ASSIGN_OR_RETURN(int root, or_expr());
    if (peek().tok != Tok::end) return expected("'and', 'or' or the end of the rule");
    SEGCORE_RETURN_IF_ERROR(want_condition(root));
    prog_.text = std::string(src_);
    prog_.root = root;
    return std::move(prog_);
  }

 private:
  const Token& peek() const { return toks_[k_]; }
  const Token& next() { return toks_[k_ < toks_.size() - 1 ? k_++ : k_]; }
  bool is_kw(const Token& t, absl::string_view kw) const {
    return t.tok == Tok::name && absl::EqualsIgnoreCase(t.text, kw);
  }
  bool accept_kw(absl::string_view kw) {
    if (!is_kw(peek(), kw)) return false;
    ++k_;
    return true;
  }
  std::string at(std::size_t offset) const { return position(src_, offset, line_, column_); }
  Status expected(absl::string_view what) const {
    return invalid_argument(at(peek().begin), "expected ", what, ", found ", describe(peek()));
  }
  // Every recursion of the grammar passes through not_expr or negation; bounding their depth
  // keeps a hostile rule ("((((...") from exhausting the caller's stack.
  static constexpr int kMaxDepth = 100;
  struct Nesting {
    int& depth;
    explicit Nesting(int& d) : depth(++d) {}
    ~Nesting() { --depth; }
  };
  Status too_deep() const {
    return invalid_argument(at(peek().begin), "the rule nests deeper than ", kMaxDepth, " levels");
  }
  Status want_condition(int n) const {
    const Node& x = prog_.nodes[n];
    if (x.kind == Kind::boolean) return absl::OkStatus();
    return invalid_argument(at(x.begin), "expected a condition, found ", kind_name(x.kind), " ('",
                            src_.substr(x.begin, x.end - x.begin), "')");
  }
  Status want_number(int n, absl::string_view op) const {
    const Node& x = prog_.nodes[n];
    if (x.kind == Kind::number) return absl::OkStatus();
    return invalid_argument(at(x.begin), "'", op, "' needs numbers; '", src_.substr(x.begin, x.end - x.begin), "' is ",
                            kind_name(x.kind));
  }

  int add(Node n) {
    prog_.nodes.push_back(std::move(n));
    return static_cast<int>(prog_.nodes.size()) - 1;
  }
  int binary(Op op, Kind kind, int a, int b) {
    Node n;
    n.op = op;
    n.kind = kind;
    n.a = a;
    n.b = b;
    n.begin = prog_.nodes[a].begin;
    n.end = prog_.nodes[b].end;
    return add(std::move(n));
  }
  int unary(Op op, Kind kind, int a, std::size_t begin, std::size_t end) {
    Node n;
    n.op = op;
    n.kind = kind;
    n.a = a;
    n.begin = begin;
    n.end = end;
    return add(std::move(n));
  }

  StatusOr<int> or_expr() {
    SEGCORE_ASSIGN_OR_RETURN(int left, and_expr());
    while (is_kw(peek(), "or")) {
      ++k_;
      SEGCORE_RETURN_IF_ERROR(want_condition(left));
      SEGCORE_ASSIGN_OR_RETURN(int right, and_expr());
      SEGCORE_RETURN_IF_ERROR(want_condition(right));
      left = binary(Op::or_, Kind::boolean, left, right);
    }
    return left;
  }

  StatusOr<int> and_expr() {
    SEGCORE_ASSIGN_OR_RETURN(int left, not_expr());
    while (is_kw(peek(), "and")) {
      ++k_;
      SEGCORE_RETURN_IF_ERROR(want_condition(left));
      SEGCORE_ASSIGN_OR_RETURN(int right, not_expr());
      SEGCORE_RETURN_IF_ERROR(want_condition(right));
      left = binary(Op::and_, Kind::boolean, left, right);
    }
    return left;
  }

  StatusOr<int> not_expr() {
    Nesting nesting(depth_);
    if (depth_ > kMaxDepth) return too_deep();
    if (is_kw(peek(), "not")) {
      std::size_t begin = next().begin;
      SEGCORE_ASSIGN_OR_RETURN(int a, not_expr());
      SEGCORE_RETURN_IF_ERROR(want_condition(a));
      return unary(Op::not_, Kind::boolean, a, begin, prog_.nodes[a].end);
    }
    return predicate();
  }

  StatusOr<int> predicate() {
    SEGCORE_ASSIGN_OR_RETURN(int left, sum());
    const Token t = peek();
    static constexpr std::pair<absl::string_view, Op> cmp[] = {{"<", Op::lt},  {"<=", Op::le}, {">", Op::gt},
                                                               {">=", Op::ge}, {"=", Op::eq},  {"==", Op::eq},
                                                               {"!=", Op::ne}, {"<>", Op::ne}};
    if (t.tok == Tok::op) {
      for (auto [text, op] : cmp) {
        if (t.text != text) continue;
        ++k_;
        SEGCORE_ASSIGN_OR_RETURN(int right, sum());
        Kind a = prog_.nodes[left].kind, b = prog_.nodes[right].kind;
        bool text_ok = a == Kind::text && b == Kind::text && (op == Op::eq || op == Op::ne);
        if (!text_ok) {
          if (a == Kind::text && b == Kind::text)
            return invalid_argument(at(t.begin), "'", t.text, "' compares numbers; texts take only = and !=");
          SEGCORE_RETURN_IF_ERROR(want_number(left, t.text));
          SEGCORE_RETURN_IF_ERROR(want_number(right, t.text));
        }
        return binary(op, Kind::boolean, left, right);
      }
    }
    if (is_kw(t, "contains") || is_kw(t, "starts_with")) {
      ++k_;
      SEGCORE_ASSIGN_OR_RETURN(int right, sum());
      for (int side : {left, right}) {
        const Node& x = prog_.nodes[side];
        if (x.kind != Kind::text)
          return invalid_argument(at(x.begin), "'", t.text, "' needs text; '", src_.substr(x.begin, x.end - x.begin),
                                  "' is ", kind_name(x.kind));
      }
      return binary(is_kw(t, "contains") ? Op::contains : Op::starts_with, Kind::boolean, left, right);
    }
    if (accept_kw("is")) {
      bool negate = accept_kw("not");
      if (!accept_kw("missing")) return expected(negate ? "'missing'" : "'missing' or 'not missing'");
      int n = unary(Op::is_missing, Kind::boolean, left, prog_.nodes[left].begin, toks_[k_ - 1].end);
      return negate ? unary(Op::not_, Kind::boolean, n, prog_.nodes[n].begin, prog_.nodes[n].end) : n;
    }
    bool negate = false;
    if (is_kw(peek(), "not") && (is_kw(toks_[k_ + 1], "in") || is_kw(toks_[k_ + 1], "between"))) {
      ++k_;
      negate = true;
    }
    int n = -1;
    if (accept_kw("in")) {
      SEGCORE_ASSIGN_OR_RETURN(n, in_list(left, t));
    } else if (accept_kw("between")) {
      SEGCORE_RETURN_IF_ERROR(want_number(left, "between"));
      SEGCORE_ASSIGN_OR_RETURN(int lo, sum());
      SEGCORE_RETURN_IF_ERROR(want_number(lo, "between"));
      if (!accept_kw("and")) return expected("'and'");
      SEGCORE_ASSIGN_OR_RETURN(int hi, sum());
      SEGCORE_RETURN_IF_ERROR(want_number(hi, "between"));
      // left >= lo and left <= hi: the shared operand is one node read twice.
      int ge = binary(Op::ge, Kind::boolean, left, lo);
      int le = binary(Op::le, Kind::boolean, left, hi);
      n = binary(Op::and_, Kind::boolean, ge, le);
      prog_.nodes[ge].end = prog_.nodes[lo].end;
    } else if (negate) {
      return expected("'in' or 'between'");
    } else {
      return left;
    }
    if (!negate) return n;
    return unary(Op::not_, Kind::boolean, n, prog_.nodes[left].begin, prog_.nodes[n].end);
  }

  StatusOr<int> in_list(int left, const Token& in_token) {
    Kind kind = prog_.nodes[left].kind;
    if (kind == Kind::boolean)
      return invalid_argument(at(in_token.begin), "'in' needs a number or text on its left, found a condition");
    if (peek().tok != Tok::lparen) return expected("'('");
    ++k_;
    Node n;
    n.op = Op::in;
    n.kind = Kind::boolean;
    n.a = left;
    while (true) {
      bool minus = peek().tok == Tok::op && peek().text == "-";
      if (minus) ++k_;
      const Token& v = peek();
      if (kind == Kind::number && v.tok == Tok::number) {
        n.nums.push_back(minus ? -v.num : v.num);
      } else if (kind == Kind::text && v.tok == Tok::string && !minus) {
        n.strs.push_back(v.text);
      } else {
        return expected(kind == Kind::number ? "a number" : "a string");
      }
      ++k_;
      if (peek().tok == Tok::rparen) break;
      if (peek().tok != Tok::comma) return expected("',' or ')'");
      ++k_;
    }
    n.begin = prog_.nodes[left].begin;
    n.end = next().end;
    std::sort(n.nums.begin(), n.nums.end());
    return add(std::move(n));
  }

  StatusOr<int> sum() {
    SEGCORE_ASSIGN_OR_RETURN(int left, product());
    while (peek().tok == Tok::op && (peek().text == "+" || peek().text == "-")) {
      const Token& t = next();
      SEGCORE_ASSIGN_OR_RETURN(int right, product());
      SEGCORE_RETURN_IF_ERROR(want_number(left, t.text));
      SEGCORE_RETURN_IF_ERROR(want_number(right, t.text));
      left = binary(t.text == "+" ? Op::add : Op::sub, Kind::number, left, right);
    }
    return left;
  }

  StatusOr<int> product() {
    SEGCORE_ASSIGN_OR_RETURN(int left, negation());
    while (peek().tok == Tok::op && (peek().text == "*" || peek().text == "/")) {
      const Token& t = next();
      SEGCORE_ASSIGN_OR_RETURN(int right, negation());
      SEGCORE_RETURN_IF_ERROR(want_number(left, t.text));
      SEGCORE_RETURN_IF_ERROR(want_number(right, t.text));
      left = binary(t.text == "*" ? Op::mul : Op::div, Kind::number, left, right);
    }
    return left;
  }

  StatusOr<int> negation() {
    Nesting nesting(depth_);
    if (depth_ > kMaxDepth) return too_deep();
    if (peek().tok == Tok::op && peek().text == "-") {
      std::size_t begin = next().begin;
      SEGCORE_ASSIGN_OR_RETURN(int a, negation());
      SEGCORE_RETURN_IF_ERROR(want_number(a, "-"));
      Node& x = prog_.nodes[a];
      if (x.op == Op::constant) {  // fold -3 into a constant
        x.num = -x.num;
        x.begin = begin;
        return a;
      }
      return unary(Op::neg, Kind::number, a, begin, x.end);
    }
    return primary();
  }

  StatusOr<int> primary() {
    const Token t = peek();
    Node n;
    n.begin = t.begin;
    n.end = t.end;
    switch (t.tok) {
      case Tok::number:
        ++k_;
        n.num = t.num;
        return add(std::move(n));
      case Tok::string:
        ++k_;
        n.kind = Kind::text;
        n.str = t.text;
        return add(std::move(n));
      case Tok::lparen: {
        ++k_;
        SEGCORE_ASSIGN_OR_RETURN(int inner, or_expr());
        if (peek().tok != Tok::rparen) return expected("')'");
        // The span takes the parentheses, so a parent's span (and explain) reads as written.
        prog_.nodes[inner].begin = t.begin;
        prog_.nodes[inner].end = next().end;
        return inner;
      }
      case Tok::name:
        for (absl::string_view kw : {"and", "or", "not", "in", "is", "between", "missing", "contains", "starts_with"})
          if (is_kw(t, kw)) return expected("a field, a number, a string or '('");
        if (is_kw(t, "days_since") && toks_[k_ + 1].tok == Tok::lparen) {  // days before as_of
          k_ += 2;
          SEGCORE_ASSIGN_OR_RETURN(int inner, or_expr());
          SEGCORE_RETURN_IF_ERROR(want_number(inner, "days_since"));
          if (peek().tok != Tok::rparen) return expected("')'");
          prog_.uses_as_of = true;
          return unary(Op::days_since, Kind::number, inner, t.begin, next().end);
        }
        if (is_kw(t, "exists") && toks_[k_ + 1].tok == Tok::lparen) {  // exists(x): x is not missing
          k_ += 2;
          SEGCORE_ASSIGN_OR_RETURN(int inner, or_expr());
          if (peek().tok != Tok::rparen) return expected("')'");
          std::size_t end = next().end;
          int m = unary(Op::is_missing, Kind::boolean, inner, t.begin, end);
          return unary(Op::not_, Kind::boolean, m, t.begin, end);
        }
        if (is_kw(t, "true") || is_kw(t, "false")) {
          ++k_;
          n.kind = Kind::boolean;
          n.num = is_kw(t, "true") ? 1 : 0;
          return add(std::move(n));
        }
        [[fallthrough]];
      case Tok::quoted_name: {
        ++k_;
        return field(t, std::move(n));
      }
      default:
        return expected("a field, a number, a string or '('");
    }
  }

  StatusOr<int> field(const Token& t, Node n) {
    auto it = std::find_if(schema_.begin(), schema_.end(), [&](const FieldSpec& f) { return f.name == t.text; });
    if (it == schema_.end()) {
      std::string best;
      std::size_t best_d = 3;  // suggest only close names
      for (const FieldSpec& f : schema_) {
        std::string a = absl::AsciiStrToLower(f.name), b = absl::AsciiStrToLower(t.text);
        // A typo, or a prefix of the name ('recency' for 'recency_days').
        std::size_t d = b.size() >= 3 && absl::StartsWith(a, b) ? 1 : edit_distance(a, b);
        if (d < best_d) best_d = d, best = f.name;
      }
      return absl::NotFoundError(absl::StrCat(at(t.begin), ": unknown field '", t.text, "'",
                                              best.empty() ? "" : absl::StrCat(" (did you mean '", best, "'?)")));
    }
    auto slot =
        std::find_if(prog_.fields.begin(), prog_.fields.end(), [&](const FieldSpec& f) { return f.name == t.text; });
    if (slot == prog_.fields.end()) slot = prog_.fields.insert(prog_.fields.end(), *it);
    n.op = Op::field;
    n.kind = it->type == ColumnType::text ? Kind::text : Kind::number;
    n.slot = static_cast<int>(slot - prog_.fields.begin());
    return add(std::move(n));
  }

  absl::string_view src_;
  const Schema& schema_;
  int line_, column_;
  std::vector<Token> toks_;
  std::size_t k_ = 0;
  int depth_ = 0;
  Program prog_;
};

}  // namespace

StatusOr<Program> parse_rule(absl::string_view text, const Schema& schema, int first_line, int first_column) {
  SEGCORE_RETURN_IF_ERROR(check_utf8(text, first_line, first_column));
  return Parser(text, schema, first_line, first_column).run();
}

}  // namespace rules_detail
SEGCORE_NAMESPACE_END
