"""Imported donors take a place in the report's donor list, and undo gives it back."""

from __future__ import annotations

from ingest_helpers import write_text

from opsreport.indicators import compute
from opsreport.ingest import import_file, undo_batch

PERIOD = "2024-07"  # the new donors below and the mission's current ones are active


def listed(store) -> dict[str, list[str]]:
    """The donors of the report's list, by type, in the order the report shows them."""
    found: dict[str, list[str]] = {}
    for item in compute(store, PERIOD, ["donors-active"])["donors-active"].items:
        found.setdefault(item.group, []).append(item.code)
    return found


def test_new_donors_come_after_the_known_ones_unless_the_file_gives_their_order(store, tmp_path):
    mission = listed(store)
    first = write_text(
        tmp_path / "donantes.csv",
        [
            "Código,Nombre (inglés),Nombre (español),Tipo,Desde,Hasta",
            "new-fund,New Fund,Fondo Nuevo,direct,2024-01-01,",
            "late-fund,Late Fund,Fondo Tardío,general,2024-06-01,",
            "other-fund,Other Fund,Otro Fondo,direct,2023-01-01,",
        ],
    )
    report = import_file(store, first, "donors")
    assert (report.inserted, report.rows_rejected) == (3, 0), report.issues
    # in the order of the file, after the mission file's donors (not before them)
    in_file_order = {
        "direct": mission["direct"] + ["new-fund", "other-fund"],
        "general": mission["general"] + ["late-fund"],
    }
    assert listed(store) == in_file_order
    again = import_file(store, first, "donors")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert listed(store) == in_file_order  # a known donor keeps its place

    ordered = write_text(
        tmp_path / "donors-order.csv",
        [
            "Code,Name (English),Name (Spanish),Type,From,Until,Order",
            "new-fund,New Fund,Fondo Nuevo,direct,2024-01-01,,1",
            "other-fund,Other Fund,Otro Fondo,direct,2023-01-01,,",
            "odd-fund,Odd Fund,Fondo Raro,direct,2023-01-01,,0",
            "bad-fund,Bad Fund,Fondo Malo,direct,2023-01-01,,first",
        ],
    )
    report = import_file(store, ordered, "donors")
    assert [(i.row, i.column, i.code) for i in report.issues] == [
        (4, "Order", "out-of-range"),
        (5, "Order", "invalid-number"),
    ]
    assert (report.updated, report.unchanged) == (1, 1)
    # place 1, shared with the mission file's first direct donor: the code decides
    first_two = sorted(["new-fund", mission["direct"][0]])
    assert listed(store)["direct"] == first_two + mission["direct"][1:] + ["other-fund"]

    undo_batch(store, report.batch_id)
    assert listed(store) == in_file_order
