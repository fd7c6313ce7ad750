// The bad-input matrix: one row per case, driven through the C ABI, so that the status code
// and the message are the contract under test.
#pragma once

#include <string>
#include <vector>

namespace badinput {

// One bad input. `call` makes the call (and any objects it needs, freed before it returns)
// and returns the status of the call under test. Every fragment must appear in
// segcore_last_error_message() afterwards: together they say what was wrong and where
// (the function, and the row, column, line or argument). An expected SEGCORE_OK means the
// input is accepted; the call then checks the documented outcome itself and returns
// kWrongOutcome when it is not met.
struct Case {
  const char* area;
  const char* name;
  int expected;
  std::vector<const char*> fragments;
  int (*call)();
};

// Returned by a call whose input was accepted but whose result is not what the docs say.
constexpr int kWrongOutcome = -1000;

const std::vector<Case>& cases();

// The Markdown table the docs show, generated from cases().
std::string markdown_table();

}  // namespace badinput
