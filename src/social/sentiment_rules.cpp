// The VADER-family rules, in the order and with the floating-point operations of the
// reference (vaderSentiment 3.3), so that scores agree to the last bit where the inputs do.
#include <algorithm>
#include <cmath>

#include "sentiment_rules.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {
namespace {

// The special-case idioms and their valences, which replace the word's own.
struct Idiom {
  Word w[3];
  int n;
  double valence;
};
constexpr Idiom kIdioms[] = {
    {{Word::kThe, Word::kShit}, 2, 3},           {{Word::kThe, Word::kBomb}, 2, 3},
    {{Word::kBad, Word::kAss}, 2, 1.5},          {{Word::kBus, Word::kStop}, 2, 0.0},
    {{Word::kYeah, Word::kRight}, 2, -2},        {{Word::kKiss, Word::kOf, Word::kDeath}, 3, -1.5},
    {{Word::kTo, Word::kDie, Word::kFor}, 3, 3}, {{Word::kBeating, Word::kHeart}, 2, 3.1},
    {{Word::kBroken, Word::kHeart}, 2, -2.9}};

class Rules {
 public:
  Rules(const std::vector<SentimentToken>& t) : t_(t), n_(t.size()) {
    std::size_t upper = 0;
    for (const auto& tok : t) upper += tok.upper;
    caps_differ_ = upper > 0 && upper < n_;  // some but not all tokens are ALL CAPS
  }

  double valence(std::size_t i) const {
    const WordInfo* info = t_[i].info;
    if (info && info->booster != 0) return 0;  // a modifier, not a sentiment of its own
    if (i + 1 < n_ && id(i) == Word::kKind && id(i + 1) == Word::kOf) return 0;
    if (!info || !info->has_valence()) return 0;
    double v = info->valence;
    // "no" before a lexicon word negates that word instead of counting itself.
    if (id(i) == Word::kNo && i + 1 < n_ && in_lexicon(i + 1)) v = 0.0;
    if ((i > 0 && id(i - 1) == Word::kNo) || (i > 1 && id(i - 2) == Word::kNo) ||
        (i > 2 && id(i - 3) == Word::kNo && (id(i - 1) == Word::kOr || id(i - 1) == Word::kNor)))
      v = info->valence * kNegationScalar;
    if (t_[i].upper && caps_differ_) v = v > 0 ? v + kCapsIncrement : v - kCapsIncrement;
    for (std::size_t k = 0; k < 3; ++k) {
      if (i <= k || in_lexicon(i - k - 1)) continue;
      double s = scalar(i - k - 1, v);
      if (k == 1 && s != 0) s = s * 0.95;  // modifiers further away count less
      if (k == 2 && s != 0) s = s * 0.9;
      v = v + s;
      v = negation(v, k, i);
      if (k == 2) v = idioms(v, i);
    }
    return least(v, i);
  }

 private:
  Word id(std::size_t j) const { return t_[j].info ? t_[j].info->id : Word::kOther; }
  bool in_lexicon(std::size_t j) const { return t_[j].info && t_[j].info->has_valence(); }
  bool negated(std::size_t j) const { return (t_[j].info && t_[j].info->negation) || t_[j].contraction_negation; }
  bool so_or_this(std::size_t j) const { return id(j) == Word::kSo || id(j) == Word::kThis; }

  // A booster's scalar, signed like the valence, plus the caps emphasis of an ALL-CAPS booster.
  double scalar(std::size_t j, double v) const {
    const WordInfo* info = t_[j].info;
    if (!info || info->booster == 0) return 0;
    double s = info->booster;
    if (v < 0) s *= -1;
    if (t_[j].upper && caps_differ_) {
      if (v > 0)
        s += kCapsIncrement;
      else
        s -= kCapsIncrement;
    }
    return s;
  }

  // Negation by the k+1-th word before i; "never so/this" intensifies instead, and "without
  // doubt" leaves the valence alone.
  double negation(double v, std::size_t k, std::size_t i) const {
    if (k == 0) {
      if (negated(i - 1)) v = v * kNegationScalar;
    } else if (k == 1) {
      if (id(i - 2) == Word::kNever && so_or_this(i - 1))
        v = v * 1.25;
      else if (id(i - 2) == Word::kWithout && id(i - 1) == Word::kDoubt)
        ;
      else if (negated(i - 2))
        v = v * kNegationScalar;
    } else {
      if ((id(i - 3) == Word::kNever && so_or_this(i - 2)) || so_or_this(i - 1))
        v = v * 1.25;
      else if (id(i - 3) == Word::kWithout && (id(i - 2) == Word::kDoubt || id(i - 1) == Word::kDoubt))
        ;
      else if (negated(i - 3))
        v = v * kNegationScalar;
    }
    return v;
  }

