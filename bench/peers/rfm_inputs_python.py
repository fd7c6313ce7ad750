#!/usr/bin/env python3
"""RFM from a CSV file through the Python package, bounded memory against the whole file: one
path per process, so that each has its own peak resident memory (the interpreter and numpy
included).

    SEGCORE_LIBRARY=build/libsegcore.so PYTHONPATH=python bench/peers/rfm_inputs_python.py FILE windowed|whole

windowed: Profiles.rfm_inputs_from_csv (the file read in 64 MiB windows, per-customer sums);
whole: Profiles.from_csv(duplicates="ignore") (every row held, then profiles). Each is followed
by .rfm(mode="rank"), on one thread. Files: bench/rfm_csv generate ROWS CUSTOMERS PATH epoch."""
import resource
import sys
import time

import segcore


def main(path, how):
    start = time.perf_counter()
    if how == "windowed":
        p = segcore.Profiles.rfm_inputs_from_csv(path, n_threads=1)
    elif how == "whole":
        p = segcore.Profiles.from_csv(path, duplicates="ignore", n_threads=1)
    else:
        sys.exit(f"unknown path {how!r}: windowed or whole")
    p.rfm(mode="rank")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{how}: {time.perf_counter() - start:.2f} s, {p.n_customers} customers, peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
