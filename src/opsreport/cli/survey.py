"""opsreport survey: the survey instrument (XLSForm / XForm), its questions, the rounds."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

INSTRUMENT_HELP = "A shipped instrument code (fms) or the path of an XLSForm (.xlsx or .yaml)."


class FormFormat(StrEnum):
    xlsx = "xlsx"
    xml = "xml"


class Language(StrEnum):
    en = "en"
    es = "es"


survey_app = typer.Typer(
    name="survey",
    help="Survey instruments (the Flow Monitoring Survey XLSForm) and the rounds in the store.",
    no_args_is_help=True,
)


@survey_app.command("form")
def form(
    instrument: str = typer.Argument("fms", help=INSTRUMENT_HELP),
    format: FormFormat = typer.Option(  # noqa: A002 - the option is called --format
        FormFormat.xlsx,
        "--format",
        "-f",
        help="xlsx: the XLSForm to upload to KoboToolbox or ODK Central; "
        "xml: the XForm converted by pyxform.",
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (default: <code>.xlsx or <code>.xml here)."
    ),
    validate: bool = typer.Option(
        False,
        "--validate",
        help="Also check the form with ODK Validate, as ODK Collect would read it (needs Java).",
    ),
) -> None:
    """Write a survey form ready to deploy on KoboToolbox / ODK.

    Example: opsreport survey form fms --format xlsx -o fms-2023.xlsx
    """
    from opsreport.survey import load_instrument, to_xform, to_xlsx

    console = Console()
    loaded = load_instrument(instrument)
    path = output or Path(f"{loaded.code}.{format.value}")
    warnings: list[str] = []
    xform = to_xform(loaded, warnings, validate=validate)  # the form must convert either way
    for warning in warnings:
        console.print(f"[yellow]pyxform warning:[/] {warning}", highlight=False)
    if format is FormFormat.xlsx:
        to_xlsx(loaded, path)
    else:
        path.write_text(xform, encoding="utf-8")
    console.print(
        f"Wrote {path} ({loaded.title('en')}, version {loaded.version}, "
        f"{len(loaded.questions)} questions)" + (", checked by ODK Validate." if validate else "."),
        highlight=False,
    )


@survey_app.command("questions")
def questions(
    instrument: str = typer.Argument("fms", help=INSTRUMENT_HELP),
    lang: Language = typer.Option(Language.en, "--lang", "-l", help="Language of the labels."),
    markdown: bool = typer.Option(
        False, "--markdown", help="Print Markdown tables of questions and choices (for docs)."
    ),
) -> None:
    """List the questions of an instrument: name, type, label, choices, sensitive flag.

    Sensitive questions (protection and needs) are never published below the
    suppression threshold.
    """
    from opsreport.survey import load_instrument, questions_markdown

    loaded = load_instrument(instrument)
    if markdown:
        typer.echo(questions_markdown(loaded), nl=False)
        return
    sensitive_word = "sensible" if lang is Language.es else "sensitive"
    table = Table(title=f"{loaded.title(lang.value)} ({loaded.code} {loaded.version})")
    for header in ("group", "name", "type"):
        table.add_column(header, no_wrap=True)
    table.add_column("label", overflow="fold", ratio=1)
    table.add_column("choices", justify="right")
    table.add_column(sensitive_word)
    for q in loaded.questions:
        table.add_row(
            q.group,
            q.name,
            f"{q.type} {q.list_name}" if q.list_name else q.type,
            q.label(lang.value) if q.asked else "",
            str(len(q.choices)) if q.is_select else "",
            ("sí" if lang is Language.es else "yes") if q.sensitive else "",
        )
    Console().print(table)


@survey_app.command("rounds")
def rounds() -> None:
    """List the survey rounds in the store: fieldwork dates, provinces, responses.

    Screened-out responses (no consent, or already surveyed) are kept and counted here,
    but never enter a share.
    """
    from opsreport.cli.app import open_cli_store
    from opsreport.survey import round_summaries

    console = Console()
    summaries = round_summaries(open_cli_store())
    if not summaries:
        console.print("No survey rounds in the store yet. Import a Kobo export to add one.")
        return
    table = Table(title="Survey rounds")
    for header in ("round", "instrument", "fieldwork", "provinces", "responses", "screened out"):
        justify = "right" if header in ("responses", "screened out") else "left"
        table.add_column(header, justify=justify)
    for summary in summaries:
        table.add_row(
            summary.code,
            summary.instrument,
            f"{summary.fieldwork_start.isoformat()} – {summary.fieldwork_end.isoformat()}",
            " ".join(summary.provinces),
            str(summary.responses),
            str(summary.screened_out),
        )
    console.print(table)


class ResultFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


round_app = typer.Typer(name="round", help="Create survey rounds.", no_args_is_help=True)
survey_app.add_typer(round_app)


def _day(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        from opsreport.errors import SurveyError

        raise SurveyError(f"{option}: '{text}' is not a date; write it as 2023-07-15.") from None


@round_app.command("create")
def round_create(
    code: str = typer.Argument(..., help="The round's code, e.g. fms-2023-07."),
    instrument: str = typer.Option("fms", "--instrument", help=INSTRUMENT_HELP),
    start: str = typer.Option(..., "--start", help="First day of fieldwork (2023-07-03)."),
    end: str = typer.Option(..., "--end", help="Last day of fieldwork (2023-07-28)."),
    provinces: str = typer.Option(
        "", "--provinces", help="P-codes of the provinces surveyed, comma-separated: PA05,PA02."
    ),
) -> None:
    """Create a survey round before importing its responses.

    Example: opsreport survey round create fms-2023-07 --instrument fms --start 2023-07-03
    --end 2023-07-28 --provinces PA05,PA02
    """
    from opsreport.cli.app import open_cli_store
    from opsreport.ingest.batch import current_user
    from opsreport.survey import load_instrument
    from opsreport.survey.rounds import create_round

    codes = [p.strip() for p in provinces.replace(" ", ",").split(",") if p.strip()]
    create_round(
        open_cli_store(),
        code,
        load_instrument(instrument),
        _day(start, "--start"),
        _day(end, "--end"),
        codes,
        actor=current_user(),
    )
    Console().print(f"Created round {code} ({start} – {end}, {' '.join(codes) or 'no provinces'}).")


@survey_app.command("import")
def import_responses(
    file: Path = typer.Argument(..., help="The Kobo / ODK export (.xlsx or .csv)."),
    round_code: str | None = typer.Option(
        None,
        "--round",
        help="The round the responses belong to; created if missing "
        "(default: <instrument>-<month of the first interview>).",
    ),
    instrument: str = typer.Option("fms", "--form", help=INSTRUMENT_HELP),
    sheet: str | None = typer.Option(None, "--sheet", help="Sheet of an .xlsx export."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check only; write nothing."),
    strict: bool = typer.Option(False, "--strict", help="Import nothing if a row is rejected."),
    rejected_out: Path | None = typer.Option(
        None, "--rejected-out", help="Folder for the rejected-rows files (default: beside FILE)."
    ),
) -> None:
    """Import a Kobo / ODK export of a survey form into a round (idempotent by _uuid).

    Example: opsreport survey import fms-julio.xlsx --round fms-2023-07
    """
    from opsreport.cli.app import open_cli_store
    from opsreport.errors import ImportError_
    from opsreport.ingest import import_file
    from opsreport.ingest.kinds.survey_responses import survey_responses_kind
    from opsreport.ingest.rejected import write_rejected
    from opsreport.survey import load_instrument, round_summaries

    console = Console()
    store = open_cli_store()
    kind = survey_responses_kind(load_instrument(instrument), round_code)
    report = import_file(store, file, kind, strict=strict, dry_run=dry_run, sheet=sheet)
    console.print(
        f"{report.file}: {report.rows_read:,} responses read, {report.inserted:,} new, "
        f"{report.updated:,} updated, {report.unchanged:,} unchanged, "
        f"{report.rows_rejected:,} rejected.",
        highlight=False,
    )
    for code, count in report.issue_counts().items():
        console.print(f"  {code}: {count:,}", highlight=False)
    if report.rejected:
        paths = write_rejected(report, rejected_out or file.parent)
        console.print(f"Rejected rows, with what to fix: {paths[0]} and {paths[1].name}.")
    if dry_run:
        console.print("Dry run: nothing was written.")
        return
    if not report.committed:
        raise ImportError_(f"--strict: nothing imported, {report.rows_rejected:,} rows rejected.")
    for summary in round_summaries(store):
        if round_code in (None, summary.code):
            console.print(
                f"Round {summary.code}: {summary.responses:,} responses "
                f"({summary.screened_out:,} screened out), fieldwork "
                f"{summary.fieldwork_start} – {summary.fieldwork_end}, "
                f"{' '.join(summary.provinces)}.",
                highlight=False,
            )


@survey_app.command("results")
def results(
    round_code: str = typer.Argument(..., metavar="ROUND", help="The round's code."),
    by: str | None = typer.Option(
        None, "--by", help="Break down by province, fmp, nationality, sex or age-group."
    ),
    question: list[str] = typer.Option(
        [], "--question", "-q", help="Only this question (repeat for several)."
    ),
    format: ResultFormat = typer.Option(  # noqa: A002 - the option is called --format
        ResultFormat.table, "--format", "-f", help="table, csv, json or xlsx."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="File to write (xlsx needs one; default results.xlsx)."
    ),
    public: bool = typer.Option(
        False,
        "--public",
        help="Suppress counts of sensitive questions below the threshold, as published.",
    ),
    lang: Language = typer.Option(Language.en, "--lang", "-l", help="Language of the labels."),
) -> None:
    """Shares of every choice question of a round, with n, 95% interval and small-n flag.

    Example: opsreport survey results fms-2023-07 --by province --question main_info_source
    """
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


def register(app: typer.Typer) -> None:
    app.add_typer(survey_app)
