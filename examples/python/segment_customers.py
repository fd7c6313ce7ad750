"""From a CSV of invoice lines to three views of the same customers, with the Python package:
RFM segments, lifecycle stages from rules, and k-means clusters with k chosen by the data.

    PYTHONPATH=python /usr/bin/python3 examples/python/segment_customers.py [data.csv]

The package loads build/libsegcore.so from a source checkout (or $SEGCORE_LIBRARY).
docs/guides/python.md walks through it.
"""
import sys

import numpy as np

import segcore

path = sys.argv[1] if len(sys.argv) > 1 else "data/online_retail_sample.csv"

# One profile per customer. The sample's amount is Quantity x UnitPrice; lines of one invoice
# are one order. Lenient: bad rows are skipped and listed in the report instead of stopping.
profiles = segcore.Profiles.from_csv(path, customer="CustomerID", timestamp="InvoiceDate",
                                     quantity="Quantity", price="UnitPrice", order="InvoiceNo",
                                     attributes=["Country"], mode="lenient", n_threads=2)
print(f"segcore {segcore.__version__}: {profiles.n_customers} customers, "
      f"as of {np.datetime64(profiles.as_of, 's')}")

# 1. RFM: quintile scores and the named segments of docs/PROFILES.md.
rfm = profiles.rfm(bins=5, mode="quantile")
print(f"\n{'segment':20} {'customers':>9} {'revenue':>12}")
for s in rfm.summary:
    if s["customers"]:
        print(f"{s['segment']:20} {s['customers']:9d} {s['revenue']:12.2f}")

# 2. Rules: the built-in lifecycle stages, and one rule of our own explained for a customer.
stages = segcore.SegmentSet.lifecycle(profiles).assign(profiles)
names, counts = np.unique(stages, return_counts=True)
print("\nlifecycle: " + ", ".join(f"{n} {c}" for n, c in zip(names, counts)))
big_uk = segcore.Rule("monetary > 2000 and Country = 'United Kingdom'", profiles)
mask = big_uk.evaluate(profiles)
print(f"{mask.sum()} customers match: {big_uk.text}")
print(big_uk.explain(profiles, int(np.argmax(mask))), end="")

# 3. Clusters on recency, frequency and monetary of the customers who bought. Spend and counts
# are heavy-tailed, so a signed log goes first (monetary can be negative after returns).
bought = profiles.valid("recency_days")
features = np.column_stack([profiles.column(c)[bought].astype(float)
                            for c in ("recency_days", "frequency", "monetary")])
X = segcore.StandardScaler().fit_transform(np.sign(features) * np.log1p(np.abs(features)))
pick = segcore.choose_k(X, range(2, 9), n_init=4, random_state=0, n_threads=2)
print(f"\nchosen k = {pick.recommended_k}: {pick.reason}")
km = segcore.KMeans(pick.recommended_k, n_init=4, random_state=0, n_threads=2).fit(X)
print(f"silhouette {segcore.silhouette_score(X, km.labels_):.3f}")
for p in segcore.segment_profiles(features, km.labels_,
                                  feature_names=["recency_days", "frequency", "monetary"],
                                  low_words=["recent", "rare", "low spend"],
                                  high_words=["lapsed", "frequent", "high spend"]):
    mean = ", ".join(f"{v:.0f}" for v in p.mean)
    print(f"cluster {p.label}: {p.size:3d} customers ({p.share:.0%}), means {mean}: {p.name}")
