"""The Lloyd passes of segcore.dask.KMeans: each maps the partial state over the partitions and
merges the partitions' states in partition order.

With a distributed client the partitions stay on the workers for the whole fit, each worker's
share held by an actor, and a pass is one call to each actor: the client talks to the workers
directly. A trip through the scheduler per pass cost about as much as a worker's share of the
pass's work (docs/BENCHMARKS.md, "k-means on Dask").
If a worker is lost, the passes go on as tasks (one per worker), which dask recomputes lost
partitions for. Either way every partition's state is computed alone and the states are merged
on the client in partition order, so the result is the same bit for bit whichever worker
computed what. Without a client (dask's local schedulers) a pass is one delayed graph."""
import dask
import numpy as np

from .._errors import SegcoreError
from . import _kmeans_state as _state


def passes(X, w, dtype):
    """The passes over X (rows weighted by w, or None) for data of dtype."""
    client = _distributed_client()
    return GraphPasses(X, w, dtype) if client is None else ActorPasses(client, X, w, dtype)


def _distributed_client():
    """The client dask computes with, or None when it computes with a local scheduler."""
    try:
        from distributed import default_client
        client = default_client()
    except (ImportError, ValueError):
        return None
    return client if dask.base.get_scheduler() == client.get else None


def _offsets(X):
    return np.concatenate([[0], np.cumsum(X.chunks[0])[:-1]]).astype(np.int64).tolist()


class GraphPasses:
    """A pass as one graph of delayed tasks: a state per partition, merged in partition order."""

    def __init__(self, X, w, dtype):
        self.X, self.w, self._dtype = X, w, dtype
        self._blocks = list(X.to_delayed().ravel())
        self._wblocks = [None] * len(self._blocks) if w is None else list(w.to_delayed())
        self._offsets = _offsets(X)

    def __call__(self, state_bytes):
        parts = [dask.delayed(_state.accumulate, pure=True)(state_bytes, b, w, o, self._dtype)
                 for b, w, o in zip(self._blocks, self._wblocks, self._offsets)]
        merged = dask.delayed(_state.merge_in_order, pure=True)(*parts)
        return _state.State.from_bytes(merged.compute())


class TaskPasses:
    """A pass as one task per worker over partitions kept on the workers."""

    def __init__(self, client, X, w, dtype):
        import distributed
        self._client, self._dtype = client, dtype
        self.X = client.persist(X)
        self.w = None if w is None else client.persist(w)
        blocks = _ordered_futures(self.X)
        wblocks = [None] * len(blocks) if self.w is None else _ordered_futures(self.w)
        distributed.wait([f for f in blocks + wblocks if f is not None])
        offsets = _offsets(X)
        self._groups = []  # (worker, partition numbers, their offsets, blocks and weight blocks)
        for worker, parts in _balanced(client, blocks, X.chunks[0]):
            self._groups.append((worker, parts, [offsets[p] for p in parts], [blocks[p] for p in parts],
                                 [wblocks[p] for p in parts]))
        self._n = len(blocks)

    def __call__(self, state_bytes):
        futures = [self._client.submit(_accumulate_group, state_bytes, offs, self._dtype, len(parts), *bs, *ws,
                                       workers=[worker], allow_other_workers=True, pure=False)
                   for worker, parts, offs, bs, ws in self._groups]
        return self._merged(self._client.gather(futures))

    def _merged(self, states_per_group):
        ordered = [None] * self._n
        for (worker, parts, *_rest), states in zip(self._groups, states_per_group):
            if len(states) != len(parts):  # an actor made anew on a restarted worker holds nothing
                raise _HolderEmpty(f"{worker} gave {len(states)} partition states for {len(parts)} partitions")
            for p, s in zip(parts, states):
                ordered[p] = s
        return _state.State.from_bytes(_state.merge_in_order(*ordered))


class _HolderEmpty(RuntimeError):
    """An actor's states do not cover its partitions: the passes go on as tasks."""


