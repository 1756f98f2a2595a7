from __future__ import annotations

import pytest

from crimeplan.compare.compute import compare_prc
from crimeplan.errors import IngestError
from crimeplan.ingest.home_office_prc import ingest_home_office_prc
from crimeplan.ingest.population import ingest_population

HEADER = ("Financial Year,Financial Quarter,Force Name,Offence Description,Offence Group,Offence Subgroup,"
          "Offence Code,Number of Offences\n")


def test_load_replace_and_compare_on_both_stores(store, tmp_path):
    prc = tmp_path / "prc.csv"
    prc.write_text(HEADER + "2017/18,1,Kent,Burglary,Theft offences,Domestic burglary,28A, 1200 \n"
                   "2017/18,2,Kent,Burglary,Theft offences,Domestic burglary,28A,-00 \n"
                   "2017/18,1,Essex,Burglary,Theft offences,Domestic burglary,28A,\"1,500\"\n"
                   "2017/18,1,Essex,Robbery,Robbery,Robbery,34B,-1 \n"
                   "2017/18,1,Action Fraud,Fraud,Fraud offences,Fraud: action fraud,AF, 66776 \n")
    first = ingest_home_office_prc(store, prc)
    assert first["bodies_without_area"] == ["Action Fraud"] and first["forces"] == 2
    assert ingest_home_office_prc(store, prc)["replaced"] == 5
    pops = tmp_path / "pop.csv"
    pops.write_text("area_code,year,population\nkent,2011,1463740\nessex,2011,1724376\n")
    ingest_population(store, pops)
    c = compare_prc(store, "2017/18")
    assert {u.code: u.count for u in c.units} == {"essex": 1_499, "kent": 1_200}
    theft = compare_prc(store, "2017/18", offence_group="Theft offences")
    assert {u.code: u.count for u in theft.units} == {"essex": 1_500, "kent": 1_200}


def test_a_bad_count_names_the_line_and_changes_nothing(duck, tmp_path):
    prc = tmp_path / "prc.csv"
    prc.write_text(HEADER + "2017/18,1,Kent,Burglary,Theft offences,Domestic burglary,28A,12 \n"
                   "2017/18,5,Kent,Burglary,Theft offences,Domestic burglary,28A,12 \n")
    with pytest.raises(IngestError, match=r"prc.csv:3: Financial Quarter: expected 1, 2, 3 or 4, got '5'"):
        ingest_home_office_prc(duck, prc)
    assert duck.scalar("SELECT count(*) FROM home_office_prc") == 0
