// Keyed pseudonyms: HMAC-SHA-256 from OpenSSL's libcrypto (EVP_MAC), never a hand-written hash.
// One MAC context is keyed per call and duplicated per block of values; re-initialising a
// keyed context with a null key reuses its key, so the key is processed once per block.
#include <cstring>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "identity/normalize_internal.hpp"
#include "segcore/parallel.hpp"
#include "segcore/privacy.hpp"

#ifndef SEGCORE_HAVE_LIBCRYPTO
#define SEGCORE_HAVE_LIBCRYPTO 0
#endif
#if SEGCORE_HAVE_LIBCRYPTO
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#endif

SEGCORE_NAMESPACE_BEGIN

namespace {

constexpr std::size_t kBlock = 4096;

Status check_key(absl::string_view key, const char* where) {
  if (key.empty()) return invalid_argument(where, "the key is empty (use at least 32 random bytes)");
  return absl::OkStatus();
}

#if SEGCORE_HAVE_LIBCRYPTO

struct MacFree {
  void operator()(EVP_MAC* m) const { EVP_MAC_free(m); }
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }  // OpenSSL wipes its key copy
};
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacFree>;

Status openssl_error(const char* where, const char* step) {
  const unsigned long e = ERR_get_error();
  char text[256] = "no OpenSSL error queued";
  if (e != 0) ERR_error_string_n(e, text, sizeof text);
  ERR_clear_error();
  return absl::InternalError(absl::StrCat(where, ": ", step, " failed: ", text));
}

// A context keyed for HMAC-SHA-256.
StatusOr<MacCtx> keyed_context(absl::string_view key, const char* where) {
  std::unique_ptr<EVP_MAC, MacFree> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) return openssl_error(where, "fetching HMAC");
  MacCtx ctx(EVP_MAC_CTX_new(mac.get()));
  if (!ctx) return openssl_error(where, "creating the HMAC context");
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1)
    return openssl_error(where, "keying HMAC-SHA-256");
  return ctx;
}

// Hashes value with a keyed context into 64 hex digits at out.
Status mac_hex(EVP_MAC_CTX* ctx, absl::string_view value, char* out, const char* where) {
  static constexpr char kHex[] = "0123456789abcdef";
  unsigned char md[32];
  std::size_t len = 0;
  if (EVP_MAC_init(ctx, nullptr, 0, nullptr) != 1 ||
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(value.data()), value.size()) != 1 ||
      EVP_MAC_final(ctx, md, &len, sizeof md) != 1 || len != sizeof md)
    return openssl_error(where, "HMAC-SHA-256");
  for (std::size_t i = 0; i < sizeof md; ++i) {
    out[2 * i] = kHex[md[i] >> 4];
    out[2 * i + 1] = kHex[md[i] & 15];
  }
  return absl::OkStatus();
}

// Runs hash_block(ctx, range) over blocks of n values, each block with its own copy of the
// keyed context; the first failing block's status is returned.
template <class HashBlock>
Status for_blocks(absl::string_view key, std::size_t n, int n_threads, const char* where, HashBlock&& hash_block) {
  SEGCORE_ASSIGN_OR_RETURN(MacCtx keyed, keyed_context(key, where));
  const Blocks blocks(n, kBlock);
  std::vector<Status> status(blocks.count());
  parallel_for(resolve_threads(n_threads), blocks.count(), [&](std::size_t b) {
    MacCtx ctx(EVP_MAC_CTX_dup(keyed.get()));
    status[b] = ctx ? hash_block(ctx.get(), blocks[b]) : openssl_error(where, "copying the HMAC context");
  });
  for (Status& s : status) SEGCORE_RETURN_IF_ERROR(s);
  return absl::OkStatus();
}

#endif

