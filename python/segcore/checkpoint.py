"""Stream checkpoints over segcore's C ABI (docs/guides/real-time.md, "Checkpoints").

A streaming consumer's state — a ProfileStore, EventTriggers, a SegmentSet and SegmentTrackers,
any of them — and the stream position it reflects are saved as one model file, atomically, so
the parts and the position never disagree:

    save_checkpoint("stream.ckpt", "1700000000-42", 42, store=store, triggers=triggers)
    c = load_checkpoint("stream.ckpt")
    c.position, c.events_applied, c.store, c.triggers  # parts not saved are None

Restoring and applying the events after the position gives the state and the moves of a run
that never stopped.
"""
import collections
import ctypes
import os

from . import _native
from ._errors import InvalidArgumentError, NotFoundError
from ._native import lib
from .event_triggers import EventTriggers
from .rfm import ProfileStore, _string
from .rules import SegmentSet, SegmentTracker

_P, _U64 = ctypes.c_void_p, ctypes.c_uint64

Checkpoint = collections.namedtuple("Checkpoint", "position events_applied store triggers segments trackers")

_c = _native.checked
_save = _c("segcore_checkpoint_save")
_load = _c("segcore_checkpoint_load")
_position = _c("segcore_checkpoint_position")
_events_applied = _c("segcore_checkpoint_events_applied")
_take = {
    "store": _c("segcore_checkpoint_take_store"),
    "triggers": _c("segcore_checkpoint_take_triggers"),
    "segments": _c("segcore_checkpoint_take_segments"),
}
_n_trackers = _c("segcore_checkpoint_n_trackers")
_take_tracker = _c("segcore_checkpoint_take_tracker")
_adopt = {
    "store": ProfileStore._adopt_checked,
    "triggers": EventTriggers._adopt,
    "segments": SegmentSet._adopt_checked,
}
_types = {"store": ProfileStore, "triggers": EventTriggers, "segments": SegmentSet, "trackers": SegmentTracker}


def _handle_of(name, part):
    if part is None:
        return None
    if not isinstance(part, _types[name]):
        raise InvalidArgumentError(f"save_checkpoint: {name} is a {type(part).__name__}, not a "
                                   f"{_types[name].__name__}")
    return part._handle


def save_checkpoint(path, position, events_applied, *, store=None, triggers=None, segments=None, trackers=()):
    """Writes position (text: the source's id of the last event applied), events_applied and the
    parts given (trackers: a sequence of SegmentTracker) as one checkpoint file at path,
    atomically (the old file stays whole on failure)."""
    if int(events_applied) < 0:
        raise InvalidArgumentError(f"save_checkpoint: events_applied is {events_applied}; it must be >= 0")
    parts = {"store": store, "triggers": triggers, "segments": segments}
    handles = [_handle_of(name, part) for name, part in parts.items()]
    tracked = [_handle_of("trackers", t) for t in trackers]
    if any(t is None for t in tracked):
        raise InvalidArgumentError("save_checkpoint: trackers holds None")
    array = (_P * max(len(tracked), 1))(*tracked)
    _save(os.fsencode(path), str(position).encode(), int(events_applied), *handles, array, len(tracked))


def load_checkpoint(path):
    """The Checkpoint saved at path: position, events_applied, and each part as a new object
    (None for parts not saved). Errors as the other model files' load."""
    h = _P()
    _load(ctypes.byref(h), os.fsencode(path))
    try:
        applied = _U64()
        _events_applied(h, ctypes.byref(applied))
        position = _string(_position, h)
        parts = {name: _take_part(take, h, name) for name, take in _take.items()}
        n = ctypes.c_size_t()
        _n_trackers(h, ctypes.byref(n))
        trackers = []
        for k in range(n.value):
            t = _P()
            _take_tracker(h, k, ctypes.byref(t))
            trackers.append(SegmentTracker._adopt(t))
        return Checkpoint(position, applied.value, trackers=trackers, **parts)
    finally:
        lib.segcore_checkpoint_destroy(h)


def _take_part(take, checkpoint, name):
    part = _P()
    try:
        take(checkpoint, ctypes.byref(part))
    except NotFoundError:
        return None
    return _adopt[name](part)
