"""Identifier normalisation and identity resolution over segcore's C ABI.

Records (CRM rows, events, devices) that share any identifier - email, phone, CRM id, device
or cookie id - are one customer (union-find). Every merge is explained by a link; values that
fail normalisation are rejected and listed, never used. Rules: docs/PROFILES.md, "Identity".
"""
import ctypes
import sys

import numpy as np

from . import _capi, _columns, _native
from ._errors import InvalidArgumentError
from ._native import lib

_P, _S, _I32, _U32, _U64 = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int32, ctypes.c_uint32, ctypes.c_uint64
_STR = ctypes.c_char_p

_KIND_CODE = {"email": _capi.SEGCORE_ID_EMAIL, "phone": _capi.SEGCORE_ID_PHONE, "crm_id": _capi.SEGCORE_ID_CRM,
              "device_id": _capi.SEGCORE_ID_DEVICE, "cookie_id": _capi.SEGCORE_ID_COOKIE}
_KIND_NAME = {code: kind for kind, code in _KIND_CODE.items()}
KINDS = tuple(_KIND_CODE)


_c = _native.checked
_norm_email = _c("segcore_normalize_email")
_norm_phone = _c("segcore_normalize_phone")
_create = _c("segcore_identity_create")
_add_record = _c("segcore_identity_add_record")
_n_records = _c("segcore_identity_n_records")
_resolve = _c("segcore_identity_resolve")
_n_links = _c("segcore_identity_n_links")
_get_link = _c("segcore_identity_get_link")
_redundant = _c("segcore_identity_redundant_links")
_n_rejected = _c("segcore_identity_n_rejected")
_get_rejected = _c("segcore_identity_get_rejected")
_rejected_reason = _c("segcore_identity_rejected_reason")
_create_pseudonymised = _c("segcore_identity_create_pseudonymised")
_erase = _c("segcore_identity_erase")
_erase_record = _c("segcore_identity_erase_record")
ERASED = _capi.SEGCORE_IDENTITY_ERASED  # the customer number of an erased record


def _string(fn, *args):
    """Calls an snprintf-style function twice: once for the length, once for the text."""
    n = _S()
    fn(*args, None, 0, ctypes.byref(n))
    buf = ctypes.create_string_buffer(n.value + 1)
    fn(*args, buf, n.value + 1, ctypes.byref(n))
    return buf.value.decode("utf-8")


def _country(code):
    return None if code is None else str(code).encode()


def normalize_email(email):
    """Trimmed, lower-cased and checked; raises InvalidArgumentError saying why it is invalid."""
    return _string(_norm_email, str(email).encode())


def normalize_phone(phone, default_country_code=None):
    """'+<digits>' (8 to 15); numbers without '+' or '00' take default_country_code (digits)."""
    return _string(_norm_phone, str(phone).encode(), _country(default_country_code))


class IdentityResult:
    """customer: int64 array, one customer number per record (numbered in order of each
    customer's first record; -1 for an erased record); n_customers; links: (record_a, record_b, kind, value) tuples, the
    links that joined two groups; redundant_links: links within a group, counted only;
    rejected: dicts (record, kind, value, reason) of identifiers that failed normalisation."""

    def __init__(self, customer, n_customers, links, redundant_links, rejected):
        self.customer = customer
        self.n_customers = n_customers
        self.links = links
        self.redundant_links = redundant_links
        self.rejected = rejected

    def groups(self):
        """The records of each customer, as a list of int64 arrays (erased records left out)."""
        live = np.flatnonzero(self.customer >= 0)
        order = live[np.argsort(self.customer[live], kind="stable")]
        cuts = np.flatnonzero(np.diff(self.customer[order])) + 1
        return np.split(order, cuts) if order.size else []


def _is_missing(v):
    if v is None or (isinstance(v, (float, np.floating)) and v != v) or (isinstance(v, str) and v == ""):
        return True
    pd = sys.modules.get("pandas")  # pandas' NA and NaT from a DataFrame column
    return pd is not None and (v is pd.NA or v is pd.NaT)


