"""Honest comparisons: rates per 1,000 with intervals, peer averages with a stated method,
funnel plots and rank intervals (docs/comparisons.md).

* ``rates``: exact Poisson (Garwood), Byar and Wilson intervals, the two-proportion z test.
* ``peers``: peer groups (official most similar groups and user-defined comparator sets) as data.
* ``funnel``: u / u′ (Laney) and p / p′ funnel limits across units.
* ``ranks``: rank intervals by simulation from Poisson draws, with a fixed seed.
* ``units``: counts and populations per unit (forces, or areas inside a force), from the store.
* ``compare``: ``compare_rates`` — the whole comparison as one frozen ``Comparison``.
* ``charts``: funnel and ranked charts as SVG, each with a text alternative.
"""
