"""Customer ids and event times from whatever a caller holds: numpy arrays, lists, pandas
Series (categorical, nullable, tz-aware) or scalars, turned into what the C ABI takes.

Ids become int64 when every present value is a whole number (14646 and 14646.0 are one
customer, 14646, as pandas reads an id column with gaps as float64), else text. Times become
int64 epoch seconds, floored: datetime64 of any unit, tz-aware times (their UTC instant),
Python or pandas datetimes, ISO-8601 or M/D/YYYY texts (a text of digits is epoch seconds, as
the CSV reader's "automatic" format reads it) and epoch numbers. Naive times are UTC.
pandas is used when the values are pandas objects or texts need parsing and it is installed;
it is never imported here for numpy input.
"""
import datetime
import itertools
import operator
import sys

import numpy as np

from ._errors import InvalidArgumentError

_INT64_MAX = 2**63 - 1
_WHOLE_LIMIT = 2.0**63  # floats at or beyond this do not fit an int64
_SPACE = " \t\n\r\f\v"


def _pandas():
    return sys.modules.get("pandas")


def is_pandas(x):
    """True for a pandas Series, Index or extension array (pandas is not imported here)."""
    pd = _pandas()
    return pd is not None and isinstance(x, (pd.Series, pd.Index, pd.api.extensions.ExtensionArray))


def _is_missing(v):
    if v is None:
        return True
    if isinstance(v, (float, np.floating)):
        return v != v
    if isinstance(v, str):
        return not v.strip(_SPACE)
    if isinstance(v, np.datetime64):
        return bool(np.isnat(v))
    pd = _pandas()
    return pd is not None and (v is pd.NA or v is pd.NaT)


def _all_str(a, items):
    """True when every value of the object array a (items: a.tolist()) is a str."""
    pd = _pandas()
    if pd is not None:
        return pd.api.types.infer_dtype(a, skipna=False) == "string"
    return len(items) > 0 and all(type(v) is str for v in items)


def _whole(v, name, i):
    """The int of a float id that is a whole number; refuses 14646.5 (not an id of the file)."""
    if not (np.isfinite(v) and v == np.floor(v) and abs(v) < _WHOLE_LIMIT):
        raise InvalidArgumentError(f"{name}[{i}] is {v!r}, not a whole number: a number id must be whole "
                                   f"(pass texts to use other values as they are)")
    return int(v)


def _object_values(values):
    """An object array of a pandas column's values with None for missing ones."""
    if hasattr(values, "to_numpy") and hasattr(values, "dtype") and not isinstance(values.dtype, np.dtype):
        return np.asarray(values.to_numpy(dtype=object, na_value=None))
    return np.asarray(values, dtype=object)


def numbers(values, name):
    """float64 values of numbers, numpy or pandas (nullable too: NA becomes NaN)."""
    if is_pandas(values) and not isinstance(values.dtype, np.dtype):
        values = values.to_numpy(dtype=np.float64, na_value=np.nan)
    try:
        return np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(f"{name} holds values that are not numbers ({e})") from None


def ids(values, name):
    """(ids, missing): ids int64 (0 where missing) or an object array of str (None where
    missing); missing a bool mask of None, NaN, NaT, pandas' NA and blank texts."""
    if is_pandas(values) and str(getattr(values, "dtype", "")) == "category":
        cats, _ = ids(np.asarray(values.cat.categories if hasattr(values, "cat") else values.categories), name)
        codes = np.asarray(values.cat.codes if hasattr(values, "cat") else values.codes, dtype=np.int64)
        missing = codes < 0
        out = cats[np.where(missing, 0, codes)] if cats.size else np.zeros(codes.size, cats.dtype)
        if out.dtype == object:
            out[missing] = None
        else:
            out[missing] = 0
        return out, missing
    if is_pandas(values) and not isinstance(values.dtype, np.dtype):
        values = _object_values(values)
    a = np.asarray(values)
    if a.ndim != 1:
        raise InvalidArgumentError(f"{name} must be 1-D")
    kind = a.dtype.kind
    if kind in "iu":
        if kind == "u" and a.size and a.max() > _INT64_MAX:
            raise InvalidArgumentError(f"{name}[{int(a.argmax())}] is {a.max()}, beyond int64")
        return a.astype(np.int64), np.zeros(a.size, bool)
    if kind == "f":
        missing = np.isnan(a)
        present = a[~missing]
        bad = ~(np.isfinite(present) & (present == np.floor(present)) & (np.abs(present) < _WHOLE_LIMIT))
        if bad.any():
            i = int(np.flatnonzero(~missing)[np.argmax(bad)])
            _whole(float(a[i]), name, i)
        return np.where(missing, 0, a).astype(np.int64), missing
    if kind in "US":
        text = a.astype(str)
        missing = np.char.strip(text, _SPACE) == "" if text.size else np.zeros(0, bool)
        out = text.astype(object)
        out[missing] = None
        return out, missing
    if kind != "O":
        raise InvalidArgumentError(f"{name} has dtype {a.dtype}; use integers, whole numbers or texts")
    items = a.tolist()
    if _all_str(a, items):  # the common case, without a Python step per value
        blank = map(str.strip, items, itertools.repeat(_SPACE))
        missing = np.fromiter(map(operator.not_, blank), bool, count=len(items))
        if missing.all():  # no id at all: as the general path, int64 zeros
            return np.zeros(len(items), np.int64), missing
        out = np.array(items, dtype=object)
        out[missing] = None
        return out, missing
    missing = np.fromiter((_is_missing(v) for v in items), bool, count=len(items))
    numbers = []
    for i, v in enumerate(items):
        if missing[i]:
            numbers.append(0)
        elif isinstance(v, (bool, np.bool_)):
            break
        elif isinstance(v, (int, np.integer)):
            numbers.append(int(v))
        elif isinstance(v, (float, np.floating)):
            numbers.append(_whole(float(v), name, i))
        else:
            break
    else:
        if all(-_INT64_MAX - 1 <= v <= _INT64_MAX for v in numbers):
            return np.array(numbers, dtype=np.int64), missing
    out = np.empty(len(items), dtype=object)
    for i, v in enumerate(items):
        if missing[i]:
            out[i] = None
        elif isinstance(v, (float, np.floating)):
            out[i] = str(_whole(float(v), name, i))
        elif isinstance(v, bytes):
            out[i] = v.decode("utf-8")
        else:
            out[i] = str(v)
    return out, missing


