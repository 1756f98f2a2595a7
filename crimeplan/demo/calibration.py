"""The demo force's calibration: the board paper's figures it reproduces, the cells (disjoint sets of offence
codes) with their exact yearly totals, and the monthly shapes that spread each year over its months
(seasonal burglary, the July 2013 step in violence with injury, ...) with exact largest-remainder rounding."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np

DEMO_FORCE = "west-midlands"
FINANCIAL_YEARS: tuple[str, ...] = ("2009/10", "2010/11", "2011/12", "2012/13", "2013/14")
_START = _dt.date(2009, 4, 1)
N_MONTHS = 60
EPOCH = _dt.date(1970, 1, 1)

#: the board paper's figures the demo reproduces exactly (2012/13, 2013/14)
DEMO_TARGETS = {
    "total_recorded_crime": (170_635, 174_526),
    "burglary_dwelling": (13_559, 12_721),
    "violence_with_injury": (17_841, 19_393),
    "business": (34_297, 35_813),
    "vehicle_crime": (21_962, 22_369),
    # 2013/14 detection table: (recorded, detected)
    "detect_burglary_dwelling": (12_721, 1_632),
    "detect_most_serious_violence": (2_690, 1_216),
    "detect_robbery": (5_372, 1_264),
    "detect_vehicle_crime": (22_369, 1_832),
    "detect_serious_sexual_offences": (2_385, 692),
    "detect_hate": (2_858, 1_083),
    # solved and resolved rate for violence with injury (2012/13, 2013/14)
    "vwi_solved_and_resolved": (0.451, 0.425),
}



def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers proportional to ``weights`` that sum exactly to ``total``."""
    w = np.asarray(weights, dtype=float)
    s = w.sum()
    if s <= 0:
        w = np.ones_like(w)
        s = w.sum()
    q = w * (total / s)
    base = np.floor(q).astype(np.int64)
    rem = int(total - base.sum())
    if rem:
        order = np.argsort(-(q - base), kind="stable")
        base[order[:rem]] += 1
    return base



# ---------------------------------------------------------------------------------------------
# cells: disjoint sets of offence codes with yearly totals
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Cell:
    name: str
    codes: tuple[tuple[str, float], ...]    # (code, weight) for ordinary records
    aggravated: str | None = None           # racially/religiously aggravated code (hate only)
    domestic: float = 0.01                  # probability of the domestic flag
    sd: float = 0.2                         # base sanction-detection rate
    cr: float = 0.03                        # base community-resolution (type 8) rate
    violent: bool = False                   # evidential difficulties rather than no suspect


