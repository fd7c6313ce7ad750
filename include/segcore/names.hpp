// The names by which users choose an option value: the CLI's flags, the C ABI's constants
// (SEGCORE_<PREFIX>_<NAME>, the same names in upper case), and through them the Python
// package. One table an enum, here; python/tests/test_names_across_layers.py checks the layers
// against each other. Since: 0.2, every declaration in this header.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "segcore/clv.hpp"
#include "segcore/config.hpp"
#include "segcore/hierarchy.hpp"
#include "segcore/io.hpp"
#include "segcore/kmeans.hpp"
#include "segcore/rfm.hpp"
#include "segcore/scaler.hpp"
#include "segcore/score.hpp"

SEGCORE_NAMESPACE_BEGIN

// One choice: its name (lower case; '-' where the C constant has '_') and its value.
template <class E>
struct EnumName {
  std::string_view name;  ///< as the user writes it
  E value;                ///< what it chooses
};

// The table of names of E, in the order of the C constants.
template <class E>
struct EnumNames;

// The names of TimestampFormat.
template <>
struct EnumNames<TimestampFormat> {
  // In the order of the C constants.
  static constexpr EnumName<TimestampFormat> table[] = {
      {"auto", TimestampFormat::automatic},    {"iso8601", TimestampFormat::iso8601},
      {"mdy", TimestampFormat::mdy},           {"epoch", TimestampFormat::epoch_seconds},
      {"yyyymmdd", TimestampFormat::yyyymmdd}, {"dmy", TimestampFormat::dmy}};
};

// The names of IngestMode.
template <>
struct EnumNames<IngestMode> {
  // In the order of the C constants.
  static constexpr EnumName<IngestMode> table[] = {{"strict", IngestMode::strict}, {"lenient", IngestMode::lenient}};
};

// The names of DuplicatePolicy.
template <>
struct EnumNames<DuplicatePolicy> {
  // In the order of the C constants.
  static constexpr EnumName<DuplicatePolicy> table[] = {
      {"report", DuplicatePolicy::report}, {"drop", DuplicatePolicy::drop}, {"ignore", DuplicatePolicy::ignore}};
};

// The names of RfmMode.
template <>
struct EnumNames<RfmMode> {
  // In the order of the C constants.
  static constexpr EnumName<RfmMode> table[] = {
      {"quantile", RfmMode::quantile}, {"rank", RfmMode::rank}, {"fixed", RfmMode::fixed}};
};

// The names of ScalerKind.
template <>
struct EnumNames<ScalerKind> {
  // In the order of the C constants.
  static constexpr EnumName<ScalerKind> table[] = {
      {"standard", ScalerKind::standard}, {"minmax", ScalerKind::minmax}, {"robust", ScalerKind::robust}};
};

// The names of KMeansAlgorithm.
template <>
struct EnumNames<KMeansAlgorithm> {
  // In the order of the C constants.
  static constexpr EnumName<KMeansAlgorithm> table[] = {{"lloyd", KMeansAlgorithm::lloyd},
                                                        {"hamerly", KMeansAlgorithm::hamerly}};
};

// The names of Linkage.
template <>
struct EnumNames<Linkage> {
  // In the order of the C constants.
  static constexpr EnumName<Linkage> table[] = {{"ward", Linkage::ward},
                                                {"complete", Linkage::complete},
                                                {"average", Linkage::average},
                                                {"single", Linkage::single}};
};

// The names of Normalization.
template <>
struct EnumNames<Normalization> {
  // In the order of the C constants.
  static constexpr EnumName<Normalization> table[] = {
      {"none", Normalization::none}, {"zscore", Normalization::zscore}, {"minmax", Normalization::minmax}};
};

// The names of ClvPurchaseModelKind.
template <>
struct EnumNames<ClvPurchaseModelKind> {
  // In the order of the C constants.
  static constexpr EnumName<ClvPurchaseModelKind> table[] = {{"bgnbd", ClvPurchaseModelKind::bgnbd},
                                                             {"pareto-nbd", ClvPurchaseModelKind::pareto_nbd}};
};

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

SEGCORE_NAMESPACE_END
