"""The demo mission: IOM Panama with a year of records that reproduce the seed report.

    generate(seed=2023) -> DemoData          the rows, without writing them
    build_demo(store, seed=2023) -> DemoSummary   reference data + records into a store
    reset_store(store)                       empty a store (``opsreport demo --fresh``)

The seed report's figures live only in :mod:`opsreport.demo.targets`; everything else in
opsreport computes them from the records. Nothing outside this package imports it.
"""

from opsreport.demo import targets
from opsreport.demo.build import DemoStoreNotEmpty, DemoSummary, build_demo, reset_store
from opsreport.demo.generate import DemoData, generate

__all__ = [
    "DemoData",
    "DemoStoreNotEmpty",
    "DemoSummary",
    "build_demo",
    "generate",
    "reset_store",
    "targets",
]
