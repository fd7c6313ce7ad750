"""Profiles of a Dask DataFrame of events: per partition, one profile store per bucket of
customers; per bucket, the partitions' stores merged in partition order; per bucket, one
snapshot. No worker holds more than one bucket's customers, and a customer's events may sit in
any partitions (an order split between partitions is one order): the merged stores equal the
store of the whole table, so every profile equals the single-process one exactly."""
import numpy as np

from .. import _frames
from .._errors import InvalidArgumentError
from .._ingest import Rows
from ..rfm import ProfileStore, _event_columns, _event_names, _id_codes, _texts

_DAY = 86400


def _bucket_of(ids, n_buckets):
    """A bucket per id text, the same in every process (pandas' fixed-key hash)."""
    pd = _frames.require("segcore.dask.profiles")
    return pd.util.hash_array(np.asarray(ids, dtype=object)) % np.uint64(n_buckets)


def _partition_stores(df, spec, n_buckets, store_options, part=None):
    """The partition's events as n_buckets store images, and its latest event time (or None).
    With part (the partition's number) also, per bucket, its customers in order of first
    appearance and where each first appears (see _first_seen)."""
    cols = _event_columns(df, *spec)
    rows = Rows(*cols, names=_event_names(*spec), strict=True)
    # Ids are hashed and coded once per partition; each bucket recodes its own share (integer
    # codes, no text work), so every label is converted for the C side once.
    pd = _frames.require("segcore.dask.profiles")
    customers, customer_labels = _id_codes(rows.customer)
    buckets = _bucket_of(customer_labels, n_buckets)[customers] if customers.size else np.zeros(0, np.uint64)
    orders = order_labels = None
    if rows.order is not None:
        orders, order_labels = _id_codes(rows.order)
    # The rows grouped by bucket once (a stable sort keeps each bucket's rows in order): each
    # bucket's columns are then views, not copies made through a mask per bucket.
    by_bucket = np.argsort(buckets, kind="stable")
    bounds = np.searchsorted(buckets[by_bucket], np.arange(n_buckets + 1, dtype=np.uint64))
    customers, seconds, amount = customers[by_bucket], rows.seconds[by_bucket], rows.amount[by_bucket]
    orders = None if orders is None else orders[by_bucket]
    stores = [ProfileStore(**store_options) for _ in range(n_buckets)]
    firsts = []
    for b in range(n_buckets):
        at = slice(bounds[b], bounds[b + 1])
        if at.start < at.stop:
            codes, used = pd.factorize(customers[at])
            order_codes = order_texts = None
            if orders is not None:
                order_codes, used_orders = pd.factorize(orders[at])
                order_texts = _texts(order_labels[used_orders])
            stores[b]._add_labelled(codes, _texts(customer_labels[used]), seconds[at], amount[at], order_codes,
                                    order_texts)
        if part is not None:
            firsts.append(_first_seen(customer_labels[customers[at]], by_bucket[at], part))
    latest = int(rows.seconds.max()) if len(customers) else None
    images = [s.to_bytes() for s in stores]
    return (images, latest) if part is None else (images, latest, firsts)


# A customer's first appearance in the whole table as one ordered integer: its partition's
# number above bit 40, its row in the partition below. Rows of a partition stay below 2^40.
_ROW_BITS = 40


def _first_seen(customers, rows, part):
    """The distinct customers in order of first appearance, and each one's first position."""
    pd = _frames.require("segcore.dask.rfm")
    codes, uniques = pd.factorize(customers)
    _, first = np.unique(codes, return_index=True)  # codes number customers by first appearance
    return uniques.astype(object), (np.int64(part) << _ROW_BITS) | rows[first].astype(np.int64)


def _first_seen_of_bucket(firsts):
    """A bucket's customers in order of first appearance over partitions in order (the order of
    its merged store's snapshot) and their first positions."""
    pd = _frames.require("segcore.dask.rfm")
    ids = np.concatenate([f[0] for f in firsts]) if firsts else np.zeros(0, object)
    pos = np.concatenate([f[1] for f in firsts]) if firsts else np.zeros(0, np.int64)
    keep = ~pd.Index(ids).duplicated(keep="first")
    return ids[keep], pos[keep]


def _merged_store(images, store_options):
    """One store from the images of consecutive partitions, in their order."""
    if not images:
        return ProfileStore(**store_options)
    store = ProfileStore.from_bytes(images[0])
    for image in images[1:]:
        store.merge(ProfileStore.from_bytes(image))
    return store


def _merged(images, store_options):
    return _merged_store(images, store_options).to_bytes()


_FAN_IN = 8


def _merge_tree(images, store_options):
    """Merges delayed images in their order, _FAN_IN at a time (a tree keeps each task small),
    down to at most _FAN_IN images: the snapshot's task merges those itself, so the last
    level's store never goes through its byte form."""
    import dask
    while len(images) > _FAN_IN:
        images = [dask.delayed(_merged)(images[k:k + _FAN_IN], store_options)
                  for k in range(0, len(images), _FAN_IN)]
    return images


