// C ABI of model files (segcore_model.h): save, load, to_bytes and from_bytes for each handle
// that holds a fitted model, over segcore/model_file.hpp.
#include <algorithm>
#include <cstring>
#include <memory>
#include <span>
#include <type_traits>

#include "capi_handles.hpp"
#include "capi_profile_handles.hpp"
#include "capi_support.hpp"
#include "segcore/model_file.hpp"
#include "segcore_model.h"

// The C functions' bodies are arguments of SEGCORE_CAPI_BODY, which clang-format 14 cannot
// lay out (it joins statements onto one line): the layout below is kept by hand.
// clang-format off

namespace {

using segcore::capi_detail::require;
using Bytes = std::vector<std::uint8_t>;

// The same status with "<fn>: " in front, as every C function's messages start.
absl::Status prefixed(const char* fn, const absl::Status& st) {
  if (st.ok()) return st;
  return absl::Status(st.code(), absl::StrCat(fn, ": ", st.message()));
}

absl::StatusOr<std::span<const std::uint8_t>> input_bytes(const void* data, std::size_t size) {
  // guard puts fn in front of the message.
  if (data == nullptr && size != 0)
    return absl::InvalidArgumentError(absl::StrCat("data is NULL but size is ", size));
  return std::span<const std::uint8_t>(static_cast<const std::uint8_t*>(data), size);
}

// Saves the image that image_of(handle) makes.
template <class Handle, class ImageOf>
int save(const Handle* model, const char* path, const char* fn, ImageOf image_of) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE(model, path);
    absl::StatusOr<Bytes> image = image_of(*model);
    if (!image.ok()) return prefixed(fn, image.status());
    return prefixed(fn, segcore::write_model_file(*image, path));
  );
}

// Copies the image into the caller's buffer (a size query when buffer is NULL and capacity 0).
template <class Handle, class ImageOf>
int to_bytes(const Handle* model, void* buffer, std::size_t capacity, std::size_t* size, const char* fn,
             ImageOf image_of) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE(model, size);
    if (buffer == nullptr && capacity != 0) return segcore::invalid_argument(fn, "buffer is NULL but capacity is ", capacity);
    absl::StatusOr<Bytes> image = image_of(*model);
    if (!image.ok()) return prefixed(fn, image.status());
    *size = image->size();
    if (buffer == nullptr) return absl::OkStatus();
    if (capacity < image->size())
      return absl::OutOfRangeError(absl::StrCat(fn, ": the buffer holds ", capacity, " bytes; the image needs ", image->size()));
    std::memcpy(buffer, image->data(), image->size());
  );
}

// Makes a new handle from make(), a callable returning absl::StatusOr<std::unique_ptr<Handle>>.
template <class Handle, class Make>
int make(Handle** out, const char* fn, Make make_handle) {
  SEGCORE_CAPI_BODY_NAMED(fn,
    SEGCORE_REQUIRE_OUT(out);
    absl::StatusOr<std::unique_ptr<Handle>> h = make_handle();
    if (!h.ok()) return prefixed(fn, h.status());
    *out = h->release();
  );
}

// A handle holding the model of a successful load.
template <class Handle, class Model>
absl::StatusOr<std::unique_ptr<Handle>> wrap(absl::StatusOr<Model> m) {
  if (!m.ok()) return m.status();
  return std::unique_ptr<Handle>(new Handle{*std::move(m)});
}

// Loads Model from a file (path) or from memory (data, size) into a new Handle.
template <class Handle, class Model>
int load_file(Handle** out, const char* path, const char* fn) {
  return make(out, fn, [&]() -> absl::StatusOr<std::unique_ptr<Handle>> {
    SEGCORE_REQUIRE(path);
    return wrap<Handle>(segcore::load_model<Model>(path));
  });
}
template <class Handle, class Model>
int load_bytes(Handle** out, const void* data, std::size_t size, const char* fn) {
  return make(out, fn, [&]() -> absl::StatusOr<std::unique_ptr<Handle>> {
    SEGCORE_ASSIGN_OR_RETURN(auto bytes, input_bytes(data, size));
    return wrap<Handle>(segcore::model_from_bytes<Model>(bytes));
  });
}

