// Sentiment rules, one class at a time, on generated sentences: each case builds sentences
// from random lexicon words and neutral fillers and checks the compound against the rule's
// arithmetic written out independently of the scorer.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "segcore/sentiment.hpp"

namespace {

using segcore::SentimentLexicon;

const SentimentLexicon& lexicon() {
  static const SentimentLexicon lex = *SentimentLexicon::shipped();
  return lex;
}

double compound(const std::string& text) {
  auto s = segcore::score_sentiment(lexicon(), text);
  REQUIRE(s.ok());
  return s->compound;
}

double normalize(double s) { return s / std::sqrt(s * s + 15); }

// Plain lexicon words: lower-case letters only, at least 3 of them, and none that a rule names.
const std::vector<std::string>& plain_words() {
  static const std::vector<std::string> words = [] {
    const std::set<std::string> named = {
        "no",     "least",  "kind",     "sort",       "just",     "enough",     "never",       "without",
        "doubt",  "the",    "shit",     "bomb",       "bad",      "ass",        "bus",         "stop",
        "yeah",   "right",  "kiss",     "death",      "die",      "for",        "beating",     "heart",
        "broken", "badass", "but",      "very",       "so",       "this",       "at",          "or",
        "nor",    "of",     "to",       "more",       "most",     "less",       "little",      "major",
        "total",  "utter",  "extreme",  "incredible", "enormous", "tremendous", "exceptional", "considerable",
        "slight", "scarce", "marginal", "occasional", "fucking",  "fuckin",     "nothing",     "none",
        "nope",   "rarely", "seldom",   "despite",    "cannot",   "neither"};
    std::ifstream in(std::string(SEGCORE_DATA_DIR) + "/sentiment/vader_lexicon.txt");
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) {
      std::string w = line.substr(0, line.find('\t'));
      if (w.size() >= 3 && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
          !named.count(w) && w.find("nt") + 2 != w.size())
        out.push_back(w);
    }
    return out;
  }();
  return words;
}

struct Gen {
  std::mt19937_64 rng;
  explicit Gen(std::uint64_t seed) : rng(seed) {}
  std::string word() {
    const auto& w = plain_words();
    return w[std::uniform_int_distribution<std::size_t>(0, w.size() - 1)(rng)];
  }
  std::string filler() {  // never a lexicon word: no English word starts with "qz"
    std::string s = "qz";
    int n = std::uniform_int_distribution<int>(2, 6)(rng);
    for (int i = 0; i < n; ++i) s += static_cast<char>('a' + std::uniform_int_distribution<int>(0, 25)(rng));
    return s;
  }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
  }
};

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

const std::vector<std::string> kNegations = {"not",     "never",  "isn't",    "don't",   "cannot",
                                             "without", "rarely", "qzfoon't", "wouldnt", "nope"};
const std::vector<std::string> kBoosters = {"very", "extremely", "really", "so", "totally", "uber", "hella"};
const std::vector<std::string> kDampeners = {"barely", "hardly", "somewhat", "kinda", "sorta", "slightly"};

}  // namespace

TEST_CASE("sentiment: a lexicon word alone scores its normalised valence, in any case") {
  Gen g(1);
  for (int t = 0; t < 300; ++t) {
    std::string w = g.word();
    double v = lexicon().valence(w);
    REQUIRE(!std::isnan(v));
    CHECK(compound(w) == doctest::Approx(normalize(v)).epsilon(1e-12));
    CHECK(compound(upper(w)) == doctest::Approx(normalize(v)).epsilon(1e-12));  // all caps: no emphasis
    // Fillers count as neutral words: the compound stays, the neutral share grows.
    auto s = segcore::score_sentiment(lexicon(), g.filler() + " " + w + " " + g.filler());
    REQUIRE(s.ok());
    CHECK(s->compound == doctest::Approx(normalize(v)).epsilon(1e-12));
    CHECK(s->neu == doctest::Approx(2 / (2 + std::fabs(v) + 1)));
  }
}

