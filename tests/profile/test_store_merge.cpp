// ProfileStore::merge and the store's byte form: stores of the slices of a stream, merged in
// slice order (directly or after travelling as bytes), equal the store of the whole stream.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

#include "model/container.hpp"
#include "segcore/model_file.hpp"
#include "segcore/profile.hpp"
#include "support/retail_sample.hpp"

using namespace segcore;

namespace {

const StoreSchema& kSchema = segcore_test::kRetailSchema;

const EventTable& sample() {
  static const EventTable events = [] {
    auto in = read_csv(SEGCORE_DATA_DIR "/online_retail_sample.csv", segcore_test::retail_options());
    REQUIRE(in.ok());
    return in->events;
  }();
  return events;
}

void add_row(ProfileStore& store, const EventTable& ev, std::size_t i) {
  REQUIRE(segcore_test::add_retail_row(store, ev, i).ok());
}

ProfileStore store_of(const std::vector<std::size_t>& rows) {
  ProfileStore s({}, kSchema);
  for (std::size_t i : rows) add_row(s, sample(), i);
  return s;
}

std::vector<std::uint8_t> bytes_of(const ProfileStore& s) {
  auto b = model_to_bytes(s);
  REQUIRE(b.ok());
  return *b;
}

ProfileStore from(const std::vector<std::uint8_t>& b) {
  auto s = model_from_bytes<ProfileStore>(b);
  REQUIRE_MESSAGE(s.ok(), std::string(s.status().message()));
  return *std::move(s);
}

// Same customers and columns (by id and name when `any_order`, else in the same order), types and values.
void check_same(const ProfileTable& a, const ProfileTable& b, bool any_order) {
  REQUIRE(a.size() == b.size());
  REQUIRE(a.columns.size() == b.columns.size());
  CHECK(a.as_of == b.as_of);
  std::map<std::string, std::size_t> pos;
  for (std::size_t i = 0; i < b.size(); ++i) pos[b.customer_id[i]] = i;
  if (!any_order) CHECK(a.customer_id == b.customer_id);
  for (std::size_t c = 0; c < a.columns.size(); ++c) {
    const ProfileColumn& x = a.columns[c];
    auto found = b.column(x.name);
    REQUIRE(found.ok());
    const ProfileColumn& y = **found;
    if (!any_order) REQUIRE(y.name == b.columns[c].name);
    REQUIRE(x.type == y.type);
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::size_t j = pos.at(a.customer_id[i]);
      bool same = x.valid[i] == y.valid[j];
      if (x.valid[i] && x.type == ColumnType::f64) same = same && x.f64[i] == y.f64[j];
      if (x.valid[i] && x.type == ColumnType::text) same = same && x.text[i] == y.text[j];
      if (x.valid[i] && (x.type == ColumnType::i64 || x.type == ColumnType::timestamp))
        same = same && x.i64[i] == y.i64[j];
      if (!same) FAIL("column ", x.name, ", customer ", a.customer_id[i]);
    }
  }
}

// Cuts rows into `parts` slices at random points (empty slices included).
std::vector<std::vector<std::size_t>> slices(const std::vector<std::size_t>& rows, int parts, std::mt19937& rng) {
  std::vector<std::size_t> cuts = {0, rows.size()};
  for (int k = 1; k < parts; ++k) cuts.push_back(std::uniform_int_distribution<std::size_t>(0, rows.size())(rng));
  std::sort(cuts.begin(), cuts.end());
  std::vector<std::vector<std::size_t>> out;
  for (std::size_t k = 0; k + 1 < cuts.size(); ++k)
    out.emplace_back(rows.begin() + cuts[k], rows.begin() + cuts[k + 1]);
  return out;
}

}  // namespace

