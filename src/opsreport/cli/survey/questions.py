"""opsreport survey questions: the questions of an instrument, in the language of --lang."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from opsreport.cli.i18n import output_language, tr
from opsreport.cli.survey.common import INSTRUMENT_HELP, Language

HELP = tr(
    "List the questions of an instrument: name, type, label, choices, sensitive flag.\n\n"
    "Sensitive questions (protection and needs) are never published below the suppression "
    "threshold."
)


def register(survey_app: typer.Typer) -> None:
    survey_app.command("questions", help=HELP)(questions)


def questions(
    instrument: str = typer.Argument("fms", help=INSTRUMENT_HELP),
    lang: Language = typer.Option(
        Language(output_language()),
        "--lang",
        "-l",
        help=tr("Language of the labels (default: the interface's)."),
    ),
    markdown: bool = typer.Option(
        False, "--markdown", help=tr("Print Markdown tables of questions and choices (for docs).")
    ),
) -> None:
    from opsreport.survey import load_instrument, questions_markdown

    loaded = load_instrument(instrument)
    if markdown:
        typer.echo(questions_markdown(loaded), nl=False)
        return
    # the table is the command's output: headings and marks follow --lang, like the labels
    words = lang.value
    table = Table(title=f"{loaded.title(words)} ({loaded.code} {loaded.version})")
    for header in (tr("group", lang=words), tr("name", lang=words), tr("type", lang=words)):
        table.add_column(header, no_wrap=True)
    table.add_column(tr("label", lang=words), overflow="fold", ratio=1)
    table.add_column(tr("choices", lang=words), justify="right")
    table.add_column(tr("sensitive", lang=words))
    yes = tr("yes", lang=words)
    for q in loaded.questions:
        table.add_row(
            q.group,
            q.name,
            f"{q.type} {q.list_name}" if q.list_name else q.type,
            q.label(words) if q.asked else "",
            str(len(q.choices)) if q.is_select else "",
            yes if q.sensitive else "",
        )
    Console().print(table)
