"""Customer lifetime value over segcore's C ABI, with the names of the `lifetimes` package:
BetaGeoFitter (BG/NBD), ModifiedBetaGeoFitter (MBG/NBD), ParetoNBDFitter, BetaGeoBetaBinomFitter
(BG/BB, discrete time), GammaGammaFitter and summary_data_from_transactions.

Histories are (frequency, recency, T) in one time unit; docs/CLV.md has the models and rules.
Per-customer predictions given pandas Series (a summary's columns) are Series on their index.
A fit that does not converge raises segcore.NotFittedError with the reason, and the model keeps
its previous parameters: NaN parameters are never returned. A degenerate fit (a parameter running
off to 0 or infinity, a flat likelihood: the data do not identify the model) succeeds with
degenerate_ = True and fit_warning_ saying, for an analyst, what not to trust, and issues a
DegenerateFitWarning.

Predictions are finite for every valid history; a customer whose value cannot be computed (a
Gamma-Gamma mean that does not exist, a series past its term limit) gets NaN, the other
customers their values, and a ClvValueWarning says how many and which row first.
"""
import ctypes
import warnings
from numbers import Real

import numpy as np

from . import _capi, _native
from ._errors import InvalidArgumentError, NotFittedError
from ._native import lib, pointer
from ._estimator import Estimator, writes_fitted
from ._params import N_THREADS, NON_NEGATIVE_FLOAT, POSITIVE_INT32, Interval
from ._persist import Persistent, model_info
from ._frames import series_out
from ._transactions import accepts_frames

_BGNBD, _PARETO_NBD, _GAMMA_GAMMA = _capi.SEGCORE_CLV_BGNBD, _capi.SEGCORE_CLV_PARETO_NBD, _capi.SEGCORE_CLV_GAMMA_GAMMA
_MBGNBD, _BGBB = _capi.SEGCORE_CLV_MBGNBD, _capi.SEGCORE_CLV_BGBB


class ClvValueWarning(RuntimeWarning):
    """Some customers' predictions could not be computed and are NaN (docs/CLV.md, "Values
    that cannot be computed")."""


def _flag_nan(out, what):
    """Warns when some rows of a prediction are NaN; returns out."""
    bad = np.flatnonzero(np.isnan(out))
    if bad.size:
        warnings.warn(f"{what}: {bad.size} of {out.size} customers could not be computed and are NaN "
                      f"(first: row {bad[0]}); see docs/CLV.md", ClvValueWarning, stacklevel=3)
    return out


class ClvParameterSummary(dict):
    """{name: (value, standard error)}, printed as a table with the 95% confidence bounds
    (value -/+ 1.96 standard errors, as lifetimes' summary)."""

    def __init__(self, title, rows):
        super().__init__(rows)
        self.title = title

    def __repr__(self):
        lines = [self.title, f"{'':>8} {'coef':>12} {'se(coef)':>12} {'lower 95%':>12} {'upper 95%':>12}"]
        for name, (value, se) in self.items():
            lines.append(f"{name:>8} {value:12.6g} {se:12.6g} {value - 1.96 * se:12.6g} {value + 1.96 * se:12.6g}")
        return "\n".join(lines)

    __str__ = __repr__


_STOPS = {value: name for name, value in _native.enum("CLV_STOP").items()}


class DegenerateFitWarning(UserWarning):
    """A CLV fit ended but the data do not identify the model; the message says what not to trust."""