absl::StatusOr<Bytes> kmeans_image(const segcore_kmeans& h) {
  return std::visit([](const auto& m) { return segcore::model_to_bytes(m); }, h.impl);
}

absl::StatusOr<std::unique_ptr<segcore_kmeans>> kmeans_handle(absl::StatusOr<segcore::AnyKMeans> any) {
  if (!any.ok()) return any.status();
  if (any->kmeans) return std::unique_ptr<segcore_kmeans>(new segcore_kmeans{std::move(*any->kmeans)});
  return std::unique_ptr<segcore_kmeans>(new segcore_kmeans{std::move(*any->minibatch)});
}

absl::StatusOr<Bytes> clv_image(const segcore_clv_model& h) {
  if (!h.impl) return absl::FailedPreconditionError("the CLV model is not fitted");
  return segcore::model_to_bytes(*h.impl);
}

// A CLV handle with the default options of the loaded model's kind.
absl::StatusOr<std::unique_ptr<segcore_clv_model>> clv_handle(absl::StatusOr<std::unique_ptr<segcore::ClvModel>> m) {
  if (!m.ok()) return m.status();
  auto h = std::make_unique<segcore_clv_model>();
  if (int rc = segcore_clv_options_init(&h->options, sizeof h->options); rc != SEGCORE_OK)
    return absl::InternalError("the default CLV options cannot be made");
  const segcore::ClvModel* p = m->get();
  h->options.model = dynamic_cast<const segcore::BetaGeoModel*>(p) != nullptr            ? SEGCORE_CLV_BGNBD
                     : dynamic_cast<const segcore::ParetoNbdModel*>(p) != nullptr        ? SEGCORE_CLV_PARETO_NBD
                     : dynamic_cast<const segcore::ModifiedBetaGeoModel*>(p) != nullptr  ? SEGCORE_CLV_MBGNBD
                     : dynamic_cast<const segcore::BetaGeoBetaBinomModel*>(p) != nullptr ? SEGCORE_CLV_BGBB
                                                                                         : SEGCORE_CLV_GAMMA_GAMMA;
  h->impl = *std::move(m);
  return h;
}

absl::StatusOr<Bytes> rfm_image(const segcore_rfm& h) {
  SEGCORE_ASSIGN_OR_RETURN(segcore::RfmOptions o, segcore::fixed_rfm_options(h.impl));
  return segcore::model_to_bytes(o);
}

// Copies loaded RFM edges into the caller's arrays, checked before any is written.
absl::Status put_edges(const segcore::RfmOptions& o, int32_t* bins, double* r, double* f, double* m,
                       std::size_t count, const char* fn) {
  const std::size_t n = static_cast<std::size_t>(o.bins - 1);
  if (count < n)
    return absl::OutOfRangeError(absl::StrCat(fn, ": the edge arrays hold ", count, " values; ", n, " are needed"));
  *bins = o.bins;
  std::copy(o.recency_edges.begin(), o.recency_edges.end(), r);
  std::copy(o.frequency_edges.begin(), o.frequency_edges.end(), f);
  std::copy(o.monetary_edges.begin(), o.monetary_edges.end(), m);
  return absl::OkStatus();
}

absl::Status require_edges(int32_t* bins, double* recency, double* frequency, double* m, const char* fn) {
  SEGCORE_REQUIRE(bins, recency, frequency);
  return require(m, fn, "monetary");
}

void put_info(const segcore::ModelFileInfo& info, int32_t* kind, int32_t* format_version, int32_t* library_version) {
  if (kind != nullptr) *kind = static_cast<int32_t>(info.kind);
  if (format_version != nullptr) *format_version = info.format_version;
  if (library_version != nullptr) *library_version = info.library_version;
}

// The image of a handle's one object (every handle keeps it as `impl`).
template <class Handle>
auto image_fn() {
  return [](const Handle& h) -> absl::StatusOr<Bytes> { return segcore::model_to_bytes(h.impl); };
}

}  // namespace

extern "C" {

int segcore_model_info(const void* data, size_t size, int32_t* kind, int32_t* format_version,
                       int32_t* library_version) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(auto bytes, input_bytes(data, size));
    absl::StatusOr<segcore::ModelFileInfo> info = segcore::model_file_info(bytes);
    if (!info.ok()) return prefixed(fn, info.status());
    put_info(*info, kind, format_version, library_version);
  );
}

