// The names by which users choose an option value: the CLI's flags, the C ABI's constants
// (SEGCORE_<PREFIX>_<NAME>, the same names in upper case with '_' for '-', unless an entry
// names its constant otherwise), and through them the Python package. One table an enum, here;
// tests/cli/test_names_across_layers.py reads every table (EnumNameTables) and checks the C
// constants, the CLI's flags and Python's names against it. Since: 0.2, every declaration in
// this header.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>

#include "segcore/clv.hpp"
#include "segcore/config.hpp"
#include "segcore/hierarchy.hpp"
#include "segcore/identity.hpp"
#include "segcore/io.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/rfm.hpp"
#include "segcore/rules.hpp"
#include "segcore/scaler.hpp"
#include "segcore/score.hpp"

SEGCORE_NAMESPACE_BEGIN

// One choice: its name (lower case; '-' where the C constant has '_') and its value.
template <class E>
struct EnumName {
  std::string_view name;    ///< as the user writes it
  E value;                  ///< what it chooses
  std::string_view c = {};  ///< the C constant's name after the prefix, when not `name` in upper case
};

// The table of names of E, in the order of the C constants.
template <class E>
struct EnumNames;

// The names of TimestampFormat.
template <>
struct EnumNames<TimestampFormat> {
  static constexpr std::string_view c_prefix = "TIMESTAMP";  ///< the C constants are SEGCORE_TIMESTAMP_*
  // In the order of the C constants.
  static constexpr EnumName<TimestampFormat> table[] = {
      {"auto", TimestampFormat::automatic},    {"iso8601", TimestampFormat::iso8601},
      {"mdy", TimestampFormat::mdy},           {"epoch", TimestampFormat::epoch_seconds},
      {"yyyymmdd", TimestampFormat::yyyymmdd}, {"dmy", TimestampFormat::dmy}};
};

// The names of IngestMode.
template <>
struct EnumNames<IngestMode> {
  static constexpr std::string_view c_prefix = "INGEST";  ///< the C constants are SEGCORE_INGEST_*
  // In the order of the C constants.
  static constexpr EnumName<IngestMode> table[] = {{"strict", IngestMode::strict}, {"lenient", IngestMode::lenient}};
};

// The names of DuplicatePolicy.
template <>
struct EnumNames<DuplicatePolicy> {
  static constexpr std::string_view c_prefix = "DUPLICATES";  ///< the C constants are SEGCORE_DUPLICATES_*
  // In the order of the C constants.
  static constexpr EnumName<DuplicatePolicy> table[] = {
      {"report", DuplicatePolicy::report}, {"drop", DuplicatePolicy::drop}, {"ignore", DuplicatePolicy::ignore}};
};

// The names of RfmMode.
template <>
struct EnumNames<RfmMode> {
  static constexpr std::string_view c_prefix = "RFM";  ///< the C constants are SEGCORE_RFM_*
  // In the order of the C constants.
  static constexpr EnumName<RfmMode> table[] = {
      {"quantile", RfmMode::quantile}, {"rank", RfmMode::rank}, {"fixed", RfmMode::fixed}};
};

// The names of ScalerKind.
template <>
struct EnumNames<ScalerKind> {
  static constexpr std::string_view c_prefix = "SCALER";  ///< the C constants are SEGCORE_SCALER_*
  // In the order of the C constants.
  static constexpr EnumName<ScalerKind> table[] = {
      {"standard", ScalerKind::standard}, {"minmax", ScalerKind::minmax}, {"robust", ScalerKind::robust}};
};

// The names of KMeansAlgorithm.
template <>
struct EnumNames<KMeansAlgorithm> {
  static constexpr std::string_view c_prefix = "KMEANS";  ///< the C constants are SEGCORE_KMEANS_*
  // In the order of the C constants.
  static constexpr EnumName<KMeansAlgorithm> table[] = {{"lloyd", KMeansAlgorithm::lloyd},
                                                        {"hamerly", KMeansAlgorithm::hamerly}};
};

