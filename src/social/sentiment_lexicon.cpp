// Reading a valence lexicon and an emoji lexicon into the word table the rules read.
#include <charconv>
#include <cmath>

#include "io/input_internal.hpp"
#include "segcore/sentiment.hpp"
#include "sentiment_utf8.hpp"
#include "sentiment_words.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace {

using detail::av;
using detail::SentimentWords;

// Python's str.strip() on a line: ASCII whitespace and the separators below 0x80 it knows.
std::string_view strip_line(std::string_view s) {
  auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r') || (c >= '\x1c' && c <= '\x1f'); };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Calls line(number, text) for each line of `text` (1-based numbers, "\n" separated).
template <class F>
Status for_each_line(std::string_view text, F&& line) {
  std::size_t number = 0;
  while (!text.empty()) {
    ++number;
    std::size_t end = text.find('\n');
    std::string_view one = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    one = strip_line(one);
    if (one.empty()) continue;
    SEGCORE_RETURN_IF_ERROR(line(number, one));
  }
  return Status();
}

// The first two tab-separated fields of a line, or an error naming the line.
StatusOr<std::pair<std::string_view, std::string_view>> two_fields(std::string_view line, std::string_view source,
                                                                   std::size_t number, std::string_view what) {
  std::size_t tab = line.find('\t');
  if (tab == std::string_view::npos)
    return absl::InvalidArgumentError(
        absl::StrCat(av(source), ":", number, ": expected '", av(what), "<TAB>...' but the line has no tab"));
  std::string_view second = line.substr(tab + 1);
  second = second.substr(0, second.find('\t'));
  return std::make_pair(line.substr(0, tab), second);
}

Status add_lexicon(SentimentWords& w, std::string_view text, std::string_view source) {
  return for_each_line(text, [&](std::size_t number, std::string_view line) -> Status {
    SEGCORE_ASSIGN_OR_RETURN(auto fields, two_fields(line, source, number, "token<TAB>valence"));
    auto [token, measure] = fields;
    if (!detail::valid_utf8(token).ok())
      return absl::InvalidArgumentError(absl::StrCat(av(source), ":", number, ": the token is not valid UTF-8"));
    double value = 0;
    const char* end = measure.data() + measure.size();
    std::string_view digits = measure;
    if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
    auto [ptr, ec] = std::from_chars(digits.data(), end, value);
    if (token.empty() || digits.empty() || ec != std::errc() || ptr != end || !std::isfinite(value))
      return absl::InvalidArgumentError(absl::StrCat(av(source), ":", number, ": valence '", av(measure),
                                                     "' of token '", av(token), "' is not a finite number"));
    w.words[av(token)].valence = value;
    return Status();
  });
}

Status add_emoji(SentimentWords& w, std::string_view text, std::string_view source) {
  return for_each_line(text, [&](std::size_t number, std::string_view line) -> Status {
    SEGCORE_ASSIGN_OR_RETURN(auto fields, two_fields(line, source, number, "emoji<TAB>description"));
    auto [key, description] = fields;
    if (!detail::valid_utf8(key).ok() || !detail::valid_utf8(description).ok())
      return absl::InvalidArgumentError(absl::StrCat(av(source), ":", number, ": the line is not valid UTF-8"));
    // The reference replaces one character at a time, so a key of several code points
    // (an emoji with a skin tone or a joiner) can never match: it is not kept.
    std::size_t at = 0;
    char32_t cp = detail::next_code_point(key, at);
    if (key.empty() || at != key.size()) return Status();
    w.emoji[cp] = std::string(description);
    if (cp < 0x80) w.ascii_emoji = true;
    return Status();
  });
}

// Lexicons are regular files of a few hundred KiB: a FIFO or a device is refused at once
// rather than waited on or read without end.
constexpr std::size_t kMaxLexiconBytes = std::size_t{256} << 20;

StatusOr<std::string> read_file(const std::string& path, std::string_view what) {
  return io_detail::read_regular_file(path, kMaxLexiconBytes, absl::string_view(what.data(), what.size()));
}

}  // namespace

StatusOr<SentimentLexicon> SentimentLexicon::from_text(std::string_view lexicon, std::string_view emoji,
                                                       std::string_view source, std::string_view emoji_source) {
  auto w = std::make_shared<SentimentWords>();
  SEGCORE_RETURN_IF_ERROR(add_lexicon(*w, lexicon, source));
  w->lexicon_size = w->words.size();
  if (w->lexicon_size == 0) return absl::InvalidArgumentError(absl::StrCat(av(source), ": the lexicon has no entries"));
  SEGCORE_RETURN_IF_ERROR(add_emoji(*w, emoji, emoji_source));
  detail::add_rule_words(*w);
  return SentimentLexicon(std::move(w));
}

StatusOr<SentimentLexicon> SentimentLexicon::from_files(const std::string& lexicon_path,
                                                        const std::string& emoji_path) {
  SEGCORE_ASSIGN_OR_RETURN(std::string lexicon, read_file(lexicon_path, "sentiment lexicon"));
  std::string emoji;
  if (!emoji_path.empty()) {
    SEGCORE_ASSIGN_OR_RETURN(emoji, read_file(emoji_path, "emoji lexicon"));
  }
  return from_text(lexicon, emoji, lexicon_path, emoji_path);
}

std::size_t SentimentLexicon::size() const { return words_->lexicon_size; }

std::size_t SentimentLexicon::emoji_count() const { return words_->emoji.size(); }

double SentimentLexicon::valence(std::string_view token) const {
  const detail::WordInfo* info = words_->find(token);
  return info ? info->valence : std::numeric_limits<double>::quiet_NaN();
}

SEGCORE_NAMESPACE_END
