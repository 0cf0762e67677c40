"""opsreport survey results: the shares of a round's answers, in the language of --lang.

The tables and messages of the results are output, written in the language of ``--lang``
from the survey package's own catalogue (``opsreport.survey.i18n``, marked ``_``); the
help texts are the command line's (``tr``, the interface language).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from opsreport.cli.i18n import output_language, tr
from opsreport.cli.survey.common import Language


class ResultFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


HELP = tr(
    "Shares of every choice question of a round, with n, 95% interval and small-n flag.\n\n"
    "Example: opsreport survey results fms-2023-07 --by province --question main_info_source"
)


def register(survey_app: typer.Typer) -> None:
    survey_app.command("results", help=HELP)(results)


def results(
    round_code: str = typer.Argument(..., metavar="ROUND", help=tr("The round's code.")),
    by: str | None = typer.Option(
        None, "--by", help=tr("Break down by province, fmp, nationality, sex or age-group.")
    ),
    question: list[str] = typer.Option(
        [], "--question", "-q", help=tr("Only this question (repeat for several).")
    ),
    format: ResultFormat = typer.Option(  # noqa: A002 - the option is called --format
        ResultFormat.table, "--format", "-f", help=tr("table, csv, json or xlsx.")
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help=tr("File to write (xlsx needs one; default results.xlsx).")
    ),
    public: bool = typer.Option(
        False,
        "--public",
        help=tr("Suppress counts of sensitive questions below the threshold, as published."),
    ),
    lang: Language = typer.Option(
        Language(output_language()),
        "--lang",
        "-l",
        help=tr("Language of the labels (default: the interface's)."),
    ),
) -> None:
    from opsreport.cli.app import open_cli_store
    from opsreport.survey import results_export
    from opsreport.survey.i18n import translations
    from opsreport.survey.results import round_results

    _ = translations(lang.value).gettext
    found = round_results(
        open_cli_store(),
        round_code,
        by=by,
        questions=question or None,
        public=public,
        lang=lang.value,
    )
    if format is ResultFormat.xlsx:
        path = results_export.to_xlsx(found, output or Path("results.xlsx"), lang.value)
        Console().print(_("Wrote {path}.").format(path=path), highlight=False)
        return
    if format is not ResultFormat.table:
        text = (results_export.to_csv if format is ResultFormat.csv else results_export.to_json)(
            found, lang.value
        )
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            typer.echo(text, nl=False)
        return
    _print_results(found, lang.value)


def _print_results(found, lang: str) -> None:
    """The round's results as terminal tables, headings in ``lang`` (``--lang``)."""
    from babel.numbers import format_decimal, format_percent

    from opsreport.survey.i18n import N_, translations

    _ = translations(lang).gettext
    dimensions = {d: N_(d) for d in ("province", "fmp", "nationality", "sex", "age-group")}
    by = _(dimensions[found.by]) if found.by in dimensions else found.by

    def number(value: float) -> str:
        return format_decimal(value, locale=lang)

    def percent(value: float) -> str:
        return format_percent(value, locale=lang)

    console = Console()
    console.print(
        _(
            "Round {round} ({instrument}), fieldwork {start} – {end}: {responses} responses, "
            "{screened} screened out (in no share)."
        ).format(
            round=found.round,
            instrument=found.instrument,
            start=found.fieldwork_start,
            end=found.fieldwork_end,
            responses=number(found.responses),
            screened=number(found.screened_out),
        ),
        highlight=False,
    )
    answer = _("answer")
    for q in found.questions:
        marks = [f" [red]{_('sensitive')}[/]" if q.sensitive else ""]
        if q.multiple:
            marks.append(" " + _("(multiple choice: shares may add up to more than 100%)"))
        table = Table(title=f"{q.question}: {q.label(lang)}{''.join(marks)}", title_justify="left")
        if found.by:
            table.add_column(by)
        for header in ("#", answer, _("count"), _("n"), _("share"), _("95% interval"), ""):
            table.add_column(header, justify="left" if header == answer else "right")
        for a in q.answers:
            cells = [str(a.group or "–")] if found.by else []
            if a.suppressed:
                cells += [str(a.rank), a.label(lang), f"<{found.threshold}", number(a.n), "–", "–",
                          ""]  # fmt: skip
            else:
                cells += [
                    str(a.rank),
                    a.label(lang),
                    number(a.count),
                    number(a.n),
                    percent(a.share.value),
                    f"{percent(a.share.low)}–{percent(a.share.high)}",
                    _("small n") if a.share.small_n else "",
                ]
            table.add_row(*cells)
        console.print(table)
    if found.numbers:
        table = Table(title=_("Numbers (quartiles)"), title_justify="left")
        if found.by:
            table.add_column(by)
        question = _("question")
        for header in (question, _("n"), _("Q1"), _("median"), _("Q3")):
            table.add_column(header, justify="left" if header == question else "right")
        for s in found.numbers:
            cells = [str(s.group or "–")] if found.by else []
            cells += [s.question, number(s.n), *(number(v) if v is not None else "–"
                                                 for v in (s.q1, s.median, s.q3))]  # fmt: skip
            table.add_row(*cells)
        console.print(table)
    if any(q.sensitive for q in found.questions) and not found.public:
        warning = _(
            "Sensitive questions are shown in full here: never publish their counts below "
            "{threshold} (use --public)."
        ).format(threshold=found.threshold)
        console.print(f"[red]{warning}[/]")
