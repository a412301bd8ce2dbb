"""Grows the demo's closed cycle to each size by CSV import, runs the matching through the API while probing
/healthz, and measures the admin's matching page. Driven by scripts/bench-matching-page.

    python3 scripts/lib/matching_page.py BASE ADMIN_SESSION SIZE...
"""

import csv
import gzip
import io
import json
import sys
import threading
import time
import urllib.request

BUDGET_BYTES = 300 * 1024


def request(base, session, path, body=None):
    headers = {"Cookie": f"shoulder_session={session}", "Origin": base}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, headers=headers)
    with urllib.request.urlopen(req, timeout=600) as answer:
        return answer.read()


def closed_cycle(base, session):
    """The demo's closed cycle: the first whose matching page has no open window."""
    for cycle in range(1, 10):
        page = json.loads(request(base, session, "/api/admin/load_matching", {"cycle_id": cycle, "run": None}))
        if not page["window_open"]:
            return page
    raise SystemExit("bench-matching-page: no closed cycle in the demo data")


def grown_csv(rows, header, size):
    """The exported rows, repeated under new names and addresses until there are `size` applicants."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    for i in range(size):
        row = dict(rows[i % len(rows)])
        if i >= len(rows):
            row["id"] = f"bench-{i}"
            row["name"] = f"{row['name']} {i}"
            row["email"] = f"bench-{i}@example.org"
        writer.writerow(row)
    return out.getvalue()


def probe_health(base, stop, worst):
    """Records the slowest /healthz answer while the matching runs."""
    while not stop.is_set():
        start = time.perf_counter()
        urllib.request.urlopen(base + "/healthz", timeout=30).read()
        worst[0] = max(worst[0], time.perf_counter() - start)
        time.sleep(0.01)


def main():
    base, session, sizes = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:] if s.isdigit()]
    page = closed_cycle(base, session)
    cycle = page["cycle_id"]
    exported = request(base, session, f"/admin/cycles/{cycle}/applications.csv").decode()
    reader = csv.DictReader(io.StringIO(exported))
    rows, header = list(reader), reader.fieldnames

    print(f"{'applicants':>10} {'run s':>7} {'worst /healthz ms':>18} {'page KiB':>9} {'gzip KiB':>9}  budget")
    failed = False
    for size in sizes:
        report = json.loads(request(base, session, "/api/admin/import_applications",
                                    {"cycle_id": cycle, "csv": grown_csv(rows, header, size), "dry_run": False}))
        if not report.get("imported"):
            raise SystemExit(f"bench-matching-page: the import was refused: {report['problems'][:3]}")
        stop, worst = threading.Event(), [0.0]
        prober = threading.Thread(target=probe_health, args=(base, stop, worst))
        prober.start()
        start = time.perf_counter()
        request(base, session, "/api/admin/run_matching",
                {"cycle_id": cycle, "mode": page["mode"], "weights": page["weights"]})
        took = time.perf_counter() - start
        stop.set()
        prober.join()
        html = request(base, session, f"/admin/cycles/{cycle}/matching")
        within = len(html) <= BUDGET_BYTES
        failed |= not within
        print(f"{size:>10} {took:>7.2f} {worst[0] * 1000:>18.1f} {len(html) / 1024:>9.0f} "
              f"{len(gzip.compress(html)) / 1024:>9.0f}  {'ok' if within else 'OVER'} (page at most 300 KiB)")
    sys.exit(1 if failed and "--enforce" in sys.argv else 0)


if __name__ == "__main__":
    main()