  // The idiom starting at token `from` with `len` tokens, or null.
  const Idiom* idiom(std::size_t from, int len) const {
    for (const Idiom& d : kIdioms) {
      if (d.n != len) continue;
      bool match = true;
      for (int k = 0; k < len && match; ++k) match = id(from + k) == d.w[k];
      if (match) return &d;
    }
    return nullptr;
  }
  bool two_word_dampener(std::size_t j) const {  // "kind of", "sort of", "just enough"
    Word a = id(j), b = id(j + 1);
    return ((a == Word::kKind || a == Word::kSort) && b == Word::kOf) || (a == Word::kJust && b == Word::kEnough);
  }

  // Idioms around word i (i >= 3), in the reference's order of precedence.
  double idioms(double v, std::size_t i) const {
    const Idiom* before[] = {idiom(i - 1, 2), idiom(i - 2, 3), idiom(i - 2, 2), idiom(i - 3, 3), idiom(i - 3, 2)};
    for (const Idiom* d : before)
      if (d) {
        v = d->valence;
        break;
      }
    if (n_ - 1 > i)
      if (const Idiom* d = idiom(i, 2)) v = d->valence;
    if (n_ - 1 > i + 1)
      if (const Idiom* d = idiom(i, 3)) v = d->valence;
    if (two_word_dampener(i - 3)) v = v + -kBoosterIncrement;
    if (two_word_dampener(i - 2)) v = v + -kBoosterIncrement;
    return v;
  }

  // "least" before a word negates it, except in "at least" and "very least".
  double least(double v, std::size_t i) const {
    if (i > 1 && !in_lexicon(i - 1) && id(i - 1) == Word::kLeast) {
      if (id(i - 2) != Word::kAt && id(i - 2) != Word::kVery) v = v * kNegationScalar;
    } else if (i > 0 && !in_lexicon(i - 1) && id(i - 1) == Word::kLeast) {
      v = v * kNegationScalar;
    }
    return v;
  }

  const std::vector<SentimentToken>& t_;
  std::size_t n_;
  bool caps_differ_ = false;
};

// After the first "but", earlier sentiments are halved and later ones weighed 1.5 times. As
// in the reference, each value is found again by the first equal value in the list, so a
// value equal to an earlier (already weighed) one rescales that earlier position instead.
void but_contrast(const std::vector<SentimentToken>& t, std::vector<double>& s) {
  std::size_t but = 0;
  while (but < t.size() && !(t[but].info && t[but].info->id == Word::kBut)) ++but;
  if (but == t.size()) return;
  for (std::size_t p = 0; p < s.size(); ++p) {
    const double value = s[p];
    std::size_t first = 0;
    while (s[first] != value) ++first;
    if (first < but)
      s[first] = value * 0.5;
    else if (first > but)
      s[first] = value * 1.5;
  }
}

double punctuation_emphasis(std::string_view text) {
  std::size_t exclamations = 0, questions = 0;
  for (char c : text) {
    exclamations += c == '!';
    questions += c == '?';
  }
  double ep = static_cast<double>(std::min<std::size_t>(exclamations, 4)) * 0.292;
  double qm = 0;
  if (questions > 1) qm = questions <= 3 ? static_cast<double>(questions) * 0.18 : 0.96;
  return ep + qm;
}

}  // namespace

Status score_text(const SentimentWords& words, std::string_view text, SentimentScratch& scratch, SentimentScores& out) {
  SEGCORE_ASSIGN_OR_RETURN(std::string_view scored, tokenize(words, text, scratch));
  const auto& tokens = scratch.tokens;
  auto& s = scratch.sentiments;
  s.clear();
  Rules rules(tokens);
  for (std::size_t i = 0; i < tokens.size(); ++i) s.push_back(rules.valence(i));
  but_contrast(tokens, s);
  out = SentimentScores{};
  if (s.empty()) return Status();
  double sum = 0;
  for (double v : s) sum += v;
  const double emphasis = punctuation_emphasis(scored);
  if (sum > 0)
    sum += emphasis;
  else if (sum < 0)
    sum -= emphasis;
  out.compound = std::clamp(sum / std::sqrt(sum * sum + kNormalizeAlpha), -1.0, 1.0);
  double pos = 0, neg = 0, neu = 0;
  for (double v : s) {
    if (v > 0) pos += v + 1;  // + 1 and - 1: each sentiment word also counts as one word
    if (v < 0) neg += v - 1;
    if (v == 0) neu += 1;
  }
  if (pos > std::fabs(neg))
    pos += emphasis;
  else if (pos < std::fabs(neg))
    neg -= emphasis;
  const double total = pos + std::fabs(neg) + neu;
  out.pos = std::fabs(pos / total);
  out.neg = std::fabs(neg / total);
  out.neu = std::fabs(neu / total);
  return Status();
}

}  // namespace detail
SEGCORE_NAMESPACE_END
