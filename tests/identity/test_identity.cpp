#include <doctest/doctest.h>

#include "segcore/identity.hpp"

using namespace segcore;

TEST_CASE("identity: email normalisation and validation") {
  CHECK(*normalize_email("  John.Doe+News@Example.COM ") == "john.doe+news@example.com");
  CHECK_FALSE(normalize_email("john.example.com").ok());
  CHECK_FALSE(normalize_email("a@b@c.com").ok());
  CHECK_FALSE(normalize_email("@example.com").ok());
  CHECK_FALSE(normalize_email("john@localhost").ok());
  CHECK_FALSE(normalize_email("john@example..com").ok());
  CHECK_FALSE(normalize_email("jo hn@example.com").ok());
  CHECK(std::string(normalize_email("x@y").status().message()).find("no '.'") != std::string::npos);
}

TEST_CASE("identity: phone normalisation") {
  CHECK(*normalize_phone("+44 20 7946-0958") == "+442079460958");
  CHECK(*normalize_phone("0044 20 7946 0958") == "+442079460958");
  CHECK(*normalize_phone("020 7946 0958", "44") == "+442079460958");
  CHECK(*normalize_phone("(555) 123-4567", "1") == "+15551234567");
  CHECK_FALSE(normalize_phone("020 7946 0958").ok());  // no country
  CHECK_FALSE(normalize_phone("+12").ok());
  CHECK_FALSE(normalize_phone("+44 20 79x6").ok());
}

TEST_CASE("identity: records sharing any identifier become one customer, with the links kept") {
  IdentityResolver r("44");
  using K = IdKind;
  Identifier r0[] = {{K::email, "Ann@Example.com"}, {K::crm_id, "C1"}};
  Identifier r1[] = {{K::phone, "07700 900123"}};
  Identifier r2[] = {{K::email, "ann@example.com "}, {K::phone, "+44 7700 900123"}};  // joins 0 and 1
  Identifier r3[] = {{K::cookie_id, "ck-9"}, {K::email, "not-an-email"}};
  Identifier r4[] = {{K::crm_id, "C1"}, {K::device_id, ""}};  // redundant link to 0
  Identifier r5[] = {{K::cookie_id, "ck-9"}};
  for (auto rec : {std::span<const Identifier>(r0), std::span<const Identifier>(r1), std::span<const Identifier>(r2),
                   std::span<const Identifier>(r3), std::span<const Identifier>(r4), std::span<const Identifier>(r5)})
    REQUIRE(r.add_record(rec).ok());
  const IdentityResult res = r.resolve();
  CHECK(res.customer == std::vector<std::uint32_t>{0, 0, 0, 1, 0, 1});
  CHECK(res.n_customers == 2);
  REQUIRE(res.links.size() == 4);
  CHECK(res.links[0].record_a == 0);
  CHECK(res.links[0].record_b == 2);
  CHECK(res.links[0].kind == K::email);
  CHECK(res.links[0].value == "ann@example.com");
  CHECK(res.links[1].record_a == 1);
  CHECK(res.links[1].kind == K::phone);
  CHECK(res.links[1].value == "+447700900123");
  CHECK(res.links[2].kind == K::crm_id);
  CHECK(res.links[3].kind == K::cookie_id);
  CHECK(res.redundant_links == 0);
  REQUIRE(res.rejected.size() == 1);
  CHECK(res.rejected[0].record == 3);
  // Same records in another order: same groups.
  IdentityResolver back("44");
  for (auto rec : {std::span<const Identifier>(r5), std::span<const Identifier>(r4), std::span<const Identifier>(r3),
                   std::span<const Identifier>(r2), std::span<const Identifier>(r1), std::span<const Identifier>(r0)})
    REQUIRE(back.add_record(rec).ok());
  const IdentityResult b = back.resolve();
  CHECK(b.n_customers == 2);
  CHECK(b.customer == std::vector<std::uint32_t>{0, 1, 0, 1, 1, 1});
}
