"""Benchmark of the indicator engine on large synthetic missions (issue 3, Performance).

    .venv/bin/python benchmarks/indicators_bench.py [--sizes 1M,3M,10M] [--repeat 3]

For each size (generated and cached by ``synthetic.py``) and for two periods (two months,
2023-08..2023-09, and the year 2023) it measures, each run in a fresh child process:

* the engine — ``opsreport.indicators.compute`` over the whole shipped catalogue (and,
  once ``compute`` takes ``by=``, once more per standard disaggregation) on DuckDB over
  the Parquet files and on the SQLite store;
* the hand-written SQL floor for the same figures on the same engine (``floor.py``);
* a straightforward pandas implementation of the same figures over the Parquet files;

and reports medians of ``--repeat`` runs, their ratios, growth with size, and each
child's peak RSS against the data's size on disk. Every baseline's figures are checked
against the engine's before their times are compared. The Markdown table is printed and
written to ``benchmarks/results/indicators-<date>[-<label>].md``, with the machine's load
average when each size started and ended (the machine is shared).
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402

# A measurement whose first run takes longer than this (seconds) is not repeated.
LONG_RUN = 60.0
PERIODS = {"two months": "2023-08..2023-09", "year": "2023"}
DIMENSIONS = ("sex", "age-group", "nationality", "province")
# the order of the runs column: DuckDB engine, floor, pandas, SQLite engine, floor
ORDER = ("engine-duckdb", "floor-duckdb", "pandas-duckdb", "engine-sqlite", "floor-sqlite")
KINDS = (
    ("engine", "duckdb"),
    ("floor", "duckdb"),
    ("pandas", "duckdb"),
    ("engine", "sqlite"),
    ("floor", "sqlite"),
)


# --------------------------------------------------------------------------- child


def _engine_has_by() -> bool:
    from opsreport.indicators import compute

    return "by" in inspect.signature(compute).parameters


def _engine_reuses_headline() -> bool:
    from opsreport.indicators import compute

    return "headline" in inspect.signature(compute).parameters


def _run_engine(mission: synthetic.Mission, backend: str, period_text: str) -> dict:
    """The whole catalogue, then one ``compute(by=dim)`` per standard disaggregation."""
    from opsreport.indicators import Period, compute, load_catalogue
    from opsreport.indicators.backend import connect_duckdb
    from opsreport.store import open_store

    catalogue = load_catalogue()
    period = Period.of(period_text)
    started = time.perf_counter()
    if backend == "duckdb":
        con = connect_duckdb(parquet_folder=mission.parquet)
    else:
        con = open_store(f"sqlite:///{mission.sqlite}")
    results = compute(con, period, catalogue=catalogue)
    cells = {}
    if _engine_has_by():
        for dim in DIMENSIONS:
            ids = [i.id for i in catalogue.select(None) if dim in i.disaggregations]
            reuse = {"headline": results} if _engine_reuses_headline() else {}
            for key, result in compute(con, period, ids, catalogue, by=(dim,), **reuse).items():
                for cell in result.breakdown.cells if result.breakdown else ():
                    if len(cell.key) == 1:
                        cells[f"{key}|{dim}|{cell.key[0]}"] = cell.value
    seconds = time.perf_counter() - started
    values = {k: r.value for k, r in results.items()}
    return {"seconds": seconds, "values": values, "cells": cells}


def _cells_json(cells: dict[tuple, object], dim: str | None = None) -> dict[str, object]:
    out = {}
    for key, value in cells.items():
        if dim is not None:
            key = (key[0], dim, key[1])
        out["|".join(str(part) for part in key)] = value
    return out


def _run_floor(mission: synthetic.Mission, backend: str, period_text: str) -> dict:
    from floor import sql_cells, sql_floor

    from opsreport.indicators import Period

    period = Period.of(period_text)
    started = time.perf_counter()
    if backend == "duckdb":
        import duckdb

        con = duckdb.connect()
        for file in sorted(mission.parquet.glob("*.parquet")):
            con.execute(f"CREATE VIEW {file.stem} AS SELECT * FROM read_parquet('{file}')")
    else:
        import sqlite3

        con = sqlite3.connect(mission.sqlite)

    def execute(sql: str) -> list[tuple]:
        return con.execute(sql).fetchall()

    values = sql_floor(execute, period.start, period.end)
    cells = {}
    if _engine_has_by():
        for dim in DIMENSIONS:
            cells.update(_cells_json(sql_cells(execute, period.start, period.end, dim), dim))
    return {"seconds": time.perf_counter() - started, "values": values, "cells": cells}


def _run_pandas(mission: synthetic.Mission, _backend: str, period_text: str) -> dict:
    from floor import pandas_figures

    from opsreport.indicators import Period

    period = Period.of(period_text)
    dims = DIMENSIONS if _engine_has_by() else ()
    started = time.perf_counter()
    values, cells = pandas_figures(mission.parquet, period.start, period.end, dims)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "values": values, "cells": _cells_json(cells)}


def child(spec: dict) -> None:
    """One measurement; prints one JSON line (time, RSS before and at peak, figures)."""
    mission = synthetic.Mission(spec["size"], spec["seed"])
    runner = {"engine": _run_engine, "floor": _run_floor, "pandas": _run_pandas}[spec["kind"]]
    # imports the run needs, before the baseline RSS is taken (Ibis loads a backend's
    # module on first use: that is an import too, as `import duckdb` is for the floor)
    import duckdb  # noqa: F401
    import ibis.backends.duckdb  # noqa: F401
    import ibis.backends.sqlite  # noqa: F401
    import pandas  # noqa: F401

    import opsreport.indicators  # noqa: F401

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = runner(mission, spec["backend"], spec["period"])
    out["rss_before_kb"] = before
    out["rss_peak_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(out, default=str))


def measure(spec: dict) -> dict:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps(spec)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{spec} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- parent


def _same(a: object, b: object) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) <= 1e-9


def _agree(engine: dict, other: dict) -> list[str]:
    """Figures and cells a baseline computes that differ from the engine's."""
    wrong = [k for k, v in other["values"].items() if not _same(engine["values"].get(k), v)]
    wrong += [k for k, v in other.get("cells", {}).items() if not _same(engine["cells"].get(k), v)]
    return wrong


