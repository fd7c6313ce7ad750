// The C++ name tables (segcore/names.hpp) against the C constants of the same names: each C++
// name has the C constant SEGCORE_<PREFIX>_<NAME> of the same value, and each table is
// complete. (tests/cli/test_names_across_layers.py reads every table and checks the C constants,
// the CLI and Python against it.)
#include <doctest/doctest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "segcore.h"
#include "segcore_analysis.h"
#include "segcore_cluster.h"
#include "segcore_clv.h"
#include "segcore_profile.h"
#include "segcore_rules.h"
#include "segcore/names.hpp"

namespace {

// Every (name, C value) of one C enum, against E's table.
template <class E>
void check_names(const std::vector<std::pair<std::string_view, int>>& c_constants) {
  CHECK(segcore::enum_names<E>().size() == c_constants.size());
  for (const auto& [name, value] : c_constants) {
    CAPTURE(name);
    const auto parsed = segcore::parse_enum<E>(name);
    REQUIRE(parsed.has_value());
    CHECK(static_cast<int>(*parsed) == value);
    CHECK(segcore::enum_name(*parsed) == name);
  }
}

}  // namespace

TEST_CASE("each C++ enum name is the C constant's name, with the same value") {
  check_names<segcore::TimestampFormat>({{"auto", SEGCORE_TIMESTAMP_AUTO},
                                         {"iso8601", SEGCORE_TIMESTAMP_ISO8601},
                                         {"mdy", SEGCORE_TIMESTAMP_MDY},
                                         {"epoch", SEGCORE_TIMESTAMP_EPOCH},
                                         {"yyyymmdd", SEGCORE_TIMESTAMP_YYYYMMDD},
                                         {"dmy", SEGCORE_TIMESTAMP_DMY}});
  check_names<segcore::IngestMode>({{"strict", SEGCORE_INGEST_STRICT}, {"lenient", SEGCORE_INGEST_LENIENT}});
  check_names<segcore::DuplicatePolicy>({{"report", SEGCORE_DUPLICATES_REPORT},
                                         {"drop", SEGCORE_DUPLICATES_DROP},
                                         {"ignore", SEGCORE_DUPLICATES_IGNORE}});
  check_names<segcore::RfmMode>(
      {{"quantile", SEGCORE_RFM_QUANTILE}, {"rank", SEGCORE_RFM_RANK}, {"fixed", SEGCORE_RFM_FIXED}});
  check_names<segcore::ScalerKind>(
      {{"standard", SEGCORE_SCALER_STANDARD}, {"minmax", SEGCORE_SCALER_MINMAX}, {"robust", SEGCORE_SCALER_ROBUST}});
  check_names<segcore::KMeansAlgorithm>({{"lloyd", SEGCORE_KMEANS_LLOYD}, {"hamerly", SEGCORE_KMEANS_HAMERLY}});
  check_names<segcore::Linkage>({{"ward", SEGCORE_LINKAGE_WARD},
                                 {"complete", SEGCORE_LINKAGE_COMPLETE},
                                 {"average", SEGCORE_LINKAGE_AVERAGE},
                                 {"single", SEGCORE_LINKAGE_SINGLE}});
  check_names<segcore::Normalization>(
      {{"none", SEGCORE_NORMALIZE_NONE}, {"zscore", SEGCORE_NORMALIZE_ZSCORE}, {"minmax", SEGCORE_NORMALIZE_MINMAX}});
  check_names<segcore::ClvPurchaseModelKind>({{"bgnbd", SEGCORE_CLV_BGNBD}, {"pareto-nbd", SEGCORE_CLV_PARETO_NBD}});
  check_names<segcore::IdKind>({{"email", SEGCORE_ID_EMAIL},
                                {"phone", SEGCORE_ID_PHONE},
                                {"crm_id", SEGCORE_ID_CRM},
                                {"device_id", SEGCORE_ID_DEVICE},
                                {"cookie_id", SEGCORE_ID_COOKIE}});
  check_names<segcore::SegmentMode>(
      {{"exclusive", SEGCORE_SEGMENTS_EXCLUSIVE}, {"overlapping", SEGCORE_SEGMENTS_OVERLAPPING}});
}

TEST_CASE("a name outside the table is refused, a value outside it has no name") {
  CHECK(segcore::enum_names_text<segcore::SegmentMode>() == "'exclusive' or 'overlapping'");
  CHECK(segcore::enum_names_text<segcore::RfmMode>() == "'quantile', 'rank' or 'fixed'");
  CHECK(std::string(segcore::to_string(segcore::IdKind::crm_id)) == "crm_id");
  CHECK(std::string(segcore::to_string(static_cast<segcore::IdKind>(9))) == "unknown");
  CHECK_FALSE(segcore::parse_enum<segcore::RfmMode>("Quantile").has_value());
  CHECK_FALSE(segcore::parse_enum<segcore::RfmMode>("").has_value());
  CHECK(segcore::enum_name(static_cast<segcore::RfmMode>(99)).empty());
}
