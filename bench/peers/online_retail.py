#!/usr/bin/env python3
"""The whole path on the full UCI Online Retail file: lenient CSV ingest with its report,
profiles, RFM scores and the segment summary, timed.

  SEGCORE_LIBRARY=build/libsegcore.so PYTHONPATH=python /usr/bin/python3 \\
      bench/peers/online_retail.py <path to online_retail.csv.gz>
"""
import gzip
import os
import shutil
import sys
import tempfile
import time

import segcore


def main():
    src = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        csv = os.path.join(tmp, "online_retail.csv")
        with gzip.open(src, "rb") as fin, open(csv, "wb") as fout:
            shutil.copyfileobj(fin, fout)
        t0 = time.perf_counter()
        p = segcore.Profiles.from_csv(csv, customer="CustomerID", timestamp="InvoiceDate",
                                      quantity="Quantity", price="UnitPrice", order="InvoiceNo",
                                      categories=["Country"], mode="lenient", max_reported=5,
                                      n_threads=2)
        t1 = time.perf_counter()
        r = p.rfm(bins=5, mode="quantile")
        t2 = time.perf_counter()
    print(p.report)
    print(f"customers: {p.n_customers}  columns: {len(p.columns)}  as_of: {p.as_of}")
    freq = p.column("frequency")
    print(f"returns-only or no positive order: {(freq == 0).sum()}  "
          f"total monetary: {p.column('monetary').sum():.3f}")
    rec, f, m = r.edges(5)
    print(f"edges  R (days): {list(rec)}\n       F: {list(f)}\n       M: {[round(x, 2) for x in m]}")
    print(f"{'segment':<20} {'customers':>9} {'orders':>7} {'revenue':>13} {'AOV':>9} "
          f"{'med R':>6} {'med F':>6} {'med M':>9}")
    for s in r.summary:
        print(f"{s['segment']:<20} {s['customers']:>9} {s['orders']:>7} {s['revenue']:>13.2f} "
              f"{s['avg_order_value']:>9.2f} {s['median_recency_days']:>6.1f} {s['median_frequency']:>6.1f} "
              f"{s['median_monetary']:>9.2f}")
    print(f"time: CSV to profiles {t1 - t0:.3f} s, RFM + summary {t2 - t1:.3f} s (2 threads)")


if __name__ == "__main__":
    main()