def _utc_seconds(parsed, failed):
    """Epoch seconds of a tz-aware (UTC) pandas Series, 0 where failed."""
    return np.where(failed, 0, parsed.dt.tz_localize(None).to_numpy().astype("datetime64[s]").astype(np.int64))


def _parse_texts(texts):
    """Epoch seconds of date texts (missing ones already removed; 0 where a text is not a
    date) and the mask of the texts not understood."""
    n = len(texts)
    seconds = np.zeros(n, np.int64)
    bad = np.zeros(n, bool)
    rest = []
    for i, s in enumerate(texts):
        t = s.strip(_SPACE)
        if t.lstrip("-").isdigit():  # as the CSV reader's "automatic" format: digits are epoch seconds
            value = int(t)
            if abs(value) <= _INT64_MAX:
                seconds[i] = value
            else:
                bad[i] = True
        else:
            rest.append(i)
    if not rest:
        return seconds, bad
    pd = _pandas()
    if pd is None:
        try:
            import pandas as pd  # noqa: F811  (texts to parse: pandas' parser if it is installed)
        except ImportError:
            pd = None
    chosen = [texts[i] for i in rest]
    if pd is not None:
        series = pd.Series(chosen, dtype=object)
        parsed = pd.to_datetime(series, utc=True, errors="coerce")
        failed = parsed.isna().to_numpy()
        values = _utc_seconds(parsed, failed)
        if failed.any() and int(pd.__version__.split(".")[0]) >= 2:
            # pandas 2 reads a whole column in the format of its first text; the others one by one.
            again = pd.to_datetime(series[failed], utc=True, errors="coerce", format="mixed")
            ok = again.notna().to_numpy()
            at = np.flatnonzero(failed)[ok]
            values[at] = _utc_seconds(again, ~ok)[ok]
            failed[at] = False
        seconds[rest], bad[rest] = values, failed
        return seconds, bad
    for i, s in zip(rest, chosen):
        try:
            seconds[i] = np.datetime64(s.strip(_SPACE).replace(" ", "T", 1), "s").astype(np.int64)
        except ValueError:
            bad[i] = True
    return seconds, bad


def _datetime_objects(items, missing):
    """Epoch seconds of datetime objects (naive: UTC); None where an item is not one."""
    out = np.zeros(len(items), np.int64)
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    for i, v in enumerate(items):
        if missing[i]:
            continue
        if isinstance(v, np.datetime64):
            out[i] = v.astype("datetime64[s]").astype(np.int64)
        elif isinstance(v, datetime.datetime):
            aware = v if v.tzinfo is not None else v.replace(tzinfo=datetime.timezone.utc)
            delta = aware - epoch
            out[i] = delta.days * 86400 + delta.seconds  # floors: timedelta normalises seconds >= 0
        elif isinstance(v, datetime.date):
            out[i] = (v - datetime.date(1970, 1, 1)).days * 86400
        else:
            return None
    return out