def run_size(size: int, seed: int, repeat: int, log, sqlite_floor: bool = True) -> dict:
    mission = synthetic.ensure(size, seed)
    rows = synthetic.row_counts(mission)
    out = {"size": size, "rows": rows, "disk": {}, "periods": {}, "load": [os.getloadavg()[0]]}
    out["disk"] = {"parquet": mission.disk_bytes("parquet"), "sqlite": mission.disk_bytes("sqlite")}
    for label, period in PERIODS.items():
        per: dict[str, dict] = {}
        for kind, backend in KINDS:
            if (kind, backend) == ("floor", "sqlite") and not sqlite_floor:
                continue
            runs = []
            for _ in range(repeat):
                if runs and runs[-1]["seconds"] > LONG_RUN:
                    break  # a run this long is stable enough; time is better spent elsewhere
                spec = {"size": size, "seed": seed, "kind": kind, "backend": backend,
                        "period": period}  # fmt: skip
                runs.append(measure(spec))
                log(f"  {synthetic.size_label(size)} {label:10} {kind:6} {backend:6} "
                    f"{runs[-1]['seconds']:8.2f}s  "
                    f"peak {runs[-1]['rss_peak_kb'] / 1024:7.0f} MB")  # fmt: skip
            per[f"{kind}-{backend}"] = {
                "seconds": statistics.median(r["seconds"] for r in runs),
                "all_seconds": [r["seconds"] for r in runs],
                "runs": len(runs),
                "rss_peak_mb": max(r["rss_peak_kb"] for r in runs) / 1024,
                "rss_before_mb": max(r["rss_before_kb"] for r in runs) / 1024,
                "values": runs[0]["values"],
                "cells": runs[0].get("cells", {}),
            }
        engine = per["engine-duckdb"]
        per["disagreements"] = {
            name: _agree(engine, result) for name, result in per.items() if name != "engine-duckdb"
        }
        out["periods"][label] = per
    out["load"].append(os.getloadavg()[0])  # the machine is shared: how busy it was
    return out


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.0f}"