// The names of Linkage.
template <>
struct EnumNames<Linkage> {
  static constexpr std::string_view c_prefix = "LINKAGE";  ///< the C constants are SEGCORE_LINKAGE_*
  // In the order of the C constants.
  static constexpr EnumName<Linkage> table[] = {{"ward", Linkage::ward},
                                                {"complete", Linkage::complete},
                                                {"average", Linkage::average},
                                                {"single", Linkage::single}};
};

// The names of Normalization.
template <>
struct EnumNames<Normalization> {
  static constexpr std::string_view c_prefix = "NORMALIZE";  ///< the C constants are SEGCORE_NORMALIZE_*
  // In the order of the C constants.
  static constexpr EnumName<Normalization> table[] = {
      {"none", Normalization::none}, {"zscore", Normalization::zscore}, {"minmax", Normalization::minmax}};
};

// The names of ClvPurchaseModelKind.
template <>
struct EnumNames<ClvPurchaseModelKind> {
  static constexpr std::string_view c_prefix = "CLV";  ///< the C constants are SEGCORE_CLV_*
  // In the order of the C constants.
  static constexpr EnumName<ClvPurchaseModelKind> table[] = {{"bgnbd", ClvPurchaseModelKind::bgnbd},
                                                             {"pareto-nbd", ClvPurchaseModelKind::pareto_nbd}};
};

// The names of IdKind (the C constants shorten the *_id names: SEGCORE_ID_CRM).
template <>
struct EnumNames<IdKind> {
  static constexpr std::string_view c_prefix = "ID";  ///< the C constants are SEGCORE_ID_*
  // In the order of the C constants.
  static constexpr EnumName<IdKind> table[] = {{"email", IdKind::email},
                                               {"phone", IdKind::phone},
                                               {"crm_id", IdKind::crm_id, "CRM"},
                                               {"device_id", IdKind::device_id, "DEVICE"},
                                               {"cookie_id", IdKind::cookie_id, "COOKIE"}};
};

// The names of SegmentMode (a segment file's `mode` line).
template <>
struct EnumNames<SegmentMode> {
  static constexpr std::string_view c_prefix = "SEGMENTS";  ///< the C constants are SEGCORE_SEGMENTS_*
  // In the order of the C constants.
  static constexpr EnumName<SegmentMode> table[] = {{"exclusive", SegmentMode::exclusive},
                                                    {"overlapping", SegmentMode::overlapping}};
};

// Every enum with a table above (a new table is added here too: the test of the layers reads
// this list).
using EnumNameTables = std::tuple<TimestampFormat, IngestMode, DuplicatePolicy, RfmMode, ScalerKind, KMeansAlgorithm,
                                  Linkage, Normalization, ClvPurchaseModelKind, IdKind, SegmentMode>;

// Every choice of E.
template <class E>
constexpr std::span<const EnumName<E>> enum_names() {
  return EnumNames<E>::table;
}

// The value named `name`, if one is.
template <class E>
constexpr std::optional<E> parse_enum(std::string_view name) {
  for (const EnumName<E>& n : enum_names<E>())
    if (n.name == name) return n.value;
  return std::nullopt;
}

// The name of `value` ("" for a value outside the table).
template <class E>
constexpr std::string_view enum_name(E value) {
  for (const EnumName<E>& n : enum_names<E>())
    if (n.value == value) return n.name;
  return {};
}

// "'a', 'b' or 'c'": E's names for a message.
template <class E>
std::string enum_names_text() {
  std::string text;
  const auto names = enum_names<E>();
  for (std::size_t i = 0; i < names.size(); ++i)
    text.append(i == 0 ? "'" : i + 1 == names.size() ? " or '" : ", '").append(names[i].name).append("'");
  return text;
}

SEGCORE_NAMESPACE_END
