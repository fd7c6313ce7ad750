"""Engagement features over segcore's C ABI: per-customer counts and windows per interaction
kind, velocity and trend per kind, engagement rate against a reach column, preferred channel,
and when customers interact (local hour shares, weekend share, peak hour) in their time zone.

    feats = segcore.social.engagement(df, customer="customer_id", kind="kind", time="time",
                                      channel="platform", reach="impressions",
                                      engaging=["like", "comment", "share"])
    feats["n_like_30d"], feats["engagement_rate"], feats["peak_hour"]

The definitions are the profiles' (windows (as_of - w days, as_of], velocity_<v>d, trend_<t>w;
docs/PROFILES.md) applied to each kind's interactions; the rest is in docs/guides/social.md.
"""
import ctypes

import numpy as np

from . import _capi, _native
from ._columns import ids as _ids
from ._columns import seconds
from ._errors import InvalidArgumentError
from ._frames import require

_c = _native.checked
_init = _c("segcore_engagement_options_init")
_aggregate = _c("segcore_engagement_aggregate")

REACH_MODES = {"sum": _capi.SEGCORE_REACH_SUM, "latest": _capi.SEGCORE_REACH_LATEST}
"""engagement_rate divides by the sum of the reach values ("sum", for impressions) or by the
latest one ("latest", for a follower count)."""


def _take(table, key, name, required=True):
    """table[key] when key names a column, else key itself (an array); None when absent."""
    if key is None:
        if required:
            raise InvalidArgumentError(f"{name} is required")
        return None
    if isinstance(key, str):
        if table is None:
            raise InvalidArgumentError(f"{name}: without a table give the {name} values as an array")
        if key not in table:
            raise InvalidArgumentError(f"the table has no column {key!r} ({name})")
        return table[key]
    return key


def _factorized(values):
    """(codes int64, labels): values coded by sorted label, -1 where missing (None, NaN or blank
    text). A pandas Categorical keeps its codes (no text per row is made); anything else goes
    through one pandas.factorize."""
    pd = require("segcore.social.engagement")
    cat = getattr(values, "cat", None) if isinstance(values, pd.Series) else None
    if cat is not None or isinstance(values, pd.Categorical):
        codes = np.asarray(cat.codes if cat is not None else values.codes, dtype=np.int64)
        labels = list(cat.categories if cat is not None else values.categories)
    else:
        codes, uniq = pd.factorize(np.asarray(values, dtype=object) if not isinstance(values, pd.Series) else values)
        codes, labels = np.asarray(codes, dtype=np.int64), list(uniq)
    keep = [j for j, v in enumerate(labels) if not (isinstance(v, str) and not v.strip())]
    try:
        keep.sort(key=lambda j: labels[j])
    except TypeError:  # labels of mixed types: by their text
        keep.sort(key=lambda j: str(labels[j]))
    rank = np.full(len(labels) + 1, -1, np.int64)
    rank[keep] = np.arange(len(keep))
    return np.where(codes >= 0, rank[codes], -1), [labels[j] for j in keep]


def _coded(values, name, labels=None):
    """(codes uint32, labels): ids coded by sorted label, or by the order of `labels` given; a
    missing value is an error naming its row."""
    codes, present = _factorized(values)
    if (codes < 0).any():
        raise InvalidArgumentError(f"{name}[{int(np.argmax(codes < 0))}] is missing")
    if labels is None:
        return codes.astype(np.uint32), present
    labels = list(labels)
    pd = require("segcore.social.engagement")
    remap = np.append(pd.Index(labels).get_indexer(present), -1)
    out = remap[codes]
    if (out < 0).any():
        i = int(np.argmax(out < 0))
        raise InvalidArgumentError(f"{name}[{i}] is {present[codes[i]]!r}, not one of the kinds given ({labels})")
    return out.astype(np.uint32), labels


def _zones(time_zone, customer_labels, table, customer_codes):
    """(per-customer zone index uint32, zone names) or (None, None) for UTC."""
    if time_zone is None:
        return None, None
    if isinstance(time_zone, str) and (table is None or time_zone not in table):
        return np.zeros(len(customer_labels), np.uint32), [time_zone]
    if isinstance(time_zone, dict):
        per_customer = [time_zone.get(c, "UTC") for c in customer_labels]
        names = sorted(set(per_customer))
        index = {z: j for j, z in enumerate(names)}
        return np.fromiter((index[z] for z in per_customer), np.uint32, len(per_customer)), names
    return _zone_column(_take(table, time_zone, "time_zone"), customer_labels, customer_codes)