TEST_CASE("sentiment: a negation up to three words before flips and scales by -0.74") {
  Gen g(2);
  for (int t = 0; t < 300; ++t) {
    std::string w = g.word(), neg = g.pick(kNegations);
    double v = lexicon().valence(w);
    int gap = t % 4;  // fillers between the negation and the word; 3 is out of the window
    std::string text = neg;
    for (int k = 0; k < gap; ++k) text += " " + g.filler();
    text += " " + w;
    double expected = gap < 3 ? v * -0.74 : v;
    CAPTURE(text);
    CHECK(compound(text) == doctest::Approx(normalize(expected)).epsilon(1e-12));
  }
}

TEST_CASE("sentiment: boosters and dampeners add 0.293 with the valence's sign, less with distance") {
  Gen g(3);
  const double distance[] = {1, 0.95, 0.9};
  for (int t = 0; t < 300; ++t) {
    std::string w = g.word();
    bool damp = t % 2;
    std::string mod = damp ? g.pick(kDampeners) : g.pick(kBoosters);
    double v = lexicon().valence(w);
    int gap = t % 3;
    std::string text = mod;
    for (int k = 0; k < gap; ++k) text += " " + g.filler();
    text += " " + w;
    double b = (damp ? -0.293 : 0.293) * (v < 0 ? -1 : 1) * distance[gap];
    CAPTURE(text);
    CHECK(compound(text) == doctest::Approx(normalize(v + b)).epsilon(1e-12));
    // An ALL-CAPS booster among lower-case words adds the caps emphasis too.
    std::string caps = upper(mod) + text.substr(mod.size());
    double bc = (b / distance[gap] + (v > 0 ? 0.733 : -0.733)) * distance[gap];
    CHECK(compound(caps) == doctest::Approx(normalize(v + bc)).epsilon(1e-12));
  }
}

TEST_CASE("sentiment: an ALL-CAPS word counts 0.733 more only when the text mixes cases") {
  Gen g(4);
  for (int t = 0; t < 300; ++t) {
    std::string w = g.word();
    double v = lexicon().valence(w);
    double e = v > 0 ? v + 0.733 : v - 0.733;
    CHECK(compound(g.filler() + " " + upper(w)) == doctest::Approx(normalize(e)).epsilon(1e-12));
    CHECK(compound(upper(g.filler()) + " " + upper(w)) == doctest::Approx(normalize(v)).epsilon(1e-12));
  }
}

TEST_CASE("sentiment: exclamation marks add 0.292 each up to 4; question marks 0.18 each from 2, 0.96 from 4") {
  Gen g(5);
  for (int t = 0; t < 200; ++t) {
    std::string w = g.word();
    double v = lexicon().valence(w);
    int ex = t % 7, qm = (t / 7) % 6;
    double amp = std::min(ex, 4) * 0.292 + (qm > 1 ? (qm <= 3 ? qm * 0.18 : 0.96) : 0);
    std::string text = g.filler() + " " + w + std::string(ex, '!') + std::string(qm, '?');
    CAPTURE(text);
    CHECK(compound(text) == doctest::Approx(normalize(v + (v > 0 ? amp : -amp))).epsilon(1e-12));
  }
}

TEST_CASE("sentiment: after 'but' words weigh 1.5, before it 0.5") {
  Gen g(6);
  for (int t = 0; t < 300; ++t) {
    std::string a = g.word(), b = g.word();
    double va = lexicon().valence(a), vb = lexicon().valence(b);
    if (va * 0.5 == vb) continue;  // the reference's first-equal-value lookup: its own case below
    std::string but = t % 2 ? "but" : "But";
    std::string text = a + " " + g.filler() + " " + but + " " + b;
    CAPTURE(text);
    CHECK(compound(text) == doctest::Approx(normalize(va * 0.5 + vb * 1.5)).epsilon(1e-12));
  }
  // Equal values: the second "good" is found at the first one's place (already halved to 0.95),
  // so it stays 1.9 and the first is halved again, as the reference does.
  double good = lexicon().valence("good");
  CHECK(compound("good good but qzzz") == doctest::Approx(normalize(good * 0.5 + good * 0.5)).epsilon(1e-12));
  CHECK(compound("great but good") ==
        doctest::Approx(normalize(lexicon().valence("great") * 0.5 + good * 1.5)).epsilon(1e-12));
}

