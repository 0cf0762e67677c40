"""Offices, sites and donors imported from the spreadsheets clerks keep of them."""

from __future__ import annotations

from ingest_helpers import count, write_text
from sqlalchemy import select

from opsreport.ingest import import_file, undo_batch
from opsreport.store import models as m


def test_offices_then_sites_checked_against_the_missions_lists(store, tmp_path):
    offices = write_text(
        tmp_path / "oficinas.csv",
        [
            "Código,Nombre (inglés),Nombre (español),Tipo,Unidad,P-código de provincia,"
            "P-código de distrito,Desde,Hasta",
            "david-office,David Office,Oficina de David,sub-office,mission,PA02,PA0201,15/03/2024,",
            "bad-place,Bad,Mala,sub-office,mission,PA02,PA0401,15/03/2024,",
            "bad-type,Bad,Mala,embassy,mission,PA99,,15/03/2024,28/02/2024",
            "pty-country-office,Panama Office,Oficina de Panamá,country-office,mission,"
            "Panamá,,15/01/2001,",
        ],
    )
    report = import_file(store, offices, "offices")
    found = [(i.row, i.column, i.code) for i in report.issues]
    assert found == [
        (3, "P-código de distrito", "district-outside-province"),
        (4, "Tipo", "invalid-type"),
        (4, "P-código de provincia", "unknown-province"),
    ]
    assert (report.inserted, report.updated, report.rows_rejected) == (1, 1, 2)
    with store.session() as session:
        office = session.get(m.Office, "david-office")
        country = session.get(m.Office, "pty-country-office")
    assert (office.admin1_pcode, office.admin2_pcode) == ("PA02", "PA0201")
    assert office.opened_on.isoformat() == "2024-03-15"
    assert country.name_en == "Panama Office"

    sites = write_text(
        tmp_path / "sitios.csv",
        [
            "Code,Name,Type,Province P-code,District P-code,Latitude,Longitude,Office",
            'david-desk,David desk,office,Chiriquí,David,"8,43",-82.43,david-office',
            "far-away,Far,community,PA02,,95,-82,",
            "no-office,Nowhere,community,PA02,,,,the-moon",
        ],
    )
    report = import_file(store, sites, "sites")
    assert [(i.row, i.code) for i in report.issues] == [
        (3, "out-of-range"),
        (4, "unknown-office"),
    ]
    with store.session() as session:
        site = session.get(m.Site, "david-desk")
    assert (site.admin1_pcode, site.admin2_pcode, site.office_code) == (
        "PA02",
        "PA0201",
        "david-office",
    )
    assert (site.latitude, site.longitude) == (8.43, -82.43)

    # a re-import changes nothing; undo puts the country office's name back, removes the new one
    again = import_file(store, offices, "offices")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 2)
    undo_batch(store, report.batch_id)
    with store.session() as session:
        assert session.get(m.Site, "david-desk") is None
    undo_batch(store, store_batch(store, "offices", offices.name))
    with store.session() as session:
        assert session.get(m.Office, "david-office") is None
        assert session.get(m.Office, "pty-country-office").name_en == "Country Office"


def store_batch(store, kind: str, file_name: str) -> int:
    """The first batch of ``kind`` from ``file_name``: the one that inserted and updated."""
    with store.session() as session:
        return session.scalars(
            select(m.ImportBatch.id)
            .where(m.ImportBatch.kind == kind, m.ImportBatch.file_name == file_name)
            .order_by(m.ImportBatch.id)
        ).first()


def test_donors_by_code_with_dates(store, tmp_path):
    before = count(store, "donor")
    donors = write_text(
        tmp_path / "donantes.csv",
        [
            "Código,Nombre (inglés),Nombre (español),Tipo,Desde,Hasta",
            "new-fund,New Fund,Fondo Nuevo,direct,2024-01-01,2024-12-31",
            "late-fund,Late Fund,Fondo Tardío,general,2024-06-01,2024-01-01",
            "odd-fund,Odd Fund,Fondo Raro,loan,2024-01-01,",
        ],
    )
    report = import_file(store, donors, "donors")
    assert [(i.row, i.code) for i in report.issues] == [
        (3, "end-before-start"),
        (4, "invalid-type"),
    ]
    assert report.issues[1].column == "Tipo" and "direct, general" in report.issues[1].message
    assert count(store, "donor") == before + 1
    undo_batch(store, report.batch_id)
    assert count(store, "donor") == before


def test_an_office_in_use_is_not_undone_and_the_template_lists_the_provinces(store, tmp_path):
    import pytest
    from openpyxl import load_workbook

    from opsreport.errors import ImportError_
    from opsreport.ingest import get_kind
    from opsreport.ingest.reference import load_reference
    from opsreport.ingest.template import write_template

    offices = write_text(
        tmp_path / "offices.csv",
        [
            "Code,Name (English),Name (Spanish),Type,Unit,Province P-code,From",
            "colon-office,Colón Office,Oficina de Colón,sub-office,mission,PA04,2024-02-01",
        ],
    )
    batch = import_file(store, offices, "offices").batch_id
    sites = write_text(
        tmp_path / "sites.csv",
        ["Code,Name,Type,Province P-code,Office", "colon-desk,Desk,office,PA04,colon-office"],
    )
    assert import_file(store, sites, "sites").inserted == 1
    with pytest.raises(ImportError_, match="Undo those batches first"):
        undo_batch(store, batch)
    with store.session() as session:
        assert session.get(m.Office, "colon-office") is not None
        assert session.get(m.ImportBatch, batch).status == "complete"

    path = write_template(
        get_kind("offices"), tmp_path / "oficinas.xlsx", lang="es", reference=load_reference(store)
    )
    book = load_workbook(path)
    listed = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)
    assert "P-código de provincia" in listed and "PA04" in listed
