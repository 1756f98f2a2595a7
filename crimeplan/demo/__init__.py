"""A deterministic synthetic force shaped like West Midlands Police 2009/10-2013/14.

``generate_demo(seed)`` builds about 0.94 million canonical crime records (April 2009 - March
2014) whose financial-year totals reproduce the board paper of 13 May 2014 exactly (total
recorded crime, burglary dwelling, violence with injury, business crime, vehicle crime, the
2013/14 detection table) and whose monthly shapes carry the patterns the paper describes
(seasonal burglary, the July 2013 spike and step up in violence with injury, the November 2012
step up in shoplifting, the December 2012 step down in vehicle crime). It also returns an area
hierarchy (force -> 7 local authorities -> 10 LPUs -> synthetic LSOAs) and LSOA populations.

``generate_records(n)`` makes any number of canonical records quickly (tests, benchmarks);
``police_uk_rows(n)`` makes rows shaped like a police.uk street-level CSV.

Technique: exact yearly totals per *cell* (a disjoint set of offence codes), distributed to
months by a shape with Poisson noise and largest-remainder rounding (so totals stay exact),
then everything else is generated column-wise with numpy. Targets that must be exact (business
crime, hate crime, detections, solved-and-resolved) are hit by choosing exactly the right number
of records, or by converting a few outcomes after a first random pass.
"""


from __future__ import annotations

from crimeplan.demo.areas import AREA_SCHEMA, POPULATION_SCHEMA
from crimeplan.demo.calibration import DEMO_FORCE, DEMO_TARGETS, FINANCIAL_YEARS
from crimeplan.demo.force import DemoData, generate_demo
from crimeplan.demo.police_uk import police_uk_rows
from crimeplan.demo.records import RECORD_SCHEMA, generate_records

__all__ = ["DemoData", "generate_demo", "generate_records", "police_uk_rows", "RECORD_SCHEMA",
           "AREA_SCHEMA", "POPULATION_SCHEMA", "DEMO_FORCE", "DEMO_TARGETS", "FINANCIAL_YEARS"]