int segcore_model_file_info(const char* path, int32_t* kind, int32_t* format_version, int32_t* library_version) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(path);
    absl::StatusOr<segcore::ModelFileInfo> info = segcore::model_file_info(std::string(path));
    if (!info.ok()) return prefixed(fn, info.status());
    put_info(*info, kind, format_version, library_version);
  );
}

int segcore_scaler_save(const segcore_scaler* s, const char* path) { return save(s, path, __func__, image_fn<segcore_scaler>()); }
int segcore_scaler_load(segcore_scaler** out, const char* path) {
  return load_file<segcore_scaler, segcore::Scaler>(out, path, __func__);
}
int segcore_scaler_to_bytes(const segcore_scaler* s, void* buffer, size_t capacity, size_t* size) {
  return to_bytes(s, buffer, capacity, size, __func__, image_fn<segcore_scaler>());
}
int segcore_scaler_from_bytes(segcore_scaler** out, const void* data, size_t size) {
  return load_bytes<segcore_scaler, segcore::Scaler>(out, data, size, __func__);
}

int segcore_pca_save(const segcore_pca* p, const char* path) { return save(p, path, __func__, image_fn<segcore_pca>()); }
int segcore_pca_load(segcore_pca** out, const char* path) { return load_file<segcore_pca, segcore::PCA>(out, path, __func__); }
int segcore_pca_to_bytes(const segcore_pca* p, void* buffer, size_t capacity, size_t* size) {
  return to_bytes(p, buffer, capacity, size, __func__, image_fn<segcore_pca>());
}
int segcore_pca_from_bytes(segcore_pca** out, const void* data, size_t size) {
  return load_bytes<segcore_pca, segcore::PCA>(out, data, size, __func__);
}

int segcore_kmeans_save(const segcore_kmeans* km, const char* path) { return save(km, path, __func__, kmeans_image); }
int segcore_kmeans_load(segcore_kmeans** out, const char* path) {
  const char* fn = __func__;
  return make(out, fn, [&]() -> absl::StatusOr<std::unique_ptr<segcore_kmeans>> {
    SEGCORE_REQUIRE(path);
    return kmeans_handle(segcore::load_any_kmeans(path));
  });
}
int segcore_kmeans_to_bytes(const segcore_kmeans* km, void* buffer, size_t capacity, size_t* size) {
  return to_bytes(km, buffer, capacity, size, __func__, kmeans_image);
}
int segcore_kmeans_from_bytes(segcore_kmeans** out, const void* data, size_t size) {
  return make(out, __func__, [&]() -> absl::StatusOr<std::unique_ptr<segcore_kmeans>> {
    SEGCORE_ASSIGN_OR_RETURN(auto bytes, input_bytes(data, size));
    return kmeans_handle(segcore::any_kmeans_from_bytes(bytes));
  });
}

int segcore_logistic_save(const segcore_logistic* m, const char* path) {
  return save(m, path, __func__, image_fn<segcore_logistic>());
}
int segcore_logistic_load(segcore_logistic** out, const char* path) {
  return load_file<segcore_logistic, segcore::LogisticRegression>(out, path, __func__);
}
int segcore_logistic_to_bytes(const segcore_logistic* m, void* buffer, size_t capacity, size_t* size) {
  return to_bytes(m, buffer, capacity, size, __func__, image_fn<segcore_logistic>());
}
int segcore_logistic_from_bytes(segcore_logistic** out, const void* data, size_t size) {
  return load_bytes<segcore_logistic, segcore::LogisticRegression>(out, data, size, __func__);
}

int segcore_clv_save(const segcore_clv_model* m, const char* path) { return save(m, path, __func__, clv_image); }
int segcore_clv_load(segcore_clv_model** out, const char* path) {
  const char* fn = __func__;
  return make(out, fn, [&]() -> absl::StatusOr<std::unique_ptr<segcore_clv_model>> {
    SEGCORE_REQUIRE(path);
    return clv_handle(segcore::load_clv_model(path));
  });
}
int segcore_clv_to_bytes(const segcore_clv_model* m, void* buffer, size_t capacity, size_t* size) {
  return to_bytes(m, buffer, capacity, size, __func__, clv_image);
}
int segcore_clv_from_bytes(segcore_clv_model** out, const void* data, size_t size) {
  return make(out, __func__, [&]() -> absl::StatusOr<std::unique_ptr<segcore_clv_model>> {
    SEGCORE_ASSIGN_OR_RETURN(auto bytes, input_bytes(data, size));
    return clv_handle(segcore::clv_model_from_bytes(bytes));
  });
}

