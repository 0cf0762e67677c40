"""Survey instruments (XLSForms shipped as package data), their questions, and rounds.

load_instrument("fms")            the Flow Monitoring Survey shipped with opsreport
load_instrument("my-fms.xlsx")    a mission's modified copy, read from its rows
to_xlsx(instrument, path)         the XLSForm workbook to deploy on KoboToolbox / ODK
to_xform(instrument)              the XForm XML, converted by pyxform
register_instrument(store, inst)  the survey_instrument row (idempotent by code+version)
round_summaries(store)            the rounds in the store with their response counts
round_results(store, code, by=…)  shares with n and intervals of every choice question
"""

from opsreport.survey.answers import Column, choice_names, flag_value, match_columns
from opsreport.survey.convert import to_xform, to_xlsx
from opsreport.survey.instrument import (
    Choice,
    Instrument,
    Question,
    instrument_from_workbook,
    load_instrument,
    shipped_forms,
)
from opsreport.survey.reference import questions_markdown
from opsreport.survey.rounds import (
    RoundSummary,
    create_round,
    register_instrument,
    round_summaries,
)

__all__ = [
    "Choice",
    "Column",
    "Instrument",
    "Question",
    "RoundResults",
    "RoundSummary",
    "choice_names",
    "create_round",
    "flag_value",
    "instrument_from_workbook",
    "load_instrument",
    "match_columns",
    "questions_markdown",
    "register_instrument",
    "round_results",
    "round_summaries",
    "shipped_forms",
    "to_xform",
    "to_xlsx",
]


def __getattr__(name: str):
    """Results load the statistics of the indicator layer (and Ibis): only when asked for,
    so importing opsreport.survey (as the importer does) stays quick."""
    if name in ("RoundResults", "round_results"):
        from opsreport.survey import results

        return getattr(results, name)
    raise AttributeError(f"module 'opsreport.survey' has no attribute '{name}'")