Status check_call(absl::string_view key, std::size_t n, std::size_t n_out, int n_threads, const char* where) {
  SEGCORE_RETURN_IF_ERROR(check_key(key, where));
  if (n_out != n) return invalid_argument(where, "out holds ", n_out, " strings for ", n, " values");
  if (n_threads < 0) return invalid_argument(where, "n_threads is ", n_threads, "; use 0 (all) or more");
#if SEGCORE_HAVE_LIBCRYPTO
  return absl::OkStatus();
#else
  return absl::UnimplementedError(absl::StrCat(where, ": this build of segcore has no libcrypto (OpenSSL)"));
#endif
}

}  // namespace

bool pseudonyms_available() { return SEGCORE_HAVE_LIBCRYPTO != 0; }

StatusOr<std::string> pseudonymize(absl::string_view key, absl::string_view value) {
  std::string out;
  SEGCORE_RETURN_IF_ERROR(
      pseudonymize(key, std::span<const absl::string_view>(&value, 1), std::span<std::string>(&out, 1)));
  return out;
}

Status pseudonymize(absl::string_view key, std::span<const absl::string_view> values, std::span<std::string> out,
                    int n_threads) {
  constexpr const char* where = "pseudonymize";
  SEGCORE_RETURN_IF_ERROR(check_call(key, values.size(), out.size(), n_threads, where));
#if SEGCORE_HAVE_LIBCRYPTO
  return for_blocks(key, values.size(), n_threads, where, [&](EVP_MAC_CTX* ctx, IndexRange r) -> Status {
    for (std::size_t i = r.begin; i < r.end; ++i) {
      out[i].resize(kPseudonymLength);
      SEGCORE_RETURN_IF_ERROR(mac_hex(ctx, values[i], out[i].data(), where));
    }
    return absl::OkStatus();
  });
#else
  return absl::OkStatus();
#endif
}

StatusOr<std::size_t> pseudonymize_identifiers(absl::string_view key, IdKind kind,
                                               std::span<const absl::string_view> values, std::span<std::string> out,
                                               absl::string_view default_country_code, int n_threads) {
  constexpr const char* where = "pseudonymize_identifiers";
  SEGCORE_RETURN_IF_ERROR(check_call(key, values.size(), out.size(), n_threads, where));
  if (static_cast<unsigned>(kind) > 4)
    return invalid_argument(where, "unknown identifier kind ", static_cast<int>(kind));
#if SEGCORE_HAVE_LIBCRYPTO
  std::vector<std::size_t> rejected(Blocks(values.size(), kBlock).count(), 0);
  SEGCORE_RETURN_IF_ERROR(
      for_blocks(key, values.size(), n_threads, where, [&](EVP_MAC_CTX* ctx, IndexRange r) -> Status {
        // The one working copy of a value: normalised in place, hashed, then wiped, accepted or
        // not. Other kinds are hashed from the caller's buffer, trimmed, without a copy.
        std::string work;
        for (std::size_t i = r.begin; i < r.end; ++i) {
          out[i].clear();
          const absl::string_view raw = absl::StripAsciiWhitespace(values[i]);
          if (raw.empty()) continue;
          identity_detail::Outcome outcome;
          if (kind == IdKind::email)
            outcome = identity_detail::normalize_email_into(raw, work);
          else if (kind == IdKind::phone)
            outcome = identity_detail::normalize_phone_into(raw, default_country_code, work);
          const bool copied = kind == IdKind::email || kind == IdKind::phone;
          if (outcome.code != identity_detail::Outcome::ok) {
            ++rejected[r.begin / kBlock];
            identity_detail::wipe(work);
            continue;
          }
          out[i].resize(kPseudonymLength);
          Status st = mac_hex(ctx, copied ? absl::string_view(work) : raw, out[i].data(), where);
          identity_detail::wipe(work);
          SEGCORE_RETURN_IF_ERROR(st);
        }
        return absl::OkStatus();
      }));
  std::size_t total = 0;
  for (std::size_t n : rejected) total += n;
  return total;
#else
  (void)default_country_code;
  return std::size_t{0};
#endif
}

SEGCORE_NAMESPACE_END
