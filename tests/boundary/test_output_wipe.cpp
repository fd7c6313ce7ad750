// Pseudonymisation leaves no plain identifier in freed memory: every heap block freed during
// pseudonymize_identifiers is scanned for the identifiers (as given, trimmed and normalised)
// before it goes back to the allocator. Its own program: it replaces operator new and delete.
#include <malloc.h>

#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "segcore/privacy.hpp"

namespace {

// Plain texts to look for, in fixed buffers (the scan must not allocate).
constexpr int kMaxNeedles = 32;
char g_needles[kMaxNeedles][96];
int g_n_needles = 0;
std::atomic<bool> g_armed{false};
std::atomic<int> g_found{0};
char g_first[96];

void scan(const void* p, std::size_t size) {
  if (p == nullptr || !g_armed.load(std::memory_order_relaxed)) return;
  for (int k = 0; k < g_n_needles; ++k)
    if (::memmem(p, size, g_needles[k], std::strlen(g_needles[k])) != nullptr && g_found.fetch_add(1) == 0)
      std::memcpy(g_first, g_needles[k], sizeof g_first);
}

void add_needle(std::string text) {
  if (text.size() < 16 || text.size() >= sizeof g_needles[0] || g_n_needles == kMaxNeedles)
    return;  // short ones live in the string itself, not the heap
  std::memcpy(g_needles[g_n_needles++], text.c_str(), text.size() + 1);
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trimmed(const std::string& s) {
  const std::size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

int check(const char* what, segcore::IdKind kind, const std::vector<std::string>& plain) {
  g_n_needles = 0;
  for (const std::string& v : plain) add_needle(v), add_needle(trimmed(v)), add_needle(lower(trimmed(v)));
  // The caller's values as fixed buffers: the test's own strings are not freed while armed.
  static char buffers[8][96];
  std::vector<absl::string_view> values;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    std::memcpy(buffers[i], plain[i].c_str(), plain[i].size() + 1);
    values.emplace_back(buffers[i], plain[i].size());
  }
  std::vector<std::string> out(values.size());
  out.reserve(values.size());
  const std::string key(32, 'k');
  g_found = 0;
  g_armed = true;
  auto rejected = segcore::pseudonymize_identifiers(key, kind, values, out, "44", 1);
  g_armed = false;
  if (!rejected.ok()) {
    std::printf("FAIL %s: %s\n", what, std::string(rejected.status().message()).c_str());
    return 1;
  }
  if (g_found.load() != 0) {
    std::printf("FAIL %s: %d freed blocks held a plain identifier, e.g. '%s'\n", what, g_found.load(), g_first);
    return 1;
  }
  std::printf("ok   %s (%zu rejected)\n", what, *rejected);
  return 0;
}

}  // namespace

// Every block starts zeroed, so that text found in it at free was written during its life,
// not left by an earlier owner.
void* operator new(std::size_t n) {
  if (void* p = std::malloc(n == 0 ? 1 : n)) return std::memset(p, 0, malloc_usable_size(p));
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete(void* p) noexcept {
  scan(p, p ? malloc_usable_size(p) : 0);
  std::free(p);
}
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { operator delete(p); }

int main() {
  if (!segcore::pseudonyms_available()) {
    std::printf("skipped: this build has no libcrypto\n");
    return 77;  // Meson's "skipped"
  }
  int failures = 0;
  failures += check("emails, accepted and rejected", segcore::IdKind::email,
                    {"  Wipe.Canary.Person-One@Example.COM  ", "wipe.canary.rejected-address-without-an-at-sign",
                     "wipe.canary@two@ats.example.com"});
  failures +=
      check("phones, accepted and rejected", segcore::IdKind::phone,
            {"  +44 (7700) 900-123   ", "+44 7700 900123 extension wipe-canary", "0044 7700 900 123 / 4 / 5 / 6"});
  failures += check("CRM ids", segcore::IdKind::crm_id, {"   wipe-canary-crm-identifier-0042   "});
  return failures == 0 ? 0 : 1;
}
