"""Loading libsegcore and calling its C ABI with ctypes."""
import ctypes
import ctypes.util
import os
import pathlib
import signal
import threading

import numpy as np

from . import _capi, _errors, _frames

_HERE = pathlib.Path(__file__).resolve().parent


def _candidates():
    env = os.environ.get("SEGCORE_LIBRARY")
    if env:
        yield pathlib.Path(env)
        return  # an explicit choice is never second-guessed
    yield from sorted(_HERE.glob("libsegcore.so*"))  # inside the package: pip install . (python/meson.build)
    yield from sorted((_HERE.parent.parent / "build").glob("libsegcore.so*"))
    system = ctypes.util.find_library("segcore")
    if system:
        yield pathlib.Path(system)


def _load():
    tried = []
    for path in _candidates():
        try:
            return ctypes.CDLL(str(path))
        except OSError as e:
            tried.append(f"{path}: {e}")
    raise ImportError(
        "segcore: cannot find libsegcore.so. Set SEGCORE_LIBRARY to its path, put it beside "
        "the package, or build it in build/ (meson setup build && meson compile -C build)."
        + ("\n  tried " + "\n  tried ".join(tried) if tried else ""))


lib = _load()

_ptr = ctypes.c_void_p


def _typed(fn, name):
    fn.restype, argtypes = _capi.SIGNATURES[name]
    fn.argtypes = list(argtypes)
    return fn


def function(name):
    """The C function `name` with the restype and argtypes its header declares
    (_capi.SIGNATURES, generated from the headers)."""
    return _typed(lib[name], name)  # an object of its own: no one else's declaration changes it


for _name in _capi.SIGNATURES:  # lib.segcore_* calls are typed too
    try:
        _typed(getattr(lib, _name), _name)
    except AttributeError:
        raise ImportError(f"segcore: {lib._name} lacks {_name}: the library is older than this package's "
                          "headers; use the libsegcore.so built with it") from None


def check(status):
    """Raises the exception that matches a segcore status code, with the library's message."""
    if status == _capi.SEGCORE_OK:
        return
    message = lib.segcore_last_error_message().decode("utf-8", "replace")
    if not message:
        message = lib.segcore_status_string(status).decode()
    raise _errors.from_status(status, message)


_PROGRESS = _capi.segcore_progress_fn  # runs on the calling thread during long calls


