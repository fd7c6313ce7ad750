#include "args.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

namespace segcore_cli {

Args::Args(std::string command, std::string synopsis, std::string description)
    : command_(std::move(command)), synopsis_(std::move(synopsis)), description_(std::move(description)) {
  flags_.push_back({"help", "", "show this help and exit"});
}

Args& Args::add(std::vector<Flag> flags) {
  for (auto& f : flags) flags_.push_back(std::move(f));
  return *this;
}

const Flag* Args::find(const std::string& name) const {
  for (const Flag& f : flags_)
    if (f.name == name) return &f;
  return nullptr;
}

void Args::parse(int argc, char** argv, int first) {
  for (int i = first; i < argc; ++i) {
    std::string a = argv[i];
    if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
      positional_.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    const auto eq = name.find('=');
    const bool inline_value = eq != std::string::npos;
    if (inline_value) value = name.substr(eq + 1), name.resize(eq);
    const Flag* flag = find(name);
    if (!flag) throw UsageError("unknown option --" + name + " (see: segcore " + command_ + " --help)");
    if (has(name)) throw UsageError("--" + name + " is given twice");
    if (flag->value.empty()) {
      if (inline_value) throw UsageError("--" + name + " takes no value");
    } else if (!inline_value) {
      if (i + 1 >= argc) throw UsageError("--" + name + " needs a value (" + flag->value + ")");
      value = argv[++i];
    }
    given_.emplace_back(name, value);
  }
}

std::string Args::help() const {
  std::ostringstream out;
  out << "usage: segcore " << command_ << " " << synopsis_ << "\n\n" << description_ << "\n\noptions:\n";
  for (const Flag& f : flags_) {
    std::string left = "  --" + f.name + (f.value.empty() ? "" : " " + f.value);
    out << left;
    if (left.size() < 26)
      out << std::string(26 - left.size(), ' ');
    else
      out << "\n" << std::string(26, ' ');
    out << f.help << "\n";
  }
  return out.str();
}

bool Args::has(const std::string& name) const { return get(name).has_value(); }

std::optional<std::string> Args::get(const std::string& name) const {
  for (const auto& [n, v] : given_)
    if (n == name) return v;
  return std::nullopt;
}

std::string Args::get_or(const std::string& name, const std::string& fallback) const {
  return get(name).value_or(fallback);
}

std::optional<double> parse_number(const std::string& text) {
  double x = 0;
  const char* end = text.data() + text.size();
  auto [p, ec] = std::from_chars(text.data(), end, x);
  if (text.empty() || ec != std::errc() || p != end || !std::isfinite(x)) return std::nullopt;
  return x;
}

long long Args::get_int(const std::string& name, long long fallback, long long min, long long max) const {
  auto v = get(name);
  if (!v) return fallback;
  long long x = 0;
  const char* end = v->data() + v->size();
  auto [p, ec] = std::from_chars(v->data(), end, x);
  if (v->empty() || ec != std::errc() || p != end)
    throw UsageError("--" + name + ": '" + *v + "' is not a whole number");
  if (x < min || x > max)
    throw UsageError("--" + name + ": " + *v + " is out of range [" + std::to_string(min) + ", " + std::to_string(max) +
                     "]");
  return x;
}

double Args::get_double(const std::string& name, double fallback) const {
  auto v = get(name);
  if (!v) return fallback;
  auto x = parse_number(*v);
  if (!x) throw UsageError("--" + name + ": '" + *v + "' is not a finite number");
  return *x;
}

std::vector<std::string> Args::get_list(const std::string& name) const {
  std::vector<std::string> out;
  auto v = get(name);
  if (!v) return out;
  std::string item;
  std::istringstream in(*v);
  while (std::getline(in, item, ','))
    if (!item.empty()) out.push_back(item);
  if (out.empty()) throw UsageError("--" + name + " is empty");
  return out;
}

std::vector<double> Args::get_numbers(const std::string& name) const {
  std::vector<double> out;
  for (const std::string& s : get_list(name)) {
    auto x = parse_number(s);
    if (!x) throw UsageError("--" + name + ": '" + s + "' is not a finite number");
    out.push_back(*x);
  }
  return out;
}

std::string Args::get_choice(const std::string& name, const std::vector<std::string>& choices,
                             const std::string& fallback) const {
  auto v = get(name);
  if (!v) return fallback;
  std::string listed;
  for (const std::string& c : choices) {
    if (*v == c) return c;
    listed += (listed.empty() ? "" : ", ") + c;
  }
  throw UsageError("--" + name + ": '" + *v + "' is not one of " + listed);
}

void Args::exclusive(const std::vector<std::string>& names) const {
  const std::string* first = nullptr;
  for (const std::string& n : names) {
    if (!has(n)) continue;
    if (first) throw UsageError("--" + *first + " and --" + n + " cannot be used together");
    first = &n;
  }
}

}  // namespace segcore_cli
