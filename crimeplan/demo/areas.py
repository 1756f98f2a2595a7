"""The demo force's areas: force, 7 local authorities, 10 LPUs and synthetic LSOAs, with LSOA populations."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from crimeplan.demo.calibration import DEMO_FORCE, largest_remainder

AREA_SCHEMA = pa.schema([("code", pa.string()), ("name", pa.string()), ("level", pa.string()),
                         ("parent_code", pa.string())])
POPULATION_SCHEMA = pa.schema([("area_code", pa.string()), ("year", pa.int32()),
                               ("population", pa.int64())])

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


def lsoa_list() -> tuple[list[str], list[str], list[str]]:
    codes, names, parents = [], [], []
    k = 0
    for lpu_code, lpu_name, _la, n in _LPUS:
        for i in range(1, n + 1):
            k += 1
            codes.append(f"WMDEMO{k:04d}")
            names.append(f"{lpu_name} {i:03d}")
            parents.append(lpu_code)
    return codes, names, parents



def build_areas(rng: np.random.Generator):
    codes, names, parents = lsoa_list()
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
            vals = largest_remainder(total, shares[idx])
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
