"""How long ``opsreport demo --fresh`` takes, against the demo package of another commit.

    .venv/bin/python benchmarks/demo_bench.py --baseline REF [--repeat 9] [--notes "..."]

``opsreport demo`` runs in ``make demo`` and builds the store of many test fixtures, so a
change to the demo (more records, another import path) must not make it noticeably
slower. The baseline is the same command with ``src/opsreport/demo`` as it was at commit
``REF`` and everything else as it is now (both trees are copies of the working tree's
``src``, so the importer and the rest are the same code), measured in the same run:
the runs alternate baseline / current, each in a fresh child process with its own empty
``OPSREPORT_HOME``, so a busy machine slows both alike and the ratio holds. Wall time
includes Python's start-up and imports, as a user waits for them. The table goes to
``benchmarks/results/demo.md`` with the load average before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shutil
import statistics
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "demo.md"
OPSREPORT = ROOT / ".venv" / "bin" / "opsreport"


def source_trees(folder: Path, baseline: str) -> dict[str, Path]:
    """``current`` (a copy of src) and ``baseline`` (the same, demo package from REF)."""
    trees = {}
    for name in ("baseline", "current"):
        tree = folder / name
        shutil.copytree(
            ROOT / "src" / "opsreport",
            tree / "opsreport",
            ignore=shutil.ignore_patterns("__pycache__"),
        )
        trees[name] = tree
    demo = trees["baseline"] / "opsreport" / "demo"
    shutil.rmtree(demo)
    archive = subprocess.run(
        ["git", "archive", baseline, "src/opsreport/demo"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder / "archive", filter="data")
    shutil.copytree(folder / "archive" / "src" / "opsreport" / "demo", demo)
    return trees


def one_run(tree: Path, folder: Path) -> float:
    home = Path(tempfile.mkdtemp(dir=folder, prefix="home-"))
    env = {**os.environ, "PYTHONPATH": str(tree), "OPSREPORT_HOME": str(home)}
    env.pop("OPSREPORT_DATABASE_URL", None)
    start = time.perf_counter()
    subprocess.run([str(OPSREPORT), "demo", "--fresh"], env=env, capture_output=True, check=True)
    took = time.perf_counter() - start
    shutil.rmtree(home)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="commit whose demo package to compare")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--notes", default="", help="what else ran on the machine")
    args = parser.parse_args()
    load_before = os.getloadavg()
    times: dict[str, list[float]] = {"baseline": [], "current": []}
    with tempfile.TemporaryDirectory(prefix="demo-bench-") as name:
        folder = Path(name)
        trees = source_trees(folder, args.baseline)
        for tree in trees.values():  # a first run each, not counted: .pyc files, caches
            one_run(tree, folder)
        for _ in range(args.repeat):
            for variant, tree in trees.items():
                times[variant].append(one_run(tree, folder))
    load_after = os.getloadavg()
    base, now = (statistics.median(times[v]) for v in ("baseline", "current"))
    lines = [
        "# `opsreport demo --fresh`: wall time",
        "",
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {args.repeat} runs each, alternating; "
        f"baseline: the demo package at `{args.baseline}`.",
        f"Load average (1, 5, 15 min) before {load_before[0]:.2f} {load_before[1]:.2f} "
        f"{load_before[2]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f} "
        f"{load_after[2]:.2f}; 2 cores. {args.notes}".rstrip(),
        "",
        "| demo package | median (s) | min (s) | max (s) | ratio to baseline |",
        "|---|---|---|---|---|",
    ]
    for variant, median in (("baseline", base), ("current", now)):
        runs = times[variant]
        lines.append(
            f"| {variant} | {median:.2f} | {min(runs):.2f} | {max(runs):.2f} "
            f"| {median / base:.2f}x |"
        )
    text = "\n".join(lines) + "\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
