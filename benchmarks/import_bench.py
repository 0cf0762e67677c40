"""How fast, and in how much memory, a large services file is imported.

Why: a regional office consolidates years of registers; an import that crawls or grows
with the file fails exactly when it is needed. This measures the importer's validated
path (:func:`opsreport.ingest.import_file`) against a *floor*: the same rows read with
the ``csv`` module, person IDs turned into keyed hashes (the store may not hold them raw;
the importer's own hash function, each distinct ID once) and inserted with plain DBAPI
``executemany``/``COPY`` with no validation at all, in the same run, on the same machine.
Whatever the importer does to the writing that is not validation, the floor does too:
SQLite's ``synchronous=NORMAL`` and page cache, SQLite's per-row foreign-key checks off
(the importer checks its codes itself and turns them off for its transaction), and
setting the records' plain indexes aside and rebuilding them after a big load
(:class:`opsreport.ingest.writing.BulkIndexes`, same rule). Targets (issue 4):
≥ 100,000 rows/s into SQLite, ≤ 2× the floor, and memory flat in the file's size (peak
RSS of a child process, compared between the two largest sizes). The CPU time is shown
too: on a shared machine it varies less than the wall-clock time (for PostgreSQL it
leaves out the server's own work).

A big file is imported by two processes (:mod:`opsreport.ingest.pipeline`): the
importing one and its checking process. Peak RSS and CPU time are given for both (the
checking process's from ``RUSAGE_CHILDREN`` of the measuring child, whose only child it
is), and the memory comparison is of their sum. The floor stays one process with no
validation: with a spare core the validated import can be faster than the floor, which
the CPU ratio (both processes against the floor's one) then shows. ``--one-process 1M``
also measures the import in one process (``OPSREPORT_IMPORT_PIPELINE=off``) at that size,
in the same run, alternating with the others.

Every measurement runs in its own child process (so peak RSS is the import's own) on a
fresh store holding only the demo mission's reference data. The machine's load average
is recorded before and after each size. The table is printed and written to
``benchmarks/results/import-<date>.md``.

    .venv/bin/python benchmarks/import_bench.py                 # 100k and 1M, SQLite + PostgreSQL
    .venv/bin/python benchmarks/import_bench.py --sizes 100k,1M,3M --repeat 3 --notes "..."
    .venv/bin/python benchmarks/import_bench.py --sizes 100k --repeat 1 --backends sqlite
    .venv/bin/python benchmarks/import_bench.py --sizes 100k,1M --one-process 1M
    .venv/bin/python benchmarks/import_bench.py --sizes 1M,3M,10M --backends sqlite \
        --floor-below 10M

``--floor-below 10M`` leaves the floor out at 10M rows and above: it holds every row in
memory (about 8 GB at 10M), and what is wanted there is the validated import's memory
against the smaller sizes (flat once its fixed caches are full).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import glob
import json
import os
import platform
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data" / "import"
SECRET = "benchmark-secret-" + "0" * 32


def parse_size(text: str) -> int:
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1], 1)
    return int(float(text.rstrip("km")) * scale)


def size_label(size: int) -> str:
    return f"{size // 1_000_000}M" if size % 1_000_000 == 0 else f"{size // 1000}k"


# ---------------------------------------------------------------- the services file


def _codes() -> dict[str, list]:
    """Codes of the demo mission, read from its mission file (not copied here)."""
    import yaml

    from opsreport.demo.build import MISSION_FILE

    mission = yaml.safe_load(MISSION_FILE.read_text("utf-8"))
    sites = [(s["code"], s["type"]) for s in mission["sites"]]
    activities = [a["code"] for a in mission["activities"] if a.get("kind", "service") == "service"]
    return {"sites": sites, "activities": activities}


def make_services_csv(path: Path, rows: int, seed: int = 7) -> Path:
    """A valid services CSV in the template layout: ``rows`` records, 0.4 × rows people."""
    if path.exists():
        return path
    from opsreport.ingest.kinds import get_kind

    codes = _codes()
    rng = random.Random(seed)
    kind = get_kind("services")
    people = max(1, int(rows * 0.4))
    nationalities = ["VEN", "ECU", "HTI", "CHN", "COL", "PAN", "NIC", "CUB"]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with partial.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow([c.label_en for c in kind.columns])
        out.writerow([c.hxl for c in kind.columns])
        for i in range(rows):
            person = rng.randrange(people)
            person_rng = random.Random(person)  # a person's attributes never change
            site, site_type = codes["sites"][rng.randrange(len(codes["sites"]))]
            group = "migrant-transit" if site_type == "etrm" else "migrant-residing"
            day = 1 + rng.randrange(300)
            month = min(12, 1 + day // 31)
            record = {
                "record_id": f"bench-{i:08d}",
                "person_id": f"P-{person:09d}",
                "sex": person_rng.choice(("female", "male")),
                "birth_year": str(1950 + person_rng.randrange(70)),
                "nationality": person_rng.choice(nationalities),
                "population_group": group,
                "activity": codes["activities"][rng.randrange(len(codes["activities"]))],
                "service_date": f"2023-{month:02d}-{1 + day % 28:02d}",
                "site": site,
            }
            out.writerow([record.get(c.name, "") for c in kind.columns])
    partial.rename(path)
    return path


# ---------------------------------------------------------------- stores


class PostgresServer:
    """A throw-away PostgreSQL server (as the test suite starts one), fsync off."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin)")
        self.bindir = Path(found[-1]).parent
        self.folder = Path(tempfile.mkdtemp(prefix="opsreport-bench-pg-"))
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.folder, user="postgres", group="postgres")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, stdin=subprocess.DEVNULL)

    def start(self) -> str:
        data = self.folder / "data"
        self._run("initdb", "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")  # fmt: skip
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "-D", str(data), "-l", str(self.folder / "log"), "-w", "-o",
                  options, "start")  # fmt: skip
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def _mission_store(url: str) -> None:
    from opsreport.demo.build import MISSION_FILE
    from opsreport.mission import apply_mission_file, load_mission_file
    from opsreport.store import open_store

    store = open_store(url)
    store.migrate()
    apply_mission_file(store, load_mission_file(MISSION_FILE), actor="benchmark")
    store.dispose()


