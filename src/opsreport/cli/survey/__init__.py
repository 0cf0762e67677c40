"""opsreport survey: the survey instrument (XLSForm / XForm), its questions, the rounds.

One module per sub-command group: ``form``, ``questions``, ``rounds`` (``rounds`` and
``round create``), ``responses`` (``import``) and ``results``.
"""

from __future__ import annotations

import typer

from opsreport.cli.i18n import tr
from opsreport.cli.survey import form, questions, responses, results, rounds

survey_app = typer.Typer(
    name="survey",
    help=tr("Survey instruments (the Flow Monitoring Survey XLSForm) and the rounds in the store."),
    no_args_is_help=True,
)

for _module in (form, questions, rounds, responses, results):
    _module.register(survey_app)


def register(app: typer.Typer) -> None:
    app.add_typer(survey_app)
