"""Fitted models, rules and segment sets applied to each partition of a Dask collection.

Every segcore model that predicts row by row pickles through its byte form, so the workers get
an exact copy and each partition's answer equals the one process's answer for those rows.
"""
import numpy as np

from .._errors import InvalidArgumentError


def _call(part, model, method, kwargs):
    return getattr(model, method)(part, **kwargs)


def _apply(model, method, data, kwargs):
    """model.method(partition) over a dask DataFrame (map_partitions) or the row blocks of a dask
    array (map_blocks, the columns in one block)."""
    if not callable(getattr(model, method, None)):
        raise InvalidArgumentError(f"segcore.dask: a {type(model).__name__} has no {method}()")
    import dask.array as da
    import dask.dataframe as dd
    if isinstance(data, dd.DataFrame):
        meta = _call(data._meta, model, method, kwargs)
        return data.map_partitions(_call, model, method, kwargs, meta=meta)
    if isinstance(data, da.Array):
        if data.ndim != 2:
            raise InvalidArgumentError(f"segcore.dask: the array has {data.ndim} dimensions; rows x columns is 2")
        data = data.rechunk({1: -1})
        probe = np.asarray(_call(np.zeros((1, data.shape[1]), data.dtype), model, method, kwargs))
        if probe.ndim == 1:
            return data.map_blocks(_call, model, method, kwargs, drop_axis=1, dtype=probe.dtype)
        return data.map_blocks(_call, model, method, kwargs, chunks=(data.chunks[0], (probe.shape[1],)),
                               dtype=probe.dtype)
    raise InvalidArgumentError(f"segcore.dask: data is a {type(data).__name__}; use a dask DataFrame or array")


def predict(model, data, **kwargs):
    """model.predict per partition: labels of a fitted KMeans, classes of a LogisticRegression."""
    return _apply(model, "predict", data, kwargs)


def predict_proba(model, data, **kwargs):
    """model.predict_proba per partition (LogisticRegression)."""
    return _apply(model, "predict_proba", data, kwargs)


def transform(model, data, **kwargs):
    """model.transform per partition: scalers, PCA, KMeans distances."""
    return _apply(model, "transform", data, kwargs)


def evaluate(rule, data, **kwargs):
    """Rule.evaluate per partition of a dask DataFrame of profiles: a boolean series."""
    return _apply(rule, "evaluate", data, kwargs)


def assign(segment_set, data, **kwargs):
    """SegmentSet.assign per partition of a dask DataFrame of profiles: each row's segment."""
    return _apply(segment_set, "assign", data, kwargs)


def membership(segment_set, data, **kwargs):
    """SegmentSet.membership per partition: a boolean column per segment."""
    return _apply(segment_set, "membership", data, kwargs)
