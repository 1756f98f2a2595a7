"""Canonical crime records from the demo's index arrays, and ``generate_records(n)``: any number of records
quickly (tests, benchmarks), with the demo's 2013/14 offence mix."""

from __future__ import annotations

import datetime as _dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crimeplan import reference as ref
from crimeplan.demo.areas import lsoa_list
from crimeplan.demo.calibration import CELL_INDEX, CELLS, EPOCH, HATE_CELLS, yearly_totals

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

# ---------------------------------------------------------------------------------------------
# shared vocabularies
# ---------------------------------------------------------------------------------------------

def code_category(code: str) -> str:
    """The police.uk crime type of one of the demo's offence codes (every one is in the reference table)."""
    category = ref.police_uk_category_for_code(code)
    if category is None:
        raise ValueError(f"demo offence code {code!r} has no police.uk crime type")
    return category


_ALL_CODES: tuple[str, ...] = tuple(dict.fromkeys(
    [c for cell in CELLS for c, _ in cell.codes]
    + [cell.aggravated for cell in CELLS if cell.aggravated]))
CODE_POS = {c: i for i, c in enumerate(_ALL_CODES)}
_CATEGORIES: tuple[str, ...] = tuple(sorted({code_category(c) for c in _ALL_CODES}))
_CODE_CAT = np.array([_CATEGORIES.index(code_category(c)) for c in _ALL_CODES], dtype=np.int32)
MAXC = max(len(c.codes) for c in CELLS)
CUM = np.ones((len(CELLS), MAXC))
CODEIDX = np.zeros((len(CELLS), MAXC), dtype=np.int32)
for _i, _cell in enumerate(CELLS):
    _w = np.array([w for _, w in _cell.codes])
    CUM[_i, :len(_w)] = np.cumsum(_w) / _w.sum()
    CODEIDX[_i, :len(_w)] = [CODE_POS[c] for c, _ in _cell.codes]
    CODEIDX[_i, len(_w):] = CODEIDX[_i, len(_w) - 1]
AGG = np.array([CODE_POS[c.aggravated] if c.aggravated else -1 for c in CELLS])
P_DOM = np.array([c.domestic for c in CELLS])
P_SD = np.array([c.sd for c in CELLS])
_P_CR = np.array([c.cr for c in CELLS])
_VIOLENT = np.array([c.violent for c in CELLS])

STRANDS = ("race", "religion", "race,religion", "disability", "sexual_orientation",
            "transgender", "race,disability")
STRAND_P_NONREL = np.array([.885, 0, 0, .04, .065, .007, .003])
RELIG_VALUES: tuple[str, ...] = tuple(r for r in ref.RELIGIONS if r != "Blank")
_LOCATIONS = ("bus", "rail", "metro")

SD = np.array(sorted(ref.OUTCOME_SETS["sanction_detection"]))
SR = np.array(sorted(ref.OUTCOME_SETS["solved_and_resolved"]))
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


def draw(rng, n, values_probs):
    values, probs = values_probs
    return values[np.searchsorted(np.cumsum(probs) / np.sum(probs), rng.random(n))]


def take(dictionary, idx: np.ndarray, null_mask: np.ndarray | None = None) -> pa.Array:
    """String array from small dictionary and indices (null where mask or idx < 0)."""
    mask = idx < 0 if null_mask is None else (null_mask | (idx < 0))
    ind = pa.array(np.where(mask, 0, idx).astype(np.int32), mask=mask)
    return pc.take(pa.array(list(dictionary), pa.string()), ind)


def _dates(days: np.ndarray, null_mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype(np.int32), pa.int32(), mask=null_mask).cast(pa.date32())


