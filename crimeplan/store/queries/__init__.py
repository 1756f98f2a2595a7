"""Every SQL statement crimeplan runs against its store, named and parameterised, in one package.

One module per concern: ``core`` (records, loads, areas, population, staging). Parameters are
written ``:name`` and bound by the driver, never formatted into the text; each backend turns them
into its own placeholder style in one place (``Store.bind``). Staging statements always run on
DuckDB and use ``$name``. Analytics (the metrics) are Ibis expressions compiled per engine.
"""

from crimeplan.store.queries.core import *  # noqa: F401,F403 - the core statements, as crimeplan.store.queries.X