_P, _S, _D = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_double
_c = _native.checked
_SUMMARY_DEFAULTS = _native.options("segcore_clv_summary_options_init")
_DEFAULTS = _native.options("segcore_clv_options_init")
_VALUE_DEFAULTS = _native.options("segcore_clv_value_options_init")
_summarize_raw = _native.function("segcore_clv_summarize")
_create = _c("segcore_clv_create")
_destroy = lib.segcore_clv_destroy
_fit = _c("segcore_clv_fit", long=True)
_fit_spend = _c("segcore_clv_fit_spend", long=True)
_n_params = _c("segcore_clv_get_n_params")
_set_params = _c("segcore_clv_set_params")
_get_params = _c("segcore_clv_get_params")
_get_se = _c("segcore_clv_get_standard_errors")
_get_cov = _c("segcore_clv_get_covariance")
_get_diag = _c("segcore_clv_get_diagnostics")
_get_message = _c("segcore_clv_get_fit_message")
_get_warning = _c("segcore_clv_get_fit_warning")
_expected = _c("segcore_clv_expected_purchases")
_conditional = _c("segcore_clv_conditional_expected_purchases")
_alive = _c("segcore_clv_probability_alive")
_spend = _c("segcore_clv_conditional_expected_spend")
_value = _c("segcore_clv_lifetime_value")
_n_purchases = _c("segcore_clv_probability_of_n_purchases")
_alive_after = _c("segcore_clv_probability_alive_after")
_conditional_n_purchases = _c("segcore_clv_conditional_probability_of_n_purchases")


def _vector(a, name, n=None):
    """A 1-D float64 C-contiguous copy-if-needed of a (these arrays are small next to the work)."""
    v = np.ascontiguousarray(np.asarray(a, dtype=np.float64).reshape(-1) if np.ndim(a) else [a], dtype=np.float64)
    if n is not None and v.shape[0] != n:
        raise InvalidArgumentError(f"{name} has {v.shape[0]} values; {n} are needed")
    return v


def _by_value(c_call, name, values, *columns):
    """Broadcasts values (a horizon, a number of periods) against the history columns and calls
    c_call(value, *rows, n, out, n) once per distinct value. Returns (out, shape, scalar)."""
    scalar = all(np.ndim(v) == 0 for v in (values,) + columns)
    try:
        arrays = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64) for v in (values,) + columns))
    except ValueError as e:
        raise InvalidArgumentError(f"{name} and the history columns do not broadcast together: {e}") from None
    shape = arrays[0].shape
    vs, *cols = (np.ascontiguousarray(a.reshape(-1)) for a in arrays)
    bad = np.flatnonzero(~np.isfinite(vs))
    if bad.size:
        raise InvalidArgumentError(f"{name}[{bad[0]}] is {vs[bad[0]]}; it must be finite and >= 0")
    out = np.empty(vs.size)
    for v in np.unique(vs):
        rows = np.flatnonzero(vs == v)
        part = np.empty(rows.size)
        picked = [np.ascontiguousarray(c[rows]) for c in cols]
        c_call(float(v), *(pointer(c) for c in picked), rows.size, pointer(part), rows.size)
        out[rows] = part
    return out, shape, scalar


def _seconds(t):
    a = np.asarray(t)
    if np.issubdtype(a.dtype, np.datetime64):
        return np.ascontiguousarray(a.astype("datetime64[s]").astype(np.int64))
    return np.ascontiguousarray(a, dtype=np.int64)


