#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "segcore/identity.hpp"
#include "segcore/privacy.hpp"

using namespace segcore;

namespace {

std::string bytes(std::size_t n, unsigned char c) { return std::string(n, static_cast<char>(c)); }

}  // namespace

TEST_CASE("pseudonyms: HMAC-SHA-256 matches the RFC 4231 test vectors") {
  if (!pseudonyms_available()) {
    CHECK(pseudonymize("k", "v").status().code() == absl::StatusCode::kUnimplemented);
    return;
  }
  std::string key4;
  for (int i = 1; i <= 25; ++i) key4 += static_cast<char>(i);
  struct Case {
    std::string key, data, mac;
  };
  const Case cases[] = {
      {bytes(20, 0x0b), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {bytes(20, 0xaa), bytes(50, 0xdd), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
      {key4, bytes(50, 0xcd), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
      {bytes(131, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
      {bytes(131, 0xaa),
       "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be "
       "hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
  };
  for (const Case& c : cases) {
    auto got = pseudonymize(c.key, c.data);
    REQUIRE_MESSAGE(got.ok(), std::string(got.status().message()));
    CHECK(*got == c.mac);
  }
  CHECK(absl::IsInvalidArgument(pseudonymize("", "v").status()));
}

TEST_CASE("pseudonyms: column-wise results do not depend on threads or block boundaries") {
  if (!pseudonyms_available()) return;
  std::mt19937 rng(3);
  std::vector<std::string> owned;
  for (std::size_t n : {0, 1, 4095, 4096, 4097, 9000}) {
    owned.resize(n);
    for (std::string& s : owned) {
      s.resize(rng() % 40);
      for (char& ch : s) ch = static_cast<char>(rng());
    }
    std::vector<absl::string_view> values(owned.begin(), owned.end());
    std::vector<std::string> one(n), many(n);
    REQUIRE(pseudonymize("secret key", values, std::span<std::string>(one), 1).ok());
    REQUIRE(pseudonymize("secret key", values, std::span<std::string>(many), 3).ok());
    CHECK(one == many);
    for (std::size_t i = 0; i < n; i += 997) CHECK(one[i] == *pseudonymize("secret key", values[i]));
  }
  std::vector<absl::string_view> v = {"a", "b"};
  std::vector<std::string> out(1);
  CHECK(absl::IsInvalidArgument(pseudonymize("k", v, std::span<std::string>(out))));
  out.resize(2);
  CHECK(absl::IsInvalidArgument(pseudonymize("k", v, std::span<std::string>(out), -1)));
}

TEST_CASE("pseudonyms: identifiers are normalised first, so one person's forms share a pseudonym") {
  if (!pseudonyms_available()) return;
  const std::string key = "0123456789abcdef0123456789abcdef";
  std::vector<absl::string_view> emails = {"Ann@Example.COM", " ann@example.com ", "bob@example.com", "not an email",
                                           "  "};
  std::vector<std::string> e(emails.size());
  auto rejected = pseudonymize_identifiers(key, IdKind::email, emails, std::span<std::string>(e));
  REQUIRE(rejected.ok());
  CHECK(*rejected == 1);
  CHECK(e[0] == e[1]);
  CHECK(e[0] == *pseudonymize(key, "ann@example.com"));
  CHECK(e[0] != e[2]);
  CHECK(e[3].empty());
  CHECK(e[4].empty());
  CHECK(e[0].size() == kPseudonymLength);
  CHECK(e[0].find_first_not_of("0123456789abcdef") == std::string::npos);

  std::vector<absl::string_view> phones = {"07700 900123", "+44 7700-900123", "(0044) 7700 900 123"};
  std::vector<std::string> p(phones.size());
  REQUIRE(*pseudonymize_identifiers(key, IdKind::phone, phones, std::span<std::string>(p), "44") == 0);
  CHECK(p[0] == p[1]);
  CHECK(p[0] == p[2]);
  CHECK(p[0] == *pseudonymize(key, "+447700900123"));
  // Another key, other pseudonyms.
  std::vector<std::string> p2(phones.size());
  REQUIRE(pseudonymize_identifiers("another key", IdKind::phone, phones, std::span<std::string>(p2), "44").ok());
  CHECK(p2[0] != p[0]);

  // Identity resolution over the pseudonyms links what it links over the plain values.
  IdentityResolver plain("44"), hashed("", true);
  const std::vector<std::vector<Identifier>> records = {
      {{IdKind::email, "Ann@Example.COM"}},
      {{IdKind::email, " ann@example.com "}, {IdKind::phone, "07700 900123"}},
      {{IdKind::phone, "+44 7700-900123"}},
      {{IdKind::email, "bob@example.com"}},
  };
  for (const auto& rec : records) {
    REQUIRE(plain.add_record(rec).ok());
    std::vector<std::string> owned;
    std::vector<Identifier> pseudo;
    owned.reserve(rec.size());
    for (const Identifier& id : rec) {
      std::vector<absl::string_view> one = {id.value};
      std::vector<std::string> out(1);
      REQUIRE(pseudonymize_identifiers(key, id.kind, one, std::span<std::string>(out), "44").ok());
      owned.push_back(out[0]);
      pseudo.push_back({id.kind, owned.back()});
    }
    REQUIRE(hashed.add_record(pseudo).ok());
  }
  const IdentityResult a = plain.resolve(), b = hashed.resolve();
  CHECK(a.customer == b.customer);
  CHECK(b.n_customers == 2);
  REQUIRE(b.links.size() == a.links.size());
  CHECK(b.links[0].value == *pseudonymize(key, "ann@example.com"));
  CHECK(b.rejected.empty());
  // An erasure request names the person by the pseudonym.
  auto gone = hashed.erase({IdKind::phone, *pseudonymize(key, "+447700900123")});
  REQUIRE(gone.ok());
  CHECK(gone->records == 3);
}
