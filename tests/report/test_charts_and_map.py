"""Charts, breakdown tables, the map and the change against the previous period.

Rendered from the demo store (read-only) with real Altair + vl-convert SVG, and with the
OCHA admin-1 boundaries of ../shared/data (never copied into the project).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_text import GENERATED_ON, visible_text

from opsreport.indicators import Period, compute
from opsreport.report import load_spec, render_report
from opsreport.report.data import BOUNDARY_ENV
from opsreport.report.spec import SPECS_DIR

PERIOD = "2023-08..2023-09"
BOUNDARIES = Path(__file__).parents[3] / "shared" / "data" / "panama-admin1-simplified.geojson"
needs_boundaries = pytest.mark.skipif(
    not BOUNDARIES.exists(), reason="../shared/data/panama-admin1-simplified.geojson is absent"
)


def svgs(html: str, css_class: str) -> list[str]:
    return re.findall(rf'<svg[^>]*class="[^"]*{css_class}[^"]*".*?</svg>', html, re.S)


@pytest.fixture(scope="module")
def with_map(demo_store):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(BOUNDARY_ENV, str(BOUNDARIES))
        return {
            lang: render_report(
                demo_store, PERIOD, lang, "html", generated_on=GENERATED_ON
            ).decode()
            for lang in ("en", "es")
        }


@pytest.fixture(scope="module")
def figures(demo_store):
    ids = ["sites-active", "medical-care-transit-etrm", "legal-orientation-residing"]
    return compute(demo_store, PERIOD, ids=ids)


@needs_boundaries
def test_the_map_draws_every_province_and_site_with_the_attribution(with_map, demo_store, figures):
    html = with_map["en"]
    (drawing,) = svgs(html, "site-map")
    assert drawing.count('class="province') == 13
    active = figures["sites-active"]
    assert drawing.count('class="site active"') == active.value
    names = set(re.findall(r"<circle[^>]*><title>([^<]+)</title>", drawing))
    assert {item.name_en for item in active.items} <= names
    assert "Boundaries: OCHA COD-AB Panama, CC BY-IGO" in visible_text(html)
    assert "Límites: OCHA COD-AB Panamá, CC BY-IGO" in visible_text(with_map["es"])
    # the provinces with an active site are the ones shaded
    assert drawing.count('class="province active"') == len(
        {
            item.code
            for item in compute(demo_store, PERIOD, ids=["regions-active"])["regions-active"].items
        }
    )


def test_without_a_boundary_file_the_map_shows_the_sites_alone(demo_store, monkeypatch):
    monkeypatch.delenv(BOUNDARY_ENV, raising=False)
    html = render_report(demo_store, PERIOD, "en", "html").decode()
    (drawing,) = svgs(html, "site-map")
    assert 'class="province' not in drawing
    assert drawing.count("<circle") >= 6
    assert "OCHA COD-AB" not in html


def test_a_missing_boundary_file_is_named(demo_store, monkeypatch, tmp_path):
    from opsreport.errors import ReportError

    monkeypatch.setenv(BOUNDARY_ENV, str(tmp_path / "nowhere.geojson"))
    with pytest.raises(ReportError, match="nowhere.geojson does not exist"):
        render_report(demo_store, PERIOD, "en", "html")


@needs_boundaries
def test_charts_are_svg_drawn_without_fetching_anything(with_map):
    for lang, months in (
        ("en", ["Apr", "May", "Jun", "Jul", "Aug", "Sep"]),
        ("es", ["abr", "may", "jun", "jul", "ago", "sept"]),
    ):
        charts = svgs(with_map[lang], "chart-svg")
        assert len(charts) >= 2  # months, age/sex, and crossings when transits are imported
        assert not re.search(r'(href|src)="(https?:|//)', "".join(charts))
        labels = re.findall(r"<text[^>]*>([^<]+)</text>", charts[0])
        assert [label for label in labels if label in months] == months
    assert "Women and girls" in svgs(with_map["en"], "chart-svg")[1]
    assert "Mujeres y niñas" in svgs(with_map["es"], "chart-svg")[1]


@needs_boundaries
def test_the_headline_shows_the_change_against_the_previous_period(with_map, demo_store, figures):
    now = figures["legal-orientation-residing"].value
    before = compute(
        demo_store, Period.parse(PERIOD).previous(), ids=["legal-orientation-residing"]
    )
    change = round(
        100
        * (now - before["legal-orientation-residing"].value)
        / before["legal-orientation-residing"].value
    )
    sign = "+" if change > 0 else "−"
    assert f"{sign}{abs(change)}% compared with June and July 2023" in visible_text(with_map["en"])
    spanish = visible_text(with_map["es"]).replace("\xa0", " ")
    assert f"{sign}{abs(change)} % respecto a junio y julio de 2023" in spanish


QUARTERLY = SPECS_DIR / "quarterly-summary.yaml"


@pytest.fixture(scope="module")
def quarterly(demo_store):
    return {
        (lang, public): render_report(
            demo_store, "2023Q3", lang, "html", spec=QUARTERLY, public=public
        ).decode()
        for lang in ("en", "es")
        for public in (False, True)
    }


def table_cells(html: str) -> list[list[str]]:
    (table,) = re.findall(r'<div class="block breakdown-table">.*?</table>', html, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in rows]


def test_the_sex_age_table_adds_up_to_the_headline(quarterly, demo_store):
    total = compute(demo_store, "2023Q3", ids=["medical-care-transit-etrm"])[
        "medical-care-transit-etrm"
    ].value
    rows = table_cells(quarterly["en", False])
    assert rows[0] == ["Age (years)", "Women and girls", "Men and boys", "Total"]
    body, footer = rows[1:-1], rows[-1]
    assert [row[0] for row in body][:5] == ["0–4", "5–11", "12–17", "18–59", "60+"]
    assert sum(int(row[-1].replace(",", "")) for row in body) == total
    assert footer[0] == "Total" and int(footer[-1].replace(",", "")) == total


def test_the_public_table_hides_small_cells_and_says_why(quarterly):
    rows = table_cells(quarterly["en", True])
    cells = [cell for row in rows[1:] for cell in row[1:]]
    assert "fewer than 5" in cells
    assert not [c for c in cells if c.isdigit() and 0 < int(c) < 5]
    hidden = cells.count("fewer than 5")
    assert hidden >= 2  # a single hidden cell would be given away by the total
    assert "Groups of fewer than 5 people are not shown" in visible_text(quarterly["en", True])
    assert "Published version" in visible_text(quarterly["en", True])
    assert "Published version" not in visible_text(quarterly["en", False])
    es = visible_text(quarterly["es", True])
    assert "menos de 5" in es and "No se muestran los grupos de menos de 5 personas" in es


def test_the_quarterly_summary_is_another_spec_not_other_code(quarterly):
    spec = load_spec(QUARTERLY)
    assert len(spec.sections) < len(load_spec().sections)
    text = visible_text(quarterly["en", False])
    assert text.startswith("IOM Panama Quarterly Summary July to September 2023")
    assert "compared with April to June 2023" in text
    assert visible_text(quarterly["es", False]).startswith(
        "OIM Panamá Resumen trimestral julio a septiembre de 2023"
    )


def test_the_quarterly_summary_prints(demo_store):
    import io

    from pypdf import PdfReader

    pdf = render_report(demo_store, "2023Q3", "es", "pdf", spec=QUARTERLY)
    assert 1 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 4


def test_a_chart_over_months_shows_each_months_own_figure(demo_store):
    """One computation by month, or month by month for an indicator without that dimension."""
    import datetime as dt

    from opsreport.report.data import by_month

    firsts = [dt.date(2023, m, 1) for m in (7, 8, 9)]
    ids = ["medical-care-transit-etrm", "sites-active"]
    months = by_month(demo_store, ids, firsts, dt.date(2023, 9, 30), public=False)
    assert [first for first, _ in months] == firsts
    for first, values in months:
        own = compute(demo_store, first.strftime("%Y-%m"), ids=ids)
        assert values == {rid: own[rid].value for rid in ids}


@needs_boundaries
def test_the_mission_files_boundary_file_draws_the_provinces(demo_store, tmp_path, monkeypatch):
    """Without OPSREPORT_BOUNDARY_FILE the map reads the mission's boundary_file."""
    import sqlite3

    from opsreport.store import open_store

    monkeypatch.delenv(BOUNDARY_ENV, raising=False)
    copy = tmp_path / "mission-with-boundaries.db"
    with sqlite3.connect(demo_store.url.removeprefix("sqlite:///")) as source:
        with sqlite3.connect(copy) as target:
            source.backup(target)
            target.execute("UPDATE mission SET boundary_file = ?", (str(BOUNDARIES),))
    store = open_store(f"sqlite:///{copy}")
    try:
        html = render_report(store, "2023-09", "es", "html").decode()
    finally:
        store.dispose()
    (drawing,) = svgs(html, "site-map")
    assert drawing.count('class="province') == 13
    assert "Límites: OCHA COD-AB Panamá, CC BY-IGO" in visible_text(html)
