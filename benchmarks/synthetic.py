# ruff: noqa: E501  -- the generator is SQL text; its lines read best unbroken
"""Large synthetic missions for the benchmarks: the demo mission, scaled up by DuckDB.

Why this shape: the indicator engine must stay fast and lean at the sizes a regional
office consolidates (millions of service records), so the benchmark needs such data
without holding it in Python. A mission here is

* the demo mission (reference data, staff, channels, survey rounds and its own records),
  built once into a SQLite store with :func:`opsreport.demo.build_demo`, plus
* ``size`` synthetic service records over 2023, about 0.4 × size people, events with
  attendance (≈ 10 % of the services' size), and survey responses (size / 10, so 1M at
  10M) with six answers each, drawn with the demo generator's own vocabulary (site,
  activity, topic and audience codes, nationality, sex and age mixes), imported from
  :mod:`opsreport.demo` rather than copied.

DuckDB writes the synthetic rows straight to Parquet with SQL (``range()`` and
``hash()`` of the row number and the seed: the same seed gives the same data), each
record table sorted as :func:`opsreport.indicators.exports.export_parquet` writes it. The
mission is then available in two forms, cached under ``benchmarks/.data/<size>-<seed>/``:

* ``parquet/<table>.parquet`` — every table of the store, for
  :func:`opsreport.indicators.backend.connect_duckdb`;
* ``store.db`` — a SQLite store migrated with the store's own schema, the synthetic rows
  streamed in from Parquet record batches with ``executemany`` (DuckDB's sqlite extension
  cannot be downloaded here).

    .venv/bin/python benchmarks/synthetic.py --sizes 1M,3M
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from opsreport.demo import build_demo
from opsreport.demo import events as demo_events
from opsreport.demo import people as demo_people
from opsreport.demo import services as demo_services
from opsreport.demo import survey as demo_survey
from opsreport.indicators.exports import CARRIED, ROW_GROUP_ROWS, SORTED_BY, is_key
from opsreport.store import models, open_store

DATA = Path(__file__).with_name(".data")
# bump when the shape of the data changes: the cache key uses it. v2: record tables sorted
# as the product's Parquet export writes them (SORTED_BY), and each survey round's
# responses numbered together, as an import of one round's file numbers them (v1 dealt
# responses to rounds alternately, which no import does). v3: survey answers carry their
# response's round and are sorted by it (exports.CARRIED), as export_parquet writes them;
# the rows are v2's, so a v2 folder is turned into v3 without generating it again. v4:
# keys (id, *_id) are 32-bit integers, as export_parquet writes them (exports.narrow_keys);
# the rows are v3's, so a v3 folder is turned into v4 (files rewritten, store.db linked).
# v5: service records carry their person's sex, nationality and birth year (exports.CARRIED);
# derived from a v4 folder (its files linked, the services rewritten).
GENERATOR_VERSION = 5
DEMO_BASE_VERSION = 2  # the demo store the synthetic rows are added to (v2: current schema)
SYNTHETIC_TABLES = (
    "person",
    "service_record",
    "event",
    "event_topic",
    "attendance",
    "survey_response",
    "survey_answer",
)
ATTENDEES_PER_EVENT = 20
ANSWERED_QUESTIONS = {
    "main_info_source": {
        code: w for code, w in zip(demo_survey.INFO_SOURCES, (60, 15, 8, 6, 5, 3, 3), strict=False)
    },
    "knew_regular_pathways": {"yes": 35, "no": 60, "dont_know": 5},
    "enough_info_danger": {"yes": 30, "no": 65, "dont_know": 5},
    "enough_info_insecurity": {"yes": 27, "no": 68, "dont_know": 5},
    "enough_info_difficulty": {"yes": 33, "no": 62, "dont_know": 5},
    "main_reason_leave": dict(
        zip(demo_survey.REASONS, (54, 23, 8, 5, 3, 4, 1.5, 1, 0.5), strict=False)
    ),
}
# Which services each population group receives (weights); sites follow the activity.
GROUPS = {"migrant-transit": 60, "migrant-residing": 25, "host-community": 10, "partner-staff": 5}
ACTIVITIES = {
    "migrant-transit": {
        "medical-care": 40,
        "hygiene-kit": 25,
        "psychosocial-support": 20,
        "legal-orientation": 15,
    },
    "migrant-residing": {"legal-orientation": 60, "psychosocial-support": 25, "medical-care": 15},
    "host-community": {"medical-care": 60, "psychosocial-support": 40},
    "partner-staff": {"legal-orientation": 100},
}
SITES = {
    "medical-care": {**demo_services.ETRMS, "fmp-bajo-chiquito": 10, "david-community": 5},
    "hygiene-kit": demo_services.KIT_SITES,
    "psychosocial-support": {**demo_services.ETRMS, "san-miguelito-community": 10},
    "legal-orientation": demo_services.LEGAL_SITES,
}
SLOTS = 1000
_DUCK_TYPES = {
    "int64": "BIGINT",
    "double": "DOUBLE",
    "bool": "BOOLEAN",
    "date32[day]": "DATE",
    "string": "VARCHAR",
}


def parse_size(text: str) -> int:
    """'1M' → 1_000_000, '300k' → 300_000, '5000' → 5000."""
    text = text.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def size_label(size: int) -> str:
    if size % 1_000_000 == 0:
        return f"{size // 1_000_000}M"
    if size % 1_000 == 0:
        return f"{size // 1_000}k"
    return str(size)


def _pick(weights: dict[str, float], h: str) -> str:
    """A SQL expression choosing a code by weight from hash expression ``h``.

    The weights become a list of SLOTS codes; the hash picks a slot. A constant list
    keeps it one vectorised expression in DuckDB.
    """
    total = sum(weights.values())
    slots: list[str] = []
    for code, weight in weights.items():
        slots += [code] * round(weight / total * SLOTS)
    slots = (slots + [slots[-1]] * SLOTS)[:SLOTS]
    literal = "[" + ", ".join("'" + code.replace("'", "''") + "'" for code in slots) + "]"
    return f"{literal}[CAST(1 + ({h}) % {SLOTS} AS BIGINT)]"


def _pick_by(column: str, choices: dict[str, dict[str, float]], h: str) -> str:
    cases = " ".join(f"WHEN '{key}' THEN {_pick(w, h)}" for key, w in choices.items())
    return f"CASE {column} {cases} END"


def _age_expr(h: str) -> str:
    """Age drawn from the demo's age bands of the person's group."""
    parts = []
    for group in GROUPS:
        bands = demo_people.AGE_BANDS[group]
        weights = {f"{low}:{high}": w for low, high, w in bands}
        band = _pick(weights, f"{h}")
        low = f"CAST(split_part({band}, ':', 1) AS INTEGER)"
        high = f"CAST(split_part({band}, ':', 2) AS INTEGER)"
        parts.append(f"WHEN '{group}' THEN {low} + ({h} // {SLOTS}) % ({high} - {low} + 1)")
    return f"CASE grp {' '.join(parts)} END"


@dataclass
class Mission:
    """Where one synthetic mission's files are."""

    size: int
    seed: int

    @property
    def folder(self) -> Path:
        return DATA / f"{size_label(self.size)}-seed{self.seed}-v{GENERATOR_VERSION}"

    @property
    def parquet(self) -> Path:
        return self.folder / "parquet"

    @property
    def sqlite(self) -> Path:
        return self.folder / "store.db"

    @property
    def ready(self) -> bool:
        return (self.folder / "READY").exists()

    def disk_bytes(self, part: str) -> int:
        path = self.parquet if part == "parquet" else self.sqlite
        if path.is_file():
            return path.stat().st_size
        return sum(f.stat().st_size for f in path.glob("*.parquet"))