CELLS: tuple[_Cell, ...] = (
    _Cell("bdw", (("28A", .72), ("28B", .22), ("28C", .03), ("28D", .01), ("29", .02)),
          sd=1632 / 12721, cr=.01),
    _Cell("bot", (("30A", .80), ("30B", .18), ("31", .02)), sd=.08, cr=.01),
    _Cell("homicide", (("1", .70), ("4.1", .28), ("4.2", .02)), domestic=.3, sd=.9, cr=0,
          violent=True),
    _Cell("msv_vwi", (("5D", .55), ("5E", .20), ("2", .06), ("4.4", .14), ("4.8", .03),
                      ("4.9", .01), ("37.1", .01)), domestic=.2, sd=.45, cr=.01, violent=True),
    _Cell("vwi_other", (("8N", .997), ("4.7", .003)), aggravated="8P",
          domestic=.30, sd=.30, cr=.125, violent=True),
    _Cell("vwoi", (("105A", .80), ("3B", .09), ("11A", .06), ("13", .02), ("36", .02),
                   ("3A", .005), ("14", .005)), aggravated="105B", domestic=.35, sd=.25,
          cr=.10, violent=True),
    _Cell("harassment", (("8L", 1.0),), aggravated="8M", domestic=.30, sd=.22, cr=.08,
          violent=True),
    _Cell("sso", (("19C", .34), ("19D", .10), ("19E", .05), ("19F", .03), ("19G", .01),
                  ("19H", .01), ("20A", .26), ("20B", .07), ("17A", .03), ("17B", .02),
                  ("21", .03), ("22A", .02), ("22B", .03)), domestic=.2, sd=692 / 2385, cr=0,
          violent=True),
    _Cell("sex_other", (("88E", .35), ("88A", .10), ("71", .10), ("73", .08), ("23", .10),
                        ("70", .07), ("88C", .15), ("88D", .03), ("72", .02)), domestic=.1,
          sd=.3, cr=.01, violent=True),
    _Cell("robbery", (("34B", .87), ("34A", .13)), sd=1264 / 5372, cr=.01),
    _Cell("tmv", (("48", .90), ("37.2", .10)), sd=.12, cr=.005),
    _Cell("tfmv", (("45", 1.0),), sd=.07, cr=.005),
    _Cell("veh_interf", (("126", 1.0),), sd=.08, cr=.01),
    _Cell("tfs", (("46", 1.0),), sd=.45, cr=.10),
    _Cell("theft_other", (("49", .62), ("49A", .12), ("40", .10), ("41", .04), ("47", .04),
                          ("42", .03), ("43", .03), ("35", .02)), domestic=.03, sd=.10,
          cr=.03),
    _Cell("theft_person", (("39", 1.0),), sd=.05, cr=.01),
    _Cell("bicycle", (("44", 1.0),), sd=.05, cr=.02),
    _Cell("criminal_damage", (("58A", .25), ("58B", .12), ("58C", .38), ("58D", .15),
                              ("56A", .03), ("56B", .07)), aggravated="58J", domestic=.08,
          sd=.12, cr=.06),
    _Cell("drugs", (("92E", .62), ("92D", .15), ("92A", .18), ("92C", .05)), sd=.90, cr=.05),
    _Cell("public_order", (("9A", .93), ("62A", .02), ("66", .05)), aggravated="9B",
          domestic=.05, sd=.35, cr=.08, violent=True),
    _Cell("weapons", (("10D", .50), ("10C", .25), ("10B", .10), ("10A", .03), ("81", .07),
                      ("90", .05)), sd=.80, cr=.05),
    _Cell("misc", (("33", .10), ("54", .12), ("99", .10), ("79", .08), ("80", .02),
                   ("83", .10), ("802", .12), ("61", .05), ("61A", .06), ("59", .06),
                   ("24", .01), ("27", .03), ("86", .05), ("96", .02), ("33A", .03),
                   ("38", .02), ("67", .01), ("69", .01), ("60", .005), ("95", .005)),
          sd=.60, cr=.02),
)
CELL_INDEX = {c.name: i for i, c in enumerate(CELLS)}
HATE_CELLS = {"vwi_other": 1.5, "vwoi": 2.0, "harassment": 4.0, "public_order": 8.0,
               "criminal_damage": 0.6}

# yearly totals (2009/10 .. 2013/14); None = derived (see yearly_totals)
_TRC = (213_290, 197_850, 183_410, 170_635, 174_526)
_FIXED: dict[str, tuple[int, ...]] = {
    "bdw": (17_900, 16_400, 15_100, 13_559, 12_721),
    "homicide": (45, 42, 38, 40, 35),
    "msv_vwi": (2_750, 2_700, 2_620, 2_560, 2_655),
    "robbery": (7_600, 7_000, 6_500, 6_100, 5_372),
    "tmv": (5_900, 5_300, 4_800, 4_300, 4_200),
    "veh_interf": (1_200, 1_100, 1_000, 950, 900),
    "tfs": (12_500, 12_300, 12_200, 13_620, 15_758),
    "sso": (2_250, 2_200, 2_250, 2_300, 2_385),
}
VWI = (18_900, 18_300, 17_900, 17_841, 19_393)
_VEHICLE = (29_500, 26_500, 24_000, 21_962, 22_369)
_SCALED_1213 = {   # 2012/13 value; earlier years scaled with TRC, 2013/14 given
    "bot": (9_300, 8_900), "vwoi": (13_600, 13_900), "harassment": (5_900, 6_200),
    "sex_other": (950, 1_000), "theft_other": (21_000, 19_800),
    "theft_person": (3_600, 3_500), "bicycle": (3_200, 3_100),
    "criminal_damage": (22_300, 21_500), "drugs": (7_900, 7_400),
    "public_order": (4_500, 4_600), "weapons": (1_850, 1_800),
}
VWI_DOMESTIC = (0.30, 0.30, 0.30, 0.30, 0.358)   # share of VWI with the domestic flag
HATE = (2_150, 2_100, 2_050, 2_250, 2_858)
BUSINESS = (36_200, 35_700, 34_900, 34_297, 35_813)
RELIGIOUS_HATE = (52, 55, 50, 57, 62)
#: actual religion of religious hate crime victims (board paper table); "Blank" -> null
RELIGION_TABLE = {
    3: {"Agnostic": 0, "Christianity": 4, "Hinduism": 2, "Islam": 18, "Judaism": 3,
        "Sikhism": 7, "Unknown": 9, "Blank": 14},
    4: {"Agnostic": 1, "Christianity": 6, "Hinduism": 2, "Islam": 27, "Judaism": 1,
        "Sikhism": 5, "Unknown": 4, "Blank": 16},
}