class Stores:
    """Fresh stores with the mission's reference data: a copied SQLite file, or a new
    PostgreSQL database made from a template database."""

    def __init__(self, work: Path, pg_base: str | None) -> None:
        self.work, self.pg_base, self.n = work, pg_base, 0
        self.sqlite_template = work / "template.db"
        _mission_store(f"sqlite:///{self.sqlite_template}")
        if pg_base:
            self._pg_admin("CREATE DATABASE bench_template")
            _mission_store(f"{pg_base}/bench_template")

    def _pg_admin(self, sql: str) -> None:
        import psycopg

        plain = self.pg_base.replace("postgresql+psycopg", "postgresql") + "/postgres"
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(sql)

    def fresh(self, backend: str) -> str:
        self.n += 1
        if backend == "sqlite":
            target = self.work / f"store-{self.n}.db"
            for old in self.work.glob("store-*.db*"):
                old.unlink()
            shutil.copyfile(self.sqlite_template, target)
            return f"sqlite:///{target}"
        self._pg_admin(f"DROP DATABASE IF EXISTS bench_{self.n - 1}")
        self._pg_admin(f"CREATE DATABASE bench_{self.n} TEMPLATE bench_template")
        return f"{self.pg_base}/bench_{self.n}"


# ---------------------------------------------------------------- what is measured


