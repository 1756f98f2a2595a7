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

import datetime as _dt
import functools
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crimeplan import reference as ref

__all__ = ["DemoData", "generate_demo", "generate_records", "police_uk_rows", "RECORD_SCHEMA",
           "AREA_SCHEMA", "POPULATION_SCHEMA", "DEMO_FORCE", "DEMO_TARGETS", "FINANCIAL_YEARS"]

DEMO_FORCE = "west-midlands"
FINANCIAL_YEARS: tuple[str, ...] = ("2009/10", "2010/11", "2011/12", "2012/13", "2013/14")
_START = _dt.date(2009, 4, 1)
_N_MONTHS = 60
_EPOCH = _dt.date(1970, 1, 1)

#: canonical crime record columns (docs/architecture.md) without load_id
RECORD_SCHEMA = pa.schema([
    ("force", pa.string()), ("crime_id", pa.string()), ("recorded_date", pa.date32()),
    ("month", pa.date32()), ("offence_code", pa.string()), ("category", pa.string()),
    ("area_code", pa.string()), ("domestic", pa.bool_()), ("business", pa.bool_()),
    ("hate_strands", pa.string()), ("actual_religion", pa.string()),
    ("perceived_religion", pa.string()), ("location_type", pa.string()),
    ("outcome_type", pa.int32()), ("outcome_label", pa.string()),
    ("outcome_date", pa.date32()),
])
AREA_SCHEMA = pa.schema([("code", pa.string()), ("name", pa.string()), ("level", pa.string()),
                         ("parent_code", pa.string())])
POPULATION_SCHEMA = pa.schema([("area_code", pa.string()), ("year", pa.int32()),
                               ("population", pa.int64())])

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


@dataclass(frozen=True)
class DemoData:
    records: pa.Table       # canonical records (RECORD_SCHEMA)
    areas: pa.Table         # code, name, level, parent_code (AREA_SCHEMA)
    population: pa.Table    # area_code, year, population (POPULATION_SCHEMA), LSOAs only
    seed: int = 2014


# ---------------------------------------------------------------------------------------------
# areas
# ---------------------------------------------------------------------------------------------

_LAS: tuple[tuple[str, str, int], ...] = (   # code, name, 2011 census population
    ("E08000025", "Birmingham", 1_073_045), ("E08000026", "Coventry", 316_960),
    ("E08000027", "Dudley", 312_925), ("E08000028", "Sandwell", 308_063),
    ("E08000029", "Solihull", 206_674), ("E08000030", "Walsall", 269_323),
    ("E08000031", "Wolverhampton", 249_470),
)
_LPUS: tuple[tuple[str, str, str, int], ...] = (   # code, name, LA code, number of LSOAs
    ("WMLPU01", "Birmingham East", "E08000025", 36),
    ("WMLPU02", "Birmingham North", "E08000025", 34),
    ("WMLPU03", "Birmingham South", "E08000025", 38),
    ("WMLPU04", "Birmingham West & Central", "E08000025", 40),
    ("WMLPU05", "Coventry", "E08000026", 35),
    ("WMLPU06", "Dudley", "E08000027", 30),
    ("WMLPU07", "Sandwell", "E08000028", 32),
    ("WMLPU08", "Solihull", "E08000029", 22),
    ("WMLPU09", "Walsall", "E08000030", 28),
    ("WMLPU10", "Wolverhampton", "E08000031", 28),
)
_POP_YEARS = (2009, 2010, 2011, 2012, 2013)


def _lsoa_list() -> tuple[list[str], list[str], list[str]]:
    codes, names, parents = [], [], []
    k = 0
    for lpu_code, lpu_name, _la, n in _LPUS:
        for i in range(1, n + 1):
            k += 1
            codes.append(f"WMDEMO{k:04d}")
            names.append(f"{lpu_name} {i:03d}")
            parents.append(lpu_code)
    return codes, names, parents


def _largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
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