@accepts_frames
def summary_data_from_transactions(customer_id, timestamp, amount=None, *, period_days=_SUMMARY_DEFAULTS.period_days,
                                   time_unit_days=_SUMMARY_DEFAULTS.time_unit_days, calibration_end=None,
                                   period_anchor=None):
    """Per-customer frequency, recency, T and monetary_value from transactions.

    customer_id: integers, whole numbers or texts (numpy or pandas, categorical too); timestamp:
    Unix seconds, datetime64 (any unit, tz-aware) or date texts; amount: None or finite values.
    A DataFrame as the first argument: columns named by customer_id_col, timestamp_col (or
    lifetimes' datetime_col) and amount_col (or monetary_value_col); the result is then a
    DataFrame indexed by customer. A negative amount is a cancellation or return: it cancels the
    customer's latest earlier transaction of exactly that amount, or else is taken off the
    latest earlier ones (docs/CLV.md, "Cancellations"). Purchases in one period (period_days,
    counted from period_anchor, default Monday 1970-01-05 UTC: calendar days, and weeks as
    pandas' "W") count once, with their amounts added; recency and T are in units of
    time_unit_days (7 for weeks). calibration_end (Unix seconds or datetime64) cuts off later
    transactions; T runs to the start of its period (lifetimes' calibration_period_end).
    Returns a dict of numpy arrays keyed customer_id, frequency, recency, T, monetary_value,
    one entry per customer in ascending id order.
    """
    ids = np.ascontiguousarray(customer_id, dtype=np.int64).reshape(-1)
    ts = _seconds(timestamp).reshape(-1)
    n = ids.shape[0]
    if ts.shape[0] != n:
        raise InvalidArgumentError(f"timestamp has {ts.shape[0]} values; customer_id has {n}")
    amt = None if amount is None else _vector(amount, "amount", n)
    opts = _native.options("segcore_clv_summary_options_init")
    opts.period_days, opts.time_unit_days = float(period_days), float(time_unit_days)
    if calibration_end is not None:
        opts.calibration_end = int(_seconds(calibration_end).reshape(-1)[0])
    if period_anchor is not None:
        opts.period_anchor = int(_seconds(period_anchor).reshape(-1)[0])
    count = _S()
    args = (pointer(ids), pointer(ts), None if amt is None else pointer(amt), n, ctypes.byref(opts))
    status = _summarize_raw(*args, None, None, None, None, None, 0, ctypes.byref(count))
    if status not in (_capi.SEGCORE_OK, _capi.SEGCORE_ERANGE):
        _native.check(status)
    m = count.value
    out = {"customer_id": np.empty(m, dtype=np.int64)}
    for key in ("frequency", "recency", "T", "monetary_value"):
        out[key] = np.empty(m, dtype=np.float64)
    _native.check(_summarize_raw(*args, pointer(out["customer_id"]), pointer(out["frequency"]),
                                 pointer(out["recency"]), pointer(out["T"]), pointer(out["monetary_value"]),
                                 m, ctypes.byref(count)))
    return out


