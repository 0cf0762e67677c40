"""opsreport serve: run the web app (dashboard, report, JSON API) on the store."""

from __future__ import annotations

import typer

from opsreport.cli.i18n import tr

HELP = tr(
    "Run the web app on the store: dashboard, indicator pages, report and JSON API.\n\n"
    "The app is read-only in this version (no login): listen on 127.0.0.1 (the default) "
    "unless the network in front of it is trusted.\n\n"
    "Examples:\n\n"
    "    opsreport serve\n\n"
    "    opsreport --database postgresql+psycopg://user@host/db serve --port 8080"
)


def register(app: typer.Typer) -> None:
    @app.command("serve", help=HELP)
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help=tr("Address to listen on.")),
        port: int = typer.Option(8000, "--port", help=tr("Port to listen on.")),
        reload: bool = typer.Option(
            False, "--reload", help=tr("Restart when the code changes (for development).")
        ),
    ) -> None:
        import os
        from pathlib import Path

        import uvicorn

        import opsreport
        from opsreport.cli.app import open_cli_store, state

        store = open_cli_store()  # fails early, with the usual message, on an empty store
        url = f"http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}/"
        typer.echo(
            tr("opsreport web app on {url} (store: {store}); Ctrl+C stops it.").format(
                url=url, store=store.safe_url
            )
        )
        if reload:
            if state.database:
                os.environ["OPSREPORT_DATABASE_URL"] = state.database
            uvicorn.run(
                "opsreport.web.app:create_app",
                factory=True,
                host=host,
                port=port,
                reload=True,
                reload_dirs=[str(Path(opsreport.__file__).parent)],  # not the whole cwd
                log_level="warning",
            )
            return
        from opsreport.web import create_app

        uvicorn.run(create_app(store), host=host, port=port, log_level="warning")
