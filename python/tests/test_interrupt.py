"""Ctrl-C during a long call: KeyboardInterrupt within half a second, the model unchanged."""
import os
import signal
import subprocess
import sys
import time

import pytest

CHILD = r"""
import sys, time
import numpy as np
import segcore
rng = np.random.default_rng(0)
X = rng.normal(size=(300_000, 8))
km = segcore.KMeans(n_clusters=64, n_init=50, max_iter=300, tol=0.0, algorithm=sys.argv[1],
                    random_state=0, n_threads=1)
print("ready", flush=True)
try:
    km.fit(X)
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", hasattr(km, "cluster_centers_"), flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("algorithm", ["lloyd", "hamerly"])
def test_sigint_stops_a_kmeans_fit_within_half_a_second(algorithm):
    # The fit takes minutes; without cancellation the interrupt waits for its end.
    child = subprocess.Popen([sys.executable, "-c", CHILD, algorithm], stdout=subprocess.PIPE,
                             text=True, env=os.environ.copy())
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.7)  # well inside the fit's C code
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        line = child.stdout.readline().strip()
        elapsed = time.monotonic() - sent
        assert line == "interrupted False"  # KeyboardInterrupt, and the model stays unfitted
        assert elapsed < 0.5, f"KeyboardInterrupt came {elapsed:.2f} s after SIGINT"
        assert child.wait(timeout=10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_a_program_handler_that_does_not_raise_gets_cancelled_error():
    script = CHILD.replace('print("ready", flush=True)', '''
import signal
seen = []
signal.signal(signal.SIGINT, lambda s, f: seen.append(s))
print("ready", flush=True)''').replace(
        'except KeyboardInterrupt:\n    print("interrupted", hasattr(km, "cluster_centers_"), flush=True)',
        'except segcore.CancelledError:\n    print("cancelled", seen, flush=True)')
    child = subprocess.Popen([sys.executable, "-c", script, "lloyd"], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.7)
        child.send_signal(signal.SIGINT)
        assert child.stdout.readline().strip() == "cancelled [2]"
        assert child.wait(timeout=10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
