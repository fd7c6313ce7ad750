// The compiled form of a rule: a typed expression tree stored as a flat node array (children
// before parents), evaluated per block of rows (eval_block.cpp) or per profile (eval_one.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "segcore/rules.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace rules_detail {

enum class Kind : std::uint8_t { number, text, boolean };

enum class Op : std::uint8_t {
  field,     // slot: number or text by kind
  constant,  // num / str / boolean (num != 0)
  neg,
  add,
  sub,
  mul,
  div,
  lt,
  le,
  gt,
  ge,
  eq,
  ne,  // numbers; eq and ne also compare texts
  in,  // a in (nums / strs)
  contains,
  starts_with,  // texts
  is_missing,   // any kind
  days_since,   // (as_of - a) / 86400
  not_,
  and_,
  or_,
};

struct Node {
  Op op = Op::constant;
  Kind kind = Kind::number;
  int a = -1, b = -1;  // children
  int slot = -1;       // field slot
  double num = 0;
  std::string str;
  std::vector<double> nums;  // `in` lists (sorted)
  std::vector<std::string> strs;
  std::size_t begin = 0, end = 0;  // source span, for explain
};

struct Program {
  std::string text;
  std::vector<FieldSpec> fields;  // slot order
  std::vector<Node> nodes;
  int root = -1;
  bool uses_as_of = false;  // has days_since()
};

// Parses and checks `text`; line/column numbers in errors start at first_line/first_column.
StatusOr<Program> parse_rule(absl::string_view text, const Schema& schema, int first_line = 1, int first_column = 1);

// Rows per block: small enough that a block's scratch stays in L1/L2.
constexpr std::size_t kBlock = 2048;

// Scratch for one task: arrays of kBlock entries for the nodes that need them (a field or
// constant compared with a constant is read in place and gets none), allocated without
// zeroing so a task's set-up costs no more than the memory it touches.
struct Scratch {
  std::unique_ptr<double[]> num;             // number nodes: values
  std::unique_ptr<std::uint8_t[]> mask;      // number: valid; boolean: true, then known
  std::vector<std::size_t> num_at, mask_at;  // per node: offsets (npos: none)
  // Per condition node: whether a parent reads its known mask (only `not` and `is missing`
  // do, through and/or). Where none does, and/or compute the true mask alone.
  std::vector<char> want_known;
  std::vector<const ColumnView*> columns;  // per slot
  double as_of = 0;
  bool has_as_of = false;
  void reserve(const Program& p);
};

// Blocks per parallel task for a table of `blocks` blocks.
std::size_t task_blocks(std::size_t blocks);

// Binds the program's slots to the table's columns by name, checking types.
Status bind(const Program& p, const TableView& table, std::vector<const ColumnView*>& out);

// Evaluates rows [begin, end) (at most kBlock) into out[0 .. end-begin): 1 true, 0 otherwise.
void eval_block(const Program& p, Scratch& s, std::size_t begin, std::size_t end, std::uint8_t* out);

// as_of may be null (days_since() is then missing).
Truth eval_one(const Program& p, const FieldValue* values, const double* as_of);
// The outcome of one condition node (for explain).
Truth eval_node(const Program& p, const FieldValue* values, const double* as_of, int node);

std::string explain_one(const Program& p, const FieldValue* values, const double* as_of);

}  // namespace rules_detail
SEGCORE_NAMESPACE_END