class ActorPasses(TaskPasses):
    """A pass as one call to each worker's actor holding its partitions; task passes once a
    worker is lost (or actors cannot be made)."""

    # Seconds to wait for the actors to be made and loaded: an actor pinned to a worker that was
    # lost after the shares were drawn is never placed, and would be waited for forever.
    SETUP_TIMEOUT = 60

    def __init__(self, client, X, w, dtype):
        super().__init__(client, X, w, dtype)
        self._actors = self._holders = None
        try:
            # The actors' futures are kept: an actor lives as long as its future is held.
            actors = [client.submit(_PartitionHolder, dtype, workers=[worker], allow_other_workers=False,
                                    actor=True, pure=False) for worker, *_ in self._groups]
            self._actors = actors
            holders = [a.result(timeout=self.SETUP_TIMEOUT) for a in actors]
            loads = [h.load(offs, bs, ws) for h, (_, _, offs, bs, ws) in zip(holders, self._groups)]
            for load in loads:
                load.result(timeout=self.SETUP_TIMEOUT)
            self._holders = holders
        except SegcoreError:
            raise
        except Exception:  # noqa: BLE001 - no actors (a worker lost, or one never placed): tasks do it all
            self._drop_actors()

    def _drop_actors(self):
        if self._actors is not None:
            self._client.cancel(self._actors)
        self._actors = self._holders = None

    def __call__(self, state_bytes):
        if self._holders is not None:
            try:
                calls = [h.accumulate(state_bytes) for h in self._holders]
                return self._merged([c.result() for c in calls])
            except SegcoreError:
                raise
            except Exception:  # noqa: BLE001 - a worker holding partitions was lost
                self._drop_actors()
        return super().__call__(state_bytes)


class _PartitionHolder:
    """An actor: one worker's partitions, held for a fit (the worker's own copies, not new ones)."""

    def __init__(self, dtype):
        self._dtype = dtype
        self._parts = []

    def load(self, offsets, blocks, wblocks):
        from distributed import get_client
        client = get_client()
        blocks = client.gather(list(blocks))
        wblocks = [None] * len(blocks) if wblocks[0] is None else client.gather(list(wblocks))
        self._parts = list(zip(blocks, wblocks, offsets))
        return len(self._parts)

    def accumulate(self, state_bytes):
        return [_state.accumulate(state_bytes, b, w, o, self._dtype) for b, w, o in self._parts]


def _accumulate_group(state_bytes, offsets, dtype, n, *arrays):
    """A task: the states (bytes) of the partitions arrays[:n] weighted by arrays[n:], each alone."""
    return [_state.accumulate(state_bytes, b, w, o, dtype) for b, w, o in zip(arrays[:n], arrays[n:], offsets)]


def _ordered_futures(collection):
    """The futures of a persisted one-column-chunk collection's blocks, in row order."""
    import distributed
    by_key = {f.key: f for f in distributed.futures_of(collection)}
    return [by_key[d.key] for d in collection.to_delayed().ravel()]


def _balanced(client, blocks, rows):
    """Partitions per worker: each stays on a worker holding it unless that would leave the
    workers' rows uneven by more than half the partition (a partition moved is copied once; an
    uneven split costs every pass). Largest partitions first."""
    workers = sorted(client.scheduler_info()["workers"])
    holders = client.who_has(blocks)
    load = dict.fromkeys(workers, 0)
    given = {w: [] for w in workers}
    for p in sorted(range(len(blocks)), key=lambda p: (-rows[p], p)):
        held = [h for h in holders.get(blocks[p].key, holders.get(str(blocks[p].key), ())) if h in load]
        least = min(workers, key=lambda h: (load[h], h))
        home = min(held, key=lambda h: (load[h], h)) if held else least
        pick = home if load[home] - load[least] <= rows[p] / 2 else least
        load[pick] += rows[p]
        given[pick].append(p)
    return [(w, sorted(parts)) for w, parts in given.items() if parts]