def _snapshot(images, as_of, id_name, integer_ids, store_options, firsts=None):
    store = _merged_store(images, store_options)
    if store.n_events == 0:
        frame = _empty_frame(id_name, store_options)
    else:
        frame = store.snapshot(as_of=as_of).to_pandas()
        frame.index.name = id_name
    if firsts is not None:
        ids, pos = _first_seen_of_bucket(firsts)
        if len(ids) != len(frame) or not np.array_equal(ids.astype(str), frame.index.astype(str)):
            raise AssertionError("segcore.dask: a bucket's first appearances do not match its profiles")
        frame[_FIRST_SEEN] = pos
    if integer_ids and len(frame):  # as Profiles.from_pandas gives whole-number ids: int64
        frame.index = frame.index.astype(np.int64)
    return frame


_FIRST_SEEN = "_first_seen"


def _empty_frame(id_name, store_options):
    """A table with no rows and the columns any snapshot has: the meta of the result."""
    probe = ProfileStore(**store_options)
    probe.add("x", 0, 1.0, attributes=["x"] * len(probe.attributes), numerics=[0.0] * len(probe.numerics))
    frame = probe.snapshot().to_pandas().iloc[:0]
    frame.index.name = id_name
    return frame


def _latest(times, where="segcore.dask.profiles"):
    known = [t for t in times if t is not None]
    if not known:
        raise InvalidArgumentError(f"{where}: the table has no events")
    return max(known)


def profiles(ddf, *, customer_id_col="customer_id", timestamp_col="timestamp", amount_col="amount",
             order_id_col=None, quantity_col=None, price_col=None, as_of=None, n_buckets=None,
             windows=(7, 30, 90), velocity_days=30, trend_weeks=12):
    """Customer profiles of a Dask DataFrame of events, as a Dask DataFrame indexed by customer
    with segcore.Profiles' columns; the values equal Profiles.from_pandas on the whole table.

    Columns are named as Profiles.from_pandas names them (amount_col, or quantity_col and
    price_col). as_of: the profiles' "now" (default: the latest event + 1 day, over the whole
    table). n_buckets: how many output partitions customers are hashed into (default: the
    input's partition count); each is computed from every input partition's share of it.
    Rows are checked strictly: a row without a customer id, order id or readable time fails
    the computation naming it. Extra category, attribute and numeric columns are not taken yet.
    """
    import dask.dataframe as dd
    buckets, meta = _profile_buckets(ddf, customer_id_col, timestamp_col, amount_col, order_id_col, quantity_col,
                                     price_col, as_of, n_buckets, windows, velocity_days, trend_weeks)
    return dd.from_delayed(buckets, meta=meta, verify_meta=False)


def _profile_buckets(ddf, customer_id_col, timestamp_col, amount_col, order_id_col, quantity_col, price_col, as_of,
                     n_buckets, windows, velocity_days, trend_weeks, first_seen=False):
    """The profiles as delayed frames, one per bucket, and their meta; with first_seen, a column
    _first_seen orders customers by first appearance over the whole table."""
    import dask
    n_buckets = int(n_buckets or ddf.npartitions)
    if n_buckets < 1:
        raise InvalidArgumentError(f"segcore.dask.profiles: n_buckets is {n_buckets}; use 1 or more")
    spec = (customer_id_col, timestamp_col, amount_col, order_id_col, quantity_col, price_col)
    store_options = {"windows": tuple(windows), "velocity_days": velocity_days, "trend_weeks": trend_weeks}
    id_name = str(customer_id_col)
    integer_ids = ddf[customer_id_col].dtype.kind in "iuf"
    parts = [dask.delayed(_partition_stores, nout=3 if first_seen else 2)(
                 p, spec, n_buckets, store_options, k if first_seen else None)
             for k, p in enumerate(ddf.to_delayed())]
    return _buckets_of_parts(parts, n_buckets, as_of, id_name, integer_ids, store_options, first_seen)


def _buckets_of_parts(parts, n_buckets, as_of, id_name, integer_ids, store_options, first_seen=False,
                      where="segcore.dask.profiles"):
    """Per bucket, the delayed profiles of the parts' stores (each part: delayed (images per
    bucket, latest time[, first appearances])), and their meta."""
    import dask
    if as_of is None:
        as_of = dask.delayed(lambda t: t + _DAY)(dask.delayed(_latest)([p[1] for p in parts], where))
    buckets = []
    for b in range(n_buckets):
        images = [p[0][b] for p in parts]
        firsts = [p[2][b] for p in parts] if first_seen else None
        buckets.append(dask.delayed(_snapshot)(_merge_tree(images, store_options), as_of, id_name, integer_ids,
                                                store_options, firsts))
    meta = _empty_frame(id_name, store_options)
    if first_seen:
        meta[_FIRST_SEEN] = np.zeros(0, np.int64)
    return buckets, meta
