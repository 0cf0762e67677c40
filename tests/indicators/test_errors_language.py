"""An IMO whose interface speaks Spanish reads what is wrong with the mission's indicator
catalogue file, or with a period written wrong, in Spanish.

The language is the interface language when the error is made (OPSREPORT_LANG, else the
locale), not the ``--lang`` of the figures; the place of the mistake (file, line,
indicator, key), the codes of the file and the period forms are the same in every language.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from opsreport.errors import CatalogueError, PeriodError
from opsreport.indicators import Period, load_catalogue

GOOD = """\
indicators:
  - id: staff
    label_en: Colleagues
    label_es: Colegas
    definition_en: d
    definition_es: d
    unit: as-of-count
    source: staff
"""
ENGLISH_WORDS = re.compile(
    r"\b(line|is not|required|use one of|needs|must|twice|counted|cannot|write)\b"
)


def write(tmp_path: Path, text: str, name: str = "indicadores.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# name: (what is changed in GOOD, the key the error names, the Spanish problem)
CASES = {
    "unknown-unit": (
        ("unit: as-of-count", "unit: people"),
        "unit",
        "'people' no es una unidad; use una de estas: records, distinct-people, participants, "
        "sum, share, ranking, as-of-count, list",
    ),
    "unit-of-another-source": (
        ("unit: as-of-count", "unit: sum"),
        "unit",
        "un indicador de la fuente staff se cuenta en una de estas unidades: as-of-count",
    ),
    "missing-label": (("    label_es: Colegas\n", ""), "label_es", "es obligatorio"),
    "unknown-key": (
        ("source: staff", "source: staff\n    colour: red"),
        "colour",
        "clave desconocida; use una de estas: id, label_en, label_es, definition_en, "
        "definition_es, unit, source, filters, period, facets, disaggregations, multi_group, "
        "weighted, notes",
    ),
    "wrong-period-rule": (
        ("source: staff", "source: staff\n    period: latest-round"),
        "period",
        "un indicador de la fuente staff se cuenta con la regla 'as-of-end'",
    ),
    "unknown-filter": (
        ("source: staff", "source: staff\n    filters: {colour: red}"),
        "filters",
        "'colour' no es un filtro de esta fuente; los filtros posibles son category, unit, "
        "office, office_type",
    ),
    "breakdown-not-offered": (
        ("source: staff", "source: staff\n    disaggregations: [sex]"),
        "disaggregations",
        "un indicador de la fuente staff con unidad as-of-count no se puede desglosar por "
        "'sex'; los desgloses posibles son category, unit, office",
    ),
    "survey-share-without-choice": (
        (
            "unit: as-of-count\n    source: staff",
            "unit: share\n    source: survey\n    filters: {instrument: fms, "
            "question: main_info_source}",
        ),
        "filters",
        "un indicador de la fuente survey con unidad share necesita filters.choice",
    ),
    "weighted-staff": (
        ("source: staff", "source: staff\n    weighted: true"),
        "weighted",
        "solo se pueden ponderar las proporciones de una encuesta",
    ),
    "not-true-or-false": (
        ("source: staff", "source: staff\n    multi_group: sometimes"),
        "multi_group",
        "debe ser true o false",
    ),
    "a-source-without-filters": (
        (
            "unit: as-of-count\n    source: staff",
            "unit: list\n    source: thematic-areas\n    filters: {type: health}",
        ),
        "filters",
        "'type' no es un filtro de esta fuente; esta fuente no admite filtros",
    ),  # fmt: skip
    "a-source-without-facets": (
        ("source: staff", "source: staff\n    facets: [province]"),
        "facets",
        "'province' no está disponible aquí; esta fuente no ofrece ninguno",
    ),
}


def line_of(text: str, key: str, after: str = "- id: staff") -> int:
    """The line of the file where ``key:`` is written (the indicator's line when absent)."""
    lines = text.splitlines()
    start = next(n for n, line in enumerate(lines) if after in line)
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.strip().startswith(f"{key}:"):
            return number
    return start + 1


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_mistake_is_explained_in_spanish_at_the_same_line_and_key(tmp_path, monkeypatch, case):
    change, key, spanish = CASES[case]
    text = GOOD.replace(*change)
    assert text != GOOD
    path = write(tmp_path, text)
    with pytest.raises(CatalogueError) as english:
        load_catalogue([path])

    monkeypatch.setenv("OPSREPORT_LANG", "es")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue([path])
    message = str(caught.value)
    line = line_of(text, key)
    assert message == f"indicadores.yaml, línea {line}, indicador 'staff', {key}: {spanish}"
    where = f"indicadores.yaml, line {line}, indicator 'staff', {key}: "
    assert str(english.value).startswith(where), english.value
    assert not ENGLISH_WORDS.search(message), message


def test_a_source_without_breakdowns_says_so_in_both_languages(tmp_path, monkeypatch):
    text = GOOD.replace(
        "unit: as-of-count\n    source: staff",
        "unit: list\n    source: thematic-areas\n    disaggregations: [sex]",
    )
    path = write(tmp_path, text)
    with pytest.raises(CatalogueError) as english:
        load_catalogue([path])
    assert str(english.value) == (
        "indicadores.yaml, line 9, indicator 'staff', disaggregations: "
        "a thematic-areas list indicator offers no breakdown; remove 'sex'"
    )
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    with pytest.raises(CatalogueError) as spanish:
        load_catalogue([path])
    assert str(spanish.value) == (
        "indicadores.yaml, línea 9, indicador 'staff', disaggregations: un indicador de la "
        "fuente thematic-areas con unidad list no admite desgloses; quite 'sex'"
    )


def test_mistakes_of_the_whole_file_in_spanish(tmp_path, monkeypatch):
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    twice = write(tmp_path, GOOD + GOOD.removeprefix("indicators:\n"))
    with pytest.raises(CatalogueError) as caught:
        load_catalogue([twice])
    assert str(caught.value) == (
        "indicadores.yaml, línea 9: el indicador 'staff' está declarado dos veces en este archivo."
    )
    with pytest.raises(CatalogueError) as caught:
        load_catalogue([write(tmp_path, "indicators:\n  - staff\n")])
    assert str(caught.value) == (
        "indicadores.yaml, línea 2: indicators[0] debe tener claves con sus valores (clave: valor)."
    )
    with pytest.raises(CatalogueError) as caught:
        load_catalogue([write(tmp_path, "indicadores:\n  - id: staff\n")])
    assert str(caught.value) == (
        "indicadores.yaml: un archivo de catálogo debe tener una lista bajo 'indicators:'."
    )
    broken = write(tmp_path, GOOD.replace("label_en: Colleagues", "label_en: [C"))
    with pytest.raises(CatalogueError, match=r"^indicadores\.yaml, línea \d+: no es YAML válido"):
        load_catalogue([broken])
    with pytest.raises(CatalogueError, match=r"^El archivo de catálogo .*nada\.yaml no existe\.$"):
        load_catalogue([tmp_path / "nada.yaml"])
    with pytest.raises(CatalogueError) as caught:
        load_catalogue().select(["stafff"])
    assert str(caught.value).startswith(
        "No hay ningún indicador 'stafff' en el catálogo. Identificadores existentes: "
    )


def test_the_locale_alone_chooses_spanish_and_an_unknown_language_is_english(tmp_path, monkeypatch):
    path = write(tmp_path, GOOD.replace("source: staff", "source: personal"))
    monkeypatch.delenv("OPSREPORT_LANG")
    monkeypatch.setenv("LANG", "es_PA.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(CatalogueError) as spanish:
        load_catalogue([path])
    assert str(spanish.value).startswith(
        "indicadores.yaml, línea 8, indicador 'staff', source: 'personal' no es una fuente; "
        "use una de estas: services, events, survey,"
    )
    with pytest.raises(PeriodError, match="^'agosto' no es un período; escriba 2023-08, "):
        Period.parse("agosto")
    monkeypatch.setenv("OPSREPORT_LANG", "fr")  # no French catalogue: English
    with pytest.raises(CatalogueError) as english:
        load_catalogue([path])
    assert str(english.value).startswith(
        "indicadores.yaml, line 8, indicator 'staff', source: 'personal' is not a source; "
        "use one of services, events, survey,"
    )


# ------------------------------------------------------------------ periods


def test_a_period_written_wrong_says_in_spanish_what_to_write(monkeypatch):
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    with pytest.raises(PeriodError) as caught:
        Period.parse("2023-13")
    assert str(caught.value) == (
        "'2023-13' no es un período; escriba 2023-08, 2023-08..2023-09, 2023Q3, 2023 "
        "o 2023-08-01..2023-09-30."
    )
    with pytest.raises(PeriodError) as caught:
        Period.parse("2023-09..2023-08")
    assert str(caught.value) == (
        "Un período no puede terminar (2023-08-31) antes de comenzar (2023-09-01)."
    )


def _script() -> str:
    beside = Path(sys.executable).with_name("opsreport")
    found = str(beside) if beside.exists() else shutil.which("opsreport")
    assert found, "the opsreport console script is not installed"
    return found


def _run_in_spanish(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANG")}
    env.update({"OPSREPORT_LANG": "es", "NO_COLOR": "1", "COLUMNS": "200"})
    database = f"sqlite:///{tmp_path / 'panama.db'}"
    return subprocess.run(
        [_script(), "--database", database, "indicators", *args], capture_output=True,
        text=True, encoding="utf-8", env=env, stdin=subprocess.DEVNULL, timeout=300,
        cwd=tmp_path,
    )  # fmt: skip


def test_opsreport_indicators_says_in_spanish_how_to_write_a_period(tmp_path):
    """What the IMO runs: OPSREPORT_LANG=es opsreport indicators --period 2023-13."""
    done = _run_in_spanish(tmp_path, "--period", "2023-13")
    assert done.returncode == 1, done.stdout
    said = " ".join(done.stderr.split())
    assert (
        "'2023-13' no es un período; escriba 2023-08, 2023-08..2023-09, 2023Q3, 2023 "
        "o 2023-08-01..2023-09-30." in said
    ), said
    assert "Traceback" not in done.stderr


def test_opsreport_indicators_says_in_spanish_what_is_wrong_with_a_catalogue(tmp_path):
    text = GOOD.replace("unit: as-of-count", "unit: people")
    path = write(tmp_path, text)
    done = _run_in_spanish(tmp_path, "--period", "2023-08", "--catalogue", str(path))
    assert done.returncode == 1, done.stdout
    said = " ".join(done.stderr.split())
    assert "indicadores.yaml, línea 7, indicador 'staff', unit: 'people' no es una unidad;" in said


def test_a_breakdown_the_indicator_does_not_offer_is_refused_in_spanish(monkeypatch):
    """``opsreport indicators --id staff --by sex`` names what staff offers, in Spanish."""
    from opsreport.indicators.dimensions import check

    staff = load_catalogue().get("staff")
    monkeypatch.setenv("OPSREPORT_LANG", "es")
    with pytest.raises(CatalogueError) as caught:
        check(staff, ("sex",))
    offered = ", ".join(staff.disaggregations)
    assert str(caught.value) == (
        f"El indicador 'staff' no se puede desglosar por 'sex'; ofrece: {offered}."
    )
    with pytest.raises(CatalogueError, match=r"^Un desglose admite una o dos dimensiones"):
        check(staff, ("unit", "unit"))
