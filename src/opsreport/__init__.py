"""opsreport: a mission's operational records in, its monthly operational report out.

The public API is small and re-exported here; everything else is private to its package.
"""

from opsreport.errors import OpsreportError

__version__ = "0.1.0"
__all__ = ["OpsreportError", "__version__"]