class _Model(Estimator, Persistent):
    """save(path) / to_bytes() and Class.load(path) / Class.from_bytes(data) keep the fitted
    parameters (not standard errors or diagnostics); a loaded model has default options.
    The options (penalizer_coef, max_iter, tol, n_threads) are checked, and the native model
    built from them, at fit."""

    _kind = None
    _names = ()
    _c_prefix = "segcore_clv"
    _parameter_constraints = {
        "penalizer_coef": NON_NEGATIVE_FLOAT,
        "max_iter": POSITIVE_INT32,
        "tol": [Interval(Real, 0, None, closed="neither")],
        "n_threads": N_THREADS,
        "max_seconds": NON_NEGATIVE_FLOAT,
    }

    @writes_fitted
    def _restore(self):
        kind = model_info(self.to_bytes())["kind"]
        wanted = {_BGNBD: "bgnbd", _PARETO_NBD: "pareto_nbd", _GAMMA_GAMMA: "gamma_gamma", _MBGNBD: "mbgnbd",
                  _BGBB: "bgbb"}[self._kind]
        if kind != wanted:
            raise InvalidArgumentError(f"the file holds a {kind} model, not a {type(self).__name__}")
        self._reset_params()
        self.degenerate_, self.fit_warning_ = False, None
        k = len(self._names)
        p = np.empty(k)
        _get_params(self._handle, pointer(p), k)
        self.params_ = dict(zip(self._names, p.tolist()))
        self.standard_errors_ = {n: float("nan") for n in self._names}
        self.variance_matrix_ = np.full((k, k), np.nan)
        self.__dict__["_origin"] = "loaded from a model file"
        return self

    def __init__(self, penalizer_coef=_DEFAULTS.l2_penalty, *, max_iter=_DEFAULTS.max_iter, tol=_DEFAULTS.gradient_tol,
                 n_threads=_DEFAULTS.n_threads, max_seconds=_DEFAULTS.max_seconds):
        """penalizer_coef has lifetimes' meaning: penalizer_coef * sum(params^2) is added to the
        mean negative log-likelihood, with alpha and beta in units of the largest T (as lifetimes
        fits them). max_iter caps the Newton steps and max_seconds (0: none) the wall-clock time."""
        self.penalizer_coef, self.max_iter, self.tol, self.n_threads = penalizer_coef, max_iter, tol, n_threads
        self.max_seconds = max_seconds

    def _new_handle(self):
        self._validate_params()
        opts = _native.options("segcore_clv_options_init")
        opts.model = self._kind
        opts.l2_penalty = float(self.penalizer_coef)
        opts.max_iter = self.max_iter
        opts.gradient_tol = float(self.tol)
        opts.n_threads = _native.threads_from(self.n_threads)
        opts.max_seconds = float(self.max_seconds)
        opts.q_constraint = int(getattr(self, "q_constraint", False))
        handle = _P()
        _create(ctypes.byref(handle), ctypes.byref(opts))
        return handle

    @writes_fitted
    def _fit_with(self, call):
        """Runs call(handle) on a new native model; it replaces the old one when the fit
        succeeds. The diagnostics of a failed fit are kept (they say why)."""
        handle = self._new_handle()
        try:
            call(handle)
        except BaseException:
            self._read_diagnostics(handle)
            _destroy(handle)
            raise
        _native.release(self, _destroy)
        self._handle = handle
        self._read_fit()
        return self

    def __del__(self):
        _native.release(self, _destroy)

    @writes_fitted
    def _read_fit(self):
        k = len(self._names)
        p, se = np.empty(k), np.empty(k)
        _get_params(self._handle, pointer(p), k)
        _get_se(self._handle, pointer(se), k)
        self.params_ = dict(zip(self._names, p.tolist()))
        self.standard_errors_ = dict(zip(self._names, se.tolist()))
        cov = np.empty(k * k)
        _get_cov(self._handle, pointer(cov), cov.size)
        self.variance_matrix_ = cov.reshape(k, k)
        self.__dict__["_origin"] = "fitted"
        self._read_diagnostics()

    @writes_fitted
    def _read_diagnostics(self, handle=None):
        handle = self._handle if handle is None else handle
        stop, iters, g, ll, distinct = ctypes.c_int32(), ctypes.c_int64(), _D(), _D(), _S()
        _get_diag(handle, ctypes.byref(stop), ctypes.byref(iters), ctypes.byref(g), ctypes.byref(ll),
                  ctypes.byref(distinct))
        self.stop_reason_ = _STOPS.get(stop.value, str(stop.value))
        self.n_iter_, self.gradient_norm_ = iters.value, g.value
        self.log_likelihood_, self.n_distinct_rows_ = ll.value, distinct.value
        length = _S()
        _get_message(handle, None, 0, ctypes.byref(length))
        buf = ctypes.create_string_buffer(length.value + 1)
        _get_message(handle, buf, len(buf), ctypes.byref(length))
        self.fit_message_ = buf.value.decode("utf-8", "replace")
        quality = ctypes.c_int32()
        _get_warning(handle, ctypes.byref(quality), None, 0, ctypes.byref(length))
        buf = ctypes.create_string_buffer(length.value + 1)
        _get_warning(handle, ctypes.byref(quality), buf, len(buf), ctypes.byref(length))
        self.degenerate_ = quality.value != 0
        self.fit_warning_ = buf.value.decode("utf-8", "replace") if self.degenerate_ else None

    def _warn_if_degenerate(self):
        if self.degenerate_:
            warnings.warn(f"{type(self).__name__}: {self.fit_warning_}", DegenerateFitWarning, stacklevel=3)

    def set_params(self, **params):
        """Either scikit-learn's set_params, for the constructor's options (penalizer_coef,
        max_iter, tol, n_threads: they take effect at the next fit), or, given exactly the
        model's parameters by name (all > 0), uses those instead of a fit. Returns self."""
        if not any(name in self._names for name in params):
            return super().set_params(**params)
        missing = [n for n in self._names if n not in params]
        if missing or len(params) != len(self._names):
            raise InvalidArgumentError(f"give exactly the parameters {', '.join(self._names)}")
        p = np.array([float(params[n]) for n in self._names])
        handle = self.__dict__.get("_handle") or self._new_handle()
        try:
            _set_params(handle, pointer(p), p.size)
        except BaseException:
            if handle is not self.__dict__.get("_handle"):
                _destroy(handle)
            raise
        self._handle = handle
        self._set_model_params(p)
        return self

    @writes_fitted
    def _set_model_params(self, p):
        self.params_ = dict(zip(self._names, p.tolist()))
        self.standard_errors_ = {n: float("nan") for n in self._names}
        self.variance_matrix_ = np.full((p.size, p.size), np.nan)
        self.__dict__["_origin"] = "parameters set by hand"

    def _check_fitted(self):
        if not hasattr(self, "params_"):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit first")

    @property
    def summary(self):
        """Parameters with their standard errors, as {name: (value, standard error)}; prints as
        a table with the 95% confidence bounds."""
        self._check_fitted()
        origin = self.__dict__.get("_origin", "fitted")
        fitted = (f"fitted, log-likelihood {self.log_likelihood_:.6g}, {self.stop_reason_}" if origin == "fitted"
                  else f"{origin} (no standard errors)")
        return ClvParameterSummary(f"{type(self).__name__}: {fitted}",
                                   {n: (self.params_[n], self.standard_errors_[n]) for n in self._names})

    @property
    def confidence_intervals_(self):
        """{name: (lower, upper)}: the 95% bounds value -/+ 1.96 standard errors (lifetimes'
        confidence_intervals_); NaN without standard errors."""
        self._check_fitted()
        return {n: (self.params_[n] - 1.96 * self.standard_errors_[n], self.params_[n] + 1.96 * self.standard_errors_[n])
                for n in self._names}

    def __repr__(self):
        base = super().__repr__()
        if not hasattr(self, "params_"):
            return base
        values = ", ".join(f"{n}: {v:.4g}" for n, v in self.params_.items())
        how = self.__dict__.get("_origin", "fitted")
        if how == "fitted" and getattr(self, "degenerate_", False):
            how = "degenerate fit"
        return f"<segcore.{base}: {how}, {values}>"