def _interruptible(call, *args):
    """call(*args), which may run long, stopped by Ctrl-C within about 50 ms of C work.

    Python runs its SIGINT handler only between bytecodes, never inside the C call. So for the
    call's duration a handler that merely records the signal replaces the program's one, and a
    progress callback (whose bytecode gives the handler its chance) asks segcore to stop once it
    is recorded. After the call the program's handler runs as it would have: the default one
    raises KeyboardInterrupt. Off the main thread, or with a handler installed from C, the call
    runs as it is (Python delivers signals to the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        return call(*args)
    previous = signal.getsignal(signal.SIGINT)
    if not callable(previous):
        return call(*args)
    received = []  # (signum, frame) of the SIGINTs that came during the call

    def on_progress(user, done, stage):
        return 1 if received else 0

    callback = _PROGRESS(on_progress)
    signal.signal(signal.SIGINT, lambda signum, frame: received.append((signum, frame)))
    try:
        lib.segcore_set_progress_callback(callback, None)
        status = call(*args)
    finally:
        lib.segcore_set_progress_callback(_PROGRESS(), None)
        signal.signal(signal.SIGINT, previous)
    if received:
        previous(*received[0])  # KeyboardInterrupt with the default handler
    return status  # SEGCORE_ECANCELLED when a handler that does not raise was interrupted


def checked(name, long=False):
    """The C function `name`, which returns a segcore status, as declared in its header; calls
    raise on failure. A long one (it reads the thread's progress callback) can be interrupted
    with Ctrl-C."""
    fn = function(name)
    if fn.restype is not ctypes.c_int:
        raise TypeError(f"{name} returns no status")

    def call(*args):
        if long:
            check(_interruptible(fn, *args))
        else:
            check(fn(*args))
    call.__name__ = name
    return call


def options(init_name, *init_args):
    """A new option struct filled with the defaults of its C init function (init_name; its
    first argument is the struct, its last the struct's size)."""
    struct = _capi.SIGNATURES[init_name][1][0]._type_
    opts = struct()
    checked(init_name)(ctypes.byref(opts), *init_args, ctypes.sizeof(opts))
    return opts


def enum(prefix, *exclude):
    """{name: value} of the constants SEGCORE_<prefix>_<NAME> in header order, each name in
    lower case (SEGCORE_RFM_QUANTILE -> "quantile"), but those named in exclude."""
    start = f"SEGCORE_{prefix}_"
    return {name[len(start):].lower(): value for name, value in vars(_capi).items()
            if name.startswith(start) and name[len(start):].lower() not in exclude}


def choice(value, table, what):
    """table[value] (table: {name: value}, as enum() gives), or InvalidArgumentError naming what
    and listing the names."""
    if not isinstance(value, str) or value not in table:
        raise _errors.InvalidArgumentError(f"{what} is {value!r}; use one of {', '.join(map(repr, table))}")
    return table[value]


def enum_name(prefix, value):
    """The lower-case name of the constant SEGCORE_<prefix>_<NAME> whose value is value."""
    return next(name for name, v in enum(prefix).items() if v == value)


def as_matrix(x, name="X"):
    """A 2-D C-contiguous float32 or float64 array. Floating-point input is used as it is, never
    copied: float16 is widened, but a non-contiguous float array is refused with a message
    saying how to fix it. Integer and boolean input is converted to float64. A DataFrame of
    numbers (pandas' NA: NaN) is copied into a C-contiguous matrix, as pandas copies it anyway."""
    if type(x).__module__.startswith("scipy.sparse"):
        raise _InvalidTypeError(f"{name} is a sparse matrix; segcore needs dense data ({name}.toarray())")
    if _frames.is_frame(x):  # pandas copies a DataFrame into an array anyway (column-major)
        x = _frames.matrix(x, name)
    a = np.asarray(x)
    if a.ndim == 1:
        raise _errors.InvalidArgumentError(
            f"{name} is 1-D with {a.shape[0]} values; Reshape your data: pass a 2-D array ({name}.reshape(-1, 1) "
            f"for one feature, {name}.reshape(1, -1) for one sample)")
    if a.ndim != 2:
        raise _errors.InvalidArgumentError(f"{name} must be 2-D; it has {a.ndim} dimensions")
    if a.shape[1] == 0:
        raise _errors.InvalidArgumentError(
            f"{name} has 0 feature(s) (shape={a.shape}) while a minimum of 1 is required.")
    if np.iscomplexobj(a):
        raise _errors.InvalidArgumentError(f"Complex data not supported: {name} has dtype {a.dtype}")
    if a.dtype == object:
        try:
            return a.astype(np.float64)
        except TypeError as e:
            raise _InvalidTypeError(f"{name} holds a value that is not a number: {e}") from None
    if a.dtype in (np.float32, np.float64):
        if not a.flags.c_contiguous:
            raise _errors.InvalidArgumentError(
                f"{name} is not C-contiguous (a slice or a transpose?); segcore does not copy float "
                f"data behind your back: pass np.ascontiguousarray({name})")
        return a
    if a.dtype == np.float16:
        return a.astype(np.float32)
    if not (np.issubdtype(a.dtype, np.integer) or a.dtype == np.bool_):
        raise _errors.InvalidArgumentError(f"{name} has dtype {a.dtype}; a numeric array is needed")
    return np.ascontiguousarray(a, dtype=np.float64)


class _InvalidTypeError(_errors.InvalidArgumentError, TypeError):
    """Input of a type segcore cannot use (a TypeError, as numpy and scikit-learn raise)."""


def as_weights(w, n):
    """None, or n float64 sample weights (converted and copied if needed: they are small)."""
    if w is None:
        return None
    w = np.ascontiguousarray(w, dtype=np.float64)
    if w.shape != (n,):
        raise _errors.InvalidArgumentError(f"sample_weight has shape {w.shape}; ({n},) is needed")
    return w


def seed_from(random_state):
    """scikit-learn's random_state: None for a fresh random seed, an int, or a RandomState."""
    if random_state is None:
        return int.from_bytes(os.urandom(8), "little")
    if isinstance(random_state, (int, np.integer)):
        if random_state < 0:
            raise _errors.InvalidArgumentError(f"random_state is {random_state}; it must be >= 0")
        return int(random_state) & 0xFFFFFFFFFFFFFFFF
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(0, 2**63 - 1, dtype=np.int64))
    raise _errors.InvalidArgumentError(f"random_state {random_state!r} is not None, an int or a RandomState")


def threads_from(n_threads):
    """None for one thread per core, else an int >= 1."""
    if n_threads is None:
        return 0
    if not isinstance(n_threads, (int, np.integer)) or n_threads < 1:
        raise _errors.InvalidArgumentError(f"n_threads is {n_threads!r}; use an int >= 1, or None for all cores")
    return int(n_threads)


def release(owner, destroy):
    """Frees owner._handle once with destroy (a segcore_*_destroy function): the body of every
    wrapper's __del__."""
    handle = getattr(owner, "_handle", None)
    if handle:
        owner._handle = None
        destroy(handle)


def pointer(a):
    return a.ctypes.data_as(_ptr)


class Unshareable:
    """Base of wrappers whose native object has no serialised form: copy.copy, deepcopy and
    pickle raise TypeError, where a copy would make two owners of one handle (freed twice)."""

    def __reduce_ex__(self, protocol):
        raise TypeError(f"a {type(self).__name__} cannot be copied or pickled: it owns native state that has no "
                        "serialised form; build a new one from the same inputs instead")
