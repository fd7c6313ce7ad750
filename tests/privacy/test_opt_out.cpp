#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "segcore/privacy.hpp"
#include "segcore/profile.hpp"

using namespace segcore;

namespace {

CsvOptions options() {
  CsvOptions o;
  o.columns = {.customer = "customer_id",
               .timestamp = "timestamp",
               .amount = "amount",
               .quantity = "",
               .price = "",
               .order = "order_id",
               .categories = {"channel"},
               .attributes = {"city"},
               .numerics = {"score"}};
  return o;
}

const char* kEvents =
    "customer_id,timestamp,amount,order_id,channel,city,score\n"
    "c1,100,10,o1,web,Oslo,1\n"
    "c2,110,20,o2,shop,Rome,2\n"  // c2 alone uses 'shop' and 'Rome'
    "c1,120,5,o1,web,Oslo,\n"
    "c3,130,7,o3,app,Lima,3\n"
    "c2,140,1,o4,app,Rome,4\n"
    "c4,150,3,o5,shop,Kiev,5\n"  // 'shop' comes back later, after 'app'
    "c3,160,2,o6,web,Lima,6\n";

EventTable read(const std::string& text) {
  auto r = parse_csv(text, options(), "events");
  REQUIRE_MESSAGE(r.ok(), std::string(r.status().message()));
  return std::move(r->events);
}

}  // namespace

TEST_CASE("opt-out: the table without the listed customers equals one read without their rows") {
  EventTable ev = read(kEvents);
  const OptOutReport r = exclude_customers(ev, {"c2", "nobody"});
  CHECK(r.listed == 2);
  CHECK(r.customers == 1);
  CHECK(r.rows == 2);
  const EventTable want = read(
      "customer_id,timestamp,amount,order_id,channel,city,score\n"
      "c1,100,10,o1,web,Oslo,1\n"
      "c1,120,5,o1,web,Oslo,\n"
      "c3,130,7,o3,app,Lima,3\n"
      "c4,150,3,o5,shop,Kiev,5\n"
      "c3,160,2,o6,web,Lima,6\n");
  CHECK(ev.customer.values == want.customer.values);
  CHECK(ev.customer.codes == want.customer.codes);
  CHECK(ev.timestamp == want.timestamp);
  CHECK(ev.amount == want.amount);
  CHECK(ev.order.values == want.order.values);
  CHECK(ev.order.codes == want.order.codes);
  CHECK(ev.categories[0].values == want.categories[0].values);  // web, app, shop: by first appearance
  CHECK(ev.categories[0].codes == want.categories[0].codes);
  CHECK(ev.attributes[0].values == want.attributes[0].values);  // Rome is gone
  CHECK(ev.attributes[0].codes == want.attributes[0].codes);
  REQUIRE(ev.numerics[0].values.size() == want.numerics[0].values.size());
  for (std::size_t i = 0; i < ev.rows(); ++i)
    CHECK((ev.numerics[0].values[i] == want.numerics[0].values[i] ||
           (std::isnan(ev.numerics[0].values[i]) && std::isnan(want.numerics[0].values[i]))));
  // Profiles built from it have no trace of c2.
  auto t = build_profiles(ev);
  REQUIRE(t.ok());
  CHECK(t->customer_id == std::vector<std::string>{"c1", "c3", "c4"});

  // An empty list or one naming nobody changes nothing.
  EventTable same = read(kEvents);
  const OptOutReport none = exclude_customers(same, {});
  CHECK(none.customers == 0);
  CHECK(same.rows() == 7);
  // Every customer listed: an empty table.
  EventTable all = read(kEvents);
  CHECK(exclude_customers(all, {"c1", "c2", "c3", "c4"}).rows == 7);
  CHECK(all.rows() == 0);
  CHECK(all.customer.values.empty());
  CHECK(all.categories[0].values.empty());
}

TEST_CASE("opt-out: list files") {
  const std::filesystem::path path = std::filesystem::temp_directory_path() / "segcore_test_opt_out.txt";
  {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBF# customers who opted out\r\n c2 \r\n\r\nc9\n#c1\n";
  }
  auto ids = read_opt_out_file(path.string());
  REQUIRE(ids.ok());
  CHECK(*ids == absl::flat_hash_set<std::string>{"c2", "c9"});
  std::filesystem::remove(path);
  auto missing = read_opt_out_file(path.string());
  CHECK(absl::IsNotFound(missing.status()));
  CHECK(std::string(missing.status().message()).find("no such file") != std::string::npos);
}