class _PurchaseModel(_Model):
    def fit(self, frequency, recency, T, weights=None):
        """Maximum-likelihood fit on customers' (frequency, recency, T); weights counts
        identical customers. Raises with the reason when a row is invalid or the fit does
        not converge."""
        x = _vector(frequency, "frequency")
        n = x.shape[0]
        tx, T_ = _vector(recency, "recency", n), _vector(T, "T", n)
        w = None if weights is None else _vector(weights, "weights", n)
        self._fit_with(lambda h: _fit(h, pointer(x), pointer(tx), pointer(T_), None if w is None else pointer(w), n))
        self.__dict__["_data_extent"] = (float(x.max()), float(T_.max())) if n else None
        self._warn_if_degenerate()
        return self

    # BG/BB histories also need frequency <= recency (one purchase per period).
    _discrete = False

    def conditional_probability_alive_matrix(self, max_frequency=None, max_recency=None):
        """lifetimes' matrix Z[t_x, x] = P(alive | x, t_x, T = max_recency) for whole t_x in
        0..max_recency and x in 0..max_frequency (defaults: the fitted data's largest frequency
        and T, rounded down). Cells that are not histories (x = 0 with t_x > 0 or the reverse;
        BG/BB also x > t_x) are NaN, where lifetimes computes a number for them."""
        self._check_fitted()
        extent = self.__dict__.get("_data_extent")
        if (max_frequency is None or max_recency is None) and extent is None:
            raise InvalidArgumentError("give max_frequency and max_recency: this model was not fitted on data")
        max_frequency = int(extent[0]) if max_frequency is None else int(max_frequency)
        max_recency = int(extent[1]) if max_recency is None else int(max_recency)
        if max_frequency < 0 or max_recency < 0:
            raise InvalidArgumentError(f"max_frequency {max_frequency} and max_recency {max_recency} must be >= 0")
        tx, x = np.meshgrid(np.arange(max_recency + 1.0), np.arange(max_frequency + 1.0), indexing="ij")
        valid = (x == 0) == (tx == 0)
        if self._discrete:
            valid &= x <= tx
        xs, txs = np.ascontiguousarray(x[valid]), np.ascontiguousarray(tx[valid])
        T = np.full(xs.size, float(max_recency))
        out = np.empty(xs.size)
        _alive(self._handle, pointer(xs), pointer(txs), pointer(T), xs.size, pointer(out), xs.size)
        Z = np.full(x.shape, np.nan)
        Z[valid] = out
        return Z

    def _count_distribution(self, t, n):
        """P(X(t) = n) through segcore_clv_probability_of_n_purchases (BG/NBD, BG/BB)."""
        self._check_fitted()
        scalar = np.ndim(n) == 0
        k = _vector(n, "n")
        out = np.empty_like(k)
        _n_purchases(self._handle, float(t), pointer(k), k.size, pointer(out), out.size)
        return float(out[0]) if scalar else out

    def _histories(self, frequency, recency, T):
        x = _vector(frequency, "frequency")
        n = x.shape[0]
        return x, _vector(recency, "recency", n), _vector(T, "T", n), n

    def expected_number_of_purchases_up_to_time(self, t):
        """E[X(t)] for a new customer, for each t."""
        self._check_fitted()
        scalar = np.ndim(t) == 0
        tt = _vector(t, "t")
        out = np.empty_like(tt)
        _expected(self._handle, pointer(tt), tt.size, pointer(out), out.size)
        _flag_nan(out, "expected_number_of_purchases_up_to_time")
        return float(out[0]) if scalar else out

    @series_out("frequency")
    def conditional_expected_number_of_purchases_up_to_time(self, t, frequency, recency, T):
        """Expected purchases in the next t time units of customers with these histories. t may
        be an array of horizons, broadcast against the histories as numpy does (one horizon per
        customer, or many horizons for one customer)."""
        self._check_fitted()
        out, shape, scalar = _by_value(lambda *a: _conditional(self._handle, *a), "t", t, frequency, recency, T)
        _flag_nan(out, "conditional_expected_number_of_purchases_up_to_time")
        return float(out[0]) if scalar else out.reshape(shape)

    @series_out("frequency")
    def conditional_probability_alive(self, frequency, recency, T):
        """Probability that each customer is still active at T."""
        self._check_fitted()
        scalar = np.ndim(frequency) == 0
        x, tx, T_, n = self._histories(frequency, recency, T)
        out = np.empty(n)
        _alive(self._handle, pointer(x), pointer(tx), pointer(T_), n, pointer(out), n)
        _flag_nan(out, "conditional_probability_alive")
        return float(out[0]) if scalar else out