def demo_base(seed: int) -> Path:
    """The demo mission in a SQLite store (built once per seed): reference data and all."""
    path = DATA / f"demo-seed{seed}-v{DEMO_BASE_VERSION}.db"
    if not path.exists():
        DATA.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        store = open_store(f"sqlite:///{partial}")
        build_demo(store, seed=seed, actor="benchmark")
        store.engine.dispose()
        con = sqlite3.connect(partial)
        con.execute("PRAGMA journal_mode=DELETE")
        con.close()
        partial.rename(path)
    return path


def _arrow_type(column) -> pa.DataType:
    kind = type(column.type).__name__
    return {
        "Integer": pa.int64(),
        "Float": pa.float64(),
        "Boolean": pa.bool_(),
        "Date": pa.date32(),
    }.get(kind, pa.string())


def _table_from_sqlite(con: sqlite3.Connection, name: str) -> pa.Table:
    """A (small) table of the demo store as Arrow, typed from the store's models."""
    table = models.Base.metadata.tables[name]
    columns = [c.name for c in table.columns]
    quoted = ", ".join(f'"{c}"' for c in columns)
    rows = con.execute(f'SELECT {quoted} FROM "{name}"').fetchall()
    arrays = []
    for index, column in enumerate(table.columns):
        values = [row[index] for row in rows]
        target = _arrow_type(column)
        if pa.types.is_date32(target):
            text = pa.array(values, pa.string())
            arrays.append(pc.cast(pc.strptime(text, "%Y-%m-%d", "s"), target))
        elif pa.types.is_boolean(target):
            arrays.append(pa.array([None if v is None else bool(v) for v in values], target))
        else:
            arrays.append(pa.array(values, target))
    return pa.Table.from_arrays(arrays, names=columns)


