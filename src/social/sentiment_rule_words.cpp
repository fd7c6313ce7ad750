// The words the rules know besides the lexicon: the reference's negation words, its boosters
// and dampeners (degree adverbs, with their empirically derived scalars), and the words that
// the "no", "least", "never", "without doubt", "but", "kind of" and idiom rules name.
#include "sentiment_rules.hpp"
#include "sentiment_words.hpp"

SEGCORE_NAMESPACE_BEGIN
namespace detail {
namespace {

constexpr const char* kNegations[] = {
    "aint",    "arent",    "cannot",  "cant",    "couldnt", "darent",   "didnt",   "doesnt",    "ain't",    "aren't",
    "can't",   "couldn't", "daren't", "didn't",  "doesn't", "dont",     "hadnt",   "hasnt",     "havent",   "isnt",
    "mightnt", "mustnt",   "neither", "don't",   "hadn't",  "hasn't",   "haven't", "isn't",     "mightn't", "mustn't",
    "neednt",  "needn't",  "never",   "none",    "nope",    "nor",      "not",     "nothing",   "nowhere",  "oughtnt",
    "shant",   "shouldnt", "uhuh",    "wasnt",   "werent",  "oughtn't", "shan't",  "shouldn't", "uh-uh",    "wasn't",
    "weren't", "without",  "wont",    "wouldnt", "won't",   "wouldn't", "rarely",  "seldom",    "despite"};

constexpr const char* kBoosters[] = {
    "absolutely",    "amazingly",  "awfully",   "completely", "considerable", "considerably", "decidedly",
    "deeply",        "effing",     "enormous",  "enormously", "entirely",     "especially",   "exceptional",
    "exceptionally", "extreme",    "extremely", "fabulously", "flipping",     "flippin",      "frackin",
    "fracking",      "fricking",   "frickin",   "frigging",   "friggin",      "fully",        "fuckin",
    "fucking",       "fuggin",     "fugging",   "greatly",    "hella",        "highly",       "hugely",
    "incredible",    "incredibly", "intensely", "major",      "majorly",      "more",         "most",
    "particularly",  "purely",     "quite",     "really",     "remarkably",   "so",           "substantially",
    "thoroughly",    "total",      "totally",   "tremendous", "tremendously", "uber",         "unbelievably",
    "unusually",     "utter",      "utterly",   "very"};

// One-token dampeners ("kind of", "sort of" and "just enough" are two tokens: see the rules).
constexpr const char* kDampeners[] = {"almost", "barely", "hardly",   "kinda",      "kindof",     "kind-of",
                                      "less",   "little", "marginal", "marginally", "occasional", "occasionally",
                                      "partly", "scarce", "scarcely", "slight",     "slightly",   "somewhat",
                                      "sorta",  "sortof", "sort-of"};

struct Named {
  const char* text;
  Word id;
};
constexpr Named kNamed[] = {
    {"no", Word::kNo},       {"or", Word::kOr},        {"nor", Word::kNor},   {"but", Word::kBut},
    {"least", Word::kLeast}, {"at", Word::kAt},        {"very", Word::kVery}, {"kind", Word::kKind},
    {"sort", Word::kSort},   {"of", Word::kOf},        {"just", Word::kJust}, {"enough", Word::kEnough},
    {"never", Word::kNever}, {"so", Word::kSo},        {"this", Word::kThis}, {"without", Word::kWithout},
    {"doubt", Word::kDoubt}, {"the", Word::kThe},      {"shit", Word::kShit}, {"bomb", Word::kBomb},
    {"bad", Word::kBad},     {"ass", Word::kAss},      {"bus", Word::kBus},   {"stop", Word::kStop},
    {"yeah", Word::kYeah},   {"right", Word::kRight},  {"kiss", Word::kKiss}, {"death", Word::kDeath},
    {"to", Word::kTo},       {"die", Word::kDie},      {"for", Word::kFor},   {"beating", Word::kBeating},
    {"heart", Word::kHeart}, {"broken", Word::kBroken}};

}  // namespace

void add_rule_words(SentimentWords& w) {
  for (const char* s : kNegations) w.words[s].negation = true;
  for (const char* s : kBoosters) w.words[s].booster = kBoosterIncrement;
  for (const char* s : kDampeners) w.words[s].booster = -kBoosterIncrement;
  for (const Named& n : kNamed) w.words[n.text].id = n.id;
}

}  // namespace detail
SEGCORE_NAMESPACE_END