class BetaGeoFitter(_PurchaseModel):
    """BG/NBD (Fader, Hardie and Lee 2005). params_: r, alpha, a, b. penalizer_coef adds
    penalizer_coef * (r^2 + (alpha / max T)^2 + a^2 + b^2) to the mean negative log-likelihood,
    as lifetimes does."""
    _kind = _BGNBD
    _names = ("r", "alpha", "a", "b")

    def probability_of_n_purchases_up_to_time(self, t, n):
        """P(X(t) = n): the probability that a customer first seen at time 0 makes exactly n
        repeat purchases in (0, t]; n a whole number >= 0, or an array of them."""
        return self._count_distribution(t, n)


class ModifiedBetaGeoFitter(_PurchaseModel):
    """MBG/NBD (Batislam, Denizel and Filiztekin 2007): BG/NBD in which a customer may also drop
    out right after the first purchase, so P(alive) of a customer without repeat purchases is
    below 1. params_: r, alpha, a, b; penalizer_coef as BetaGeoFitter's."""
    _kind = _MBGNBD
    _names = ("r", "alpha", "a", "b")


class BetaGeoBetaBinomFitter(_PurchaseModel):
    """BG/BB (Fader, Hardie and Shang 2010): discrete time, one purchase opportunity per period
    (a yearly donation, a campaign). params_: alpha, beta (purchase probability), gamma, delta
    (dropout probability per period). Histories are (frequency, recency, n_periods) in whole
    periods: frequency purchases in the n_periods opportunities after the first, the last in
    period recency (0 without any). Horizons are whole numbers of periods."""
    _kind = _BGBB
    _names = ("alpha", "beta", "gamma", "delta")
    _discrete = True

    def fit(self, frequency, recency, n_periods, weights=None):
        """Maximum-likelihood fit; weights counts identical customers (lifetimes' aggregated
        form, as the donations data)."""
        super().fit(frequency, recency, n_periods, weights)
        x = _vector(frequency, "frequency")
        w = np.ones_like(x) if weights is None else _vector(weights, "weights", x.size)
        values, at = np.unique(x, return_inverse=True)
        self.__dict__["_frequency_weights"] = (values, np.bincount(at, weights=w))
        return self

    def probability_of_n_purchases_up_to_time(self, n_periods, n):
        """P(X(n_periods) = n): the probability that a new customer makes exactly n purchases in
        the first n_periods opportunities (eq. 7 of Fader, Hardie and Shang 2010); n a whole
        number >= 0 or an array of them."""
        return self._count_distribution(n_periods, n)

    def expected_number_of_transactions_in_first_n_periods(self, n):
        """lifetimes' in-sample check: for each frequency present in the fitted data, the
        number of customers expected to make that many purchases in the first n periods
        (P(X(n) = x) times the customers fitted on), as {frequency: expected customers}."""
        self._check_fitted()
        counts = self.__dict__.get("_frequency_weights")
        if counts is None:
            raise NotFittedError("this BetaGeoBetaBinomFitter was not fitted on data here; "
                                 "use probability_of_n_purchases_up_to_time")
        values, weights = counts
        p = self.probability_of_n_purchases_up_to_time(n, values)
        return {int(x): float(v) for x, v in zip(values, p * weights.sum())}

    def conditional_expected_number_of_purchases_up_to_time(self, m_periods_in_future, frequency, recency, n_periods):
        """Expected purchases in the next m_periods_in_future periods."""
        return super().conditional_expected_number_of_purchases_up_to_time(m_periods_in_future, frequency, recency,
                                                                          n_periods)

    def conditional_probability_alive(self, m_periods_in_future, frequency, recency, n_periods):
        """P(alive in period n_periods + m_periods_in_future | history), as lifetimes."""
        self._check_fitted()
        out, shape, scalar = _by_value(lambda *a: _alive_after(self._handle, *a), "m_periods_in_future",
                                       m_periods_in_future, frequency, recency, n_periods)
        _flag_nan(out, "conditional_probability_alive")
        return float(out[0]) if scalar else out.reshape(shape)