TEST_CASE("sentiment: 'least' negates unless after 'at' or 'very'; 'kind of' dampens; 'no' negates") {
  Gen g(7);
  for (int t = 0; t < 200; ++t) {
    std::string w = g.word(), f = g.filler();
    double v = lexicon().valence(w);
    CHECK(compound(f + " least " + w) == doctest::Approx(normalize(v * -0.74)).epsilon(1e-12));
    CHECK(compound("at least " + w) == doctest::Approx(normalize(v)).epsilon(1e-12));
    CHECK(compound("very least " + w) ==
          doctest::Approx(normalize(v + (v < 0 ? -0.293 : 0.293) * 0.95)).epsilon(1e-12));
    // "sort of" three words back: the idiom step finds the pair and subtracts 0.293 whatever
    // the sign; "kind" is a lexicon word, so the same step never runs behind "kind of".
    CHECK(compound("sort of " + f + " " + w) == doctest::Approx(normalize(v - 0.293)).epsilon(1e-12));
    CHECK(compound("kind of " + f + " " + w) == doctest::Approx(normalize(v)).epsilon(1e-12));
    // "no" before a lexicon word counts nothing itself and negates the word.
    CHECK(compound("no " + w) == doctest::Approx(normalize(v * -0.74)).epsilon(1e-12));
  }
}

TEST_CASE("sentiment: idioms replace the valence; 'never so' intensifies; 'without doubt' keeps it") {
  CHECK(compound("qza qzb the shit") == doctest::Approx(normalize(3)).epsilon(1e-12));
  CHECK(compound("qza qzb qzc broken heart") == doctest::Approx(normalize(-2.9)).epsilon(1e-12));
  Gen g(8);
  for (int t = 0; t < 100; ++t) {
    std::string w = g.word();
    double v = lexicon().valence(w);
    // "so" boosts from next door, then "never so" scales the boosted valence.
    CHECK(compound("never so " + w) ==
          doctest::Approx(normalize((v + (v < 0 ? -0.293 : 0.293)) * 1.25)).epsilon(1e-12));
    // "doubt" is a lexicon word negated by "without"; the word after keeps its valence.
    double doubt = lexicon().valence("doubt");
    CHECK(compound("without doubt " + w) == doctest::Approx(normalize(doubt * -0.74 + v)).epsilon(1e-12));
  }
}