def floor_import(url: str, path: Path) -> int:
    """The same rows into the same tables with no validation: csv, keyed hash, insert."""
    from opsreport.ingest.kinds.services import ServiceWriter
    from opsreport.ingest.validate import identifier_hasher
    from opsreport.ingest.writing import BulkIndexes
    from opsreport.settings import secret_key
    from opsreport.store import open_store

    hashed = identifier_hasher(secret_key())  # the importer's keyed hash: same keys
    store = open_store(url)
    keys: dict[str, str] = {}
    people: dict[str, tuple] = {}
    services = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader), next(reader)
        for row in reader:
            key = keys.get(row[1])
            if key is None:
                key = keys[row[1]] = hashed(row[1])
                people[key] = (key, row[2], int(row[3]), row[5], row[6])
            services.append((row[0], key, row[7], row[8], row[9], row[6], 2023 - int(row[3])))
    with store.engine.begin() as conn:
        raw = conn.connection.driver_connection
        cur = raw.cursor()
        if store.dialect == "sqlite":
            # the settings the importer uses, so the ratio measures validation only
            from opsreport.ingest.batch import SQLITE_CACHE_KIB

            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
            # no per-row foreign-key checks, as the importer (before its transaction)
            cur.execute("PRAGMA foreign_keys=OFF")
            if cur.execute("PRAGMA foreign_keys").fetchone()[0]:
                raise RuntimeError("the floor could not turn SQLite's foreign-key checks off")
            # the importer's rule: which indexes are set aside and rebuilt for this load
            bulk = BulkIndexes(conn, ServiceWriter.bulk_indexes, ServiceWriter.bulk_indexes_big)
            bulk.set_aside(len(services))
            cur.executemany(
                "INSERT INTO person (person_key, sex, birth_year, nationality, "
                "population_group_code) VALUES (?, ?, ?, ?, ?)",
                people.values(),
            )
            ids = dict(cur.execute("SELECT person_key, id FROM person").fetchall())
            cur.executemany(
                "INSERT INTO service_record (record_id, person_id, activity_code, "
                "service_date, site_code, population_group_code, age_years) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((r, ids[k], a, d, s, g, age) for r, k, a, d, s, g, age in services),
            )
            bulk.rebuild()
        else:
            with cur.copy(
                "COPY person (person_key, sex, birth_year, nationality, population_group_code) "
                "FROM STDIN"
            ) as copy:
                for person in people.values():
                    copy.write_row(person)
            cur.execute("SELECT person_key, id FROM person")
            ids = dict(cur.fetchall())
            with cur.copy(
                "COPY service_record (record_id, person_id, activity_code, service_date, "
                "site_code, population_group_code, age_years) FROM STDIN"
            ) as copy:
                for r, k, a, d, s, g, age in services:
                    copy.write_row((r, ids[k], a, d, s, g, age))
    store.dispose()
    return len(services)


def validated_import(url: str, path: Path) -> int:
    from opsreport.ingest import import_file
    from opsreport.store import open_store

    store = open_store(url)
    report = import_file(store, path, "services", actor="benchmark")
    store.dispose()
    if report.rows_rejected or not report.committed:
        raise RuntimeError(f"the benchmark file had rejections: {report.issue_counts()}")
    return report.inserted


def child(spec: dict) -> None:
    """Run one measurement in this process and print its figures as JSON."""
    os.environ["OPSREPORT_SECRET"] = SECRET
    os.environ["OPSREPORT_HOME"] = spec["home"]
    work = {"validated": validated_import, "floor": floor_import}[spec["what"]]
    os.environ["OPSREPORT_IMPORT_PIPELINE"] = spec.get("pipeline", "auto")
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime  # the imports of modules excluded
    started = time.perf_counter()
    rows = work(spec["url"], Path(spec["file"]))
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    # the import's checking process (a big file, see opsreport.ingest.pipeline) is this
    # process's only child: its peak RSS and CPU time, counted once it has ended
    checking = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = {
        "rows": rows,
        "seconds": seconds,
        "peak_mb": usage.ru_maxrss / 1024,
        "checking_mb": checking.ru_maxrss / 1024,
        "cpu_s": usage.ru_utime + usage.ru_stime - cpu_before,
        "checking_cpu_s": checking.ru_utime + checking.ru_stime,
    }
    print(json.dumps(figures))