def _build_areas(rng: np.random.Generator):
    codes, names, parents = _lsoa_list()
    rows_code = [DEMO_FORCE] + [c for c, _, _ in _LAS] + [c for c, *_ in _LPUS] + codes
    rows_name = (["West Midlands Police"] + [n for _, n, _ in _LAS] + [n for _, n, *_ in _LPUS]
                 + names)
    rows_level = ["force"] + ["la"] * len(_LAS) + ["lpu"] * len(_LPUS) + ["lsoa"] * len(codes)
    rows_parent = ([None] + [DEMO_FORCE] * len(_LAS) + [la for _, _, la, _ in _LPUS] + parents)
    areas = pa.table([pa.array(rows_code), pa.array(rows_name), pa.array(rows_level),
                      pa.array(rows_parent, pa.string())], schema=AREA_SCHEMA)

    # populations: LA 2011 totals split over LSOAs, other years by a small growth rate
    lpu_la = {c: la for c, _, la, _ in _LPUS}
    lsoa_la = np.array([lpu_la[p] for p in parents])
    shares = rng.lognormal(0.0, 0.15, len(codes))
    pop_codes: list[str] = []
    pop_years: list[int] = []
    pop_vals: list[int] = []
    pop2011 = np.zeros(len(codes), dtype=np.int64)
    for la_code, _name, la_pop in _LAS:
        idx = np.flatnonzero(lsoa_la == la_code)
        growth = 0.009 if la_code == "E08000025" else 0.005
        for year in _POP_YEARS:
            total = int(round(la_pop * (1 + growth * (year - 2011))))
            vals = _largest_remainder(total, shares[idx])
            if year == 2011:
                pop2011[idx] = vals
            pop_codes.extend(codes[i] for i in idx)
            pop_years.extend([year] * len(idx))
            pop_vals.extend(vals.tolist())
    population = pa.table([pa.array(pop_codes), pa.array(pop_years, pa.int32()),
                           pa.array(pop_vals, pa.int64())], schema=POPULATION_SCHEMA)
    # crime weight per LSOA: population times a skewed "crime intensity"
    intensity = rng.lognormal(0.0, 0.5, len(codes))
    wc = np.array([p == "WMLPU04" for p in parents])
    intensity[np.flatnonzero(wc)[:6]] *= 4.0          # a city-centre hot spot
    crime_w = pop2011 * intensity
    return areas, population, codes, crime_w / crime_w.sum()


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