TEST_CASE("profile store merge: slices of a stream merged in order equal the whole stream, as bytes too") {
  std::vector<std::size_t> rows(sample().rows());
  std::iota(rows.begin(), rows.end(), 0);
  std::mt19937 rng(7);
  for (int stream = 0; stream < 2; ++stream) {
    // The file's order, then a shuffled one: orders and customers split between slices.
    if (stream == 1) std::shuffle(rows.begin(), rows.end(), rng);
    const ProfileStore whole = store_of(rows);
    auto expected = whole.snapshot();
    REQUIRE(expected.ok());
    const std::vector<std::uint8_t> whole_bytes = bytes_of(whole);
    for (int parts = 1; parts <= 7; ++parts) {
      CAPTURE(stream);
      CAPTURE(parts);
      ProfileStore direct({}, kSchema), travelled({}, kSchema);
      for (const auto& part : slices(rows, parts, rng)) {
        const ProfileStore s = store_of(part);
        REQUIRE(direct.merge(s).ok());
        REQUIRE(travelled.merge(from(bytes_of(s))).ok());
      }
      auto a = direct.snapshot(), b = travelled.snapshot();
      REQUIRE(a.ok());
      REQUIRE(b.ok());
      check_same(*a, *expected, false);
      check_same(*b, *expected, false);
      CHECK(bytes_of(direct) == whole_bytes);
      CHECK(bytes_of(travelled) == whole_bytes);
    }
  }
}

TEST_CASE("profile store merge: rows dealt to parts at random give the same profiles") {
  std::mt19937 rng(11);
  for (int parts = 2; parts <= 5; ++parts) {
    std::vector<std::vector<std::size_t>> dealt(parts);
    for (std::size_t i = 0; i < sample().rows(); ++i)
      dealt[std::uniform_int_distribution<int>(0, parts - 1)(rng)].push_back(i);
    std::vector<std::size_t> all(sample().rows());
    std::iota(all.begin(), all.end(), 0);
    ProfileStore merged({}, kSchema);
    for (const auto& part : dealt) REQUIRE(merged.merge(store_of(part)).ok());
    auto a = merged.snapshot(), b = store_of(all).snapshot();
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    check_same(*a, *b, true);
  }
}

TEST_CASE("profile store bytes: a round trip keeps the state, adds and snapshots continue alike") {
  std::vector<std::size_t> first(sample().rows() / 2), rest(sample().rows() - first.size());
  std::iota(first.begin(), first.end(), 0);
  std::iota(rest.begin(), rest.end(), first.size());
  ProfileStore a = store_of(first);
  ProfileStore b = from(bytes_of(a));
  CHECK(bytes_of(b) == bytes_of(a));
  for (std::size_t i : rest) add_row(a, sample(), i), add_row(b, sample(), i);
  auto sa = a.snapshot(), sb = b.snapshot();
  REQUIRE(sa.ok());
  REQUIRE(sb.ok());
  check_same(*sa, *sb, false);
  // An empty store travels too.
  const ProfileStore empty({}, kSchema);
  CHECK(from(bytes_of(empty)).customers() == 0);
}

TEST_CASE("profile store merge and bytes: bad input is refused and changes nothing") {
  ProfileStore a;
  REQUIRE(a.add("x", 1000, 5, "o1").ok());
  SUBCASE("schemas must match") {
    ProfileStore other({}, kSchema);
    const Status st = a.merge(other);
    CHECK(st.code() == absl::StatusCode::kInvalidArgument);
    CHECK(std::string(st.message()).find("schemas differ") != std::string::npos);
  }
  SUBCASE("not into itself") { CHECK(a.merge(a).code() == absl::StatusCode::kInvalidArgument); }
  SUBCASE("an order total beyond 9.2e12") {
    ProfileStore big, sum;
    for (int k = 0; k < 9; ++k) REQUIRE(big.add("x", 2000, 1e12, "o1").ok());
    for (int k = 0; k < 9; ++k) REQUIRE(sum.add("x", 500, 1e12, "o1").ok());
    const auto before = bytes_of(sum);
    CHECK(sum.merge(big).code() == absl::StatusCode::kOutOfRange);
    CHECK(bytes_of(sum) == before);
  }
  SUBCASE("every truncation and every flipped byte of an image is refused") {
    const auto image = bytes_of(store_of({0, 1, 2, 3, 4, 5}));
    for (std::size_t n = 0; n < image.size(); ++n) {
      auto cut = std::vector<std::uint8_t>(image.begin(), image.begin() + static_cast<std::ptrdiff_t>(n));
      CHECK_FALSE(model_from_bytes<ProfileStore>(cut).ok());
    }
    for (std::size_t i = 0; i < image.size(); ++i) {
      auto bad = image;
      bad[i] ^= 0x40;
      CHECK_FALSE(model_from_bytes<ProfileStore>(bad).ok());
    }
  }
}

