"""``generate_demo(seed)``: the deterministic synthetic force, its records hitting the paper's figures exactly."""

from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crimeplan.demo.areas import build_areas
from crimeplan.demo.calibration import (
    BUSINESS,
    CELL_INDEX,
    CELLS,
    DEMO_FORCE,
    EPOCH,
    HATE,
    HATE_CELLS,
    N_MONTHS,
    RELIGION_TABLE,
    RELIGIOUS_HATE,
    VWI,
    VWI_DOMESTIC,
    month_dates,
    monthly_counts,
    yearly_totals,
)
from crimeplan.demo.records import (
    AGG,
    CODE_POS,
    CODEIDX,
    CUM,
    MAXC,
    P_DOM,
    P_SD,
    RELIG_VALUES,
    SD,
    SR,
    STRAND_P_NONREL,
    STRANDS,
    draw,
    draw_outcomes,
    fix_count,
    record_table,
    top_k,
)


@dataclass(frozen=True)
class DemoData:
    records: pa.Table       # canonical records (RECORD_SCHEMA)
    areas: pa.Table         # code, name, level, parent_code (AREA_SCHEMA)
    population: pa.Table    # area_code, year, population (POPULATION_SCHEMA), LSOAs only
    seed: int = 2014



# ---------------------------------------------------------------------------------------------
# the demo force
# ---------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4)
def generate_demo(seed: int = 2014) -> DemoData:
    """The deterministic synthetic West Midlands force (same seed -> identical tables)."""
    rng = np.random.default_rng(seed)
    areas, population, lsoa_codes, lsoa_w = build_areas(rng)
    totals = yearly_totals()
    counts = monthly_counts(rng, totals)
    mdays = month_dates()
    dim = np.diff(mdays)

    n_cells = len(CELLS)
    cell = np.repeat(np.repeat(np.arange(n_cells), N_MONTHS), counts.ravel()).astype(np.int32)
    month = np.repeat(np.tile(np.arange(N_MONTHS), n_cells), counts.ravel())
    rec = mdays[month] + (rng.random(len(cell)) * dim[month]).astype(np.int64)
    order = np.argsort(rec + rng.random(len(rec)) * 0.5, kind="stable")   # shuffle within a day
    cell, month, rec = cell[order], month[order], rec[order]
    n = len(cell)
    fy = month // 12
    fy_lo = mdays[::12][:5]
    fy_hi = mdays[12::12] - 1

    # offence codes and categories
    local = (rng.random(n)[:, None] > CUM[cell]).sum(axis=1)
    code = CODEIDX[cell, np.minimum(local, MAXC - 1)]

    # areas (about 1 in 200 without a location)
    area = np.searchsorted(np.cumsum(lsoa_w), rng.random(n) * (1 - 1e-12))
    area[rng.random(n) < 0.005] = -1

    # domestic flag (VWI share ~30 % to June 2013, higher from the July 2013 step)
    vwi = np.isin(cell, (CELL_INDEX["vwi_other"], CELL_INDEX["msv_vwi"]))
    domestic = (rng.random(n) < P_DOM[cell]) & ~vwi
    dom_w = np.where(month >= 51, 1.6, 1.0)     # VWI: higher domestic share after the step
    for y in range(5):
        pool = np.flatnonzero(vwi & (fy == y))
        domestic[top_k(rng, pool, dom_w[pool], round(VWI_DOMESTIC[y] * VWI[y]))] = True

    # hate crime: exact counts per year from the eligible cells
    hate_w = np.zeros(n_cells)
    for name, w in HATE_CELLS.items():
        hate_w[CELL_INDEX[name]] = w
    strand = np.full(n, -1, dtype=np.int32)
    actual = np.full(n, -1, dtype=np.int32)
    perceived = np.full(n, -1, dtype=np.int32)
    for y in range(5):
        pool = np.flatnonzero((fy == y) & (hate_w[cell] > 0))
        hate = top_k(rng, pool, hate_w[cell[pool]], HATE[y])
        rng.shuffle(hate)
        k_rel = RELIGIOUS_HATE[y]
        rel, other = hate[:k_rel], hate[k_rel:]
        strand[rel] = np.where(rng.random(k_rel) < 0.25, 2, 1)
        strand[other] = draw(rng, len(other), (np.arange(len(STRANDS)), STRAND_P_NONREL))
        if y in RELIGION_TABLE:
            vals = [v for v, k in RELIGION_TABLE[y].items() for _ in range(k)]
        else:
            t = RELIGION_TABLE[3]
            vals = list(rng.choice(list(t), size=k_rel, p=np.array(list(t.values())) / 57))
        assert len(vals) == k_rel
        vi = np.array([RELIG_VALUES.index(v) if v != "Blank" else -1 for v in vals])
        rng.shuffle(vi)
        actual[rel] = vi
        if y == 4:   # perceived religion recorded from 2013/14 (new recording process)
            perceived[rel] = vi
        # racially/religiously aggravated codes for most race/religion hate crimes
        rr = hate[np.isin(strand[hate], (0, 1, 2, 6)) & (rng.random(len(hate)) < 0.6)]
        code[rr] = AGG[cell[rr]]
    is_hate = strand >= 0

    # business flag: shoplifting, business robbery and making off always; the rest exact
    business = ((cell == CELL_INDEX["tfs"]) | (code == CODE_POS["34A"])
                | (code == CODE_POS["49A"]))
    bw = np.zeros(n_cells)
    for name, w in {"bot": 6.0, "theft_other": 1.5, "criminal_damage": 0.25, "tmv": 0.3,
                    "tfmv": 0.3, "theft_person": 0.2, "misc": 0.5, "public_order": 0.5,
                    "bicycle": 0.1, "vwi_other": 0.08, "vwoi": 0.15, "veh_interf": 0.2}.items():
        bw[CELL_INDEX[name]] = w
    rec_bw = bw[cell] * np.where(code == CODE_POS["58B"], 25.0, 1.0)
    for y in range(5):
        pool = np.flatnonzero((fy == y) & ~business & (rec_bw > 0))
        need = BUSINESS[y] - int(business[fy == y].sum())
        business[top_k(rng, pool, rec_bw[pool], need)] = True

    # location type
    u = rng.random(n)
    loc = np.where(u < 0.025, 0, np.where(u < 0.031, 1, np.where(u < 0.033, 2, -1)))

    # outcomes: first pass, then exact detections / solved-and-resolved
    p_sd = P_SD[cell].copy()
    p_sd[is_hate] = 1083 / 2858
    otype, odate = draw_outcomes(rng, cell, rec, p_sd)
    lo, hi = int(fy_lo[4]), int(fy_hi[4])
    up = (np.array([1, 3, 6]), np.array([.7, .2, .1]))
    units = {
        "bdw": np.isin(cell, [CELL_INDEX["bdw"]]),
        "msv": np.isin(cell, [CELL_INDEX["homicide"], CELL_INDEX["msv_vwi"]]),
        "robbery": cell == CELL_INDEX["robbery"],
        "vehicle": np.isin(cell, [CELL_INDEX[c] for c in ("tmv", "tfmv", "veh_interf")]),
        "sso": cell == CELL_INDEX["sso"],
        "hate": is_hate,
    }
    det = {"bdw": 1632, "msv": 1216, "robbery": 1264, "vehicle": 1832, "sso": 692,
           "hate": 1083}
    for name, mask in units.items():
        fix_count(rng, np.flatnonzero(mask), otype, odate, rec, lo, hi, det[name], SD, up,
                   18 if name != "hate" else 16)
    pool = np.flatnonzero((cell == CELL_INDEX["vwi_other"]) & ~is_hate)
    vwi_idx = np.flatnonzero(vwi)
    for y, rate in ((3, 0.451), (4, 0.425)):
        ylo, yhi = int(fy_lo[y]), int(fy_hi[y])
        target = round(rate * VWI[y])
        others = np.setdiff1d(vwi_idx, pool, assume_unique=True)
        t, od = otype[others], odate[others]
        fixed_part = int((np.isin(t, SR) & (od >= ylo) & (od <= yhi)).sum())
        fix_count(rng, pool, otype, odate, rec, ylo, yhi, target - fixed_part, SR,
                   (np.array([8]), np.array([1.0])), 16)

    has_outcome = otype > 0

    # crime ids: WMP-<calendar year>-<7-digit sequence within the year>
    years = np.array([(EPOCH + _dt.timedelta(days=int(d))).year for d in mdays[:-1]])
    rec_year = years[month]
    first = np.searchsorted(rec_year, rec_year, side="left")
    seq = np.arange(n) - first + 1
    crime_id = pc.binary_join_element_wise(
        "WMP", pa.array(rec_year).cast(pa.string()),
        pc.utf8_lpad(pa.array(seq).cast(pa.string()), width=7, padding="0"), "-")

    records = record_table(DEMO_FORCE, crime_id, rec, mdays[month], code, lsoa_codes, area, domestic, business,
                            strand, actual, perceived, loc, otype, has_outcome, odate)
    return DemoData(records=records, areas=areas, population=population, seed=seed)