int segcore_profile_store_save(const segcore_profile_store* s, const char* path) {
  return save(s, path, __func__, image_fn<segcore_profile_store>());
}
int segcore_profile_store_load(segcore_profile_store** out, const char* path) {
  return load_file<segcore_profile_store, segcore::ProfileStore>(out, path, __func__);
}
int segcore_profile_store_to_bytes(const segcore_profile_store* s, void* buffer, size_t capacity, size_t* size) {
  return to_bytes(s, buffer, capacity, size, __func__, image_fn<segcore_profile_store>());
}
int segcore_profile_store_from_bytes(segcore_profile_store** out, const void* data, size_t size) {
  return load_bytes<segcore_profile_store, segcore::ProfileStore>(out, data, size, __func__);
}

int segcore_rule_save(const segcore_rule* r, const char* path) { return save(r, path, __func__, image_fn<segcore_rule>()); }
int segcore_rule_load(segcore_rule** out, const char* path) {
  return load_file<segcore_rule, segcore::Rule>(out, path, __func__);
}
int segcore_rule_to_bytes(const segcore_rule* r, void* buffer, size_t capacity, size_t* size) {
  return to_bytes(r, buffer, capacity, size, __func__, image_fn<segcore_rule>());
}
int segcore_rule_from_bytes(segcore_rule** out, const void* data, size_t size) {
  return load_bytes<segcore_rule, segcore::Rule>(out, data, size, __func__);
}

int segcore_segment_set_save(const segcore_segment_set* s, const char* path) {
  return save(s, path, __func__, image_fn<segcore_segment_set>());
}
int segcore_segment_set_load(segcore_segment_set** out, const char* path) {
  return load_file<segcore_segment_set, segcore::SegmentSet>(out, path, __func__);
}
int segcore_segment_set_to_bytes(const segcore_segment_set* s, void* buffer, size_t capacity, size_t* size) {
  return to_bytes(s, buffer, capacity, size, __func__, image_fn<segcore_segment_set>());
}
int segcore_segment_set_from_bytes(segcore_segment_set** out, const void* data, size_t size) {
  return load_bytes<segcore_segment_set, segcore::SegmentSet>(out, data, size, __func__);
}

int segcore_rfm_save_edges(const segcore_rfm* rfm, const char* path) { return save(rfm, path, __func__, rfm_image); }
int segcore_rfm_edges_to_bytes(const segcore_rfm* rfm, void* buffer, size_t capacity, size_t* size) {
  return to_bytes(rfm, buffer, capacity, size, __func__, rfm_image);
}
int segcore_rfm_load_edges(const char* path, int32_t* bins, double* recency, double* frequency, double* monetary,
                           size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_REQUIRE(path);
    SEGCORE_RETURN_IF_ERROR(require_edges(bins, recency, frequency, monetary, fn));
    absl::StatusOr<segcore::RfmOptions> o = segcore::load_model<segcore::RfmOptions>(path);
    if (!o.ok()) return prefixed(fn, o.status());
    return put_edges(*o, bins, recency, frequency, monetary, count, fn);
  );
}
int segcore_rfm_edges_from_bytes(const void* data, size_t size, int32_t* bins, double* recency, double* frequency,
                                 double* monetary, size_t count) {
  SEGCORE_CAPI_BODY(
    SEGCORE_ASSIGN_OR_RETURN(auto bytes, input_bytes(data, size));
    SEGCORE_RETURN_IF_ERROR(require_edges(bins, recency, frequency, monetary, fn));
    absl::StatusOr<segcore::RfmOptions> o = segcore::model_from_bytes<segcore::RfmOptions>(bytes);
    if (!o.ok()) return prefixed(fn, o.status());
    return put_edges(*o, bins, recency, frequency, monetary, count, fn);
  );
}

}  // extern "C"