def times(values, name):
    """(seconds, missing, bad): int64 epoch seconds (0 where missing or bad), the mask of
    missing values (None, NaN, NaT, NA, blank) and of values that are not a time."""
    pd = _pandas()
    if is_pandas(values):
        dtype = values.dtype
        if getattr(dtype, "tz", None) is not None:  # tz-aware: the UTC instant
            s = pd.Series(values)
            values = s.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy()
        elif not isinstance(dtype, np.dtype) and str(dtype) != "category" and getattr(dtype, "kind", "O") in "iuf":
            values = values.to_numpy(dtype=np.float64, na_value=np.nan)  # nullable epoch numbers
        elif not isinstance(dtype, np.dtype):
            values = _object_values(values)
    a = np.asarray(values)
    if a.ndim != 1:
        raise InvalidArgumentError(f"{name} must be 1-D")
    n = a.size
    none = np.zeros(n, bool)
    kind = a.dtype.kind
    if kind == "M":
        missing = np.isnat(a)
        return np.where(missing, 0, a.astype("datetime64[s]").astype(np.int64)), missing, none
    if kind in "iu":
        if kind == "u" and n and a.max() > _INT64_MAX:
            raise InvalidArgumentError(f"{name}[{int(a.argmax())}] is {a.max()}, beyond int64 epoch seconds")
        return a.astype(np.int64), none, none.copy()
    if kind == "f":
        missing = np.isnan(a)
        bad = ~missing & ~(np.abs(a) < _WHOLE_LIMIT)
        ok = ~(missing | bad)
        return np.where(ok, np.floor(np.where(ok, a, 0)), 0).astype(np.int64), missing, bad
    if kind in "US":
        a = a.astype(object)
    elif kind != "O":
        raise InvalidArgumentError(f"{name} has dtype {a.dtype}; use datetime64, epoch seconds or date texts")
    items = a.tolist()
    missing = np.fromiter((_is_missing(v) for v in items), bool, count=n)
    if all(isinstance(v, str) or missing[i] for i, v in enumerate(items)):
        seconds = np.zeros(n, np.int64)
        bad = np.zeros(n, bool)
        at = np.flatnonzero(~missing)
        seconds[at], bad[at] = _parse_texts([items[i] for i in at])
        return seconds, missing, bad
    objects = _datetime_objects(items, missing)
    if objects is not None:
        return objects, missing, none
    # A mixture (numbers and texts, say): each value on its own.
    seconds = np.zeros(n, np.int64)
    bad = np.zeros(n, bool)
    for i, v in enumerate(items):
        if missing[i]:
            continue
        s, m, b = times(np.array([v], dtype=object if isinstance(v, str) else None), name)
        seconds[i], bad[i] = s[0], b[0] or m[0]
    return seconds, missing, bad


def describe(values, i):
    """The i-th value as an error message shows it."""
    try:
        return repr(values.iloc[i] if hasattr(values, "iloc") else np.asarray(values, dtype=object)[i])
    except (IndexError, TypeError, ValueError):
        return "?"


def seconds(t, name):
    """int64 epoch seconds of times (array or scalar); a missing or unreadable one is an error
    naming where it is."""
    scalar = np.ndim(t) == 0 and not is_pandas(t)
    values = np.array([t], dtype=object) if scalar else t
    if scalar and isinstance(t, np.generic):
        values = np.array([t])
    s, missing, bad = times(values, name)
    if missing.any() or bad.any():
        i = int(np.argmax(missing | bad))
        where = name if scalar else f"{name}[{i}]"
        what = "missing" if missing[i] else "not a time (use datetime64, epoch seconds or ISO-8601 text)"
        raise InvalidArgumentError(f"{where} is {what}: {describe(values, i)}")
    return s[0] if scalar else s


def id_texts(values):
    """id_text of every value of an array (ids as _columns.ids returns them), as a str array."""
    values = np.asarray(values)
    if values.dtype.kind in "iuU" or (values.dtype == object and _all_str(values, values)):
        return values.astype(str)
    return np.array([id_text(v) for v in values], dtype=str)


def id_text(v):
    """One customer id as the text the C ABI keys it by: a whole-number float is its int
    (14646.0 is "14646"), as the array paths read it; anything else its str()."""
    if isinstance(v, (float, np.floating)) and np.isfinite(v) and v == np.floor(v) and abs(v) < _WHOLE_LIMIT:
        return str(int(v))
    return str(v)


def texts_back_to_back(items, name):
    """(data, offsets): str or UTF-8 bytes items as one bytes object and the n + 1 int64 offsets
    of the texts in it, as the text C functions take them (sentiment, listening)."""
    encoded = []
    for i, t in enumerate(items):
        if isinstance(t, str):
            encoded.append(t.encode("utf-8", "surrogatepass"))
        elif isinstance(t, (bytes, bytearray)):
            encoded.append(bytes(t))
        else:
            raise InvalidArgumentError(f"{name}[{i}] is a {type(t).__name__}; use str or UTF-8 bytes")
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    return b"".join(encoded), offsets
