import random

import numpy as np
import pytest

import segcore

D = 86400

SHOP = """
trigger loyal to Loyal: count(type = 'purchase' and amount > 0) >= 3 within 30 days
trigger browsing to "Shoe browser": count(type = 'view' and category = 'shoes') > 3 within 7 days
   without (type = 'purchase')
"""


def test_the_issues_examples():
    t = segcore.EventTriggers(SHOP, categories=("type", "category"))
    assert t.triggers == ["loyal", "browsing"]
    assert t.segments == ["Loyal", "Shoe browser"]
    assert t.trigger_segments == ["Loyal", "Shoe browser"]
    for day in (1, 2, 4):
        assert t.add("ann", day * D, categories={"type": "view", "category": "shoes"}) == []
    moves = t.add("ann", np.datetime64(5 * D, "s"), categories=["view", "shoes"])
    assert moves == [segcore.Move("ann", None, "Shoe browser", "browsing", 3, 5 * D, 0.0, None,
                                  {"type": "view", "category": "shoes"})]
    for day in (20, 25):
        assert t.add("ann", day * D, 10.0, {"type": "purchase"}, order=f"o{day}") == []
    (m,) = t.add("ann", 40 * D, 10.0, {"type": "purchase"}, order="o40")
    assert (m.old, m.new, m.order, m.categories) == ("Shoe browser", "Loyal", "o40", {"type": "purchase", "category": None})
    assert t.segment("ann") == "Loyal" and t.segment("bob") is None
    assert (t.events, t.late_events, t.customers, t.pending) == (7, 0, 1, 0)


def test_callbacks_that_refuse_or_raise_lose_nothing():
    t = segcore.EventTriggers("trigger any to Seen: count(*) >= 1 within 1 days")
    with pytest.raises(segcore.CancelledError):
        t.add("a", 0, callback=lambda m: True)
    assert t.pending == 1 and t.segment("a") == "Seen"  # applied, not yet reported

    def boom(m):
        raise KeyError("from the callback")
    with pytest.raises(KeyError, match="from the callback"):
        t.add("b", 0, callback=boom)
    assert t.pending == 2
    seen = []
    t.add("c", 0, callback=seen.append)
    assert [m.customer for m in seen] == ["a", "b", "c"]
    assert [m.position for m in seen] == [0, 1, 2]
    assert t.flush() == [] and t.pending == 0


def test_a_store_takes_the_same_events():
    store = segcore.ProfileStore()
    t = segcore.EventTriggers("trigger buyer to Buyer: count(amount > 0) >= 2 within 30 days")
    t.add("a", 1 * D, 10.0, store=store)
    assert [m.new for m in t.add("a", 2 * D, 5.0, store=store)] == ["Buyer"]
    with pytest.raises(segcore.InvalidArgumentError, match="customer id is empty"):
        t.add("", 2 * D, 5.0, store=store)
    with pytest.raises(segcore.InvalidArgumentError, match="not finite"):
        t.add("a", 2 * D, float("nan"), store=store)
    snap = store.snapshot()
    assert snap.n_customers == 1 and int(snap.column("frequency")[0]) == 2
    assert t.events == 2


def test_errors_name_the_place():
    with pytest.raises(segcore.NotFoundError, match=r"trigger 'a': filter: line 1, column 23: unknown field 'typ'"):
        segcore.EventTriggers("trigger a to B: count(typ = 'view') >= 1 within 1 days", categories=["type"])
    with pytest.raises(segcore.InvalidArgumentError, match=r"line 2, column 40: expected a unit"):
        segcore.EventTriggers("# two lines\ntrigger a to B: count(*) >= 1 within 1 fortnight")
    t = segcore.EventTriggers("trigger a to B: count(*) >= 1 within 1 days", categories=["type"])
    with pytest.raises(segcore.InvalidArgumentError, match="unknown categories"):
        t.add("x", 0, categories={"kind": "view"})
    with pytest.raises(segcore.InvalidArgumentError, match="2 category values"):
        t.add("x", 0, categories=["view", "extra"])


def _reference(triggers, events):
    """Every event kept; every window counted from scratch."""
    history, segment, out = {}, {}, []
    ops = {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal, "=": np.equal,
           "!=": np.not_equal}
    for p, (cust, ts, kind, amount) in enumerate(events):
        h = history.setdefault(cust, [])
        h.append((ts, kind, amount))
        now = max(x[0] for x in h)
        for name, target, match, op, n, window, without in triggers:
            inside = [x for x in h if x[0] > now - window]
            if without is not None and any(without(x) for x in inside):
                continue
            if not ops[op](sum(1 for x in inside if match(x)), n):
                continue
            if segment.get(cust) != target:
                out.append((cust, segment.get(cust), target, name, p, ts))
                segment[cust] = target
            break
    return out, segment


def test_random_streams_match_a_reference():
    text = """
trigger big to VIP: count(type = 'purchase' and amount >= 50) >= 2 within 14 days
trigger loyal to Loyal: count(type = 'purchase') >= 3 within 30 days
trigger browse to Browser: count(type = 'view') > 3 within 7 days without (type = 'purchase')
trigger idle to Quiet: count(*) = 1 within 3 days
"""
    triggers = [
        ("big", "VIP", lambda x: x[1] == "purchase" and x[2] >= 50, ">=", 2, 14 * D, None),
        ("loyal", "Loyal", lambda x: x[1] == "purchase", ">=", 3, 30 * D, None),
        ("browse", "Browser", lambda x: x[1] == "view", ">", 3, 7 * D, lambda x: x[1] == "purchase"),
        ("idle", "Quiet", lambda x: True, "=", 1, 3 * D, None),
    ]
    rng = random.Random(5)
    clock, events = 1_700_000_000, []
    for _ in range(1500):
        clock += rng.randrange(0, 12) * 3600
        ts = clock - rng.randrange(0, 20) * D if rng.random() < 0.1 else clock
        kind = rng.choice(["view", "view", "purchase", "cart"])
        events.append((f"c{rng.randrange(12)}", ts, kind, rng.choice([0.0, 20.0, 60.0]) if kind == "purchase" else 0.0))
    want, want_segment = _reference(triggers, events)
    t = segcore.EventTriggers(text, categories=["type"])
    got = []
    for cust, ts, kind, amount in events:
        try:  # refuse one report in four; refused ones come back with the next call
            t.add(cust, ts, amount, [kind], callback=lambda m: got.append(m) if rng.random() > 0.25 else True)
        except segcore.CancelledError:
            pass
    got += t.flush()
    assert len(want) > 100
    assert [(m.customer, m.old, m.new, m.trigger, m.position, m.timestamp) for m in got] == want
    assert all(t.segment(c) == s for c, s in want_segment.items())
    assert t.late_events > 0
