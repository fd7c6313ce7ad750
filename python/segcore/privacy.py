"""Privacy controls over segcore's C ABI: keyed pseudonyms and opt-out lists.

Erasure is a method of the objects that keep customer state: ProfileStore.erase,
IdentityResolver.erase / erase_record, SegmentTracker.erase, Triggers.erase and
EventTriggers.erase. What each control does and does not do: docs/PRIVACY.md.
"""
import ctypes

import numpy as np

from . import _capi, _native
from ._errors import InvalidArgumentError
from ._native import lib
from .identity import _KIND_CODE

_S, _U64 = ctypes.c_size_t, ctypes.c_uint64

PSEUDONYM_SIZE = _capi.SEGCORE_PSEUDONYM_SIZE  # 64 hex digits and a NUL
_KINDS = {None: _capi.SEGCORE_ID_RAW, "raw": _capi.SEGCORE_ID_RAW, **_KIND_CODE}

_c = _native.checked
_pseudonymize = _c("segcore_pseudonymize_identifiers")
_exclude = _c("segcore_events_exclude_customers")


def pseudonyms_available():
    """True when this build of segcore has libcrypto (OpenSSL) for pseudonyms."""
    return bool(lib.segcore_pseudonyms_available())


def _key_buffer(key):
    """The key's bytes as a ctypes argument, without copying bytes or bytearray."""
    if isinstance(key, str):
        raise InvalidArgumentError("key must be bytes or bytearray, not str: a str key would be "
                                   "copied into memory that nobody can wipe")
    if not isinstance(key, (bytes, bytearray)):
        raise InvalidArgumentError(f"key must be bytes or bytearray, not {type(key).__name__}")
    if len(key) == 0:
        raise InvalidArgumentError("the key is empty (use at least 32 random bytes)")
    # A bytearray is viewed in place (the view is released when the call returns, so the
    # caller can wipe or resize it); bytes are passed as they are.
    return (ctypes.c_char * len(key)).from_buffer(key) if isinstance(key, bytearray) else key


def pseudonymize(values, key, kind=None, default_country_code=None, n_threads=1, return_rejected=False):
    """HMAC-SHA-256 of each value under key, as 64 lowercase hex digits (numpy 'U64' array).

    kind None or "raw" hashes the values as given; "email", "phone" (with
    default_country_code), "crm_id", "device_id" and "cookie_id" normalise them first, as
    IdentityResolver does, so differently written forms of one identifier get one pseudonym.
    None, blank and unnormalisable values give "" (with return_rejected=True the count of
    unnormalisable ones is returned too). key: bytes or bytearray, not kept by segcore."""
    if kind not in _KINDS:
        raise InvalidArgumentError(f"kind {kind!r}; use None, 'raw', " + ", ".join(repr(k) for k in _KINDS if k))
    items = [None if v is None or (isinstance(v, float) and v != v) else str(v).encode() for v in values]
    n = len(items)
    holder = _key_buffer(key)
    arr = (ctypes.c_char_p * max(n, 1))(*items)
    out = ctypes.create_string_buffer(max(n, 1) * PSEUDONYM_SIZE)
    rejected = _S()
    country = None if default_country_code is None else str(default_country_code).encode()
    _pseudonymize(holder, len(key), _KINDS[kind], country, arr, n, _native.threads_from(n_threads), out,
                  ctypes.sizeof(out), ctypes.byref(rejected))
    del holder  # releases the view of a bytearray key
    result = np.frombuffer(out.raw[:n * PSEUDONYM_SIZE], dtype=f"S{PSEUDONYM_SIZE}").astype("U64")
    return (result, rejected.value) if return_rejected else result


def opt_out_mask(customer_id, opt_out):
    """(keep, report): a boolean array that is False for the rows of listed customers (ids
    compared as text trimmed of surrounding whitespace, as the C ABI does), and {"customers",
    "rows"} left out. opt_out: ids, or the path of a file of them (one per line)."""
    ids = read_opt_out(opt_out) if isinstance(opt_out, (str, bytes)) or hasattr(opt_out, "__fspath__") \
        else {t for t in (str(i).strip(_ASCII_SPACE) for i in opt_out) if t}
    text = np.asarray([str(c).strip(_ASCII_SPACE) for c in np.asarray(customer_id).tolist()], dtype=object)
    gone = np.fromiter((c in ids for c in text), dtype=bool, count=text.size)
    return ~gone, {"customers": len(set(text[gone])), "rows": int(gone.sum())}


def exclude_customers(events_handle, ids):
    """Removes the listed customers' rows from a segcore_events handle; (customers, rows)."""
    texts = [str(i).encode() for i in ids]
    arr = (ctypes.c_char_p * max(len(texts), 1))(*texts)
    customers, rows = _U64(), _U64()
    _exclude(events_handle, arr, len(texts), ctypes.byref(customers), ctypes.byref(rows))
    return customers.value, rows.value


_ASCII_SPACE = " \t\n\r\f\v"  # what the C++ side trims (absl::StripAsciiWhitespace)


def read_opt_out(path):
    """The ids of an opt-out file: one per line (LF, CRLF or a lone CR), trimmed; blank lines
    and '#' lines skipped."""
    ids = set()
    with open(path, encoding="utf-8-sig", newline=None) as f:
        for line in f:
            s = line.strip(_ASCII_SPACE)
            if s and not s.startswith("#"):
                ids.add(s)
    return ids
