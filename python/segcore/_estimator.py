"""The base of segcore's estimators: scikit-learn's estimator protocol without requiring
scikit-learn.

- get_params / set_params read the constructor's parameters by introspecting __init__, so
  sklearn.base.clone, Pipeline and GridSearchCV work; set_params takes effect at the next fit.
- __init__ only stores its arguments; fit checks them (_validate_params, wording and
  exception type as scikit-learn's) and builds the native model from them.
- Fitted attributes (public names ending in "_") are read-only: they are copies of what the
  native model holds, and it never reads them back, so an edit would be silently ignored.
  Rebinding one raises AttributeError; arrays are read-only numpy arrays and dicts read-only
  mappings. Refitting is the way to change them.
- scikit-learn is optional and never imported here (it is slow to import): _get_tags gives
  its estimator checks their tags when it asks for them.
"""
import functools
import inspect
import types

import numpy as np

from ._params import validate

def _is_fitted_name(name):
    return name.endswith("_") and not name.startswith("_")


def _frozen(value):
    if isinstance(value, np.ndarray) and value.flags.writeable:
        value = value.view()
        value.flags.writeable = False
    elif isinstance(value, dict):
        value = types.MappingProxyType(value)
    return value


def _thawed(value):
    return dict(value) if isinstance(value, types.MappingProxyType) else value


def writes_fitted(method):
    """Marks a method that may set fitted attributes (fit, partial_fit, restoring a model)."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        d = self.__dict__
        depth = d.get("_writing_fitted", 0)
        d["_writing_fitted"] = depth + 1
        try:
            return method(self, *args, **kwargs)
        finally:
            if depth:
                d["_writing_fitted"] = depth
            else:
                del d["_writing_fitted"]
    return wrapper


class Estimator:
    """get_params / set_params / clone support, parameter checks at fit, read-only fitted
    attributes, and pickling of the Python-side state (Persistent adds the native model)."""

    # name -> list of constraints (segcore._params); checked by _validate_params.
    _parameter_constraints = {}

    @classmethod
    def _get_param_names(cls):
        init = cls.__init__
        if init is object.__init__:
            return []
        kinds = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        return sorted(p.name for p in inspect.signature(init).parameters.values()
                      if p.name != "self" and p.kind not in kinds and not p.name.startswith("_"))

    def get_params(self, deep=True):
        """The constructor's parameters as a dict; deep=True adds those of nested estimators
        as "<name>__<parameter>"."""
        out = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                out.update((f"{name}__{k}", v) for k, v in value.get_params().items())
            out[name] = value
        return out

    def set_params(self, **params):
        """Sets constructor parameters (nested ones as "<name>__<parameter>"); they take effect
        at the next fit. Returns self."""
        valid = self._get_param_names()
        nested = {}
        for key, value in params.items():
            name, sep, sub = key.partition("__")
            if name not in valid:
                raise ValueError(f"Invalid parameter {name!r} for estimator {self}. "
                                 f"Valid parameters are: {valid!r}.")
            if sep:
                nested.setdefault(name, {})[sub] = value
            else:
                setattr(self, name, value)
        for name, sub in nested.items():
            getattr(self, name).set_params(**sub)
        return self

    def _reset_params(self):
        """Sets every constructor parameter to its default (a model loaded from a file keeps
        its fitted state, not how it was fitted)."""
        signature = inspect.signature(type(self).__init__).parameters
        for name in self._get_param_names():
            setattr(self, name, signature[name].default)

    def _get_tags(self):
        """scikit-learn's estimator tags: its defaults updated by each class's _more_tags."""
        from sklearn.utils._tags import _DEFAULT_TAGS  # only scikit-learn asks for tags
        tags = dict(_DEFAULT_TAGS)
        for cls in reversed(type(self).__mro__):
            more = cls.__dict__.get("_more_tags")
            if more is not None:
                tags.update(more(self))
        return tags

    def _validate_params(self):
        validate(self._parameter_constraints, self.get_params(deep=False), type(self).__name__)

    def __setattr__(self, name, value):
        if _is_fitted_name(name):
            if not self.__dict__.get("_writing_fitted"):
                raise AttributeError(
                    f"{name} of {type(self).__name__} is read-only: it is a copy of the fitted native model, "
                    "which never reads it back; fit again to change it")
            value = _frozen(value)
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        if _is_fitted_name(name) and not self.__dict__.get("_writing_fitted"):
            raise AttributeError(f"{name} of {type(self).__name__} is read-only; fit again to change it")
        object.__delattr__(self, name)

    def __sklearn_is_fitted__(self):
        return any(_is_fitted_name(k) for k in self.__dict__)

    def __getstate__(self):
        parent = getattr(super(), "__getstate__", None)  # Persistent's adds the native model's bytes
        state = (parent() if parent else None) or dict(self.__dict__)
        return {k: _thawed(v) for k, v in state.items() if k != "_handle"}

    def __setstate__(self, state):
        parent = getattr(super(), "__setstate__", None)
        if parent is None:
            self.__dict__.update(state)
        else:
            parent(state)
        for k, v in self.__dict__.items():
            if _is_fitted_name(k):
                self.__dict__[k] = _frozen(v)

    def __repr__(self):
        changed = []
        for name in self._get_param_names():
            default = inspect.signature(type(self).__init__).parameters[name].default
            value = getattr(self, name, None)
            same = value is default or (type(value) is type(default) and not isinstance(value, np.ndarray)
                                        and value == default)
            if not same:
                changed.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(changed)})"