def measure(spec: dict) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the table


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(
    sizes: list[int],
    backends: list[str],
    repeats: dict[int, int],
    one_process: set[int],
    log,
    floor_below: int | None = None,
) -> list[dict]:
    work = Path(tempfile.mkdtemp(prefix="opsreport-import-bench-"))
    server = PostgresServer() if "postgresql" in backends else None
    results = []
    try:
        pg_base = server.start() if server else None
        stores = Stores(work, pg_base)
        for size in sizes:
            path = make_services_csv(DATA / f"services-{size_label(size)}.csv", size)
            for backend in backends:
                found: dict[str, list[dict]] = {"floor": [], "validated": [], "one": []}
                floor = [] if floor_below is not None and size >= floor_below else ["floor"]
                kinds = [*floor, "validated"] + (["one"] if size in one_process else [])
                load_before = load()
                for attempt in range(repeats[size]):
                    for what in kinds:  # alternate, so drift hits all
                        spec = {
                            "what": "validated" if what == "one" else what,
                            "pipeline": "off" if what == "one" else "auto",
                            "url": stores.fresh(backend),
                            "file": str(path),
                            "home": str(work),
                        }
                        figures = measure(spec)
                        found[what].append(figures)
                        log(f"{size_label(size)} {backend} {what} #{attempt + 1}: "
                            f"{figures['seconds']:.1f} s, {figures['cpu_s']:.1f}"
                            f"+{figures['checking_cpu_s']:.1f} CPU-s, "
                            f"{figures['peak_mb']:.0f}+{figures['checking_mb']:.0f} MB "
                            f"(load {load()})")  # fmt: skip
                summary = _summary(size, backend, found)
                summary["load"] = f"{load_before} → {load()}"
                summary["runs"] = repeats[size]
                results.append(summary)
    finally:
        if server:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return results


def _summary(size: int, backend: str, found: dict[str, list[dict]]) -> dict:
    def median(what: str, key: str) -> float | None:
        return statistics.median(f[key] for f in found[what]) if found[what] else None

    def both(what: str, main: str, checking: str) -> float:
        """The importing and the checking process together, median over the runs."""
        return statistics.median(f[main] + f[checking] for f in found[what])

    summary = {
        "size": size,
        "backend": backend,
        "validated_s": median("validated", "seconds"),
        "floor_s": median("floor", "seconds"),
        "validated_all": [f["seconds"] for f in found["validated"]],
        "floor_all": [f["seconds"] for f in found["floor"]],
        "validated_mb": median("validated", "peak_mb"),
        "checking_mb": median("validated", "checking_mb"),
        "validated_both_mb": both("validated", "peak_mb", "checking_mb"),
        "floor_mb": median("floor", "peak_mb"),
        "validated_cpu": both("validated", "cpu_s", "checking_cpu_s"),
        "checking_cpu": median("validated", "checking_cpu_s"),
        "floor_cpu": median("floor", "cpu_s"),
    }
    if found["one"]:
        summary |= {
            "one_s": median("one", "seconds"),
            "one_all": [f["seconds"] for f in found["one"]],
            "one_mb": median("one", "peak_mb"),
            "one_cpu": median("one", "cpu_s"),
        }
    return summary


