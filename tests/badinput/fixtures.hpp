// Small valid objects and inputs that the bad-input cases start from. Every helper frees what
// it makes: the matrix runs under LeakSanitizer.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unistd.h>

#include "segcore.h"
#include "segcore_analysis.h"
#include "segcore_cluster.h"
#include "segcore_clv.h"
#include "segcore_model.h"
#include "segcore_profile.h"
#include "segcore_rules.h"

namespace badinput {

// Owning pointers for the C handles.
template <class T, void (*Destroy)(T*)>
struct Deleter {
  void operator()(T* p) const { Destroy(p); }
};
template <class T, void (*Destroy)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Destroy>>;

using Scaler = Owned<segcore_scaler, segcore_scaler_destroy>;
using KMeans = Owned<segcore_kmeans, segcore_kmeans_destroy>;
using Pca = Owned<segcore_pca, segcore_pca_destroy>;
using Events = Owned<segcore_events, segcore_events_destroy>;
using ProfilesPtr = Owned<segcore_profiles, segcore_profiles_destroy>;
using Store = Owned<segcore_profile_store, segcore_profile_store_destroy>;
using Rule = Owned<segcore_rule, segcore_rule_destroy>;
using Clv = Owned<segcore_clv_model, segcore_clv_destroy>;
using Logistic = Owned<segcore_logistic, segcore_logistic_destroy>;
using Identity = Owned<segcore_identity, segcore_identity_destroy>;

// A 6 x 2 matrix of distinct, finite rows.
inline constexpr double kX[12] = {1, 2, 1.5, 1.8, 5, 8, 8, 8, 1, 0.6, 9, 11};
inline constexpr float kXf[12] = {1, 2, 1.5f, 1.8f, 5, 8, 8, 8, 1, 0.6f, 9, 11};
inline constexpr int32_t kLabels[6] = {0, 0, 1, 1, 0, 1};

inline Scaler fitted_scaler() {
  segcore_scaler* s = nullptr;
  segcore_scaler_create(&s, nullptr);
  segcore_scaler_fit_f64(s, kX, 6, 2);
  return Scaler(s);
}

inline KMeans kmeans(int32_t k) {
  segcore_kmeans_options o;
  segcore_kmeans_options_init(&o, sizeof o);
  o.n_clusters = k;
  segcore_kmeans* km = nullptr;
  segcore_kmeans_create(&km, &o);
  return KMeans(km);
}

inline KMeans fitted_kmeans() {
  KMeans km = kmeans(2);
  segcore_kmeans_fit_f64(km.get(), kX, 6, 2, nullptr);
  return km;
}

// A CLV model of the given kind (SEGCORE_CLV_*) with four parameters set.
inline Clv clv_with_params(int32_t kind, const double (&params)[4]) {
  segcore_clv_options o;
  segcore_clv_options_init(&o, sizeof o);
  o.model = kind;
  segcore_clv_model* m = nullptr;
  segcore_clv_create(&m, &o);
  segcore_clv_set_params(m, params, 4);
  return Clv(m);
}

inline Pca pca() {
  segcore_pca* p = nullptr;
  segcore_pca_create(&p, nullptr);
  return Pca(p);
}

// Three customers' events, the last on day 995.
inline Events events() {
  const int64_t D = 86400;
  const int64_t customer[] = {1, 1, 2, 3};
  const int64_t ts[] = {500 * D, 990 * D, 995 * D, 600 * D};
  const double amount[] = {10, 20, 5, 7};
  segcore_events* ev = nullptr;
  segcore_events_from_arrays(&ev, customer, ts, amount, nullptr, 4);
  return Events(ev);
}

inline ProfilesPtr profiles() {
  Events ev = events();
  segcore_profiles* p = nullptr;
  segcore_profiles_build(&p, ev.get(), nullptr);
  return ProfilesPtr(p);
}

// Caller columns for rules: "spend" (numbers) and "city" (text), three rows.
struct Columns {
  double spend[3] = {10, 20, 30};
  const char* city[3] = {"Oslo", "Lyon", nullptr};
  segcore_column cols[2];
  segcore_rule_data data;
  Columns() {
    std::memset(cols, 0, sizeof cols);
    cols[0].name = "spend";
    cols[0].type = SEGCORE_COLUMN_F64;
    cols[0].f64 = spend;
    cols[1].name = "city";
    cols[1].type = SEGCORE_COLUMN_TEXT;
    cols[1].text = city;
    std::memset(&data, 0, sizeof data);
    data.struct_size = sizeof data;
    data.columns = cols;
    data.n_columns = 2;
    data.n_rows = 3;
  }
};

// Histories for the CLV models: customers with and without repeat purchases.
struct Histories {
  double frequency[6] = {2, 0, 5, 1, 3, 0};
  double recency[6] = {30, 0, 60, 10, 50, 0};
  double T[6] = {70, 40, 80, 50, 90, 20};
  double monetary[6] = {20, 0, 35, 12, 18, 0};
};

// A CSV file written to a temporary path and removed again.
class TempCsv {
 public:
  explicit TempCsv(const std::string& content) {
    const char* dir = std::getenv("TMPDIR");
    std::string name = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/segcore-badinput-XXXXXX";
    const int fd = mkstemp(name.data());
    if (fd >= 0) {
      path_ = name;
      std::size_t done = 0;
      while (done < content.size()) {
        const ssize_t n = write(fd, content.data() + done, content.size() - done);
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
      }
      close(fd);
    }
  }
  ~TempCsv() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TempCsv(const TempCsv&) = delete;
  TempCsv& operator=(const TempCsv&) = delete;
  const char* path() const { return path_.c_str(); }

 private:
  std::string path_;
};

// The model-file image of fitted_scaler(), to damage in the model-file cases.
inline std::string scaler_image() {
  Scaler s = fitted_scaler();
  size_t size = 0;
  segcore_scaler_to_bytes(s.get(), nullptr, 0, &size);
  std::string image(size, '\0');
  segcore_scaler_to_bytes(s.get(), image.data(), image.size(), &size);
  return image;
}

// CRC-32C (reflected, 0x82F63B78), to re-seal an image whose header a case changed on purpose.
inline uint32_t crc32c(const std::string& bytes) {
  uint32_t c = 0xFFFFFFFFu;
  for (const char byte : bytes) {
    c ^= static_cast<uint8_t>(byte);
    for (int bit = 0; bit < 8; ++bit) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1u)));
  }
  return ~c;
}

// Loads a scaler from image in memory; returns the status and frees what it made.
inline int scaler_from(const std::string& image) {
  segcore_scaler* s = nullptr;
  const int status = segcore_scaler_from_bytes(&s, image.data(), image.size());
  segcore_scaler_destroy(s);
  return status;
}

// Reads content as CSV with the default columns (customer_id, timestamp, amount) and the
// given timestamp format; returns the status.
inline int read_csv(const std::string& content, int32_t timestamp_format = SEGCORE_TIMESTAMP_AUTO) {
  TempCsv file(content);
  segcore_csv_options o;
  segcore_csv_options_init(&o, sizeof o);
  o.timestamp_format = timestamp_format;
  segcore_events* ev = nullptr;
  const int status = segcore_events_read_csv(&ev, file.path(), &o);
  segcore_events_destroy(ev);
  return status;
}

}  // namespace badinput