def _zone_column(rows, customer_labels, customer_codes):
    """A zone per row, the same for all of a customer's rows: (zone index per customer, zone
    names), coded in one pass (a column of millions of rows takes no Python step per row)."""
    codes, names = _factorized(rows)
    if codes.size != customer_codes.size:
        raise InvalidArgumentError(f"time_zone has {codes.size} rows; the interactions have {customer_codes.size}")
    not_text = np.array([not isinstance(z, str) for z in names] + [True])  # the last: missing (code -1)
    if not_text[codes].any():
        i = int(np.argmax(not_text[codes]))
        raise InvalidArgumentError(f"time_zone[{i}] is {np.asarray(rows, dtype=object)[i]!r}; "
                                   "give a zone name such as 'Europe/Paris'")
    per_customer = np.empty(len(customer_labels), np.int64)
    per_customer[customer_codes] = codes  # some row's zone for each customer (customers are coded 0..n-1)
    if (codes != per_customer[customer_codes]).any():  # name the first row unlike its customer's first row
        _, first_row = np.unique(customer_codes, return_index=True)
        per_customer = codes[first_row]
        i = int(np.argmax(codes != per_customer[customer_codes]))
        c = int(customer_codes[i])
        raise InvalidArgumentError(f"time_zone[{i}] is {names[codes[i]]!r}, but customer {customer_labels[c]!r} "
                                   f"had {names[per_customer[c]]!r}: one zone per customer")
    used, index = np.unique(per_customer, return_inverse=True)  # a categorical's unused zones are not loaded
    return index.astype(np.uint32), [names[j] for j in used]