class ParetoNBDFitter(_PurchaseModel):
    """Pareto/NBD (Schmittlein, Morrison and Colombo 1987). params_: r, alpha, s, beta."""
    _kind = _PARETO_NBD
    _names = ("r", "alpha", "s", "beta")

    def probability_of_n_purchases_up_to_time(self, t, n):
        """P(X(t) = n): the probability that a customer first seen at time 0 makes exactly n
        repeat purchases in (0, t]; n a whole number >= 0, or an array of them."""
        return self._count_distribution(t, n)

    @series_out("frequency")
    def conditional_probability_of_n_purchases_up_to_time(self, n, t, frequency, recency, T):
        """P(Y(t) = n | frequency, recency, T): the probability that a customer with this history
        makes exactly n purchases in the next t time units, (T, T + t]. n (whole numbers >= 0),
        t (finite, >= 0) and the history columns broadcast together as numpy does: one n for
        many customers, many n or horizons for one customer, or one per customer. t = 0 gives
        1 for n = 0 and 0 otherwise (lifetimes gives 0 for any n)."""
        self._check_fitted()
        out, shape, scalar = _by_value(lambda *a: _conditional_n_purchases(self._handle, *a), "t", t, n, frequency,
                                       recency, T)
        _flag_nan(out, "conditional_probability_of_n_purchases_up_to_time")
        return float(out[0]) if scalar else out.reshape(shape)


