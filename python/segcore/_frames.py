"""pandas in, pandas out: columns taken from a DataFrame by name, and results given back as a
DataFrame or Series (indexed by customer, or by the input's own index) when the input was one.

pandas stays optional: nothing here imports it unless the caller asks for a DataFrame
(to_pandas); a DataFrame can only be passed in once pandas is imported, so a lookup in
sys.modules tells one apart without importing anything.
"""
import functools
import inspect
import sys

import numpy as np

from ._errors import InvalidArgumentError, NotFoundError


def _pandas():
    return sys.modules.get("pandas")


def is_frame(x):
    pd = _pandas()
    return pd is not None and isinstance(x, pd.DataFrame)


def is_series(x):
    pd = _pandas()
    return pd is not None and isinstance(x, pd.Series)


def require(what):
    """pandas, imported now; an ImportError saying what needed it when it is not installed."""
    try:
        import pandas
    except ImportError as e:
        raise ImportError(f"{what} needs pandas, which is not installed") from e
    return pandas


def column(df, name, what):
    """df[name]; NotFoundError naming the parameter and listing the columns when it is absent."""
    if name not in df.columns:
        cols = ", ".join(map(repr, map(str, df.columns)))
        raise NotFoundError(f"{what}={name!r}: the DataFrame has no column {name!r} (columns: {cols})")
    values = df[name]
    if is_frame(values):
        raise NotFoundError(f"{what}={name!r}: the DataFrame has {values.shape[1]} columns of that name")
    return values


def columns(df, wanted):
    """{parameter: df[name]} for wanted = {parameter: (name, what)}; a None name gives None."""
    return {key: None if name is None else column(df, name, what) for key, (name, what) in wanted.items()}


def indexed(results, ids, index_name):
    """A DataFrame of results ({column: array}) indexed by customer ids."""
    pd = require("a DataFrame result")
    return pd.DataFrame(results, index=pd.Index(ids, name=index_name))


def like(values, data, name=None):
    """values as a Series on data's index when data is a DataFrame or Series, else unchanged."""
    if not (is_frame(data) or is_series(data)):
        return values
    return _pandas().Series(values, index=data.index, name=name)


def matrix_like(values, data, columns):
    """A rows x columns result as a DataFrame on data's index when data is a DataFrame."""
    if not is_frame(data):
        return values
    return _pandas().DataFrame(values, index=data.index, columns=list(columns))


def rule_column(values):
    """A pandas column as the plain numpy array rules read, and its validity (None: all
    present): categorical and nullable columns lose their pandas dtypes (NA becomes missing),
    tz-aware times become their UTC instants."""
    if not is_series(values):
        return np.asarray(values), None
    dtype = values.dtype
    if isinstance(dtype, np.dtype):
        return values.to_numpy(), None
    if getattr(dtype, "tz", None) is not None:
        return values.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(), None
    na = values.isna().to_numpy()
    kind = getattr(dtype, "kind", "O")
    if str(dtype) != "category" and kind in "iub":  # nullable Int64, UInt8, boolean
        return values.to_numpy(dtype=np.int64, na_value=0), (None if not na.any() else ~na)
    if str(dtype) != "category" and kind == "f":
        return values.to_numpy(dtype=np.float64, na_value=np.nan), None
    out = values.astype(object).to_numpy()
    out[na] = None
    return out, None


def series_out(argument, name=None):
    """Wraps a per-customer method so that, when `argument` (a parameter name) is a pandas
    Series, the result is a Series on its index, as lifetimes' predictions are."""

    def wrap(method):
        signature = inspect.signature(method)

        @functools.wraps(method)
        def wrapper(*args, **kwargs):
            out = method(*args, **kwargs)
            given = signature.bind(*args, **kwargs).arguments.get(argument)
            return like(out, given, name) if is_series(given) and np.ndim(out) == 1 else out

        return wrapper

    return wrap


def matrix(df, name):
    """A DataFrame of numbers as a C-contiguous matrix (pandas copies it in any case): float32
    when every column is float32, else float64; pandas' NA becomes NaN. A column that is not
    numbers is refused by name."""
    for col, dtype in df.dtypes.items():
        if getattr(dtype, "kind", "O") not in "biuf" or str(dtype) == "category":
            raise InvalidArgumentError(f"{name} column {col!r} has dtype {dtype}; pass numeric columns only")
    single = all(dtype == np.float32 for dtype in df.dtypes) and df.shape[1] > 0
    return np.ascontiguousarray(df.to_numpy(dtype=np.float32 if single else np.float64, na_value=np.nan))
