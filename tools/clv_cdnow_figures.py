#!/usr/bin/env python3
"""Reproduces the tables behind the CDNOW figures of Fader, Hardie and Lee (2005), "Counting
your customers the easy way", with segcore's BG/NBD fitted on weeks 1-39:

  1. cumulative repeat transactions of the cohort, expected vs actual, through week 78
     (the paper's tracking plot; weeks 40-78 are the holdout);
  2. expected vs actual repeat transactions in the holdout by calibration frequency
     (the paper's conditional-expectation plot).

Run from the repository root after building: PYTHONPATH=python python3 tools/clv_cdnow_figures.py
"""
import pathlib

import numpy as np

import segcore

root = pathlib.Path(__file__).resolve().parent.parent
rows = np.loadtxt(root / "data" / "cdnow_sample.csv", delimiter=",", skiprows=1, dtype=str)
ids = rows[:, 1].astype(np.int64)
day = np.array([f"{d[:4]}-{d[4:6]}-{d[6:]}" for d in rows[:, 2]], dtype="datetime64[D]")
start, cal_end, end = np.datetime64("1997-01-01"), np.datetime64("1997-09-30"), np.datetime64("1998-06-30")

s = segcore.summary_data_from_transactions(ids, day, time_unit_days=7, calibration_end=cal_end)
bgf = segcore.BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
print("BG/NBD:", {k: round(v, 3) for k, v in bgf.params_.items()}, "LL", round(bgf.log_likelihood_, 1))

# Purchase days per customer (same-day orders merged), weeks since 1997-01-01.
pairs = np.unique(np.stack([ids, (day - start).astype(int)]), axis=1)
first = {}
for c, d in pairs.T:
    first.setdefault(c, d)
birth = np.array([first[c] for c in s["customer_id"]]) / 7.0
repeat_weeks = np.array([d / 7.0 for c, d in pairs.T if d != first[c]])

print("\nweek  actual cumulative repeats  expected")
for week in range(13, 79, 13):
    age = np.clip(week - birth, 0, None)
    expected = bgf.expected_number_of_purchases_up_to_time(age).sum()
    print(f"{week:4d}  {np.sum(repeat_weeks <= week):25d}  {expected:8.0f}")

holdout_weeks = (end - cal_end).astype(int) / 7.0
cal_end_week = (cal_end - start).astype(int) / 7.0
holdout = {}
for c, d in pairs.T:
    if d / 7.0 > cal_end_week:
        holdout[c] = holdout.get(c, 0) + 1
actual = np.array([holdout.get(c, 0) for c in s["customer_id"]])
expected = bgf.conditional_expected_number_of_purchases_up_to_time(holdout_weeks, s["frequency"], s["recency"], s["T"])
print(f"\nholdout ({holdout_weeks:.1f} weeks) repeat transactions by calibration frequency")
print("x    customers  actual mean  expected mean")
for x in range(8):
    m = s["frequency"] == x if x < 7 else s["frequency"] >= 7
    print(f"{x if x < 7 else '7+':<4} {m.sum():9d}  {actual[m].mean():11.3f}  {expected[m].mean():13.3f}")
print(f"all  {len(actual):9d}  total {actual.sum():5d}  total {expected.sum():8.1f}")
