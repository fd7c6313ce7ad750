"""Runs the CRM example on a fresh database and checks what it wrote, with Python's sqlite3:

- every customer has one RFM and one lifecycle row in segment_membership;
- each lifecycle segment equals the CRM's rules applied here, in plain Python, to recency,
  frequency, monetary and tenure computed by SQL from the orders table as of the second run;
- the moves the program counted are those logged in segment_changes at that run, and the
  membership rows show the new segments;
- the program found its incremental profiles equal to a rebuild.

    check_crm.py PROGRAM DATA.csv
"""
import datetime
import os
import re
import sqlite3
import subprocess
import sys
import tempfile


def lifecycle(recency, frequency, monetary, tenure):
    """The rules of crm_segments in crm_sqlite.c, first true wins; None = missing."""
    if recency is not None and recency > 180:
        return "Lapsed"
    if recency is not None and recency > 60 and frequency >= 2:
        return "At Risk"
    if monetary >= 5000 or frequency >= 20:
        return "VIP"
    if tenure is not None and tenure <= 30:
        return "New"
    if frequency >= 5:
        return "Loyal"
    if frequency >= 1:
        return "Active"
    return "Prospect"


def expected_segments(db, as_of):
    """Lifecycle segment per customer, from the orders table (docs/PROFILES.md definitions)."""
    rows = db.execute("""
        SELECT customer_id,
               sum(amount > 0),
               sum(amount),
               max(CASE WHEN amount > 0 THEN strftime('%s', ordered_at) END),
               min(CASE WHEN amount > 0 THEN strftime('%s', ordered_at) END)
        FROM orders WHERE strftime('%s', ordered_at) <= ? GROUP BY customer_id""",
                      (str(as_of),)).fetchall()
    days = lambda t: None if t is None else (as_of - int(t)) // 86400  # noqa: E731
    return {c: lifecycle(days(last), int(freq), money, days(first))
            for c, freq, money, last, first in rows}


def main():
    program, data = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "crm.db")
        run = subprocess.run([program, path, data], capture_output=True, text=True)
        sys.stdout.write(run.stdout)
        sys.stderr.write(run.stderr)
        if run.returncode != 0:
            return run.returncode
        problems = []
        if "profiles rebuilt from all" not in run.stdout or not re.search(r"rebuilt from all \d+ orders: yes", run.stdout):
            problems.append("the incremental profiles were not found equal to a rebuild")
        as_of_text = re.findall(r"customers as of (\S+ \S+);", run.stdout)[-1]
        as_of = int(datetime.datetime.fromisoformat(as_of_text).replace(tzinfo=datetime.timezone.utc).timestamp())
        after_update = run.stdout.split("customers changed lifecycle segment")[-1]
        printed = {(a, b): int(n) for a, b, n in re.findall(r"^     (.+?)\s+-> (.+?)\s+(\d+)$", after_update, re.MULTILINE)}
        declared = int(re.search(r"(\d+) customers changed lifecycle segment", run.stdout)[1])

        db = sqlite3.connect(path)
        n_customers = db.execute("SELECT count(*) FROM customers").fetchone()[0]
        for name in ("rfm", "lifecycle"):
            n = db.execute("SELECT count(DISTINCT customer_id) FROM segment_membership WHERE segment_set = ?",
                           (name,)).fetchone()[0]
            if n != n_customers:
                problems.append(f"{n} customers have a {name} segment; the CRM has {n_customers}")
        stored = dict(db.execute("SELECT customer_id, segment FROM segment_membership WHERE segment_set = 'lifecycle'"))
        expected = expected_segments(db, as_of)
        wrong = [f"{c}: stored {stored.get(c)}, rules say {s}" for c, s in expected.items() if stored.get(c) != s]
        if wrong:
            problems.append(f"{len(wrong)} lifecycle segments differ from the rules, e.g. " + "; ".join(wrong[:3]))
        logged = db.execute("SELECT customer_id, old_segment, new_segment FROM segment_changes WHERE changed_at = ?",
                            (as_of_text,)).fetchall()
        moves = {}
        for _, old, new in logged:
            moves[(old or "(new)", new)] = moves.get((old or "(new)", new), 0) + 1
        if sum(printed.values()) != declared or len(logged) != declared or moves != printed:
            problems.append(f"printed {printed} ({declared} declared); logged {moves}")
        if not logged:
            problems.append("no customer changed segment, so the incremental run showed nothing")
        for c, _, new in logged:
            if stored.get(c) != new:
                problems.append(f"customer {c} moved to {new} but is stored as {stored.get(c)}")
        db.close()
    if problems:
        print("check_crm: " + "\n  ".join(problems))
        return 1
    print(f"check_crm: {n_customers} customers; {len(expected)} lifecycle segments as the rules give them; "
          f"{declared} changes printed, logged and stored")
    return 0


if __name__ == "__main__":
    sys.exit(main())