// Past the checksum (the image resealed after the change), a payload either is refused or
// loads into a store whose own bytes are that payload: no two byte forms of one store, so no
// form the writer could not have made (two order ids on one order, counts out of order).
TEST_CASE("profile store bytes: a changed payload is refused or is the loaded store's own") {
  using model_detail::kChecksumSize;
  using model_detail::kHeaderSize;
  const auto image = bytes_of(store_of({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  const std::vector<std::uint8_t> payload(image.begin() + kHeaderSize, image.end() - kChecksumSize);
  std::mt19937_64 rng(7);
  int loaded = 0;
  for (int trial = 0; trial < 4000; ++trial) {
    auto changed = payload;
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) changed[rng() % changed.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
    auto store = model_from_bytes<ProfileStore>(model_detail::seal(ModelKind::profile_store, changed));
    if (!store.ok()) continue;
    ++loaded;
    const auto again = bytes_of(*store);
    const std::vector<std::uint8_t> again_payload(again.begin() + kHeaderSize, again.end() - kChecksumSize);
    std::size_t at = 0;
    while (at < changed.size() && at < again_payload.size() && changed[at] == again_payload[at]) ++at;
    REQUIRE_MESSAGE(again_payload == changed, "trial ", trial, ": first difference at payload byte ", at, " of ",
                    changed.size());
    // A loaded store answers and takes events, whatever it holds (run under ASan and UBSan too).
    (void)store->snapshot();
    const StoreSchema& schema = store->schema();
    const std::vector<absl::string_view> cats(schema.categories.size(), "c"), atts(schema.attributes.size(), "a");
    const std::vector<double> nums(schema.numerics.size(), 1.0);
    (void)store->add(Event{"z", 1'700'000'000, 1.0, "o", cats, atts, nums});
    (void)store->snapshot();
  }
  CHECK(loaded > 0);  // some changes (amounts, times) make another valid store
}

TEST_CASE("profile store: a whole event table is added in row order, all or none") {
  std::vector<std::size_t> rows(sample().rows());
  std::iota(rows.begin(), rows.end(), 0);
  ProfileStore whole({}, kSchema);
  CHECK_FALSE(whole.latest_event().has_value());
  REQUIRE(whole.add(sample()).ok());
  CHECK(bytes_of(whole) == bytes_of(store_of(rows)));
  CHECK(*whole.latest_event() == *std::max_element(sample().timestamp.begin(), sample().timestamp.end()));

  ProfileStore plain;
  CHECK(plain.add(sample()).code() == absl::StatusCode::kInvalidArgument);  // the table has extra columns
  std::vector<std::int64_t> customer(10, 1), time(10), order(10, 7);
  std::iota(time.begin(), time.end(), 1000);
  std::vector<double> amount(10, 1e12);
  auto big = events_from_arrays(customer, time, amount, order);
  REQUIRE(big.ok());
  REQUIRE(plain.add("1", 10, 1, "7").ok());
  const auto before = bytes_of(plain);
  const Status st = plain.add(*big);
  CHECK(st.code() == absl::StatusCode::kOutOfRange);
  CHECK(std::string(st.message()).find("row 9") != std::string::npos);
  CHECK(bytes_of(plain) == before);
}
