// Topic sets: validating names and patterns, turning each pattern into a regular expression
// (words joined by runs of non-word characters), and matching batches of texts on the caller's
// threads.
#include <set>

#include "listening_matcher.hpp"
#include "segcore/listening.hpp"
#include "segcore/parallel.hpp"
#include "sentiment_utf8.hpp"

SEGCORE_NAMESPACE_BEGIN

namespace {

constexpr const char* kWhere = "ListeningSets::compile";

bool ascii_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

Status check_name(const std::string& name, std::size_t s) {
  if (name.empty()) return invalid_argument(kWhere, "set ", s, " has an empty name");
  if (!detail::valid_utf8(name).ok()) return invalid_argument(kWhere, "set ", s, "'s name is not valid UTF-8");
  const bool letter = (name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z');
  for (char c : name)
    if (!letter || !ascii_word(c))
      return invalid_argument(kWhere, "set ", s, " is named '", name,
                              "'; a name is letters, digits and '_', starting with a letter (it names columns)");
  return Status();
}

// The pattern's words: runs of characters that are not separators (whitespace, or ASCII other
// than letters, digits and '_'), and whether a separator starts or ends the pattern.
struct Words {
  std::vector<std::string_view> words;
  bool leading_gap = false, trailing_gap = false;
};

Words split_words(std::string_view p) {
  Words out;
  std::size_t at = 0, start = std::string_view::npos;
  while (at < p.size()) {
    const std::size_t here = at;
    const char32_t c = detail::next_code_point(p, at);
    const bool separator = detail::python_space(c) || (c < 0x80 && !ascii_word(static_cast<char>(c)));
    if (here == 0) out.leading_gap = separator;
    out.trailing_gap = separator;
    if (separator && start != std::string_view::npos) {
      out.words.push_back(p.substr(start, here - start));
      start = std::string_view::npos;
    } else if (!separator && start == std::string_view::npos) {
      start = here;
    }
  }
  if (start != std::string_view::npos) out.words.push_back(p.substr(start));
  return out;
}

// The regular expression of one pattern; the set's name and the pattern's place go in errors.
StatusOr<std::string> pattern_regex(std::string_view raw, const std::string& set, std::size_t k) {
  // The pattern is quoted in errors only once known to be valid UTF-8.
  if (Status s = detail::valid_utf8(raw); !s.ok())
    return invalid_argument(kWhere, "set '", set, "' pattern ", k, ": ", s.message());
  const auto fail = [&](const auto&... what) {
    return invalid_argument(kWhere, "set '", set, "' pattern ", k, " ('", std::string(raw), "'): ", what...);
  };
  // Surrounding whitespace is ignored.
  std::size_t b = 0, e = raw.size();
  while (b < e && (raw[b] == ' ' || (raw[b] >= '\t' && raw[b] <= '\r'))) ++b;
  while (e > b && (raw[e - 1] == ' ' || (raw[e - 1] >= '\t' && raw[e - 1] <= '\r'))) --e;
  std::string_view p = raw.substr(b, e - b);
  if (p.empty()) return fail("the pattern is empty");
  const bool hashtag = p[0] == '#';
  if (hashtag) p.remove_prefix(1);
  const Words w = split_words(p);
  if (w.words.empty()) return fail(hashtag ? "a hashtag needs a word after '#'" : "the pattern has no word");
  if (w.leading_gap)
    return fail(hashtag ? "a hashtag is '#' and one word"
                        : "it starts with a separator; start with a letter, digit, '_' or '#'");
  if (w.trailing_gap) return fail("it ends with a separator; end with a letter, digit or '_'");
  if (hashtag && w.words.size() > 1) return fail("a hashtag is '#' and one word, without spaces or punctuation");
  // Words hold ASCII letters, digits, '_' and non-ASCII characters: none is special to RE2.
  std::string re = hashtag ? "#" : "";
  for (std::size_t i = 0; i < w.words.size(); ++i) {
    if (i) re.append(detail::kNonWordClass).append("+");
    re.append(w.words[i]);
  }
  return re;
}

}  // namespace

bool listening_available() { return detail::re2_found(); }

ListeningSets::ListeningSets(std::vector<std::string> names, std::size_t patterns,
                             std::shared_ptr<detail::ListeningMatcherPool> matchers)
    : names_(std::move(names)), patterns_(patterns), matchers_(std::move(matchers)) {}

StatusOr<ListeningSets> ListeningSets::compile(std::span<const TopicSet> sets) {
  if (sets.empty()) return invalid_argument(kWhere, "no topic sets; give at least one");
  std::vector<std::string> names, regex;
  std::set<std::string> seen;
  std::size_t patterns = 0;
  for (std::size_t s = 0; s < sets.size(); ++s) {
    const TopicSet& t = sets[s];
    SEGCORE_RETURN_IF_ERROR(check_name(t.name, s));
    if (!seen.insert(t.name).second) return invalid_argument(kWhere, "two sets are named '", t.name, "'");
    if (t.patterns.empty()) return invalid_argument(kWhere, "set '", t.name, "' has no patterns");
    std::string alternation;
    for (std::size_t k = 0; k < t.patterns.size(); ++k) {
      SEGCORE_ASSIGN_OR_RETURN(std::string re, pattern_regex(t.patterns[k], t.name, k));
      alternation.append(k ? "|(?:" : "(?:").append(re).append(")");
    }
    patterns += t.patterns.size();
    names.push_back(t.name);
    regex.push_back(std::move(alternation));
  }
  SEGCORE_ASSIGN_OR_RETURN(auto matcher, detail::ListeningMatcher::compile(names, regex));
  return ListeningSets(std::move(names), patterns, std::make_shared<detail::ListeningMatcherPool>(std::move(matcher)));
}

Status match_listening(const ListeningSets& sets, std::span<const std::string_view> texts,
                       std::span<std::uint32_t> counts, int threads) {
  constexpr const char* where = "match_listening";
  if (threads < 0) return invalid_argument(where, "threads is ", threads, "; use 0 (all) or more");
  const std::size_t k = sets.size();
  if (counts.size() != texts.size() * k)
    return invalid_argument(where, "counts has ", counts.size(), " slots for ", texts.size(), " texts x ", k, " sets");
  // Each text is matched alone, so the cut into blocks only spreads the work. A block borrows
  // a matcher of the sets' pool (ListeningMatcher::copy says why) for its texts.
  const Blocks blocks(texts.size(), 1024);
  std::vector<Status> failed(blocks.count());
  parallel_for(resolve_threads(threads), blocks.count(), [&](std::size_t b) {
    auto matcher = sets.matchers().acquire();
    if (!matcher.ok()) {
      failed[b] = matcher.status();
      return;
    }
    std::vector<int> hits;
    for (std::size_t i = blocks[b].begin; i < blocks[b].end && failed[b].ok(); ++i) {
      if (Status s = detail::valid_utf8(texts[i]); !s.ok())
        failed[b] = invalid_argument(where, "text ", i, ": ", s.message());
      else
        failed[b] = (*matcher)->count(texts[i], counts.subspan(i * k, k), hits);
    }
    sets.matchers().release(*std::move(matcher));
  });
  for (const Status& s : failed) SEGCORE_RETURN_IF_ERROR(s);
  return Status();
}

SEGCORE_NAMESPACE_END