def yearly_totals() -> np.ndarray:
    """(n_cells, 5) exact yearly totals; misc absorbs the remainder so TRC is exact."""
    tot = np.zeros((len(CELLS), 5), dtype=np.int64)
    for name, vals in _FIXED.items():
        tot[CELL_INDEX[name]] = vals
    tot[CELL_INDEX["vwi_other"]] = np.array(VWI) - np.array(_FIXED["msv_vwi"])
    tot[CELL_INDEX["tfmv"]] = (np.array(_VEHICLE) - np.array(_FIXED["tmv"])
                                - np.array(_FIXED["veh_interf"]))
    for name, (v1213, v1314) in _SCALED_1213.items():
        row = [round(v1213 * _TRC[y] / _TRC[3]) for y in range(3)] + [v1213, v1314]
        tot[CELL_INDEX[name]] = row
    misc = CELL_INDEX["misc"]
    tot[misc] = np.array(_TRC) - tot.sum(axis=0)
    assert (tot[misc] > 1000).all(), tot[misc]
    return tot


def month_dates() -> np.ndarray:
    """First day of each of the 60 months plus the month after, as days since the epoch."""
    out = []
    for m in range(N_MONTHS + 1):
        y, mo = _START.year + (_START.month - 1 + m) // 12, (_START.month - 1 + m) % 12 + 1
        out.append((_dt.date(y, mo, 1) - EPOCH).days)
    return np.array(out, dtype=np.int64)


_CAL_MONTH = np.array([(3 + m) % 12 + 1 for m in range(N_MONTHS)])   # 4..12,1..3 repeating


def _shape(name: str, fy: int) -> np.ndarray:
    """Relative monthly weights (12, April..March) for a cell in financial year ``fy``."""
    cal = _CAL_MONTH[:12]
    w = np.ones(12)
    if name == "bdw":
        w = np.where(np.isin(cal, (10, 11, 12, 1)), 1.22,
                     np.where(np.isin(cal, (2, 3, 9)), 1.0, 0.88))
    elif name in ("tmv", "tfmv", "veh_interf") and fy == 3:
        w = np.where(np.arange(12) < 8, 1.12, 1.0)          # step down from December 2012
    elif name == "tfs" and fy == 3:
        w = np.where(np.arange(12) < 7, 1.0, 1.3025)        # step up from November 2012
    return w


def _trend(row: np.ndarray, fy: int, name: str) -> np.ndarray:
    """A gentle within-year trend so earlier years flow into each other without April steps;
    2013/14 is level (the paper calls the monthly levels stable)."""
    if fy == 4 or name == "tfs" or (fy >= 2 and name in ("tmv", "tfmv", "veh_interf")):
        return np.ones(12)
    prev = row[fy - 1] if fy > 0 else row[fy]
    nxt = row[fy + 1]
    g = float(np.clip((nxt - prev) / (row[fy] * (2 if fy > 0 else 1)), -0.3, 0.3))
    return 1 + g * (np.arange(12) - 5.5) / 12


def _vwi_month_mu(fy: int) -> np.ndarray:
    if fy == 4:   # Apr-Jun before the step, spike in July 2013, then ~1,629 a month
        return np.array([1490.0] * 3 + [1890.0] + [1629.0] * 8)
    summer = np.where(np.isin(_CAL_MONTH[:12], (5, 6, 7, 8)), 1.05, 0.975)
    return summer


def monthly_counts(rng: np.random.Generator, totals: np.ndarray) -> np.ndarray:
    """(n_cells, 60) monthly counts with exact yearly totals."""
    counts = np.zeros((len(CELLS), N_MONTHS), dtype=np.int64)
    vwi_other, msv = CELL_INDEX["vwi_other"], CELL_INDEX["msv_vwi"]
    for fy in range(5):
        sl = slice(12 * fy, 12 * fy + 12)
        for ci, cell in enumerate(CELLS):
            if ci == vwi_other:
                continue
            total = int(totals[ci, fy])
            w = _shape(cell.name, fy) * _trend(totals[ci], fy, cell.name)
            mu = w / w.sum() * total
            counts[ci, sl] = largest_remainder(total, rng.poisson(mu) + 1e-9)
        # violence with injury: monthly total with its own shape, minus the MSV part
        vwi_total = VWI[fy]
        mu = _vwi_month_mu(fy)
        mu = mu / mu.sum() * vwi_total
        noisy = mu + rng.normal(0, 1, 12) * np.sqrt(mu) * 0.8
        vwi = largest_remainder(vwi_total, noisy)
        counts[vwi_other, sl] = vwi - counts[msv, sl]
    assert (counts >= 0).all()
    return counts