def engagement(table=None, customer="customer_id", kind="kind", time="time", channel=None, reach=None,
               time_zone=None, as_of=None, windows=(7, 30, 90), velocity_days=30, trend_weeks=12, engaging=None,
               reach_mode="sum", kinds=None):
    """Per-customer engagement features as a pandas DataFrame, one row per customer in order of
    first appearance, with columns customer_id, n_interactions, n_<kind>, n_<kind>_<w>d,
    velocity_<kind>_<v>d, trend_<kind>_<t>w for each kind (the sorted labels of the kinds
    present and engaging, or `kinds` in the order given), engagement_rate, preferred_channel (when channel is given; None when a
    customer has none), weekend_share, peak_hour (-1 when none) and hour_00 ... hour_23 (the
    share of interactions in each local hour).

    Columns are names in `table` or arrays. time and as_of: datetime64, epoch seconds,
    datetimes or ISO-8601 texts (as_of by default: the latest time + 1 day, as the profiles).
    reach: numbers >= 0, NaN for none. engaging: the kinds engagement_rate counts (default all).
    time_zone: one zone for everyone, {customer: zone}, or a column with one zone per customer;
    a zone is "UTC", "+05:30" or a time-zone database name such as "Europe/Paris"."""
    pd = require("segcore.social.engagement")
    cust_values = _take(table, customer, "customer")
    from .social import _first_appearance
    cust, missing = _ids(cust_values, "customer")
    if missing.any():
        raise InvalidArgumentError(f"customer[{int(np.argmax(missing))}] is missing")
    customer_codes, customer_labels = _first_appearance(cust)
    n = customer_codes.size
    kind_values = _take(table, kind, "kind")
    if kinds is None and engaging is not None:  # an engaging kind no one used still has columns
        kinds = sorted(set(_factorized(kind_values)[1]) | set(engaging))
    kind_codes, kind_labels = _coded(kind_values, "kind", kinds)
    t = seconds(_take(table, time, "time"), "time")
    if kind_codes.size != n or t.size != n:
        raise InvalidArgumentError(f"customer, kind and time have {n}, {kind_codes.size} and {t.size} rows; "
                                   "they must be equal")
    if not kind_labels:
        raise InvalidArgumentError("there are no kinds: give interactions, or `kinds`")
    channel_codes, channel_labels = None, []
    ch = _take(table, channel, "channel", required=False)
    if ch is not None:
        codes, channel_labels = _factorized(ch)
        channel_codes = np.where(codes >= 0, codes, _capi.SEGCORE_NO_CHANNEL).astype(np.uint32)
        if channel_codes.size != n:
            raise InvalidArgumentError(f"channel has {channel_codes.size} rows; the interactions have {n}")
    r = _take(table, reach, "reach", required=False)
    if r is not None:
        r = np.ascontiguousarray(np.asarray(r, dtype=np.float64))
        if r.size != n:
            raise InvalidArgumentError(f"reach has {r.size} rows; the interactions have {n}")
    if reach_mode not in REACH_MODES:
        raise InvalidArgumentError(f"reach_mode is {reach_mode!r}; use one of {sorted(REACH_MODES)}")
    as_of = int(t.max()) + 86400 if as_of is None and n else int(seconds(as_of if as_of is not None else 0, "as_of"))
    windows = np.ascontiguousarray(windows, dtype=np.int32)
    engaging_codes = None
    if engaging is not None:
        engaging_codes = _coded(np.asarray(list(engaging), dtype=object), "engaging", kind_labels)[0]
        if engaging_codes.size == 0:
            raise InvalidArgumentError("engaging is empty; give at least one kind, or None for every kind")
    zone_codes, zone_names = _zones(time_zone, list(customer_labels), table, customer_codes)

    opts = _capi.segcore_engagement_options()
    _init(ctypes.byref(opts), ctypes.sizeof(opts))
    opts.as_of = as_of
    opts.window_days = windows.ctypes.data_as(ctypes.POINTER(ctypes.c_int32))
    opts.n_windows = windows.size
    opts.velocity_days = int(velocity_days)
    opts.trend_weeks = int(trend_weeks)
    if engaging_codes is not None:
        opts.engaging_kinds = engaging_codes.ctypes.data_as(ctypes.POINTER(ctypes.c_uint32))
        opts.n_engaging_kinds = engaging_codes.size
    opts.reach_mode = REACH_MODES[reach_mode]
    if zone_codes is not None:
        names = (ctypes.c_char_p * len(zone_names))(*(z.encode("utf-8", "surrogatepass") for z in zone_names))
        opts.customer_zone = zone_codes.ctypes.data_as(ctypes.POINTER(ctypes.c_uint32))
        opts.zone_names = names
        opts.n_zones = len(zone_names)

    c, k, w = len(customer_labels), len(kind_labels), windows.size
    counts = np.zeros((c, k), np.uint64)
    window_counts = np.zeros((c, w, k), np.uint64)
    velocity = np.zeros((c, k))
    trend = np.zeros((c, k))
    rate = np.zeros(c)
    preferred = np.zeros(c, np.int32)
    hours = np.zeros((c, 24), np.uint64)
    weekend = np.zeros(c, np.uint64)
    peak = np.zeros(c, np.int32)
    out = _capi.segcore_engagement_outputs()
    out.struct_size = ctypes.sizeof(out)
    for field, array in (("counts", counts), ("window_counts", window_counts), ("velocity", velocity),
                         ("trend", trend), ("engagement_rate", rate), ("preferred_channel", preferred),
                         ("hour_counts", hours), ("weekend", weekend), ("peak_hour", peak)):
        setattr(out, field, array.ctypes.data_as(dict(out._fields_)[field]))
    _aggregate(_native.pointer(customer_codes), _native.pointer(kind_codes), _native.pointer(t),
               None if channel_codes is None else _native.pointer(channel_codes),
               None if r is None else _native.pointer(r), n, c, k, len(channel_labels) if ch is not None else 0,
               ctypes.byref(opts), ctypes.byref(out))

    total = counts.sum(axis=1)
    cols = {"customer_id": customer_labels, "n_interactions": total.astype(np.int64)}
    for j, label in enumerate(kind_labels):
        cols[f"n_{label}"] = counts[:, j].astype(np.int64)
        for m, days in enumerate(windows):
            cols[f"n_{label}_{int(days)}d"] = window_counts[:, m, j].astype(np.int64)
        cols[f"velocity_{label}_{int(velocity_days)}d"] = velocity[:, j]
        cols[f"trend_{label}_{int(trend_weeks)}w"] = trend[:, j]
    cols["engagement_rate"] = rate
    if ch is not None:
        cols["preferred_channel"] = np.array(list(channel_labels) + [None], dtype=object)[preferred]  # -1: None
    with np.errstate(invalid="ignore", divide="ignore"):
        cols["weekend_share"] = np.where(total > 0, weekend / np.maximum(total, 1), np.nan)
        share = np.where(total[:, None] > 0, hours / np.maximum(total, 1)[:, None], np.nan)
    cols["peak_hour"] = peak.astype(np.int64)
    for h in range(24):
        cols[f"hour_{h:02d}"] = share[:, h]
    return pd.DataFrame(cols)