def _generate_parquet(mission: Mission, base: Path, work: Path) -> dict[str, int]:
    """Write every table to ``work`` as Parquet: demo rows plus the synthetic ones."""
    size, seed = mission.size, mission.seed
    people = max(size * 2 // 5, 200_000)
    n_events = max(size // (ATTENDEES_PER_EVENT * 10), 1)
    responses = size // 10
    demo = sqlite3.connect(base)
    duck = duckdb.connect()
    duck.execute("SET threads = 2")
    duck.execute(f"SET temp_directory = '{work / 'tmp'}'")
    counts: dict[str, int] = {}
    offsets: dict[str, int] = {}
    demo_schemas: dict[str, pa.Schema] = {}
    for name in models.Base.metadata.tables:
        arrow = _table_from_sqlite(demo, name)
        duck.register(f"demo_{name}", arrow)
        demo_schemas[name] = arrow.schema
        if name in SYNTHETIC_TABLES and "id" in arrow.column_names:
            offsets[name] = max(arrow.column("id").to_pylist(), default=0)
        if name not in SYNTHETIC_TABLES:
            pq.write_table(arrow, work / f"{name}.parquet")
            counts[name] = arrow.num_rows
    rounds = [
        row
        for row in demo.execute(
            "SELECT r.id, r.fieldwork_start FROM survey_round r "
            "JOIN survey_instrument i ON i.id = r.instrument_id WHERE i.code = 'fms' ORDER BY r.id"
        )
    ]
    demo.close()

    def h(salt: str, key: str = "i") -> str:
        return f"hash({key}, {seed}, '{salt}')"

    sql = {
        "person": f"""
            SELECT {offsets["person"]} + 1 + i AS id, md5(concat('synthetic-', {seed}, '-', i)) AS person_key,
                   CASE WHEN {h("other")} % 250 = 0 THEN 'other'
                        WHEN (age >= 18 AND ({h("sex")} % 1000) < 1000 * CASE grp {" ".join(f"WHEN '{g}' THEN {s}" for g, s in demo_people.FEMALE_SHARE.items())} END)
                          OR (age < 18 AND {h("sex")} % 2 = 0) THEN 'female' ELSE 'male' END AS sex,
                   2023 - age AS birth_year, nationality, grp AS population_group_code,
                   CAST(NULL AS BIGINT) AS batch_id
            FROM (SELECT i, grp, {_age_expr(h("age"))} AS age,
                         {_pick_by("grp", demo_people.NATIONALITIES, h("nationality"))} AS nationality
                  FROM (SELECT range AS i, {_pick(GROUPS, h("group", "range"))} AS grp FROM range({people})))
        """,
        "service_record": f"""
            SELECT {offsets["service_record"]} + 1 + s.i AS id, concat('synthetic-service-', s.i) AS record_id,
                   s.person_id, s.activity_code, s.service_date,
                   {_pick_by("s.activity_code", SITES, h("site", "s.i"))} AS site_code,
                   s.grp AS population_group_code,
                   CASE WHEN s.activity_code = 'legal-orientation' THEN {_pick(demo_services.LEGAL_TOPICS, h("topic", "s.i"))} END AS topic_code,
                   s.age_years, CAST(NULL AS BIGINT) AS batch_id
            FROM (SELECT r.i, r.person_id, r.service_date, p.population_group_code AS grp,
                         2023 - p.birth_year AS age_years,
                         {_pick_by("p.population_group_code", ACTIVITIES, h("activity", "r.i"))} AS activity_code
                  FROM (SELECT range AS i, CAST({offsets["person"]} + 1 + {h("person", "range")} % {people} AS BIGINT) AS person_id,
                               DATE '2023-01-01' + CAST({h("day", "range")} % 365 AS INTEGER) AS service_date
                        FROM range({size})) r
                  JOIN person p ON p.id = r.person_id) s
        """,
        "event": f"""
            SELECT {offsets["event"]} + 1 + i AS id, concat('synthetic-event-', i) AS record_id, activity_code,
                   CASE WHEN activity_code = 'community-workshop' THEN 'migrants-host-communities'
                        ELSE {_pick(demo_events.TRAINING_AUDIENCES, h("audience"))} END AS audience_code,
                   CAST(NULL AS VARCHAR) AS title, start_date, start_date + CAST({h("days")} % 2 AS INTEGER) AS end_date,
                   CASE WHEN activity_code = 'community-workshop' THEN {_pick(demo_events.WORKSHOP_SITES, h("site"))}
                        ELSE {_pick(demo_events.TRAINING_SITES, h("site"))} END AS site_code,
                   CAST(NULL AS BIGINT) AS batch_id
            FROM (SELECT range AS i, CASE WHEN hash(range, {seed}, 'kind') % 10 < 6 THEN 'community-workshop'
                                          ELSE 'capacity-training' END AS activity_code,
                         DATE '2023-01-01' + CAST(hash(range, {seed}, 'day') % 365 AS INTEGER) AS start_date
                  FROM range({n_events}))
        """,
        "event_topic": f"""
            SELECT e.id AS event_id, t.topics[CAST(1 + (hash(e.id, {seed}, 'topic') % 1000 + k) % len(t.topics) AS BIGINT)] AS topic_code
            FROM event e
            JOIN (VALUES ('community-workshop', {list(demo_events.WORKSHOP_TOPICS)}),
                         ('capacity-training', {list(demo_events.TRAINING_TOPICS)})) t(activity, topics)
              ON t.activity = e.activity_code
            JOIN range(2) ks(k) ON k = 0 OR hash(e.id, {seed}, 'second') % 10 < 3
            WHERE e.id > {offsets["event"]}
        """,
        "attendance": f"""
            SELECT {offsets["attendance"]} + 1 + (e.id - {offsets["event"]} - 1) * {ATTENDEES_PER_EVENT} + k AS id, e.id AS event_id,
                   CASE WHEN anonymous THEN NULL
                        ELSE {offsets["person"]} + 1 + (hash(e.id, {seed}, 'who') % {people} + k * 7919) % {people} END AS person_id,
                   CASE WHEN anonymous THEN 6 END AS headcount_female,
                   CASE WHEN anonymous THEN 5 END AS headcount_male,
                   CASE WHEN anonymous THEN 0 END AS headcount_other,
                   CASE WHEN anonymous THEN 12 END AS headcount_total,
                   CAST(NULL AS BIGINT) AS batch_id
            FROM (SELECT e.id, k, (k = {ATTENDEES_PER_EVENT - 1} AND e.id % 5 = 0) AS anonymous
                  FROM event e, range({ATTENDEES_PER_EVENT}) ks(k) WHERE e.id > {offsets["event"]}) e
        """,
        "survey_response": f"""
            SELECT {offsets["survey_response"]} + 1 + i AS id, round_id, md5(concat('synthetic-response-', {seed}, '-', i)) AS uuid,
                   start + CAST({h("day")} % 15 AS INTEGER) AS survey_date, fmp,
                   CASE WHEN fmp = 'los_planes_gualaca' THEN 'PA02' ELSE 'PA05' END AS province_pcode,
                   CASE WHEN {h("sex")} % 100 < 40 THEN 'female' ELSE 'male' END AS sex,
                   18 + CAST({h("age")} % 50 AS INTEGER) AS age,
                   {_pick(demo_people.NATIONALITIES["migrant-transit"], h("nationality"))} AS nationality,
                   screened_out = false AS consent, false AS previously_surveyed, screened_out,
                   1.0 AS weight, CAST(NULL AS BIGINT) AS batch_id
            FROM (SELECT range AS i, r.round_id, r.start, {_pick(demo_survey.FMPS, h("fmp", "range"))} AS fmp,
                         {h("screen", "range")} % 50 = 0 AS screened_out
                  FROM range({responses})
                  JOIN (VALUES {", ".join(f"({n}, {rid}, DATE '{start}')" for n, (rid, start) in enumerate(rounds))}) r(n, round_id, start)
                    ON r.n = range * {len(rounds)} // {responses})
        """,
        "survey_answer": f"""
            SELECT {offsets["survey_answer"]} + 1 + (r.id - {offsets["survey_response"]} - 1) * {len(ANSWERED_QUESTIONS)} + q.n AS id,
                   r.id AS response_id, q.question,
                   CASE q.question {" ".join(f"WHEN '{name}' THEN {_pick(w, f'hash(r.id, {seed}, q.question)')}" for name, w in ANSWERED_QUESTIONS.items())} END AS value
            FROM survey_response r
            JOIN (VALUES {", ".join(f"({n}, '{name}')" for n, name in enumerate(ANSWERED_QUESTIONS))}) q(n, question) ON true
            WHERE r.id > {offsets["survey_response"]}
        """,
    }
    for name in SYNTHETIC_TABLES:
        started = time.perf_counter()
        file = work / f"{name}.parquet"
        duck.execute(f"CREATE OR REPLACE VIEW synthetic_{name} AS {sql[name]}")
        # the demo's own rows first, typed like the synthetic ones
        typed = ", ".join(
            f'CAST("{field.name}" AS {_DUCK_TYPES[str(field.type)]}) AS "{field.name}"'
            for field in demo_schemas[name]
        )
        # (a column carried from another table comes after: _carry_columns sorts by it)
        stored = demo_schemas[name].names
        order = ", ".join(f'"{c}"' for c in SORTED_BY.get(name, ("id",)) if c in stored)
        duck.execute(
            f"COPY (SELECT {typed} FROM demo_{name} UNION ALL SELECT {typed} FROM synthetic_{name} "
            f"ORDER BY {order}) TO '{file}' (FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_ROWS})"
        )
        duck.execute(f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{file}')")
        counts[name] = duck.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        print(
            f"  {name}: {counts[name]:,} rows in {time.perf_counter() - started:.1f}s", flush=True
        )
    duck.close()
    _carry_columns(work)
    _narrow_keys(work)
    return counts


def _carry_columns(folder: Path) -> None:
    """Rewrite the tables that carry other tables' columns (``CARRIED``), as
    ``export_parquet`` writes them: the columns added, the rows in ``SORTED_BY`` order.
    A table that has them already is left as it is."""
    duck = duckdb.connect()
    duck.execute("SET threads = 2")
    for name, (other, key, other_key, carried) in CARRIED.items():
        file, done = folder / f"{name}.parquet", folder / f"{name}.carried.parquet"
        present = {
            r[0] for r in duck.execute(f"DESCRIBE SELECT * FROM read_parquet('{file}')").fetchall()
        }
        if all(c in present for c in carried):
            continue
        order = ", ".join(f'"{c}"' for c in SORTED_BY[name])
        picked = ", ".join(f'o."{c}" AS "{n}"' for n, c in carried.items())
        duck.execute(
            f"COPY (SELECT t.*, {picked} FROM read_parquet('{file}') t "
            f"LEFT JOIN read_parquet('{folder / f'{other}.parquet'}') o "
            f'ON t."{key}" = o."{other_key}" ORDER BY {order}) '
            f"TO '{done}' (FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_ROWS})"
        )
        done.replace(file)
    duck.close()


def _narrow_keys(folder: Path, source: Path | None = None) -> None:
    """Write every table of ``source`` (default: ``folder`` itself) into ``folder`` with its
    64-bit keys as 32-bit integers, as ``export_parquet`` writes them (``narrow_keys``; a
    synthetic mission's keys all fit), rows and row groups as they were."""
    source = source or folder
    duck = duckdb.connect()
    duck.execute("SET threads = 2")
    for file in sorted(source.glob("*.parquet")):
        columns = duck.execute(f"DESCRIBE SELECT * FROM read_parquet('{file}')").fetchall()
        keys = [c[0] for c in columns if is_key(c[0]) and c[1] == "BIGINT"]
        target = folder / file.name
        if not keys:
            if target != file:
                shutil.copyfile(file, target)
            continue
        casts = ", ".join(f'CAST("{k}" AS INTEGER) AS "{k}"' for k in keys)
        partial = target.with_suffix(".narrow.parquet")
        # insertion order is kept (DuckDB's default): the rows stay in SORTED_BY order
        duck.execute(
            f"COPY (SELECT * REPLACE ({casts}) FROM read_parquet('{file}')) "
            f"TO '{partial}' (FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_ROWS})"
        )
        partial.replace(target)
    duck.close()


def _load_sqlite(mission: Mission, base: Path, parquet: Path, target: Path) -> None:
    """The store's schema (from the demo store) plus the synthetic rows, streamed in.

    Secondary indexes are dropped during the load and rebuilt after, as a bulk load
    into any database would; the schema left behind is the store's own.
    """
    shutil.copyfile(base, target)
    con = sqlite3.connect(target)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-500000")
    # the demo's own rows are already in the store: only rows past its ids go in
    offsets = {
        name: con.execute(f'SELECT coalesce(max(id), 0) FROM "{name}"').fetchone()[0]
        for name in SYNTHETIC_TABLES
        if name != "event_topic"
    }
    offsets["event_topic"] = offsets["event"]
    for name in SYNTHETIC_TABLES:
        started = time.perf_counter()
        indexes = con.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (name,),
        ).fetchall()
        for index, _sql in indexes:
            con.execute(f'DROP INDEX "{index}"')
        key = "event_id" if name == "event_topic" else "id"
        offset = offsets[name]
        reader = pq.ParquetFile(parquet / f"{name}.parquet")
        stored = {row[1] for row in con.execute(f'PRAGMA table_info("{name}")')}
        columns = [c for c in reader.schema_arrow.names if c in stored]  # not CARRIED ones
        quoted = ", ".join(f'"{column}"' for column in columns)
        statement = f'INSERT INTO "{name}" ({quoted}) VALUES ({", ".join("?" for _ in columns)})'
        for batch in reader.iter_batches(batch_size=100_000):
            batch = batch.filter(pc.greater(batch.column(key), offset))
            if batch.num_rows == 0:
                continue
            arrays = []
            for column in (batch.column(c) for c in columns):
                if pa.types.is_date32(column.type):
                    column = pc.cast(column, pa.string())
                elif pa.types.is_boolean(column.type):
                    column = pc.cast(column, pa.int8())
                arrays.append(column.to_pylist())
            con.executemany(statement, zip(*arrays, strict=False))
        for _index, sql in indexes:
            con.execute(sql)
        con.commit()
        print(f"  sqlite {name}: loaded in {time.perf_counter() - started:.1f}s", flush=True)
    con.execute("PRAGMA journal_mode=WAL")
    con.close()


def ensure(size: int, seed: int = 7) -> Mission:
    """The synthetic mission of ``size`` service records, generated and loaded if missing."""
    mission = Mission(size, seed)
    if mission.ready:
        return mission
    if _from_v4(mission):
        return mission
    base = demo_base(2023)
    if mission.folder.exists():
        shutil.rmtree(mission.folder)
    work = mission.folder / "parquet"
    (work / "tmp").mkdir(parents=True)
    print(f"generating {size_label(size)} (seed {seed}) into {mission.folder}", flush=True)
    started = time.perf_counter()
    counts = _generate_parquet(mission, base, work)
    shutil.rmtree(work / "tmp", ignore_errors=True)
    generated = time.perf_counter() - started
    print(f"  Parquet written in {generated:.0f}s", flush=True)
    started = time.perf_counter()
    _load_sqlite(mission, base, work, mission.sqlite)
    loaded = time.perf_counter() - started
    print(f"  SQLite loaded in {loaded:.0f}s", flush=True)
    lines = [f"{name}\t{count}" for name, count in counts.items()]
    lines += [f"#generate_seconds\t{generated:.0f}", f"#sqlite_load_seconds\t{loaded:.0f}"]
    (mission.folder / "READY").write_text("\n".join(lines) + "\n")
    return mission


def _from_v4(mission: Mission) -> bool:
    """Turn a ready v4 folder of the same size and seed into v5 (same rows; services carry
    their person's columns), made from v3 first if need be: links to its files, the
    services rewritten. False if there is neither."""
    old = DATA / f"{size_label(mission.size)}-seed{mission.seed}-v4"
    if GENERATOR_VERSION != 5 or not (
        (old / "READY").exists() or _from_v3(Mission4(mission.size, mission.seed))
    ):
        return False
    if mission.folder.exists():
        shutil.rmtree(mission.folder)
    mission.parquet.mkdir(parents=True)
    print(f"deriving {mission.folder} from {old}", flush=True)
    for file in [old / "store.db", *(old / "parquet").glob("*.parquet")]:
        target = mission.folder / file.relative_to(old)
        try:
            os.link(file, target)  # read-only here: a hard link, not a copy
        except OSError:
            shutil.copyfile(file, target)
    _carry_columns(mission.parquet)  # writes new files: the linked v4 ones stay as they were
    shutil.copyfile(old / "READY", mission.folder / "READY")
    return True


class Mission4(Mission):
    """The v4 folder of a mission (the step v3 -> v4 of deriving v5)."""

    @property
    def folder(self) -> Path:
        return DATA / f"{size_label(self.size)}-seed{self.seed}-v4"


def _from_v3(mission: Mission) -> bool:
    """Turn a ready v3 folder of the same size and seed into v4 (same rows; 32-bit keys):
    its SQLite store linked, its Parquet files rewritten. False if there is none."""
    old = DATA / f"{size_label(mission.size)}-seed{mission.seed}-v3"
    if not (old / "READY").exists():
        return False
    if mission.folder.exists():
        shutil.rmtree(mission.folder)
    mission.parquet.mkdir(parents=True)
    print(f"deriving {mission.folder} from {old}", flush=True)
    try:
        os.link(old / "store.db", mission.sqlite)  # read-only here: a link, not a 3 GB copy
    except OSError:
        shutil.copyfile(old / "store.db", mission.sqlite)
    _narrow_keys(mission.parquet, old / "parquet")  # new files: v3's stay as they were
    shutil.copyfile(old / "READY", mission.folder / "READY")
    return True


def row_counts(mission: Mission) -> dict[str, str]:
    """Rows per table (and the build times, as ``#…`` keys) of a ready mission."""
    pairs = (line.split("\t") for line in (mission.folder / "READY").read_text().splitlines())
    return {key: value for key, value in pairs}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1M", help="comma-separated, e.g. 1M,3M,10M")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    for text in args.sizes.split(","):
        mission = ensure(parse_size(text), args.seed)
        print(f"{size_label(mission.size)}: {mission.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
