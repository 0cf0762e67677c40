"""The web app: a dashboard, indicator pages, the report and a JSON API over one store.

    from opsreport.web import create_app
    app = create_app(database_url="sqlite:///mission.db")

The app is a thin shell over the library: it asks the indicator layer for figures and
the report layer for reports, and holds no business rule. This first cut is read-only
(no login; see docs/web.md).
"""

from opsreport.web.app import create_app

__all__ = ["create_app"]
