"""The report: a specification of sections and sentences, phrased in EN/ES, as HTML or PDF.

    from opsreport.report import render_report
    pdf = render_report(store, "2023-08..2023-09", lang="es", fmt="pdf")

The report never reads the store; it asks ``opsreport.indicators.compute`` for the figures
its specification names. ``render_from_results`` renders results computed elsewhere.
"""

from opsreport.report.render import render_from_results, render_report
from opsreport.report.spec import DEFAULT_SPEC, Block, ReportSpec, Section, load_spec

__all__ = [
    "DEFAULT_SPEC",
    "Block",
    "ReportSpec",
    "Section",
    "load_spec",
    "render_from_results",
    "render_report",
]
