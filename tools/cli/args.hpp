// Command-line flags: each command declares the flags it accepts, with help, and parses argv
// against them. Unknown flags, missing values and flags given twice are usage errors.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "segcore/names.hpp"

namespace segcore_cli {

// A mistake in how the command was called (exit code 2); other failures are CliError (1).
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct CliError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Flag {
  std::string name;   // without the leading "--"
  std::string value;  // placeholder shown in help ("N", "FILE"); empty for a switch
  std::string help;
};

class Args {
 public:
  Args(std::string command, std::string synopsis, std::string description);

  Args& add(std::vector<Flag> flags);
  // Parses argv[first..argc). "--name value", "--name=value" and "--switch" are accepted;
  // anything not starting with "--" is positional ("-" alone too).
  void parse(int argc, char** argv, int first);

  bool help_requested() const { return has("help"); }
  std::string help() const;

  bool has(const std::string& name) const;
  std::optional<std::string> get(const std::string& name) const;
  std::string get_or(const std::string& name, const std::string& fallback) const;
  long long get_int(const std::string& name, long long fallback, long long min, long long max) const;
  double get_double(const std::string& name, double fallback) const;
  // A comma-separated value as a list; empty when the flag is absent.
  std::vector<std::string> get_list(const std::string& name) const;
  std::vector<double> get_numbers(const std::string& name) const;
  // One of `choices`, or fallback when absent.
  std::string get_choice(const std::string& name, const std::vector<std::string>& choices,
                         const std::string& fallback) const;
  // One of E's names (segcore/names.hpp), or fallback when absent.
  // "a | b | c (default b)": E's names for a flag's help.
  template <class E>
  static std::string choices_help(E fallback) {
    std::string text;
    for (const segcore::EnumName<E>& n : segcore::enum_names<E>())
      text += (text.empty() ? "" : " | ") + std::string(n.name);
    return text + " (default " + std::string(segcore::enum_name(fallback)) + ")";
  }
  template <class E>
  E get_enum(const std::string& name, E fallback) const {
    std::vector<std::string> choices;
    for (const segcore::EnumName<E>& n : segcore::enum_names<E>()) choices.emplace_back(n.name);
    return *segcore::parse_enum<E>(get_choice(name, choices, std::string(segcore::enum_name(fallback))));
  }

  const std::vector<std::string>& positional() const { return positional_; }
  const std::string& command() const { return command_; }

  // Usage error unless at most one of the named flags is given.
  void exclusive(const std::vector<std::string>& names) const;

 private:
  const Flag* find(const std::string& name) const;

  std::string command_, synopsis_, description_;
  std::vector<Flag> flags_;
  std::vector<std::pair<std::string, std::string>> given_;
  std::vector<std::string> positional_;
};

// Parses a number exactly (the whole text); nullopt otherwise.
std::optional<double> parse_number(const std::string& text);

}  // namespace segcore_cli