def markdown(results: list[dict], command: str, notes: str) -> str:
    lines = [
        f"# Import benchmark, {dt.date.today().isoformat()}",
        "",
        f"`{command}` — services CSV, medians of the runs shown, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} CPU(s), a shared machine (load average 1/5/15 min before → "
        f"after each size in the last column). {notes}".rstrip(),
        "",
        "| rows | store | runs | validated import | rows/s | floor (no validation) "
        "| floor rows/s | ratio to floor | peak RSS validated: importing + checking process "
        "| peak RSS floor | CPU-s validated, both processes (checking) "
        "| rows per CPU-second, validated | CPU ratio to floor | load |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if r["floor_s"] is None:  # --floor-below
            floor_rate = ratio = cpu_ratio = "—"
            floor_s = floor_mb = "not run"
        else:
            floor_s, floor_mb = f"{r['floor_s']:.2f} s", f"{r['floor_mb']:.0f} MB"
            floor_rate = f"{r['size'] / r['floor_s']:,.0f}"
            ratio = f"{r['validated_s'] / r['floor_s']:.2f}×"
            cpu_ratio = f"{r['validated_cpu'] / r['floor_cpu']:.2f}×"
        lines.append(
            f"| {size_label(r['size'])} | {r['backend']} | {r['runs']} "
            f"| {r['validated_s']:.2f} s | {r['size'] / r['validated_s']:,.0f} "
            f"| {floor_s} | {floor_rate} | {ratio} "
            f"| {r['validated_mb']:.0f} + {r['checking_mb']:.0f} = "
            f"{r['validated_both_mb']:.0f} MB | {floor_mb} "
            f"| {r['validated_cpu']:.1f} ({r['checking_cpu']:.1f}) "
            f"| {r['size'] / r['validated_cpu']:,.0f} "
            f"| {cpu_ratio} | {r['load']} |"
        )
    ones = [r for r in results if "one_s" in r]
    if ones:
        lines += [
            "",
            "The same import in one process (`OPSREPORT_IMPORT_PIPELINE=off`), measured in "
            "the same run, alternating with the two above:",
            "",
            "| rows | store | one process | rows/s | two processes / one | peak RSS "
            "| CPU-s | CPU ratio, two processes / one |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in ones:
            lines.append(
                f"| {size_label(r['size'])} | {r['backend']} | {r['one_s']:.2f} s "
                f"| {r['size'] / r['one_s']:,.0f} | {r['validated_s'] / r['one_s']:.2f}× "
                f"| {r['one_mb']:.0f} MB | {r['one_cpu']:.1f} "
                f"| {r['validated_cpu'] / r['one_cpu']:.2f}× |"
            )
    lines += ["", "Every run (wall-clock seconds):", ""]
    for r in results:
        shown = ", ".join(f"{x:.2f}" for x in r["validated_all"])
        floor = ", ".join(f"{x:.2f}" for x in r["floor_all"]) or "not run"
        one = ", ".join(f"{x:.2f}" for x in r.get("one_all", []))
        lines.append(
            f"- {size_label(r['size'])} {r['backend']}: validated {shown}; floor {floor}"
            + (f"; one process {one}" if one else "")
        )
    by_backend: dict[str, dict[int, dict]] = {}
    for r in results:
        by_backend.setdefault(r["backend"], {})[r["size"]] = r
    for backend, rows in by_backend.items():
        if len(rows) > 1:
            ordered = [rows[k] for k in sorted(rows)]
            first = ordered[0]
            each = "; ".join(
                f"{size_label(r['size'])} rows: {r['validated_both_mb']:.0f} MB "
                f"({r['validated_mb']:.0f} + {r['checking_mb']:.0f}"
                + (
                    f"; {r['validated_both_mb'] / first['validated_both_mb']:.2f}× for "
                    f"{r['size'] / first['size']:.3g}× the rows)"
                    if r is not first
                    else ")"
                )
                for r in ordered
            )
            small, large = ordered[-2:]
            lines.append(
                f"\nMemory, {backend}: peak RSS of the validated import, importing + checking "
                f"process: {each}. The two largest: "
                f"{large['validated_both_mb'] / small['validated_both_mb']:.2f}× for "
                f"{large['size'] / small['size']:.3g}× the rows."
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1M", help="rows per file, e.g. 100k,1M,3M")
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    parser.add_argument(
        "--repeat-above-1M", type=int, default=None, help="runs at sizes above 1M (for time)"
    )
    parser.add_argument(
        "--one-process",
        default="",
        help="sizes at which the import in one process (OPSREPORT_IMPORT_PIPELINE=off) "
        "is measured too, alternating with the others, e.g. 1M",
    )
    parser.add_argument(
        "--floor-below",
        default=None,
        help="measure the floor only below this size (e.g. 10M: it holds every row in memory)",
    )
    parser.add_argument("--notes", default="", help="what else was running on the machine")
    parser.add_argument("--out", default=None, help="results file (default: dated, in results/)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return 0
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    backends = args.backends.split(",")
    large = args.repeat_above_1M or args.repeat
    repeats = {size: large if size > 1_000_000 else args.repeat for size in sizes}

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    one_process = {parse_size(s) for s in args.one_process.split(",") if s.strip()}
    floor_below = parse_size(args.floor_below) if args.floor_below else None
    results = run(sizes, backends, repeats, one_process, log, floor_below)
    command = "benchmarks/import_bench.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = markdown(results, command.strip(), args.notes)
    out = Path(args.out) if args.out else HERE / "results" / f"import-{dt.date.today()}.md"
    out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