def markdown(results: list[dict], repeat: int, notes: str, command: str = "") -> str:
    by = _engine_has_by()
    lines = [
        f"# Indicator engine benchmark — {dt.date.today().isoformat()}",
        "",
        f"Command: `.venv/bin/python benchmarks/indicators_bench.py {command}`",
        "",
        f"Machine: {os.cpu_count()} cores, shared, Linux {platform.release()}, Python "
        f"{platform.python_version()}. {notes}",
        "",
        "Workload: the whole shipped catalogue ("
        + (
            "headline figures, then each of sex, age-group, nationality, province"
            if by
            else "headline figures only: `compute()` does not take `by=` yet, so no "
            "disaggregations were run"
        )
        + "). Times are medians of "
        f"{repeat} runs (a single run when the first took over {LONG_RUN:.0f} s; "
        "the runs column counts them), each in a fresh process (connection opening "
        "included, Python imports excluded), with the operating system's file cache warm.",
        "",
        "## Time (seconds) and ratios",
        "",
        "| size | period | DuckDB engine | DuckDB SQL floor | engine / floor | pandas | "
        "pandas / DuckDB engine | SQLite engine | SQLite SQL floor | engine / floor | runs |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    loads = "; ".join(
        f"{synthetic.size_label(r['size'])}: {r['load'][0]:.1f} → {r['load'][-1]:.1f}"
        for r in results
        if "load" in r
    )
    for r in results:
        for label, per in r["periods"].items():
            t = {k: v["seconds"] for k, v in per.items() if k != "disagreements"}
            lines.append(
                f"| {synthetic.size_label(r['size'])} | {label} | {t['engine-duckdb']:.2f} | "
                f"{t['floor-duckdb']:.2f} | {t['engine-duckdb'] / t['floor-duckdb']:.2f}× | "
                f"{t['pandas-duckdb']:.2f} | {t['pandas-duckdb'] / t['engine-duckdb']:.1f}× | "
                f"{t['engine-sqlite']:.2f} | "
                + (
                    f"{t['floor-sqlite']:.2f} | {t['engine-sqlite'] / t['floor-sqlite']:.2f}× | "
                    if "floor-sqlite" in t
                    else "not run | — | "
                )
                + "/".join(str(per[k]["runs"]) if k in per else "0" for k in ORDER)
                + " |"
            )
    if loads:
        lines += ["", f"Load average (1 min) when each size started → ended: {loads}."]
    if len(results) > 1:
        base = results[0]
        lines += [
            "",
            f"## Growth with size (time ÷ time at {synthetic.size_label(base['size'])}; "
            "linear would equal the size ratio)",
            "",
            "| size | size ratio | period | DuckDB engine | SQLite engine | DuckDB floor | "
            "SQLite floor | pandas |",
            "|---|---:|---|---:|---:|---:|---:|---:|",
        ]
        for r in results[1:]:
            for label, per in r["periods"].items():
                b = base["periods"][label]
                cells = [
                    f"{per[k]['seconds'] / b[k]['seconds']:.2f}" if k in per and k in b else "—"
                    for k in ("engine-duckdb", "engine-sqlite", "floor-duckdb", "floor-sqlite",
                              "pandas-duckdb")
                ]  # fmt: skip
                lines.append(
                    f"| {synthetic.size_label(r['size'])} | {r['size'] / base['size']:.0f} | "
                    f"{label} | " + " | ".join(cells) + " |"
                )
    lines += [
        "",
        "## Peak memory (MB, largest ru_maxrss of the runs) against the data on disk",
        "",
        "| size | period | Parquet on disk | SQLite on disk | process after imports | "
        "DuckDB engine | SQLite engine | DuckDB floor | pandas |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for label, per in r["periods"].items():
            lines.append(
                f"| {synthetic.size_label(r['size'])} | {label} | {_mb(r['disk']['parquet'])} | "
                f"{_mb(r['disk']['sqlite'])} | {per['engine-duckdb']['rss_before_mb']:,.0f} | "
                f"{per['engine-duckdb']['rss_peak_mb']:,.0f} | "
                f"{per['engine-sqlite']['rss_peak_mb']:,.0f} | "
                f"{per['floor-duckdb']['rss_peak_mb']:,.0f} | "
                f"{per['pandas-duckdb']['rss_peak_mb']:,.0f} |"
            )
    lines += ["", "## Data", "", "| size | table | rows |", "|---|---|---:|"]
    for r in results:
        for table in synthetic.SYNTHETIC_TABLES:
            lines.append(
                f"| {synthetic.size_label(r['size'])} | {table} | {int(r['rows'][table]):,} |"
            )
        lines.append(
            f"| {synthetic.size_label(r['size'])} | (build: Parquet / SQLite load, s) | "
            f"{r['rows'].get('#generate_seconds', '?')} / "
            f"{r['rows'].get('#sqlite_load_seconds', '?')} |"
        )
    lines += ["", "## Checks", ""]
    for r in results:
        for label, per in r["periods"].items():
            wrong = {k: v for k, v in per["disagreements"].items() if v}
            checked = ", ".join(
                f"{name}: {len(per[name]['values'])} figures, {len(per[name]['cells'])} cells"
                for name in ("floor-duckdb", "floor-sqlite", "pandas-duckdb", "engine-sqlite")
                if name in per
            )
            verdict = (
                "every baseline and SQLite give the DuckDB engine's figures"
                if not wrong
                else "DIFFERENT: " + "; ".join(f"{k}: {', '.join(v[:8])}" for k, v in wrong.items())
            )
            lines.append(f"- {synthetic.size_label(r['size'])}, {label}: {verdict} ({checked}).")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1M,3M,10M")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--notes", default="", help="what else was running on the machine")
    parser.add_argument(
        "--sqlite-floor-below",
        default=None,
        help="run the SQLite SQL floor only for sizes below this (e.g. 10M), to save time",
    )
    parser.add_argument(
        "--label", default="", help="results file name suffix: indicators-<date>-<label>.md"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(json.loads(args.child))
        return 0
    results = []
    suffix = f"-{args.label}" if args.label else ""
    out = HERE / "results" / f"indicators-{dt.date.today().isoformat()}{suffix}.md"
    out.parent.mkdir(exist_ok=True)
    for text in args.sizes.split(","):  # sizes one after another, never at once
        size = synthetic.parse_size(text)
        limit = synthetic.parse_size(args.sqlite_floor_below) if args.sqlite_floor_below else None
        floor_too = limit is None or size < limit
        results.append(run_size(size, args.seed, args.repeat, print, sqlite_floor=floor_too))
        # written after every size, so a run stopped part-way keeps what it measured
        command = " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
        out.write_text(markdown(results, args.repeat, args.notes, command))
    print(out.read_text())
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
