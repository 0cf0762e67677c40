"""How long the demo Monthly Operational Report takes to produce, and how big its PDF is.

    .venv/bin/python benchmarks/report_bench.py [--repeat 5] [--notes "what else ran"]

Builds the demo store once (SQLite, in a temporary folder), imports the SNM transit
counts and points the map at the admin-1 boundaries of ../shared/data when they are
there (so the report has every chart, the map and the DTM crossings), then times, for
each run and language:

- **indicators**: ``compute()`` of the spec's indicators (the period's figures), and
  ``gather()`` (months, previous period, sex/age breakdown, sites and boundaries):
  everything read from the store;
- **charts**: Altair + vl-convert SVG and the hand-drawn map (timed inside rendering);
- **rendering**: the rest of the HTML (phrasing, template), and for the PDF WeasyPrint;

The baseline, measured in the same run, is the same report rendered from the period's
results alone (no charts, map, comparison or breakdown: the report before this issue),
so the cost of the additions reads as a ratio that holds on a busy machine. The first
run of the process is reported apart (it pays for imports and vl-convert's start-up).
Targets (issue 6): HTML under 3 s, PDF under 10 s, PDF under 2 MB.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
RESULTS = ROOT / "benchmarks" / "results" / "report.md"
PERIOD = "2023-08..2023-09"


def build_store(folder: Path):
    os.environ.setdefault("OPSREPORT_HOME", str(folder / "home"))
    os.environ.setdefault("OPSREPORT_SECRET", "benchmark-secret-benchmark-secret")
    from opsreport.demo import build_demo
    from opsreport.ingest.batch import import_file
    from opsreport.store import open_store

    store = open_store(f"sqlite:///{folder / 'demo.db'}")
    store.migrate()
    build_demo(store)
    for name in ("by-nationality", "by-sex-age"):
        path = SHARED / f"darien-irregular-transits-{name}.csv"
        if path.exists():
            import_file(store, path, "transits")
    boundaries = SHARED / "panama-admin1-simplified.geojson"
    if boundaries.exists():
        os.environ["OPSREPORT_BOUNDARY_FILE"] = str(boundaries)
    return store


class ChartClock:
    """Adds up the time spent drawing charts and the map (wraps the two drawing calls)."""

    def __init__(self) -> None:
        from opsreport.report import charts, visuals

        self.seconds = 0.0
        self._to_svg, self._map_svg = charts.to_svg, visuals.map_svg

        def timed(function):
            def call(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    self.seconds += time.perf_counter() - start

            return call

        charts.to_svg = timed(self._to_svg)
        visuals.map_svg = timed(self._map_svg)


def one_run(store, lang: str, clock: ChartClock) -> dict[str, float]:
    from opsreport.indicators import Period, compute, load_catalogue
    from opsreport.report import load_spec
    from opsreport.report.data import gather
    from opsreport.report.render import html_to_pdf, render_html

    spec, period, day = load_spec(), Period.parse(PERIOD), dt.date(2023, 10, 5)
    t0 = time.perf_counter()
    catalogue = load_catalogue()  # as render_report does: read once per report
    results = compute(store, period, ids=sorted(spec.indicator_ids()), catalogue=catalogue)
    t_results = time.perf_counter()
    data = gather(store, spec, period, catalogue=catalogue)
    t1 = time.perf_counter()
    clock.seconds = 0.0
    html = render_html(results, spec, period, lang, False, day, data)
    t2 = time.perf_counter()
    charts = clock.seconds
    pdf = html_to_pdf(html)
    t3 = time.perf_counter()
    # baseline: the report from the period's results alone, as before charts existed
    base_html = render_html(results, spec, period, lang, False, day, None)
    t4 = time.perf_counter()
    html_to_pdf(base_html)
    t5 = time.perf_counter()
    figures = t_results - t0
    return {
        "indicators: period figures": figures,
        "indicators: months, previous, sex/age, sites": t1 - t_results,
        "charts": charts,
        "html rendering": (t2 - t1) - charts,
        "pdf printing": t3 - t2,
        "html total": t2 - t0,
        "pdf total": (t2 - t0) + (t3 - t2),
        "baseline html": (t4 - t3) + figures,
        "baseline pdf": (t5 - t3) + figures,
        "pdf bytes": len(pdf),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--notes", default="")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = build_store(Path(folder))
        clock = ChartClock()
        first = {lang: one_run(store, lang, clock) for lang in ("en", "es")}
        runs = {lang: [one_run(store, lang, clock) for _ in range(args.repeat)] for lang in first}
        store.dispose()
    lines = [
        "# Report benchmark (issue 6)",
        "",
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} cores (shared) · "
        f"Python {sys.version.split()[0]} · median of {args.repeat} warm runs per language"
        + (f" · {args.notes}" if args.notes else ""),
        "",
        "| seconds (median) | en | es | first run, en |",
        "|---|---|---|---|",
    ]
    keys = [k for k in first["en"] if k != "pdf bytes"]
    for key in keys:
        en = statistics.median(r[key] for r in runs["en"])
        es = statistics.median(r[key] for r in runs["es"])
        lines.append(f"| {key} | {en:.2f} | {es:.2f} | {first['en'][key]:.2f} |")
    for lang in ("en", "es"):
        html = statistics.median(r["html total"] for r in runs[lang])
        base = statistics.median(r["baseline html"] for r in runs[lang])
        pdf = statistics.median(r["pdf total"] for r in runs[lang])
        base_pdf = statistics.median(r["baseline pdf"] for r in runs[lang])
        ratios = f"html ×{html / base:.2f} | pdf ×{pdf / base_pdf:.2f}"
        lines.append(f"| ratio to baseline ({lang}) | {ratios} | |")
    size = max(r["pdf bytes"] for rs in runs.values() for r in rs)
    lines += ["", f"PDF size: {size / 1024:.0f} KiB (largest of the runs; target under 2 MB)."]
    text = "\n".join(lines) + "\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