TEST_CASE("sentiment: the reference's published example scores") {
  struct Case {
    const char* text;
    double compound, pos, neu, neg;
  };
  // From the reference repository's README ("Output for the above example code").
  const Case cases[] = {
      {"VADER is smart, handsome, and funny.", 0.8316, 0.746, 0.254, 0.0},
      {"VADER is smart, handsome, and funny!", 0.8439, 0.752, 0.248, 0.0},
      {"VADER is very smart, handsome, and funny.", 0.8545, 0.701, 0.299, 0.0},
      {"VADER is VERY SMART, handsome, and FUNNY.", 0.9227, 0.754, 0.246, 0.0},
      {"VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342, 0.767, 0.233, 0.0},
      {"VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469, 0.706, 0.294, 0.0},
      {"VADER is not smart, handsome, nor funny.", -0.7424, 0.0, 0.354, 0.646},
      {"The book was good.", 0.4404, 0.492, 0.508, 0.0},
      // Published as pos 0.363, neu 0.637 by a release whose tokenizer dropped one-letter words;
      // the 3.3 tokenizer keeps "a" as a neutral word, which only moves the shares.
      {"At least it isn't a horrible book.", 0.431, 2.85 / 8.85, 6 / 8.85, 0.0},
      {"The book was only kind of good.", 0.3832, 0.303, 0.697, 0.0},
      {"The plot was good, but the characters are uncompelling and the dialog is not great.", -0.7042, 0.094, 0.579,
       0.327},
      {"Today SUX!", -0.5461, 0.0, 0.221, 0.779},
      {"Today only kinda sux! But I'll get by, lol", 0.5249, 0.317, 0.556, 0.127},
      {"Make sure you :) or :D today!", 0.8633, 0.706, 0.294, 0.0},
      {"Not bad at all", 0.431, 0.487, 0.513, 0.0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    auto s = segcore::score_sentiment(lexicon(), c.text);
    REQUIRE(s.ok());
    CHECK(std::fabs(s->compound - c.compound) <= 0.5e-4 + 1e-12);
    CHECK(std::fabs(s->pos - c.pos) <= 0.5e-3 + 1e-12);
    CHECK(std::fabs(s->neu - c.neu) <= 0.5e-3 + 1e-12);
    CHECK(std::fabs(s->neg - c.neg) <= 0.5e-3 + 1e-12);
  }
  // The README's emoji example needs an emoji lexicon: see the next case.
}

TEST_CASE("sentiment: emoji become their descriptions") {
  std::ifstream in(std::string(SEGCORE_DATA_DIR) + "/sentiment/vader_lexicon.txt");
  std::stringstream text;
  text << in.rdbuf();
  auto lex = SentimentLexicon::from_text(text.str(),
                                         "\xF0\x9F\x92\x98\theart with arrow\n"
                                         "\xF0\x9F\x92\x8B\tkiss mark\n"
                                         "\xF0\x9F\x98\x81\tbeaming face with smiling eyes\n"
                                         "\xF0\x9F\x91\xB6\xF0\x9F\x8F\xBB\tbaby: light skin tone\n");
  REQUIRE(lex.ok());
  CHECK(lex->emoji_count() == 3);  // a key of two code points can never match: not kept
  auto s = segcore::score_sentiment(
      *lex, "Catch utf-8 emoji such as \xF0\x9F\x92\x98 and \xF0\x9F\x92\x8B and \xF0\x9F\x98\x81");
  REQUIRE(s.ok());
  CHECK(std::fabs(s->compound - 0.7003) <= 0.5e-4 + 1e-12);  // the README's published score
  CHECK(std::fabs(s->pos - 0.279) <= 0.5e-3 + 1e-12);
  // An emoji glued to a word is described after a space; one after a space gets none.
  auto glued = segcore::score_sentiment(*lex, "qzq\xF0\x9F\x98\x81");
  auto spaced = segcore::score_sentiment(*lex, "qzq beaming face with smiling eyes");
  REQUIRE(glued.ok());
  REQUIRE(spaced.ok());
  CHECK(glued->compound == spaced->compound);
}

TEST_CASE("sentiment: every shipped emoji scores as its description, and the README example as published") {
  const std::string path = std::string(SEGCORE_DATA_DIR) + "/sentiment/emoji_lexicon.txt";
  std::ifstream in(path);
  REQUIRE(in.good());
  std::string line;
  std::size_t lines = 0, described = 0;
  while (std::getline(in, line)) {
    const std::size_t tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    ++lines;
    const std::string emoji = line.substr(0, tab), words = line.substr(tab + 1);
    CAPTURE(words);
    for (const char* frame : {"I feel %s today", "NOT %s!!", "the food was %s but the staff were great"}) {
      const std::string f = frame;
      const std::size_t at = f.find("%s");
      const std::string with_emoji = f.substr(0, at) + emoji + f.substr(at + 2);
      const std::string with_words = f.substr(0, at) + words + f.substr(at + 2);
      CHECK(compound(with_emoji) == compound(with_words));
    }
    described += compound("x " + words) != 0;
  }
  CHECK(lines == lexicon().emoji_count());
  CHECK(described > 100);  // many names carry valence ("grinning", "crying", "angry", ...)
  // Symbols shown as text by default are not in it: ordinary text keeps its score (a trade mark
  // sign's two words pushed "not" out of reach, a play sign added "play", a card suit "diamond").
  std::ifstream valence_file(std::string(SEGCORE_DATA_DIR) + "/sentiment/vader_lexicon.txt");
  std::stringstream valence;
  valence << valence_file.rdbuf();
  const auto plain = SentimentLexicon::from_text(valence.str());
  REQUIRE(plain.ok());
  for (const char* text : {"not Acme\u2122 good", "\u25B6 Watch the new video", "\u2666 Free shipping",
                           "\u00A9 2026 great \u2194 fine \u203C", "I \u2764 it"}) {
    CAPTURE(text);
    CHECK(compound(text) == segcore::score_sentiment(*plain, text)->compound);
  }
  auto s = segcore::score_sentiment(
      lexicon(), "Catch utf-8 emoji such as \xF0\x9F\x92\x98 and \xF0\x9F\x92\x8B and \xF0\x9F\x98\x81");
  REQUIRE(s.ok());
  CHECK(std::fabs(s->compound - 0.7003) <= 0.5e-4 + 1e-12);  // the README's published score
}

TEST_CASE("sentiment lexicon: malformed lines are errors naming the line") {
  auto no_tab = SentimentLexicon::from_text("good\t1.9\n\nbad -2.5\n", "", "mine.txt");
  REQUIRE(!no_tab.ok());
  CHECK(std::string(no_tab.status().message()).find("mine.txt:3:") != std::string::npos);
  auto not_number = SentimentLexicon::from_text("good\t1.9x\n", "", "mine.txt");
  REQUIRE(!not_number.ok());
  CHECK(std::string(not_number.status().message()).find("mine.txt:1: valence '1.9x'") != std::string::npos);
  CHECK(!SentimentLexicon::from_text("good\tnan\n").ok());
  CHECK(!SentimentLexicon::from_text("\n\n").ok());
  auto emoji = SentimentLexicon::from_text("good\t1.9\n", "x\n", "l", "e.txt");
  REQUIRE(!emoji.ok());
  CHECK(std::string(emoji.status().message()).find("e.txt:1:") != std::string::npos);
  auto missing = SentimentLexicon::from_files("/nonexistent/lexicon.txt");
  REQUIRE(!missing.ok());
  CHECK(missing.status().code() == absl::StatusCode::kNotFound);
  // A device or a folder is refused at once (a device was read without end before).
  for (const char* special : {"/dev/zero", "/tmp"}) {
    auto refused = SentimentLexicon::from_files(special);
    REQUIRE(!refused.ok());
    CHECK(std::string(refused.status().message()).find("is not a regular file") != std::string::npos);
  }
  // A replaced lexicon is the one used; later lines win as in the reference.
  auto mine = SentimentLexicon::from_text("qzgood\t1.0\nqzgood\t2.0\n");
  REQUIRE(mine.ok());
  CHECK(mine->valence("qzgood") == 2.0);
  CHECK(segcore::score_sentiment(*mine, "qzgood")->compound == doctest::Approx(normalize(2.0)).epsilon(1e-12));
}

TEST_CASE("sentiment: invalid UTF-8 is an error naming the text; empty texts score 0") {
  auto bad = segcore::score_sentiment(lexicon(), "good \xC3(");
  CHECK(!bad.ok());
  std::vector<std::string_view> texts = {"good", "", "   ", "\xED\xA0\x80"};
  std::vector<segcore::SentimentScores> out(texts.size());
  auto st = segcore::score_sentiments(lexicon(), texts, out, 2);
  REQUIRE(!st.ok());
  CHECK(std::string(st.message()).find("text 3") != std::string::npos);
  texts.pop_back();
  out.pop_back();
  REQUIRE(segcore::score_sentiments(lexicon(), texts, out, 2).ok());
  CHECK(out[1].compound == 0.0);
  CHECK(out[2].neu == 0.0);
  CHECK(!segcore::score_sentiments(lexicon(), texts, out, -1).ok());
}

TEST_CASE("sentiment: batches are bit-identical for any thread count") {
  Gen g(9);
  std::vector<std::string> store;
  const char* seps[] = {" ", "  ", "\t", ", ", "! ", "? "};
  for (int t = 0; t < 10007; ++t) {
    std::string s;
    int n = 1 + t % 9;
    for (int k = 0; k < n; ++k) {
      int r = static_cast<int>(g.rng() % 10);
      std::string w = r < 5 ? g.word() : r < 7 ? g.filler() : r < 8 ? g.pick(kNegations) : g.pick(kBoosters);
      if (g.rng() % 7 == 0) w = upper(w);
      s += w + seps[g.rng() % 6];
    }
    store.push_back(s);
  }
  std::vector<std::string_view> texts(store.begin(), store.end());
  std::vector<segcore::SentimentScores> one(texts.size()), many(texts.size());
  REQUIRE(segcore::score_sentiments(lexicon(), texts, one, 1).ok());
  for (int threads : {2, 3, 7}) {
    REQUIRE(segcore::score_sentiments(lexicon(), texts, many, threads).ok());
    CHECK(std::memcmp(one.data(), many.data(), one.size() * sizeof one[0]) == 0);
  }
}

TEST_CASE("sentiment aggregates: mean, negative share and trend against a direct recomputation") {
  std::mt19937_64 rng(10);
  const std::size_t n = 5000, customers = 37;
  std::vector<double> c(n);
  std::vector<std::uint32_t> who(n);
  std::vector<std::int64_t> when(n);
  for (std::size_t i = 0; i < n; ++i) {
    who[i] = static_cast<std::uint32_t>(rng() % (customers - 1));  // the last customer has no texts
    when[i] = 1'700'000'000 + static_cast<std::int64_t>(rng() % (400 * 86400));
    c[i] = std::uniform_real_distribution<double>(-1, 1)(rng);
    if (i % 11 == 0) c[i] = -0.05;  // exactly at the threshold counts as negative
  }
  auto agg = segcore::aggregate_sentiment(c, who, when, customers);
  REQUIRE(agg.ok());
  for (std::size_t k = 0; k + 1 < customers; ++k) {
    long double sx = 0, sy = 0, sxx = 0, sxy = 0, m = 0, neg = 0;
    for (std::size_t i = 0; i < n; ++i)
      if (who[i] == k) {
        long double x = static_cast<long double>(when[i]) / 86400, y = c[i];
        sx += x, sy += y, sxx += x * x, sxy += x * y, m += 1, neg += c[i] <= -0.05;
      }
    const auto& a = (*agg)[k];
    CHECK(a.texts == static_cast<std::uint64_t>(m));
    CHECK(a.mean_compound == doctest::Approx(static_cast<double>(sy / m)).epsilon(1e-12));
    CHECK(a.negative_share == static_cast<double>(neg / m));
    double slope = static_cast<double>((m * sxy - sx * sy) / (m * sxx - sx * sx));
    CHECK(a.trend_per_day == doctest::Approx(slope).epsilon(1e-6));
  }
  CHECK(std::isnan((*agg)[customers - 1].mean_compound));
  CHECK(std::isnan((*agg)[customers - 1].trend_per_day));
  std::vector<std::uint32_t> bad = who;
  bad[3] = static_cast<std::uint32_t>(customers);
  CHECK(!segcore::aggregate_sentiment(c, bad, when, customers).ok());
  CHECK(!segcore::aggregate_sentiment(std::span<const double>(c).first(3), who, when, customers).ok());
}

TEST_CASE("sentiment: multi-byte characters are decoded in place (spaces and Latin-1 capitals)") {
  // U+3000 and U+2003 are whitespace to Python's str.split(), as the ASCII space is.
  CHECK(compound("good\xE3\x80\x80movie") == compound("good movie"));
  CHECK(compound("good\xE2\x80\x83movie") == compound("good movie"));
  // An accented capital is upper case, so "GOOD ÉTÉ" shouts as "GOOD ETE" does.
  CHECK(compound("GOOD \xC3\x89T\xC3\x89 day") == compound("GOOD ETE day"));
}
