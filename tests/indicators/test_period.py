"""Periods as people write them: parsing, names in EN/ES, the previous period."""

import datetime as dt

import pytest

from opsreport.errors import PeriodError
from opsreport.indicators import Period

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023-08", D(2023, 8, 1), D(2023, 8, 31)),
        ("2023-08..2023-09", D(2023, 8, 1), D(2023, 9, 30)),
        ("2023Q3", D(2023, 7, 1), D(2023, 9, 30)),
        ("2023", D(2023, 1, 1), D(2023, 12, 31)),
        ("2023-08-01..2023-09-30", D(2023, 8, 1), D(2023, 9, 30)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        (" 2023-08-03..2023-08-10 ", D(2023, 8, 3), D(2023, 8, 10)),
    ],
)
def test_parse(text, start, end):
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    "text",
    ["2023-13", "23-08", "August", "2023Q5", "2023-09..2023-08", "2023-02-30..2023-03-01", ""],
)
def test_parse_rejects_with_the_accepted_forms(text):
    with pytest.raises(PeriodError) as error:
        Period.parse(text)
    message = str(error.value)
    assert "2023-08..2023-09" in message or "before it starts" in message


def test_error_message_names_the_bad_text_and_the_forms():
    with pytest.raises(PeriodError) as error:
        Period.parse("2023-13")
    assert str(error.value) == (
        "'2023-13' is not a period; write 2023-08, 2023-08..2023-09, 2023Q3, 2023 "
        "or 2023-08-01..2023-09-30."
    )


@pytest.mark.parametrize(
    ("text", "en", "es"),
    [
        ("2023-08..2023-09", "August and September 2023", "agosto y septiembre de 2023"),
        ("2023-08", "August 2023", "agosto de 2023"),
        ("2023Q3", "July to September 2023", "julio a septiembre de 2023"),
        ("2023", "2023", "2023"),
        ("2022-12..2023-01", "December 2022 and January 2023", "diciembre de 2022 y enero de 2023"),
    ],
)
def test_label(text, en, es):
    period = Period.parse(text)
    assert period.label("en") == en
    assert period.label("es") == es


@pytest.mark.parametrize(
    ("text", "previous"),
    [
        ("2023-08..2023-09", "2023-06..2023-07"),
        ("2023-08", "2023-07"),
        ("2023-01", "2022-12"),
        ("2023Q1", "2022-10..2022-12"),
        ("2023", "2022"),
        ("2023-03-01..2023-03-10", "2023-02-19..2023-02-28"),
    ],
)
def test_previous_has_the_same_length(text, previous):
    assert Period.parse(text).previous() == Period.parse(previous)


def test_months_lists_every_month_touched():
    assert Period.parse("2023-11..2024-01").months() == [
        D(2023, 11, 1),
        D(2023, 12, 1),
        D(2024, 1, 1),
    ]
    assert Period.parse("2023-08-20..2023-09-05").months() == [D(2023, 8, 1), D(2023, 9, 1)]


def test_text_round_trips():
    for text in ("2023-08", "2023-08..2023-09", "2023", "2023-08-03..2023-08-10"):
        assert str(Period.parse(text)) == text
