"""Stream checkpoints from Python: a run cut at random points, saved, loaded and continued gives
the uninterrupted run's moves, segment changes and store bytes; bad input raises."""
import copy
import random

import pytest

import segcore

D = 86400
TRIGGERS = """
trigger loyal to Loyal: count(type = 'purchase' and amount > 0) >= 3 within 30 days
trigger quiet to Lapsed: count(*) <= 1 within 14 days
"""
SEGMENTS = "mode exclusive\nsegment Big: monetary > 60\nsegment Repeat: frequency >= 2\n"


def random_events(rng, n, customers):
    clock, out = 1_700_000_000, []
    for i in range(n):
        clock += rng.randrange(7) * 3600
        t = clock - rng.randrange(41) * D if rng.random() < 0.15 else clock  # late events
        out.append((f"c{rng.randrange(customers)}", t, rng.choice([-20.0, 0.0, 15.0, 40.25]),
                    rng.choice(["view", "purchase", "cart"]), f"o{i}"))
    return out


class Run:
    def __init__(self, parts=None):
        if parts is None:
            self.store = segcore.ProfileStore()
            self.triggers = segcore.EventTriggers(TRIGGERS, categories=("type",))
            self.tracker = segcore.SegmentTracker(segcore.SegmentSet(SEGMENTS, _schema()))
        else:
            self.store, self.triggers, (self.tracker,) = parts.store, parts.triggers, parts.trackers
        self.log = []

    def apply(self, i, event):
        customer, t, amount, kind, order = event
        for m in self.triggers.add(customer, t, amount, {"type": kind}, order=order, store=self.store):
            self.log.append(("move", i, m.customer, m.old, m.new, m.trigger))
        if i % 5 == 4:
            for c in self.tracker.update(self.store.snapshot()):
                self.log.append(("change", i) + c)

    def save(self, path, position, applied):
        segcore.save_checkpoint(path, position, applied, store=self.store, triggers=self.triggers,
                                trackers=[self.tracker])


def _schema():
    store = segcore.ProfileStore()
    store.add("x", 0, 1.0)
    return store.snapshot()


def test_a_run_restored_at_random_points_equals_the_uninterrupted_run(tmp_path):
    rng = random.Random(7)
    for trial in range(4):
        events = random_events(rng, rng.randrange(150, 400), rng.randrange(3, 25))
        whole = Run()
        for i, e in enumerate(events):
            whole.apply(i, e)
        assert sum(1 for x in whole.log if x[0] == "move") > 5
        assert sum(1 for x in whole.log if x[0] == "change") > 5
        cuts = sorted(rng.sample(range(len(events)), 3))
        run, done, log = Run(), 0, []
        path = tmp_path / f"t{trial}.ckpt"
        for cut in cuts + [len(events)]:
            for i in range(done, cut):
                run.apply(i, events[i])
            done = cut
            run.save(path, f"line-{cut}", cut)
            log += run.log
            del run
            c = segcore.load_checkpoint(path)
            assert (c.position, c.events_applied, c.segments) == (f"line-{cut}", cut, None)
            run = Run(c)
        assert log == whole.log
        assert run.store.to_bytes() == whole.store.to_bytes()
        assert run.triggers.categories == ["type"] and run.triggers.triggers == ["loyal", "quiet"]
        assert segcore.model_info(path)["kind"] == "stream_checkpoint"


def test_parts_are_optional_and_bad_input_raises(tmp_path):
    path = tmp_path / "p.ckpt"
    segcore.save_checkpoint(path, "42-0", 7)
    c = segcore.load_checkpoint(path)
    assert c == segcore.Checkpoint("42-0", 7, None, None, None, [])
    seg = segcore.SegmentSet(SEGMENTS, _schema())
    segcore.save_checkpoint(path, "p", 1, segments=seg)
    assert segcore.load_checkpoint(path).segments.names == ["Big", "Repeat"]
    with pytest.raises(segcore.InvalidArgumentError, match="store is a SegmentSet"):
        segcore.save_checkpoint(path, "p", 1, store=seg)
    with pytest.raises(segcore.InvalidArgumentError, match="events_applied"):
        segcore.save_checkpoint(path, "p", -1)
    with pytest.raises(segcore.NotFoundError):
        segcore.load_checkpoint(tmp_path / "none.ckpt")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))
    with pytest.raises(segcore.CorruptDataError):
        segcore.load_checkpoint(path)
    with pytest.raises(segcore.InvalidArgumentError, match="trackers is a SegmentSet"):
        segcore.save_checkpoint(path, "p", 1, trackers=[seg])
    with pytest.raises(TypeError):
        copy.copy(segcore.SegmentTracker(seg))
