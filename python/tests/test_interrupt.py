"""Ctrl-C during a long call: KeyboardInterrupt promptly, the model unchanged."""
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


# Seconds from SIGINT to KeyboardInterrupt at most. The library polls between blocks of work;
# the bound leaves room for a loaded two-core machine scheduling the child late, and stays far
# below the fits' length without cancellation (minutes).
PROMPT = 2.0


def interrupted(script, *args):
    """Runs script, sends SIGINT 0.7 s after it is ready (well inside the C call); returns the
    line it printed next and the seconds that took."""
    child = subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True,
                             env=os.environ.copy())
    try:
        assert child.stdout.readline().strip() == "ready"
        time.sleep(0.7)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        line = child.stdout.readline().strip()
        elapsed = time.monotonic() - sent
        assert child.wait(timeout=10) == 0
        return line, elapsed
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("algorithm", ["lloyd", "hamerly"])
def test_sigint_stops_a_kmeans_fit_promptly(algorithm):
    # The fit takes minutes; without cancellation the interrupt waits for its end.
    line, elapsed = interrupted(CHILD, algorithm)
    assert line == "interrupted False"  # KeyboardInterrupt, and the model stays unfitted
    assert elapsed < PROMPT, f"KeyboardInterrupt came {elapsed:.2f} s after SIGINT"


CLV_CHILD = r"""
import numpy as np
import segcore
rng = np.random.default_rng(0)
n = 2_000_000  # distinct histories: every likelihood evaluation passes over all of them
T = rng.uniform(10, 80, n)
recency = T * rng.uniform(0, 1, n)
frequency = np.floor(rng.exponential(3, n))
recency[frequency == 0] = 0
m = segcore.ParetoNBDFitter()
print("ready", flush=True)
try:
    m.fit(frequency, recency, T)
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", hasattr(m, "params_"), flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigint_stops_a_clv_fit_promptly():
    # Each Newton step of this fit takes seconds.
    line, elapsed = interrupted(CLV_CHILD)
    assert line == "interrupted False"
    assert elapsed < PROMPT, f"KeyboardInterrupt came {elapsed:.2f} s after SIGINT"


def test_a_program_handler_that_does_not_raise_gets_cancelled_error():
    script = CHILD.replace('print("ready", flush=True)', '''
import signal
seen = []
signal.signal(signal.SIGINT, lambda s, f: seen.append(s))
print("ready", flush=True)''').replace(
        'except KeyboardInterrupt:\n    print("interrupted", hasattr(km, "cluster_centers_"), flush=True)',
        'except segcore.CancelledError:\n    print("cancelled", seen, flush=True)')
    line, _ = interrupted(script, "lloyd")
    assert line == "cancelled [2]"
