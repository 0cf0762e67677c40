"""The exception hierarchy of opsreport.

    OpsreportError                 root: the CLI prints its message as one line, exit 1
    ├── ConfigError                settings, database URL, secret key
    ├── StoreError                 the database cannot be opened, migrated or written
    ├── MissionFileError           the mission YAML is invalid (names key and line)
    ├── CatalogueError             an indicator catalogue is invalid (names indicator and key)
    ├── PeriodError                a period string cannot be understood
    ├── ImportError_               a file cannot be read at all (bad rows are data, not errors)
    ├── SurveyError                an instrument or round is invalid
    └── ReportError                a report specification is invalid or cannot be rendered

Bad rows in an imported file are not exceptions: they are issue records kept with the
batch. Exceptions are for misuse and for things that stop the whole operation.
"""


class OpsreportError(Exception):
    """Root of every error opsreport raises on purpose."""


class ConfigError(OpsreportError):
    pass


class StoreError(OpsreportError):
    pass


class MissionFileError(OpsreportError):
    pass


class CatalogueError(OpsreportError):
    pass


class PeriodError(OpsreportError):
    pass


class ImportError_(OpsreportError):  # noqa: N801 - avoid shadowing the builtin
    pass


class SurveyError(OpsreportError):
    pass


class ReportError(OpsreportError):
    pass