_CELLS: tuple[_Cell, ...] = (
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
_CELL_INDEX = {c.name: i for i, c in enumerate(_CELLS)}
_HATE_CELLS = {"vwi_other": 1.5, "vwoi": 2.0, "harassment": 4.0, "public_order": 8.0,
               "criminal_damage": 0.6}

# yearly totals (2009/10 .. 2013/14); None = derived (see _yearly_totals)
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
_VWI = (18_900, 18_300, 17_900, 17_841, 19_393)
_VEHICLE = (29_500, 26_500, 24_000, 21_962, 22_369)
_SCALED_1213 = {   # 2012/13 value; earlier years scaled with TRC, 2013/14 given
    "bot": (9_300, 8_900), "vwoi": (13_600, 13_900), "harassment": (5_900, 6_200),
    "sex_other": (950, 1_000), "theft_other": (21_000, 19_800),
    "theft_person": (3_600, 3_500), "bicycle": (3_200, 3_100),
    "criminal_damage": (22_300, 21_500), "drugs": (7_900, 7_400),
    "public_order": (4_500, 4_600), "weapons": (1_850, 1_800),
}
_VWI_DOMESTIC = (0.30, 0.30, 0.30, 0.30, 0.358)   # share of VWI with the domestic flag
_HATE = (2_150, 2_100, 2_050, 2_250, 2_858)
_BUSINESS = (36_200, 35_700, 34_900, 34_297, 35_813)
_RELIGIOUS_HATE = (52, 55, 50, 57, 62)
#: actual religion of religious hate crime victims (board paper table); "Blank" -> null
_RELIGION_TABLE = {
    3: {"Agnostic": 0, "Christianity": 4, "Hinduism": 2, "Islam": 18, "Judaism": 3,
        "Sikhism": 7, "Unknown": 9, "Blank": 14},
    4: {"Agnostic": 1, "Christianity": 6, "Hinduism": 2, "Islam": 27, "Judaism": 1,
        "Sikhism": 5, "Unknown": 4, "Blank": 16},
}


def _yearly_totals() -> np.ndarray:
    """(n_cells, 5) exact yearly totals; misc absorbs the remainder so TRC is exact."""
    tot = np.zeros((len(_CELLS), 5), dtype=np.int64)
    for name, vals in _FIXED.items():
        tot[_CELL_INDEX[name]] = vals
    tot[_CELL_INDEX["vwi_other"]] = np.array(_VWI) - np.array(_FIXED["msv_vwi"])
    tot[_CELL_INDEX["tfmv"]] = (np.array(_VEHICLE) - np.array(_FIXED["tmv"])
                                - np.array(_FIXED["veh_interf"]))
    for name, (v1213, v1314) in _SCALED_1213.items():
        row = [round(v1213 * _TRC[y] / _TRC[3]) for y in range(3)] + [v1213, v1314]
        tot[_CELL_INDEX[name]] = row
    misc = _CELL_INDEX["misc"]
    tot[misc] = np.array(_TRC) - tot.sum(axis=0)
    assert (tot[misc] > 1000).all(), tot[misc]
    return tot


def _month_dates() -> np.ndarray:
    """First day of each of the 60 months plus the month after, as days since the epoch."""
    out = []
    for m in range(_N_MONTHS + 1):
        y, mo = _START.year + (_START.month - 1 + m) // 12, (_START.month - 1 + m) % 12 + 1
        out.append((_dt.date(y, mo, 1) - _EPOCH).days)
    return np.array(out, dtype=np.int64)


_CAL_MONTH = np.array([(3 + m) % 12 + 1 for m in range(_N_MONTHS)])   # 4..12,1..3 repeating


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


def _monthly_counts(rng: np.random.Generator, totals: np.ndarray) -> np.ndarray:
    """(n_cells, 60) monthly counts with exact yearly totals."""
    counts = np.zeros((len(_CELLS), _N_MONTHS), dtype=np.int64)
    vwi_other, msv = _CELL_INDEX["vwi_other"], _CELL_INDEX["msv_vwi"]
    for fy in range(5):
        sl = slice(12 * fy, 12 * fy + 12)
        for ci, cell in enumerate(_CELLS):
            if ci == vwi_other:
                continue
            total = int(totals[ci, fy])
            w = _shape(cell.name, fy) * _trend(totals[ci], fy, cell.name)
            mu = w / w.sum() * total
            counts[ci, sl] = _largest_remainder(total, rng.poisson(mu) + 1e-9)
        # violence with injury: monthly total with its own shape, minus the MSV part
        vwi_total = _VWI[fy]
        mu = _vwi_month_mu(fy)
        mu = mu / mu.sum() * vwi_total
        noisy = mu + rng.normal(0, 1, 12) * np.sqrt(mu) * 0.8
        vwi = _largest_remainder(vwi_total, noisy)
        counts[vwi_other, sl] = vwi - counts[msv, sl]
    assert (counts >= 0).all()
    return counts


# ---------------------------------------------------------------------------------------------
# shared vocabularies
# ---------------------------------------------------------------------------------------------

def _category(code: str) -> str:
    """The police.uk crime type of one of the demo's offence codes (every one is in the reference table)."""
    category = ref.police_uk_category_for_code(code)
    if category is None:
        raise ValueError(f"demo offence code {code!r} has no police.uk crime type")
    return category


_ALL_CODES: tuple[str, ...] = tuple(dict.fromkeys(
    [c for cell in _CELLS for c, _ in cell.codes]
    + [cell.aggravated for cell in _CELLS if cell.aggravated]))
_CODE_POS = {c: i for i, c in enumerate(_ALL_CODES)}
_CATEGORIES: tuple[str, ...] = tuple(sorted({_category(c) for c in _ALL_CODES}))
_CODE_CAT = np.array([_CATEGORIES.index(_category(c)) for c in _ALL_CODES], dtype=np.int32)
_MAXC = max(len(c.codes) for c in _CELLS)
_CUM = np.ones((len(_CELLS), _MAXC))
_CODEIDX = np.zeros((len(_CELLS), _MAXC), dtype=np.int32)
for _i, _cell in enumerate(_CELLS):
    _w = np.array([w for _, w in _cell.codes])
    _CUM[_i, :len(_w)] = np.cumsum(_w) / _w.sum()
    _CODEIDX[_i, :len(_w)] = [_CODE_POS[c] for c, _ in _cell.codes]
    _CODEIDX[_i, len(_w):] = _CODEIDX[_i, len(_w) - 1]
_AGG = np.array([_CODE_POS[c.aggravated] if c.aggravated else -1 for c in _CELLS])
_P_DOM = np.array([c.domestic for c in _CELLS])
_P_SD = np.array([c.sd for c in _CELLS])
_P_CR = np.array([c.cr for c in _CELLS])
_VIOLENT = np.array([c.violent for c in _CELLS])

_STRANDS = ("race", "religion", "race,religion", "disability", "sexual_orientation",
            "transgender", "race,disability")
_STRAND_P_NONREL = np.array([.885, 0, 0, .04, .065, .007, .003])
_RELIG_VALUES: tuple[str, ...] = tuple(r for r in ref.RELIGIONS if r != "Blank")
_LOCATIONS = ("bus", "rail", "metro")

_SD = np.array(sorted(ref.OUTCOME_SETS["sanction_detection"]))
_SR = np.array(sorted(ref.OUTCOME_SETS["solved_and_resolved"]))
_SD_TYPES = np.array([1, 3, 2, 4, 6]), np.array([.62, .19, .06, .06, .07])
_SD_TYPES_DRUGS = np.array([1, 7, 3, 6]), np.array([.40, .32, .20, .08])
_NONSD_ACQ = np.array([18, 14, 15, 16, 10, 20]), np.array([.80, .05, .05, .05, .03, .02])
_NONSD_VIOL = np.array([18, 14, 15, 16, 10, 9, 20]), np.array([.14, .25, .20, .31, .05, .03, .02])
#: a police.uk-style label for each Home Office outcome type used by the demo
_LABEL_FOR_TYPE = {
    1: "Suspect charged", 2: "Offender given a caution", 3: "Offender given a caution",
    4: "Suspect charged as part of another case", 6: "Offender given a penalty notice",
    7: "Offender given a drugs possession warning", 8: "Local resolution",
    9: "Further action is not in the public interest",
    10: "Formal action is not in the public interest", 14: "Unable to prosecute suspect",
    15: "Unable to prosecute suspect", 16: "Unable to prosecute suspect",
    18: "Investigation complete; no suspect identified",
    20: "Action to be taken by another organisation",
}
_LABELS: tuple[str, ...] = tuple(dict.fromkeys(_LABEL_FOR_TYPE.values()))
_LABEL_IDX = np.full(24, -1, dtype=np.int32)
for _t, _l in _LABEL_FOR_TYPE.items():
    _LABEL_IDX[_t] = _LABELS.index(_l)


def _draw(rng, n, values_probs):
    values, probs = values_probs
    return values[np.searchsorted(np.cumsum(probs) / np.sum(probs), rng.random(n))]


def _take(dictionary, idx: np.ndarray, null_mask: np.ndarray | None = None) -> pa.Array:
    """String array from small dictionary and indices (null where mask or idx < 0)."""
    mask = idx < 0 if null_mask is None else (null_mask | (idx < 0))
    ind = pa.array(np.where(mask, 0, idx).astype(np.int32), mask=mask)
    return pc.take(pa.array(list(dictionary), pa.string()), ind)


def _dates(days: np.ndarray, null_mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), pa.int32(), mask=null_mask).cast(pa.date32())


