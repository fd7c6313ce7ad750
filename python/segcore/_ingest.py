"""Event rows from caller arrays, checked as the CSV reader checks its rows (docs/PROFILES.md,
"Bad input"): in strict mode the first bad row is an error naming the column and row; in
lenient mode bad rows are left out and counted by reason in a report written as the CSV
reader's (rows are numbered from 0, as positions in the arrays)."""
import numpy as np

from . import _columns
from ._errors import InvalidArgumentError

# What the C ABI accepts (src/io: amounts within +-1e12, years 0000 to 9999).
_AMOUNT_LIMIT = 1e12
_MIN_TIMESTAMP, _MAX_TIMESTAMP = -62167219200, 253402300799


class Rows:
    """The checked columns: customer (int64 or str ids), seconds, amount and order (or None),
    with the rows kept; report is the ingest report's text, skipped its one-line summary
    (both empty when no row was skipped)."""

    def __init__(self, customer_id, timestamp, amount, order_id=None, *, names=("customer_id", "timestamp",
                 "amount", "order_id"), strict=True, max_reported=100):
        self.customer, id_missing = _columns.ids(customer_id, names[0])
        n = self.customer.size
        self.seconds, t_missing, t_bad = _columns.times(timestamp, names[1])
        self.amount = _columns.numbers(amount, names[2])
        self.order, o_missing = (None, None) if order_id is None else _columns.ids(order_id, names[3])
        sizes = [self.seconds.size, self.amount.size] + ([] if self.order is None else [self.order.size])
        if any(s != n for s in sizes) or self.amount.ndim != 1:
            raise InvalidArgumentError(f"{', '.join(names[:3 + (self.order is not None)])} differ in length: "
                                       f"{', '.join(str(s) for s in [n] + sizes)}")
        t_range = ~(t_missing | t_bad) & ((self.seconds < _MIN_TIMESTAMP) | (self.seconds > _MAX_TIMESTAMP))
        checks = [(id_missing, "empty customer id", names[0], customer_id),
                  (t_missing | t_bad | t_range, "bad timestamp", names[1], timestamp)]
        if not strict:  # strict: the C ABI names a bad amount ("row 3: amount nan is NaN")
            checks.append((np.isnan(self.amount), "bad number", names[2], amount))
            checks.append((~np.isnan(self.amount) & ~(np.abs(self.amount) <= _AMOUNT_LIMIT),
                           "amount out of range", names[2], amount))
        if o_missing is not None:
            checks.append((o_missing, "empty order id", names[3], order_id))
        bad = np.zeros(n, bool)
        for mask, *_ in checks:
            bad |= mask
        self.keep = ~bad
        self.report = self.skipped = ""
        if not bad.any():
            return
        if strict:
            i = int(np.argmax(bad))
            _, reason, name, values = next(c for c in checks if c[0][i])
            if reason == "bad timestamp":
                what = "missing" if t_missing[i] else "outside the years 0000 to 9999" if t_range[i] else \
                    "not a time (use datetime64, epoch seconds or date texts)"
                need = "every event needs a time"
            else:
                what, need = "missing", "every event needs an id"
            raise InvalidArgumentError(f"{name}[{i}] is {what} ({_columns.describe(values, i)}): {need}; drop "
                                       f"such rows, or read leniently to skip and count them (Profiles: "
                                       f"mode='lenient'; segcore.rfm: ingest='lenient')")
        self.report, self.skipped = self._report(checks, bad, max_reported)
        self.customer, self.seconds, self.amount = self.customer[self.keep], self.seconds[self.keep], \
            self.amount[self.keep]
        if self.order is not None:
            self.order = self.order[self.keep]

    @staticmethod
    def _report(checks, bad, max_reported):
        n, skipped = bad.size, int(bad.sum())
        lines = [f"records: {n}", f"rows kept: {n - skipped}", f"rows skipped: {skipped}"]
        first = np.zeros(n, bool)  # each skipped row counted once, for its first problem
        reasons = []
        for mask, reason, *_ in checks:
            count = int((mask & ~first).sum())
            first |= mask
            if count:
                reasons.append(f"{reason}: {count}")
        lines += ["  " + r for r in reasons]
        listed = 0
        for i in np.flatnonzero(bad)[:max_reported]:
            mask, reason, name, values = next(c for c in checks if c[0][i])
            lines.append(f"  row {i}, column {name}: {reason}: {_columns.describe(values, int(i))}")
            listed += 1
        if listed < skipped:
            lines.append(f"  ({skipped - listed} more not listed)")
        return "\n".join(lines) + "\n", f"{skipped} of {n} events were skipped ({', '.join(reasons)})"
