// C ABI of the segment profiles (segcore_analysis.h).
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <span>
#include <vector>

#include "capi_handles.hpp"
#include "capi_support.hpp"
#include "segcore/personas.hpp"
#include "segcore_analysis.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::input_matrix;
using segcore::capi_detail::output_matrix;

std::vector<std::string> strings(const char* const* s, std::size_t n) {
  std::vector<std::string> out;
  if (s == nullptr) return out;
  for (std::size_t j = 0; j < n; ++j) out.emplace_back(s[j] == nullptr ? "" : s[j]);
  return out;
}

template <class T>
int build(segcore_personas** out, const T* x, size_t n, size_t d, const int32_t* labels, size_t n_labels,
          const char* const* names, const char* const* low, const char* const* high, int32_t top, double min_effect,
          const char* fn) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE_OUT(out);
    SEGCORE_ASSIGN_OR_RETURN(auto view, input_matrix(x, n, d, fn, "x"));
    if (labels == nullptr && n_labels != 0) return segcore::invalid_argument(fn, "labels is NULL");
    segcore::PersonaOptions o{.feature_names = strings(names, d), .low_words = strings(low, d),
                              .high_words = strings(high, d), .top_features = top, .min_effect = min_effect};
    SEGCORE_ASSIGN_OR_RETURN(auto segments, segcore::segment_profiles(view, std::span<const std::int32_t>(labels, n_labels), o));
    *out = new segcore_personas{std::move(segments), d};
  );
}

absl::StatusOr<const segcore::Persona*> segment_of(const segcore_personas* profiles, std::size_t s, const char* fn) {
  SEGCORE_REQUIRE(profiles);
  if (s >= profiles->impl.size())
    return absl::OutOfRangeError(absl::StrCat(fn, ": segment ", s, " does not exist; there are ", profiles->impl.size()));
  return &profiles->impl[s];
}

}  // namespace

extern "C" {

int segcore_personas_build_f64(segcore_personas** out, const double* x, size_t n, size_t d, const int32_t* labels,
                               size_t n_labels, const char* const* names, const char* const* low,
                               const char* const* high, int32_t top, double min_effect) {
  return build(out, x, n, d, labels, n_labels, names, low, high, top, min_effect, __func__);
}
int segcore_personas_build_f32(segcore_personas** out, const float* x, size_t n, size_t d, const int32_t* labels,
                               size_t n_labels, const char* const* names, const char* const* low,
                               const char* const* high, int32_t top, double min_effect) {
  return build(out, x, n, d, labels, n_labels, names, low, high, top, min_effect, __func__);
}

void segcore_personas_destroy(segcore_personas* p) { delete p; }

int segcore_personas_count(const segcore_personas* profiles, size_t* out) {
  SEGCORE_CAPI_BODY(SEGCORE_REQUIRE(profiles, out); *out = profiles->impl.size(););
}

int segcore_personas_get(const segcore_personas* p, size_t s, int32_t* label, size_t* size, double* share) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::Persona* seg, segment_of(p, s, fn));
    if (label) *label = seg->label;
    if (size) *size = seg->size;
    if (share) *share = seg->share;
  );
}

int segcore_personas_get_stats(const segcore_personas* p, size_t s, int32_t what, double* out, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::Persona* seg, segment_of(p, s, fn));
    const std::vector<double>* v = nullptr;
    switch (what) {
      case SEGCORE_PROFILE_MEAN: v = &seg->mean; break;
      case SEGCORE_PROFILE_MEDIAN: v = &seg->median; break;
      case SEGCORE_PROFILE_LIFT: v = &seg->lift; break;
      case SEGCORE_PROFILE_EFFECT: v = &seg->effect; break;
      default: return segcore::invalid_argument(fn, "what is ", what, "; use one of SEGCORE_PROFILE_*");
    }
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, 1, v->size(), fn, "out"));
    std::copy(v->begin(), v->end(), dst.data());
  );
}

int segcore_personas_get_top(const segcore_personas* p, size_t s, int32_t* out, size_t count, size_t* n_top) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::Persona* seg, segment_of(p, s, fn));
    SEGCORE_ASSIGN_OR_RETURN(auto dst, output_matrix(out, count, 1, seg->top.size(), fn, "out"));
    for (std::size_t i = 0; i < seg->top.size(); ++i) dst(0, i) = static_cast<int32_t>(seg->top[i]);
    if (n_top) *n_top = seg->top.size();
  );
}

int segcore_personas_get_name(const segcore_personas* p, size_t s, char* buf, size_t size, size_t* needed) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(const segcore::Persona* seg, segment_of(p, s, fn));
    if (buf == nullptr && size != 0) return segcore::invalid_argument(fn, "buf is NULL");
    if (needed) *needed = seg->name.size();
    if (size != 0) {
      const std::size_t len = std::min(seg->name.size(), size - 1);
      std::memcpy(buf, seg->name.data(), len);
      buf[len] = '\0';
    }
  );
}

}  // extern "C"