def _topk(rng, idx: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    """k of ``idx`` without replacement, with probability ~ weights (Gumbel top-k)."""
    if k <= 0:
        return idx[:0]
    if k > len(idx):
        raise ValueError("not enough candidates")
    keys = np.log(np.maximum(weights, 1e-300)) - np.log(-np.log(rng.random(len(idx))))
    return idx[np.argpartition(-keys, k - 1)[:k]]


def _outcomes(rng, cell: np.ndarray, rec: np.ndarray, p_sd: np.ndarray):
    """First-pass outcome types and dates (days); type 0 = no outcome."""
    n = len(cell)
    u = rng.random(n)
    sd = u < p_sd
    cr = ~sd & (u < p_sd + _P_CR[cell])
    otype = np.zeros(n, dtype=np.int32)
    drugs = cell == _CELL_INDEX["drugs"]
    otype[sd & ~drugs] = _draw(rng, int((sd & ~drugs).sum()), _SD_TYPES)
    otype[sd & drugs] = _draw(rng, int((sd & drugs).sum()), _SD_TYPES_DRUGS)
    otype[cr] = 8
    rest = ~sd & ~cr
    viol = _VIOLENT[cell]
    otype[rest & viol] = _draw(rng, int((rest & viol).sum()), _NONSD_VIOL)
    otype[rest & ~viol] = _draw(rng, int((rest & ~viol).sum()), _NONSD_ACQ)
    otype[rng.random(n) < 0.02] = 0                          # still under investigation
    lag = rng.exponential(22.0, n) + (rng.random(n) < 0.15) * rng.exponential(110.0, n)
    lag = np.where(otype == 18, rng.exponential(14.0, n), lag)
    odate = rec + 1 + lag.astype(np.int64)
    return otype, odate


def _fix_count(rng, unit: np.ndarray, otype, odate, rec, lo: int, hi: int, target: int,
               positive: np.ndarray, up_types, down_type: int) -> None:
    """Make exactly ``target`` records of ``unit`` have a positive outcome dated in [lo, hi]."""
    t, od, rd = otype[unit], odate[unit], rec[unit]
    is_pos = np.isin(t, positive)
    inwin = is_pos & (od >= lo) & (od <= hi)
    d = int(inwin.sum())
    if d > target:
        pick = _topk(rng, unit[inwin & (rd >= lo)], np.ones(int((inwin & (rd >= lo)).sum())),
                     d - target)
        otype[pick] = down_type
    elif d < target:
        cand = unit[~is_pos & (rd >= lo) & (rd < hi)]
        pick = _topk(rng, cand, np.ones(len(cand)), target - d)
        otype[pick] = _draw(rng, len(pick), up_types)
        lag = 1 + rng.exponential(20.0, len(pick)).astype(np.int64)
        odate[pick] = np.minimum(rec[pick] + lag, hi)


# ---------------------------------------------------------------------------------------------
# the demo force
# ---------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def generate_demo(seed: int = 2014) -> DemoData:
    """The deterministic synthetic West Midlands force (same seed -> identical tables)."""
    rng = np.random.default_rng(seed)
    areas, population, lsoa_codes, lsoa_w = _build_areas(rng)
    totals = _yearly_totals()
    counts = _monthly_counts(rng, totals)
    mdays = _month_dates()
    dim = np.diff(mdays)

    n_cells = len(_CELLS)
    cell = np.repeat(np.repeat(np.arange(n_cells), _N_MONTHS), counts.ravel()).astype(np.int32)
    month = np.repeat(np.tile(np.arange(_N_MONTHS), n_cells), counts.ravel())
    rec = mdays[month] + (rng.random(len(cell)) * dim[month]).astype(np.int64)
    order = np.argsort(rec + rng.random(len(rec)) * 0.5, kind="stable")   # shuffle within a day
    cell, month, rec = cell[order], month[order], rec[order]
    n = len(cell)
    fy = month // 12
    fy_lo = mdays[::12][:5]
    fy_hi = mdays[12::12] - 1

    # offence codes and categories
    local = (rng.random(n)[:, None] > _CUM[cell]).sum(axis=1)
    code = _CODEIDX[cell, np.minimum(local, _MAXC - 1)]

    # areas (about 1 in 200 without a location)
    area = np.searchsorted(np.cumsum(lsoa_w), rng.random(n) * (1 - 1e-12))
    area[rng.random(n) < 0.005] = -1

    # domestic flag (VWI share ~30 % to June 2013, higher from the July 2013 step)
    vwi = np.isin(cell, (_CELL_INDEX["vwi_other"], _CELL_INDEX["msv_vwi"]))
    domestic = (rng.random(n) < _P_DOM[cell]) & ~vwi
    dom_w = np.where(month >= 51, 1.6, 1.0)     # VWI: higher domestic share after the step
    for y in range(5):
        pool = np.flatnonzero(vwi & (fy == y))
        domestic[_topk(rng, pool, dom_w[pool], round(_VWI_DOMESTIC[y] * _VWI[y]))] = True

    # hate crime: exact counts per year from the eligible cells
    hate_w = np.zeros(n_cells)
    for name, w in _HATE_CELLS.items():
        hate_w[_CELL_INDEX[name]] = w
    strand = np.full(n, -1, dtype=np.int32)
    actual = np.full(n, -1, dtype=np.int32)
    perceived = np.full(n, -1, dtype=np.int32)
    for y in range(5):
        pool = np.flatnonzero((fy == y) & (hate_w[cell] > 0))
        hate = _topk(rng, pool, hate_w[cell[pool]], _HATE[y])
        rng.shuffle(hate)
        k_rel = _RELIGIOUS_HATE[y]
        rel, other = hate[:k_rel], hate[k_rel:]
        strand[rel] = np.where(rng.random(k_rel) < 0.25, 2, 1)
        strand[other] = _draw(rng, len(other), (np.arange(len(_STRANDS)), _STRAND_P_NONREL))
        if y in _RELIGION_TABLE:
            vals = [v for v, k in _RELIGION_TABLE[y].items() for _ in range(k)]
        else:
            t = _RELIGION_TABLE[3]
            vals = list(rng.choice(list(t), size=k_rel, p=np.array(list(t.values())) / 57))
        assert len(vals) == k_rel
        vi = np.array([_RELIG_VALUES.index(v) if v != "Blank" else -1 for v in vals])
        rng.shuffle(vi)
        actual[rel] = vi
        if y == 4:   # perceived religion recorded from 2013/14 (new recording process)
            perceived[rel] = vi
        # racially/religiously aggravated codes for most race/religion hate crimes
        rr = hate[np.isin(strand[hate], (0, 1, 2, 6)) & (rng.random(len(hate)) < 0.6)]
        code[rr] = _AGG[cell[rr]]
    is_hate = strand >= 0

    # business flag: shoplifting, business robbery and making off always; the rest exact
    business = ((cell == _CELL_INDEX["tfs"]) | (code == _CODE_POS["34A"])
                | (code == _CODE_POS["49A"]))
    bw = np.zeros(n_cells)
    for name, w in {"bot": 6.0, "theft_other": 1.5, "criminal_damage": 0.25, "tmv": 0.3,
                    "tfmv": 0.3, "theft_person": 0.2, "misc": 0.5, "public_order": 0.5,
                    "bicycle": 0.1, "vwi_other": 0.08, "vwoi": 0.15, "veh_interf": 0.2}.items():
        bw[_CELL_INDEX[name]] = w
    rec_bw = bw[cell] * np.where(code == _CODE_POS["58B"], 25.0, 1.0)
    for y in range(5):
        pool = np.flatnonzero((fy == y) & ~business & (rec_bw > 0))
        need = _BUSINESS[y] - int(business[fy == y].sum())
        business[_topk(rng, pool, rec_bw[pool], need)] = True

    # location type
    u = rng.random(n)
    loc = np.where(u < 0.025, 0, np.where(u < 0.031, 1, np.where(u < 0.033, 2, -1)))

    # outcomes: first pass, then exact detections / solved-and-resolved
    p_sd = _P_SD[cell].copy()
    p_sd[is_hate] = 1083 / 2858
    otype, odate = _outcomes(rng, cell, rec, p_sd)
    lo, hi = int(fy_lo[4]), int(fy_hi[4])
    up = (np.array([1, 3, 6]), np.array([.7, .2, .1]))
    units = {
        "bdw": np.isin(cell, [_CELL_INDEX["bdw"]]),
        "msv": np.isin(cell, [_CELL_INDEX["homicide"], _CELL_INDEX["msv_vwi"]]),
        "robbery": cell == _CELL_INDEX["robbery"],
        "vehicle": np.isin(cell, [_CELL_INDEX[c] for c in ("tmv", "tfmv", "veh_interf")]),
        "sso": cell == _CELL_INDEX["sso"],
        "hate": is_hate,
    }
    det = {"bdw": 1632, "msv": 1216, "robbery": 1264, "vehicle": 1832, "sso": 692,
           "hate": 1083}
    for name, mask in units.items():
        _fix_count(rng, np.flatnonzero(mask), otype, odate, rec, lo, hi, det[name], _SD, up,
                   18 if name != "hate" else 16)
    pool = np.flatnonzero((cell == _CELL_INDEX["vwi_other"]) & ~is_hate)
    vwi_idx = np.flatnonzero(vwi)
    for y, rate in ((3, 0.451), (4, 0.425)):
        ylo, yhi = int(fy_lo[y]), int(fy_hi[y])
        target = round(rate * _VWI[y])
        others = np.setdiff1d(vwi_idx, pool, assume_unique=True)
        t, od = otype[others], odate[others]
        fixed_part = int((np.isin(t, _SR) & (od >= ylo) & (od <= yhi)).sum())
        _fix_count(rng, pool, otype, odate, rec, ylo, yhi, target - fixed_part, _SR,
                   (np.array([8]), np.array([1.0])), 16)

    has_outcome = otype > 0

    # crime ids: WMP-<calendar year>-<7-digit sequence within the year>
    years = np.array([(_EPOCH + _dt.timedelta(days=int(d))).year for d in mdays[:-1]])
    rec_year = years[month]
    first = np.searchsorted(rec_year, rec_year, side="left")
    seq = np.arange(n) - first + 1
    crime_id = pc.binary_join_element_wise(
        "WMP", pa.array(rec_year).cast(pa.string()),
        pc.utf8_lpad(pa.array(seq).cast(pa.string()), width=7, padding="0"), "-")

    records = _record_table(DEMO_FORCE, crime_id, rec, mdays[month], code, lsoa_codes, area, domestic, business,
                            strand, actual, perceived, loc, otype, has_outcome, odate)
    return DemoData(records=records, areas=areas, population=population, seed=seed)


# ---------------------------------------------------------------------------------------------
# any number of records
# ---------------------------------------------------------------------------------------------

def _add_months(d: _dt.date, k: int) -> _dt.date:
    y, m = d.year + (d.month - 1 + k) // 12, (d.month - 1 + k) % 12 + 1
    return _dt.date(y, m, 1)


def _as_date(x) -> _dt.date:
    if isinstance(x, _dt.datetime):
        return x.date()
    if isinstance(x, _dt.date):
        return x
    s = str(x).strip()
    return _dt.date.fromisoformat(s if len(s) > 7 else s + "-01")


def generate_records(n: int, *, seed: int = 0, force: str = "synthetic",
                     start: str | _dt.date = "2015-04-01", months: int = 36) -> pa.Table:
    """``n`` canonical records (RECORD_SCHEMA), deterministic by seed, vectorised.

    Offences follow the demo's 2013/14 mix, dates are uniform over ``months`` months from the
    month of ``start``, areas are the demo's LSOA codes (``WMDEMO0001``...), crime ids are
    ``<force>-<9 digits>``.
    """
    if n < 0 or months < 1:
        raise ValueError("n must be >= 0 and months >= 1")
    rng = np.random.default_rng(seed)
    first = _as_date(start).replace(day=1)
    mdays = np.array([(_add_months(first, k) - _EPOCH).days for k in range(months + 1)],
                     dtype=np.int64)
    dim = np.diff(mdays)
    mix = _yearly_totals()[:, 4].astype(float)
    cell = np.searchsorted(np.cumsum(mix) / mix.sum(), rng.random(n)).astype(np.int32)
    cell = np.minimum(cell, len(_CELLS) - 1)
    month = rng.integers(0, months, n)
    rec = mdays[month] + (rng.random(n) * dim[month]).astype(np.int64)
    local = (rng.random(n)[:, None] > _CUM[cell]).sum(axis=1)
    code = _CODEIDX[cell, np.minimum(local, _MAXC - 1)]
    lsoa_codes = _lsoa_list()[0]
    area = rng.integers(0, len(lsoa_codes), n)
    area[rng.random(n) < 0.005] = -1
    domestic = rng.random(n) < _P_DOM[cell]
    business = (cell == _CELL_INDEX["tfs"]) | (rng.random(n) < 0.1)
    hate_ok = np.isin(cell, [_CELL_INDEX[c] for c in _HATE_CELLS])
    hate = hate_ok & (rng.random(n) < 0.04)
    strand = np.where(hate, _draw(rng, n, (np.arange(len(_STRANDS)),
                                           np.array([.85, .02, .01, .04, .065, .007, .008]))),
                      -1)
    religious = np.isin(strand, (1, 2))
    actual = np.where(religious, rng.integers(-1, len(_RELIG_VALUES), n), -1)
    otype, odate = _outcomes(rng, cell, rec, _P_SD[cell])
    has = otype > 0
    ids = pc.binary_join_element_wise(
        force, pc.utf8_lpad(pa.array(np.arange(1, n + 1)).cast(pa.string()), width=9,
                            padding="0"), "-")
    u = rng.random(n)
    loc = np.where(u < 0.025, 0, np.where(u < 0.031, 1, np.where(u < 0.033, 2, -1)))
    return _record_table(force, ids, rec, mdays[month], code, lsoa_codes, area, domestic, business, strand,
                         actual, actual, loc, otype, has, odate)


def _record_table(force: str, crime_id, rec, month_days, code, lsoa_codes, area, domestic, business, strand,
                  actual, perceived, loc, otype, has_outcome, odate) -> pa.Table:
    """Canonical records from the generators' index arrays (the columns of RECORD_SCHEMA)."""
    return pa.table({
        "force": _take((force,), np.zeros(len(rec), dtype=np.int32)),
        "crime_id": crime_id,
        "recorded_date": _dates(rec),
        "month": _dates(month_days),
        "offence_code": _take(_ALL_CODES, code),
        "category": _take(_CATEGORIES, _CODE_CAT[code]),
        "area_code": _take(lsoa_codes, area),
        "domestic": pa.array(domestic),
        "business": pa.array(business),
        "hate_strands": _take(_STRANDS, strand),
        "actual_religion": _take(_RELIG_VALUES, actual),
        "perceived_religion": _take(_RELIG_VALUES, perceived),
        "location_type": _take(_LOCATIONS, loc),
        "outcome_type": pa.array(otype, pa.int32(), mask=~has_outcome),
        "outcome_label": _take(_LABELS, np.where(has_outcome, _LABEL_IDX[otype], -1)),
        "outcome_date": _dates(odate, ~has_outcome),
    }, schema=RECORD_SCHEMA)


# ---------------------------------------------------------------------------------------------
# police.uk street-level rows
# ---------------------------------------------------------------------------------------------

POLICE_UK_COLUMNS: tuple[str, ...] = (
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")
_STREETS = ("High Street", "Station Road", "Church Lane", "Park Road", "Victoria Road",
            "Green Lane", "Manor Road", "Mill Lane", "School Lane", "Queens Road",
            "Supermarket", "Petrol Station", "Parking Area", "Shopping Area", "Sports/recreation Area",
            "Nightclub", "Hospital", "Bus/coach Station", "Further/higher Educational Building",
            "Theatre/concert Hall")
_PUK_OUTCOMES = (
    ("Investigation complete; no suspect identified", .42), ("Unable to prosecute suspect", .22),
    ("Under investigation", .08), ("Status update unavailable", .05),
    ("Awaiting court outcome", .06), ("Local resolution", .04),
    ("Offender given a caution", .03), ("Court result unavailable", .03),
    ("Formal action is not in the public interest", .02),
    ("Action to be taken by another organisation", .02),
    ("Further investigation is not in the public interest", .01),
    ("Offender given a penalty notice", .005), ("Offender given a drugs possession warning", .005),
)


def _force_name(force: str) -> str:
    try:
        from crimeplan.forces import FORCES
        if force in FORCES:
            return FORCES[force]
    except Exception:  # pragma: no cover - forces module is optional here
        pass
    return " ".join(w.capitalize() for w in force.split("-")) + " Police"


def police_uk_rows(n: int, *, seed: int = 0, force: str = DEMO_FORCE,
                   month: str | _dt.date = "2014-03") -> pa.Table:
    """``n`` rows shaped like a police.uk street-level CSV (12 columns, text except lon/lat).

    About 1 in 4 rows is anti-social behaviour (blank Crime ID and outcome); about 1 in 20 rows
    has no location (no coordinates, "No location", blank LSOA). Blanks are nulls.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = np.random.default_rng(seed)
    m = _as_date(month)
    month_text = f"{m.year:04d}-{m.month:02d}"
    name = _force_name(force)
    mix = _yearly_totals()[:, 4].astype(float)
    crime_p = np.zeros(len(ref.CURRENT_CRIME_TYPES))
    labels = list(ref.CURRENT_CRIME_TYPES)
    for ci, cell in enumerate(_CELLS):
        for c, w in cell.codes:
            crime_p[labels.index(_category(c))] += (
                mix[ci] * w / sum(x for _, x in cell.codes))
    crime_p = crime_p / crime_p.sum() * 0.75
    crime_p[labels.index(ref.ASB_LABEL)] = 0.25
    ctype = _draw(rng, n, (np.arange(len(labels)), crime_p))
    asb = ctype == labels.index(ref.ASB_LABEL)
    # Crime ID: 64 hex characters
    raw = np.frombuffer(rng.bytes(32 * n), dtype=np.uint8).reshape(n, 32)
    hexs = np.array([f"{i:02x}".encode() for i in range(256)], dtype="S2")
    ids = pa.array(hexs[raw].view("S64").ravel() if n else np.array([], "S64"),
                   pa.binary(), mask=asb).cast(pa.string())
    noloc = rng.random(n) < 0.05
    lon = -1.90 + rng.normal(0, 0.12, n)
    lat = 52.48 + rng.normal(0, 0.07, n)
    lsoa_num = rng.integers(0, 1700, n)
    town = np.array(["Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall",
                     "Wolverhampton"], dtype=object)[lsoa_num % 7]
    lsoa_code = pc.binary_join_element_wise(
        "E01", pc.utf8_lpad(pa.array(9000 + lsoa_num).cast(pa.string()), width=6,
                            padding="0"), "")
    lsoa_name = pc.binary_join_element_wise(
        pa.array(town, pa.string()),
        pc.utf8_lpad(pa.array(lsoa_num // 7 + 1).cast(pa.string()), width=3, padding="0"),
        " ")
    lsoa_name = pc.binary_join_element_wise(
        lsoa_name, _take(tuple("ABCDE"), (lsoa_num % 5).astype(np.int32)), "")
    nl = pa.array(noloc)
    street = _take(tuple("On or near " + s for s in _STREETS),
                   rng.integers(0, len(_STREETS), n).astype(np.int32))
    location = pc.if_else(nl, pa.scalar("No location"), street)
    oc_labels = tuple(label for label, _ in _PUK_OUTCOMES)
    oc = _draw(rng, n, (np.arange(len(oc_labels)), np.array([p for _, p in _PUK_OUTCOMES])))
    null_str = pa.nulls(n, pa.string())
    return pa.table({
        "Crime ID": ids,
        "Month": pa.array(np.full(n, month_text, dtype=object), pa.string()),
        "Reported by": pa.array(np.full(n, name, dtype=object), pa.string()),
        "Falls within": pa.array(np.full(n, name, dtype=object), pa.string()),
        "Longitude": pa.array(np.round(lon, 6), pa.float64(), mask=noloc),
        "Latitude": pa.array(np.round(lat, 6), pa.float64(), mask=noloc),
        "Location": location,
        "LSOA code": pc.if_else(nl, pa.scalar(None, pa.string()), lsoa_code),
        "LSOA name": pc.if_else(nl, pa.scalar(None, pa.string()), lsoa_name),
        "Crime type": _take(labels, ctype.astype(np.int32)),
        "Last outcome category": _take(oc_labels, np.where(asb, -1, oc).astype(np.int32)),
        "Context": null_str,
    })