def top_k(rng, idx: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    """k of ``idx`` without replacement, with probability ~ weights (Gumbel top-k)."""
    if k <= 0:
        return idx[:0]
    if k > len(idx):
        raise ValueError("not enough candidates")
    keys = np.log(np.maximum(weights, 1e-300)) - np.log(-np.log(rng.random(len(idx))))
    return idx[np.argpartition(-keys, k - 1)[:k]]


def draw_outcomes(rng, cell: np.ndarray, rec: np.ndarray, p_sd: np.ndarray):
    """First-pass outcome types and dates (days); type 0 = no outcome."""
    n = len(cell)
    u = rng.random(n)
    sd = u < p_sd
    cr = ~sd & (u < p_sd + _P_CR[cell])
    otype = np.zeros(n, dtype=np.int32)
    drugs = cell == CELL_INDEX["drugs"]
    otype[sd & ~drugs] = draw(rng, int((sd & ~drugs).sum()), _SD_TYPES)
    otype[sd & drugs] = draw(rng, int((sd & drugs).sum()), _SD_TYPES_DRUGS)
    otype[cr] = 8
    rest = ~sd & ~cr
    viol = _VIOLENT[cell]
    otype[rest & viol] = draw(rng, int((rest & viol).sum()), _NONSD_VIOL)
    otype[rest & ~viol] = draw(rng, int((rest & ~viol).sum()), _NONSD_ACQ)
    otype[rng.random(n) < 0.02] = 0                          # still under investigation
    lag = rng.exponential(22.0, n) + (rng.random(n) < 0.15) * rng.exponential(110.0, n)
    lag = np.where(otype == 18, rng.exponential(14.0, n), lag)
    odate = rec + 1 + lag.astype(np.int64)
    return otype, odate


def fix_count(rng, unit: np.ndarray, otype, odate, rec, lo: int, hi: int, target: int,
               positive: np.ndarray, up_types, down_type: int) -> None:
    """Make exactly ``target`` records of ``unit`` have a positive outcome dated in [lo, hi]."""
    t, od, rd = otype[unit], odate[unit], rec[unit]
    is_pos = np.isin(t, positive)
    inwin = is_pos & (od >= lo) & (od <= hi)
    d = int(inwin.sum())
    if d > target:
        pick = top_k(rng, unit[inwin & (rd >= lo)], np.ones(int((inwin & (rd >= lo)).sum())),
                     d - target)
        otype[pick] = down_type
    elif d < target:
        cand = unit[~is_pos & (rd >= lo) & (rd < hi)]
        pick = top_k(rng, cand, np.ones(len(cand)), target - d)
        otype[pick] = draw(rng, len(pick), up_types)
        lag = 1 + rng.exponential(20.0, len(pick)).astype(np.int64)
        odate[pick] = np.minimum(rec[pick] + lag, hi)



# ---------------------------------------------------------------------------------------------
# any number of records
# ---------------------------------------------------------------------------------------------

def _add_months(d: _dt.date, k: int) -> _dt.date:
    y, m = d.year + (d.month - 1 + k) // 12, (d.month - 1 + k) % 12 + 1
    return _dt.date(y, m, 1)


def as_date(x) -> _dt.date:
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
    first = as_date(start).replace(day=1)
    mdays = np.array([(_add_months(first, k) - EPOCH).days for k in range(months + 1)],
                     dtype=np.int64)
    dim = np.diff(mdays)
    mix = yearly_totals()[:, 4].astype(float)
    cell = np.searchsorted(np.cumsum(mix) / mix.sum(), rng.random(n)).astype(np.int32)
    cell = np.minimum(cell, len(CELLS) - 1)
    month = rng.integers(0, months, n)
    rec = mdays[month] + (rng.random(n) * dim[month]).astype(np.int64)
    local = (rng.random(n)[:, None] > CUM[cell]).sum(axis=1)
    code = CODEIDX[cell, np.minimum(local, MAXC - 1)]
    lsoa_codes = lsoa_list()[0]
    area = rng.integers(0, len(lsoa_codes), n)
    area[rng.random(n) < 0.005] = -1
    domestic = rng.random(n) < P_DOM[cell]
    business = (cell == CELL_INDEX["tfs"]) | (rng.random(n) < 0.1)
    hate_ok = np.isin(cell, [CELL_INDEX[c] for c in HATE_CELLS])
    hate = hate_ok & (rng.random(n) < 0.04)
    strand = np.where(hate, draw(rng, n, (np.arange(len(STRANDS)),
                                           np.array([.85, .02, .01, .04, .065, .007, .008]))),
                      -1)
    religious = np.isin(strand, (1, 2))
    actual = np.where(religious, rng.integers(-1, len(RELIG_VALUES), n), -1)
    otype, odate = draw_outcomes(rng, cell, rec, P_SD[cell])
    has = otype > 0
    ids = pc.binary_join_element_wise(
        force, pc.utf8_lpad(pa.array(np.arange(1, n + 1)).cast(pa.string()), width=9,
                            padding="0"), "-")
    u = rng.random(n)
    loc = np.where(u < 0.025, 0, np.where(u < 0.031, 1, np.where(u < 0.033, 2, -1)))
    return record_table(force, ids, rec, mdays[month], code, lsoa_codes, area, domestic, business, strand,
                         actual, actual, loc, otype, has, odate)


def record_table(force: str, crime_id, rec, month_days, code, lsoa_codes, area, domestic, business, strand,
                  actual, perceived, loc, otype, has_outcome, odate) -> pa.Table:
    """Canonical records from the generators' index arrays (the columns of RECORD_SCHEMA)."""
    return pa.table({
        "force": take((force,), np.zeros(len(rec), dtype=np.int32)),
        "crime_id": crime_id,
        "recorded_date": _dates(rec),
        "month": _dates(month_days),
        "offence_code": take(_ALL_CODES, code),
        "category": take(_CATEGORIES, _CODE_CAT[code]),
        "area_code": take(lsoa_codes, area),
        "domestic": pa.array(domestic),
        "business": pa.array(business),
        "hate_strands": take(STRANDS, strand),
        "actual_religion": take(RELIG_VALUES, actual),
        "perceived_religion": take(RELIG_VALUES, perceived),
        "location_type": take(_LOCATIONS, loc),
        "outcome_type": pa.array(otype, pa.int32(), mask=~has_outcome),
        "outcome_label": take(_LABELS, np.where(has_outcome, _LABEL_IDX[otype], -1)),
        "outcome_date": _dates(odate, ~has_outcome),
    }, schema=RECORD_SCHEMA)
