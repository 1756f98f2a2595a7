"""Deterministic survey results for the demo force, shaped like the May 2014 board paper.

* **Victim satisfaction, crime** (monthly, 200 victims a month, April 2010 – March 2014): a
  stable process around 86 % until March 2013; then eight months below the average (April –
  November 2013), the step change down the paper reports in December 2013; February 2014 the
  year's high at **87.5 %**; the rolling 12 months to March 2014 **83.8 %** (2,011 of 2,400).
  The four other stages (ease of contact, actions taken, kept informed, treatment) are stable
  series at their own levels.
* **Victim satisfaction, ASB** (monthly, 200 a month): stable around 77.7 % for three years;
  September – November 2013 low (71 %, 70 %, 72 %), the last four months around or above
  average with **March 2014 at 80 %**; rolling 12 months to March 2014 **77.7 %** (1,865 of 2,400).
* **Public confidence ("Feeling the Difference")**: seven waves of 8,400 interviews (16,800 a
  year), January–March and July–September from 2011 to January–March 2014; the last two waves
  **82.4 %**; the average per wave **83.1 %** (the paper: "since October 2010").

The early months are binomial draws from a seeded generator; the months the paper describes are
fixed counts. The paper's "77.7 % for 2013-14" in paragraph 108 repeats the ASB figure and is not
reproduced for crime.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from crimeplan.demo import DEMO_FORCE
from crimeplan.periods import add_months, month_end
from crimeplan.store import Store
from crimeplan.surveys.ingest import SurveyResult, store_results

START = date(2010, 4, 1)
MONTHS = 48                       # April 2010 – March 2014
MONTHLY_N = 200
SEED = 2014
CRIME_EARLY_RATE = 0.86
#: April 2013 – March 2014, positives of 200 (Feb 2014 = 175 = 87.5 %; total 2,011 = 83.8 %)
CRIME_LAST_YEAR = (167, 166, 165, 168, 166, 164, 167, 165, 166, 170, 175, 172)
ASB_EARLY_RATE = 0.777
#: April 2013 – March 2014 (Sep–Nov low; Mar 2014 = 160 = 80 %; total 1,865 = 77.7 %)
ASB_LAST_YEAR = (161, 160, 162, 160, 161, 142, 140, 144, 158, 160, 157, 160)
STAGE_RATES = {"ease_of_contact": 0.95, "actions_taken": 0.81, "kept_informed": 0.76, "treatment": 0.93}
WAVES = ((date(2011, 1, 1), 0.834), (date(2011, 7, 1), 0.836), (date(2012, 1, 1), 0.835),
         (date(2012, 7, 1), 0.833), (date(2013, 1, 1), 0.831), (date(2013, 7, 1), 0.824),
         (date(2014, 1, 1), 0.824))
WAVE_N = 8_400


def _months() -> list[date]:
    return [add_months(START, i) for i in range(MONTHS)]


def _monthly(survey: str, question: str, positives: list[int]) -> list[SurveyResult]:
    return [SurveyResult(survey, question, m, month_end(m), DEMO_FORCE, MONTHLY_N, p)
            for m, p in zip(_months(), positives, strict=True)]


def _early(rng: np.random.Generator, rate: float, count: int) -> list[int]:
    """Binomial months, clipped to ±2 standard errors so the early process has no signal."""
    sd = (MONTHLY_N * rate * (1 - rate)) ** 0.5
    centre = MONTHLY_N * rate
    draws = rng.binomial(MONTHLY_N, rate, size=count)
    return [int(min(max(d, round(centre - 2 * sd)), round(centre + 2 * sd))) for d in draws]


def generate_survey_demo(seed: int = SEED) -> list[SurveyResult]:
    rng = np.random.default_rng(seed)
    early = MONTHS - 12
    out: list[SurveyResult] = []
    out += _monthly("victim_satisfaction_crime", "overall",
                    _early(rng, CRIME_EARLY_RATE, early) + list(CRIME_LAST_YEAR))
    for question, rate in STAGE_RATES.items():
        out += _monthly("victim_satisfaction_crime", question, _early(rng, rate, MONTHS))
    out += _monthly("victim_satisfaction_asb", "overall", _early(rng, ASB_EARLY_RATE, early) + list(ASB_LAST_YEAR))
    for start, rate in WAVES:
        out.append(SurveyResult("confidence", "overall", start, month_end(add_months(start, 2)), DEMO_FORCE,
                                WAVE_N, round(rate * WAVE_N)))
    return out


def load_survey_demo(store: Store, *, seed: int = SEED, loaded_by: str = "unknown") -> dict:
    """Write the demo survey results into ``store`` (one load; reloading replaces them)."""
    results = generate_survey_demo(seed)
    store_results(store, results, source="demo", label=f"crimeplan.surveys.demo seed {seed}",
                  checksum_=f"seed:{seed}", loaded_by=loaded_by, details={"results": len(results)})
    return {"force": DEMO_FORCE, "results": len(results), "surveys": sorted({r.survey for r in results})}
