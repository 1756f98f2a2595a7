"""Benchmarks (``crimeplan bench``, ``make bench``): never part of the test suite.

Each measurement is printed beside a reference measured in the same run on the same files, as a
ratio, so results compare across machines and commits:

=========================== =====================================================================
measurement                 reference
=========================== =====================================================================
ingest police.uk / records  raw DuckDB ``read_csv`` of the same files into a table; pandas
                            ``read_csv`` of the same files
cube build (DuckDB, Spark)  one hand-written DuckDB ``GROUP BY`` of the records
full plan refresh           the same hand-written ``GROUP BY`` (every milestone, outcome rate and
                            SPC series of the demo plan for every area)
portal latency              none (p50/p95 and requests/s at 20 and 100 concurrent users)
command start-up            ``python -c "import duckdb"`` (on the demo store)
first answers               ``compute_plan`` for the same area (every page type × area level)
SPC charts                  the first chart of the process (the renderer starts)
board paper PDF             its results alone (``compute_plan`` and ``gather``)
=========================== =====================================================================

Every measurement runs in its own Python process, which reports its wall time and its peak
resident memory (VmHWM; the Spark JVMs and the portal server, separate processes, are not
counted). Data sets are generated deterministically into a temporary folder and deleted afterwards.

One module per kind of benchmark (``ingest``, ``cube``, ``refresh``, ``portal``, ``answers``, ``paper``, ``spc``)
beside their ``reference``; ``data`` generates the data sets, ``process`` runs a task in its own
process (``__main__``), ``suite`` runs them all at each size and ``doc`` judges the targets and
writes docs/performance.md.
"""
