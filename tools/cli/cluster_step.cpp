// `segcore cluster` and `segcore choose-k`, and the clustering stage of the whole job.
#include <cmath>
#include <iomanip>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "commands.hpp"
#include "input.hpp"
#include "progress.hpp"
#include "steps.hpp"

namespace segcore_cli {

// Help texts take their defaults from ClusterOptions, where the parsing below takes them too.
std::vector<Flag> cluster_flags(bool choose_only) {
  const ClusterOptions d;
  std::vector<Flag> f = {
      {"features", "A,B", "profile columns to cluster on (default " + absl::StrJoin(d.features, ",") + ")"},
      {"scaler", "S", Args::choices_help(*segcore::parse_enum<segcore::ScalerKind>(d.scaler))},
      {"no-log", "", "skip the signed log, sign(x) log(1 + |x|), applied before scaling"},
      {"k-min", "N", absl::StrCat("smallest k tried (default ", d.k_min, ")")},
      {"k-max", "N", absl::StrCat("largest k tried (default ", d.k_max, ")")},
      {"min-segments", "N",
       absl::StrCat("recommend the best silhouette among k >= N (default ", d.min_segments,
                    "; 2: the best silhouette over every k)")},
      {"n-init", "N", absl::StrCat("k-means++ restarts per k (default ", d.n_init, ")")},
      {"seed", "N", absl::StrCat("random seed (default ", d.seed, "): the same seed gives the same result")},
      {"silhouette-sample", "N", "customers sampled for the silhouette (default: all up to 10000)"},
  };
  if (!choose_only) {
    f.push_back({"k", "N", "number of clusters (default: the k that choose-k recommends)"});
    f.push_back({"algorithm", "A", Args::choices_help(segcore::KMeansAlgorithm::lloyd) + "; the same result"});
  }
  return f;
}

ClusterOptions cluster_options(const Args& args) {
  ClusterOptions o;
  if (args.has("features")) o.features = args.get_list("features");
  o.scaler =
      std::string(segcore::enum_name(args.get_enum("scaler", *segcore::parse_enum<segcore::ScalerKind>(o.scaler))));
  o.log1p = !args.has("no-log");
  o.k = static_cast<int>(args.get_int("k", 0, 1, 1 << 20));
  o.k_min = static_cast<int>(args.get_int("k-min", o.k_min, 2, 1000));
  o.k_max = static_cast<int>(args.get_int("k-max", o.k_max, 2, 1000));
  if (o.k_min > o.k_max) throw UsageError("--k-min is above --k-max");
  o.min_segments = static_cast<int>(args.get_int("min-segments", o.min_segments, 2, 1000));
  o.n_init = static_cast<int>(args.get_int("n-init", o.n_init, 1, 1000));
  o.hamerly = args.get_enum("algorithm", segcore::KMeansAlgorithm::lloyd) == segcore::KMeansAlgorithm::hamerly;
  o.seed = static_cast<std::uint64_t>(args.get_int("seed", static_cast<std::int64_t>(o.seed), 0, INT64_MAX));
  o.n_threads = thread_count(args);
  o.silhouette_sample = static_cast<std::size_t>(args.get_int("silhouette-sample", 0, 2, INT64_MAX));
  return o;
}

FeatureMatrix feature_matrix(const segcore::ProfileTable& p, const ClusterOptions& o) {
  FeatureMatrix x;
  x.names = o.features;
  std::vector<const segcore::ProfileColumn*> cols;
  for (const std::string& name : o.features) {
    const segcore::ProfileColumn* c = nullptr;
    for (const auto& pc : p.columns)
      if (pc.name == name) c = &pc;
    if (!c || (c->type != segcore::ColumnType::f64 && c->type != segcore::ColumnType::i64)) {
      std::string numeric;
      for (const auto& pc : p.columns)
        if (pc.type == segcore::ColumnType::f64 || pc.type == segcore::ColumnType::i64)
          numeric += (numeric.empty() ? "" : ", ") + pc.name;
      throw CliError("--features: '" + name + (c ? "' is not numeric" : "' is not a profile column") +
                     " (numeric columns: " + numeric + ")");
    }
    cols.push_back(c);
  }
  const std::size_t d = cols.size();
  for (std::size_t i = 0; i < p.size(); ++i) {
    bool ok = true;
    for (const auto* c : cols) ok = ok && c->valid[i];
    if (!ok) {
      ++x.excluded;
      continue;
    }
    x.rows.push_back(i);
    for (const auto* c : cols)
      x.raw.push_back(c->type == segcore::ColumnType::f64 ? c->f64[i] : static_cast<double>(c->i64[i]));
  }
  if (x.n() < 3)
    throw CliError("clustering needs at least 3 customers with every feature present; " + std::to_string(x.n()) +
                   " have them (" + std::to_string(x.excluded) + " miss one)");
  x.scaled = x.raw;
  if (o.log1p)  // spend and counts are heavy-tailed; the signed form keeps returns (< 0) finite
    for (double& v : x.scaled) v = std::copysign(std::log1p(std::fabs(v)), v);
  segcore::ScalerOptions so;
  so.kind = *segcore::parse_enum<segcore::ScalerKind>(o.scaler);  // a name of the table: cluster_options
  so.n_threads = o.n_threads;
  segcore::Scaler scaler(so);
  segcore::MatrixView<double> m(x.scaled.data(), x.n(), d);
  check(scaler.fit(segcore::ConstMatrixView<double>(m)));
  check(scaler.transform(segcore::ConstMatrixView<double>(m), m));
  return x;
}

namespace {

segcore::KMeansOptions kmeans_options(const ClusterOptions& o, int k) {
  segcore::KMeansOptions km;
  km.n_clusters = k;
  km.n_init = o.n_init;
  km.seed = o.seed;
  km.n_threads = o.n_threads;
  km.algorithm = o.hamerly ? segcore::KMeansAlgorithm::hamerly : segcore::KMeansAlgorithm::lloyd;
  return km;
}

std::size_t silhouette_sample(const FeatureMatrix& x, const ClusterOptions& o) {
  if (o.silhouette_sample) return o.silhouette_sample < x.n() ? o.silhouette_sample : 0;
  return x.n() > 10000 ? 10000 : 0;
}

}  // namespace

KChoice segmentation_choice(segcore::ChooseKResult scores, int min_segments) {
  KChoice c;
  c.statistical_k = scores.recommended_k;
  c.statistical_reason = std::move(scores.reason);
  static_cast<segcore::ChooseKResult&>(c) = std::move(scores);
  const segcore::KScore* best = nullptr;
  for (const auto& s : c.scores)
    if (s.k >= min_segments && (!best || s.silhouette > best->silhouette)) best = &s;
  if (!best) {
    c.recommended_k = c.statistical_k;
    c.reason = c.statistical_reason;
    return c;
  }
  c.recommended_k = best->k;
  std::ostringstream why;
  why << "k = " << best->k << ": the best silhouette (" << std::fixed << std::setprecision(3) << best->silhouette
      << ") among k >= " << min_segments << " segments (fewer rarely give a campaign enough to act on)";
  if (c.statistical_k != best->k) why << "; the statistical optimum over every k tried is k = " << c.statistical_k;
  c.reason = why.str();
  return c;
}

KChoice choose_k(const FeatureMatrix& x, const ClusterOptions& o) {
  segcore::ChooseKOptions c;
  c.k_min = o.k_min;
  c.k_max = std::min<int>(o.k_max, static_cast<int>(x.n()) - 1);
  if (c.k_min > c.k_max)
    throw CliError("choosing k needs more customers: " + std::to_string(x.n()) + " for k from " +
                   std::to_string(o.k_min));
  c.kmeans = kmeans_options(o, 2);
  c.silhouette_sample = silhouette_sample(x, o);
  return segmentation_choice(take(segcore::choose_k(x.view(), c)), o.min_segments);
}

Table choose_k_table(const KChoice& c) {
  Table t;
  t.rows = c.scores.size();
  std::vector<std::int64_t> k;
  std::vector<double> inertia, sil, ch, db;
  std::vector<std::string> mark;
  for (const auto& s : c.scores) {
    k.push_back(s.k), inertia.push_back(s.inertia), sil.push_back(s.silhouette);
    ch.push_back(s.calinski_harabasz), db.push_back(s.davies_bouldin);
    std::string m = s.k == c.recommended_k ? "recommended" : "";
    if (s.k == c.statistical_k) m += m.empty() ? "statistical" : "+statistical";
    if (s.k == c.elbow_k) m += m.empty() ? "elbow" : "+elbow";
    mark.push_back(m);
  }
  t.add_integer("k", std::move(k));
  t.add_number("inertia", std::move(inertia));
  t.add_number("silhouette", std::move(sil));
  t.add_number("calinski_harabasz", std::move(ch));
  t.add_number("davies_bouldin", std::move(db));
  t.add_text("choice", std::move(mark));
  return t;
}

Clustering cluster(const FeatureMatrix& x, const ClusterOptions& o, bool with_checks, Progress* progress) {
  Clustering c;
  if (o.k == 0 || with_checks) {
    if (progress) progress->step("choosing k");
    c.choice = choose_k(x, o);
  }
  c.k = o.k ? o.k : c.choice->recommended_k;
  if (static_cast<std::size_t>(c.k) > x.n())
    throw CliError("--k " + std::to_string(c.k) + " is more than the " + std::to_string(x.n()) +
                   " customers clustered");
  if (progress) progress->step("k-means, k = " + std::to_string(c.k));
  c.model = segcore::KMeans(kmeans_options(o, c.k));
  check(c.model.fit(x.view()));
  if (c.k >= 2 && static_cast<std::size_t>(c.k) < x.n()) {
    segcore::SilhouetteOptions so;
    so.sample_size = silhouette_sample(x, o);
    so.seed = o.seed;
    c.silhouette = take(segcore::silhouette_score(x.view(), c.model.labels(), so));
  }

  if (progress) progress->step("principal components and personas");
  segcore::PCAOptions po;
  po.n_components = static_cast<int>(std::min<std::size_t>(2, x.d()));
  po.n_threads = o.n_threads;
  segcore::PCA pca(po);
  check(pca.fit(x.view()));
  std::vector<double> proj(x.n() * pca.n_components());
  check(pca.transform(x.view(), segcore::MatrixView<double>(proj.data(), x.n(), pca.n_components())));
  c.pcs.assign(x.n() * 2, 0.0);
  for (std::size_t i = 0; i < x.n(); ++i)
    for (std::size_t j = 0; j < pca.n_components(); ++j) c.pcs[i * 2 + j] = proj[i * pca.n_components() + j];
  c.pc_ratio = pca.explained_variance_ratio();
  c.pc_ratio.resize(2, 0.0);

  segcore::PersonaOptions pers;
  pers.feature_names = x.names;
  for (const std::string& name : x.names) {  // words for the usual features, "low x"/"high x" otherwise
    const bool recency = name == "recency_days";
    pers.low_words.push_back(recency               ? "recent"
                             : name == "frequency" ? "infrequent"
                             : name == "monetary"  ? "low spend"
                                                   : "");
    pers.high_words.push_back(recency               ? "lapsed"
                              : name == "frequency" ? "frequent"
                              : name == "monetary"  ? "high spend"
                                                    : "");
  }
  c.personas = take(
      segcore::segment_profiles(segcore::ConstMatrixView<double>(x.raw.data(), x.n(), x.d()), c.model.labels(), pers));
  if (with_checks && c.k >= 2) {
    if (progress) progress->step("stability resamples");
    segcore::StabilityOptions so;
    so.n_resamples = o.stability_resamples;
    so.kmeans = kmeans_options(o, c.k);
    c.stability = take(segcore::cluster_stability(x.view(), so));
  }
  return c;
}

namespace {

std::vector<double> column(const FeatureMatrix& x, std::size_t j) {
  std::vector<double> v(x.n());
  for (std::size_t i = 0; i < x.n(); ++i) v[i] = x.raw[i * x.d() + j];
  return v;
}

const segcore::Persona& persona_of(const Clustering& c, std::int32_t label) {
  for (const auto& p : c.personas)
    if (p.label == label) return p;
  throw CliError("internal: no persona for cluster " + std::to_string(label));
}

}  // namespace

Table cluster_table(const segcore::ProfileTable& p, const FeatureMatrix& x, const Clustering& c) {
  Table t;
  t.rows = x.n();
  std::vector<std::string> ids, names;
  for (std::size_t i = 0; i < x.n(); ++i) {
    ids.push_back(p.customer_id[x.rows[i]]);
    names.push_back(persona_of(c, c.model.labels()[i]).name);
  }
  t.add_ids("customer_id", std::move(ids));
  for (std::size_t j = 0; j < x.d(); ++j) t.add_number(x.names[j], column(x, j));
  t.add_integer("cluster", c.model.labels());
  t.add_text("persona", std::move(names));
  std::vector<double> pc1(x.n()), pc2(x.n());
  for (std::size_t i = 0; i < x.n(); ++i) pc1[i] = c.pcs[i * 2], pc2[i] = c.pcs[i * 2 + 1];
  t.add_number("pc1", std::move(pc1));
  t.add_number("pc2", std::move(pc2));
  return t;
}

Table persona_table(const FeatureMatrix& x, const Clustering& c) {
  Table t;
  t.rows = c.personas.size();
  std::vector<std::int64_t> label, size;
  std::vector<double> share;
  std::vector<std::string> name;
  std::vector<std::vector<double>> mean(x.d()), lift(x.d());
  for (const auto& p : c.personas) {
    label.push_back(p.label), size.push_back(static_cast<std::int64_t>(p.size));
    share.push_back(p.share), name.push_back(p.name);
    for (std::size_t j = 0; j < x.d(); ++j) mean[j].push_back(p.mean[j]), lift[j].push_back(p.lift[j]);
  }
  t.add_integer("cluster", std::move(label));
  t.add_text("persona", std::move(name));
  t.add_integer("customers", std::move(size));
  t.add_number("share", std::move(share));
  for (std::size_t j = 0; j < x.d(); ++j) t.add_number("mean_" + x.names[j], std::move(mean[j]));
  for (std::size_t j = 0; j < x.d(); ++j) t.add_number("lift_" + x.names[j], std::move(lift[j]));
  if (c.stability) {
    std::vector<double> jac;
    for (const auto& p : c.personas) jac.push_back(c.stability->jaccard[static_cast<std::size_t>(p.label)]);
    t.add_number("stability_jaccard", std::move(jac));
  }
  return t;
}

int cmd_cluster(int argc, char** argv) {
  Args args("cluster", "[options] [EVENTS.csv]",
            "k-means segments of customers on scaled profile features, with a persona per segment.\n"
            "Without --k, k is chosen as `segcore choose-k` recommends. Customers missing a feature\n"
            "(no positive order: no recency) are left out and counted. Without a file, the bundled\n"
            "Online Retail sample is used.");
  args.add(input_flags()).add(profile_flags()).add(cluster_flags(false)).add(output_flags("standard output"));
  if (!start_command(args, argc, argv)) return 0;
  const ClusterOptions o = cluster_options(args);
  Input in = load_input(args);
  segcore::ProfileTable p = build_profiles(args, in.data.events);
  FeatureMatrix x = feature_matrix(p, o);
  Progress progress(o.k ? 2 : 3);
  Clustering c = cluster(x, o, false, &progress);
  std::ostringstream s;
  s << x.n() << " customers clustered (" << x.excluded << " left out for a missing feature) into k = " << c.k
    << (o.k ? "" : " (" + c.choice->reason + ")") << "; silhouette " << c.silhouette << "\n";
  for (const auto& per : c.personas)
    s << "  cluster " << per.label << ": " << per.size << " customers, " << per.name << "\n";
  emit(args, cluster_table(p, x, c), s.str());
  return 0;
}

int cmd_choose_k(int argc, char** argv) {
  Args args("choose-k", "[options] [EVENTS.csv]",
            "Scores k-means for every k from --k-min to --k-max (inertia, silhouette, Calinski-Harabasz,\n"
            "Davies-Bouldin) and recommends one. Without a file, the bundled sample is used.");
  args.add(input_flags()).add(profile_flags()).add(cluster_flags(true)).add(output_flags("standard output"));
  if (!start_command(args, argc, argv)) return 0;
  const ClusterOptions o = cluster_options(args);
  Input in = load_input(args);
  segcore::ProfileTable p = build_profiles(args, in.data.events);
  FeatureMatrix x = feature_matrix(p, o);
  KChoice c = choose_k(x, o);
  emit(args, choose_k_table(c), "recommended k = " + std::to_string(c.recommended_k) + ": " + c.reason + "\n");
  return 0;
}

}  // namespace segcore_cli