class GammaGammaFitter(_Model):
    """Gamma-Gamma spend model (Fader, Hardie and Lee 2005). params_: p, q, v.

    q_constraint=True (lifetimes' option of fit, here of the model) keeps q > 1, where the
    population mean spend p v / (q - 1) exists; data that want q <= 1 then give a degenerate
    fit at q near 1 (degenerate_, fit_warning_ and a DegenerateFitWarning say so)."""
    _kind = _GAMMA_GAMMA
    _names = ("p", "q", "v")
    _parameter_constraints = {**_Model._parameter_constraints, "q_constraint": ["boolean"]}

    def __init__(self, penalizer_coef=_DEFAULTS.l2_penalty, *, max_iter=_DEFAULTS.max_iter, tol=_DEFAULTS.gradient_tol,
                 n_threads=_DEFAULTS.n_threads, max_seconds=_DEFAULTS.max_seconds, q_constraint=False):
        super().__init__(penalizer_coef, max_iter=max_iter, tol=tol, n_threads=n_threads, max_seconds=max_seconds)
        self.q_constraint = q_constraint

    def fit(self, frequency, monetary_value, weights=None):
        """Fits on customers with frequency > 0 (others skipped); their monetary_value must be > 0."""
        x = _vector(frequency, "frequency")
        n = x.shape[0]
        m = _vector(monetary_value, "monetary_value", n)
        w = None if weights is None else _vector(weights, "weights", n)
        self._fit_with(lambda h: _fit_spend(h, pointer(x), pointer(m), None if w is None else pointer(w), n))
        self._warn_if_degenerate()
        return self

    @series_out("frequency")
    def conditional_expected_average_profit(self, frequency, monetary_value):
        """Expected mean spend per transaction of each customer."""
        self._check_fitted()
        x = _vector(frequency, "frequency")
        n = x.shape[0]
        m = _vector(monetary_value, "monetary_value", n)
        out = np.empty(n)
        _spend(self._handle, pointer(x), pointer(m), n, pointer(out), n)
        return _flag_nan(out, "conditional_expected_average_profit")

    @series_out("frequency", "clv")
    def customer_lifetime_value(self, transaction_prediction_model, frequency, recency, T, monetary_value, *,
                                time=_VALUE_DEFAULTS.horizon, steps=_VALUE_DEFAULTS.steps,
                                discount_rate=_VALUE_DEFAULTS.discount_rate):
        """Sum over `steps` equal steps of the horizon `time` (model time units) of expected
        spend times expected purchases in the step, divided by (1 + discount_rate)^k."""
        self._check_fitted()
        transaction_prediction_model._check_fitted()
        x = _vector(frequency, "frequency")
        n = x.shape[0]
        tx, T_, m = _vector(recency, "recency", n), _vector(T, "T", n), _vector(monetary_value, "monetary_value", n)
        opts = _native.options("segcore_clv_value_options_init")
        opts.horizon, opts.steps, opts.discount_rate = float(time), int(steps), float(discount_rate)
        out = np.empty(n)
        _value(transaction_prediction_model._handle, self._handle, pointer(x), pointer(tx), pointer(T_), pointer(m), n,
               ctypes.byref(opts), pointer(out), n)
        return _flag_nan(out, "customer_lifetime_value")