class IdentityResolver(_native.Unshareable):
    """Links records that share an identifier into customers.

    >>> r = IdentityResolver(default_country_code="44")
    >>> r.add_record(email="Ann@Example.com", phone="020 7946 0000")
    0
    >>> r.add_record(email="ann@example.com", crm_id="C-17")
    1
    >>> r.resolve().customer
    array([0, 0])
    """

    def __init__(self, default_country_code=None, pseudonymised=False):
        """pseudonymised=True: every value arrives already normalised and hashed
        (segcore.pseudonymize with its kind), so values are only trimmed, never normalised."""
        h = _P()
        if pseudonymised:
            if default_country_code is not None:
                raise InvalidArgumentError("default_country_code applies when pseudonymising, not here")
            _create_pseudonymised(ctypes.byref(h))
        else:
            _create(ctypes.byref(h), _country(default_country_code))
        self._handle = h

    def _erased(self, call, *args):
        counts = [_U64() for _ in range(4)]
        call(self._handle, *args, *(ctypes.byref(c) for c in counts))
        return dict(zip(("records", "identifiers", "links", "rejected"), (c.value for c in counts)))

    def erase(self, kind, value):
        """Erases the customer holding the identifier (normalised as add_record does): all
        their records, identifiers, links and rejected identifiers. Their records keep their
        index, with customer ERASED in resolve(). Returns the counts removed; NotFoundError
        when no live record carries the identifier."""
        return self._erased(_erase, _native.choice(kind, _KIND_CODE, "identifier kind"), str(value).encode())

    def erase_record(self, record):
        """Erases the customer of one record, as erase."""
        return self._erased(_erase_record, int(record))

    def __del__(self):
        _native.release(self, lib.segcore_identity_destroy)

    @property
    def n_records(self):
        n = _S()
        _n_records(self._handle, ctypes.byref(n))
        return n.value

    def add_record(self, identifiers=(), **by_kind):
        """Adds one record and returns its index. identifiers: (kind, value) pairs; keywords
        email=, phone=, crm_id=, device_id=, cookie_id= take a value or a list of values.
        None, NaN, pandas' NA and "" are ignored (a record may carry no identifier); a
        whole-number float is its int (a phone or id column pandas read as float64)."""
        pairs = list(identifiers)
        for kind, v in by_kind.items():
            values = v if isinstance(v, (list, tuple)) else [v]
            pairs.extend((kind, x) for x in values)
        kinds, texts = [], []
        for kind, value in pairs:
            code = _native.choice(kind, _KIND_CODE, "identifier kind")
            if _is_missing(value):
                continue
            kinds.append(code)
            texts.append(_columns.id_text(value).encode())  # 2079460000.0, as pandas reads a column with gaps
        k = (_I32 * max(len(kinds), 1))(*kinds)
        t = (_STR * max(len(texts), 1))(*texts)
        record = _U32()
        _add_record(self._handle, k, t, len(kinds), ctypes.byref(record))
        return record.value

    def add_columns(self, **columns):
        """Adds one record per row of equal-length columns named by kind (email=[...],
        phone=[...], ...); missing values (None, NaN, "") are skipped. Returns the first
        record's index."""
        if not columns:
            raise InvalidArgumentError("add_columns needs at least one column (email=, phone=, ...)")
        lists = {kind: list(v) for kind, v in columns.items()}
        sizes = {len(v) for v in lists.values()}
        if len(sizes) != 1:
            raise InvalidArgumentError(f"columns differ in length: "
                                       f"{', '.join(f'{k} {len(v)}' for k, v in lists.items())}")
        first = self.n_records
        for i in range(sizes.pop()):
            self.add_record([(kind, v[i]) for kind, v in lists.items()])
        return first

    def resolve(self):
        """Groups the records so far (more may be added and resolved again later)."""
        n = self.n_records
        customer = np.zeros(n, np.uint32)
        k = _S()
        _resolve(self._handle, _native.pointer(customer), n, ctypes.byref(k))
        links = []
        count = _S()
        _n_links(self._handle, ctypes.byref(count))
        for i in range(count.value):
            link = _capi.segcore_identity_link()
            link.struct_size = ctypes.sizeof(link)
            value = _string(lambda *a: _get_link(self._handle, i, ctypes.byref(link), *a))
            links.append((link.record_a, link.record_b, _KIND_NAME[link.kind], value))
        redundant = _U64()
        _redundant(self._handle, ctypes.byref(redundant))
        rejected = []
        _n_rejected(self._handle, ctypes.byref(count))
        for i in range(count.value):
            rej = _capi.segcore_identity_rejection()
            rej.struct_size = ctypes.sizeof(rej)
            value = _string(lambda *a: _get_rejected(self._handle, i, ctypes.byref(rej), *a))
            rejected.append({"record": rej.record, "kind": _KIND_NAME[rej.kind], "value": value,
                             "reason": _string(_rejected_reason, self._handle, i)})
        customer = customer.astype(np.int64)
        customer[customer == ERASED] = -1  # erased records
        return IdentityResult(customer, k.value, links, redundant.value, rejected)
