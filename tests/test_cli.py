"""The command line: one-line errors, no tracebacks, --help everywhere, JSON contracts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from crimeplan.cli import cli
from tests.conftest import CITY_2017, require_real_data


def run(*args: str, db: str | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "crimeplan"] + (["--db", db] if db else []) + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, input=stdin, timeout=300)


def _commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,)
        if hasattr(command, "commands"):
            yield from _commands(command, prefix + (name,))


@pytest.mark.parametrize("path", [()] + list(_commands(cli)), ids=lambda p: " ".join(p) or "crimeplan")
def test_every_command_has_help(path):
    from click.testing import CliRunner
    result = CliRunner().invoke(cli, list(path) + ["--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_version():
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("crimeplan, version ")


def test_bad_input_is_one_line_without_traceback_and_debug_shows_it(tmp_path):
    db = str(tmp_path / "x.duckdb")
    bad = tmp_path / "2015-01-city-of-london-street.csv"
    bad.write_text("Crime ID,Month\nabc,2015-01\n", encoding="utf-8")
    out = run("ingest", "police-uk", str(bad), db=db)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and out.stderr.startswith(f"crimeplan: error: {bad}:1: Falls within: missing")
    assert "Traceback" not in out.stderr
    debug = run("--debug", "ingest", "police-uk", str(bad), db=db)
    assert debug.returncode != 0 and "Traceback" in debug.stderr


def test_status_json_contract_after_loading_real_files(tmp_path):
    require_real_data()
    db = str(tmp_path / "x.duckdb")
    loaded = run("ingest", "police-uk", str(CITY_2017 / "2015-01-city-of-london-street.csv"), db=db)
    assert loaded.returncode == 0, loaded.stderr
    assert "rows loaded" in loaded.stdout
    # piped: no progress bar, one line per file
    assert loaded.stderr.startswith("loaded 1/1 2015-01-city-of-london-street.csv: ") and loaded.stderr.count("\n") == 1
    data = json.loads(run("status", "--format", "json", db=db).stdout)
    month = data["forces"]["city-of-london"]["2015-01"]
    assert set(month) == {"crimes", "asb", "by_type", "by_outcome_group", "unknown_outcome_labels", "published"}
    assert month["published"]["outcomes_published"] and month["published"]["crime_types"] == "current"
    assert data["unknown_labels"] == {"outcome": {}}
    assert sum(month["by_type"].values()) == month["crimes"] + month["asb"]
    assert sum(month["by_outcome_group"].values()) == month["crimes"]
    assert data["loads"][0]["checksum"].startswith("sha256:")


def test_milestones_json_matches_the_paper_on_the_demo(tmp_path):
    db = str(tmp_path / "demo.duckdb")
    assert run("demo", "--no-serve", db=db).returncode == 0
    out = run("milestones", "--plan", "wmp-2013-14", "--briefing-date", "2014-04-01", "--format", "json", db=db)
    data = json.loads(out.stdout)
    assert data["current_period"] == {"start": "2013-04-01", "end": "2014-03-31"}
    first = data["rows"][0]
    assert ((first["baseline"], first["current"], first["difference"], first["variance"])
            == (170635, 174526, 3891, 12423))
    assert first["performance"] == pytest.approx(0.0228, abs=1e-4) and first["milestone"] == -0.05
    text = run("milestones", "--briefing-date", "2014-04-01", db=db).stdout
    assert "Reduce Total Recorded Crime  170,635  174,526       3,891       -5 %        2.3 %    12,423" in text
    bad = run("milestones", "--briefing-date", "1 April 2014", db=db)
    assert bad.returncode == 1 and "--briefing-date" in bad.stderr and "Traceback" not in bad.stderr
    area = run("outcomes", "--briefing-date", "2014-04-01", "--area", "la:nowhere", db=db)
    assert area.returncode == 1 and "unknown area 'la:nowhere'" in area.stderr
    spc = json.loads(run("spc", "--measure", "vwi", "--format", "json", db=db).stdout)
    # charted as the milestone table charts it: rebased at the demo's registered change (July 2013)
    vwi = next(r for r in data["rows"] if r["measure"] == "vwi")
    assert spc["variation"] == vwi["assurance"]["variation"] == "common_cause" and len(spc["points"]) == 60
    assert [g["start"] for g in spc["groups"]] == ["2009-04-01", "2013-07-01"]


def test_areas_lists_codes_and_names_and_unknown_names_suggest_the_closest(tmp_path):
    require_real_data()
    from click.testing import CliRunner

    from tests.conftest import LAD_LOOKUP

    db = str(tmp_path / "x.duckdb")
    assert LAD_LOOKUP is not None

    def areas(*args: str):  # in-process: one interpreter start per call would dominate the test
        result = CliRunner().invoke(cli, ["--db", db, *args])
        return result.exit_code, result.output, result.exception

    assert areas("ingest", "areas", str(LAD_LOOKUP))[0] == 0
    every = json.loads(areas("areas", "--format", "json")[1])["areas"]
    forces = [a for a in every if a["level"] == "force"]
    assert {"west-midlands", "btp", "northern-ireland"} <= {a["code"] for a in forces}
    assert len({a["level"] for a in every}) > 1 and all(a["area"] == f"{a['level']}:{a['code']}" for a in every)
    # --force keeps the areas inside the force; --search matches code or name in any case
    inside = json.loads(areas("areas", "--force", "west-midlands", "--format", "json")[1])["areas"]
    names = {a["name"] for a in inside}
    assert "Birmingham" in names and "Leeds" not in names and len(inside) < len(every)
    found = json.loads(areas("areas", "--search", "BIRMINGHAM", "--format", "json")[1])["areas"]
    assert found and all("birmingham" in (a["name"] + a["code"]).lower() for a in found)
    level = found[0]["level"]
    only = json.loads(areas("areas", "--level", level, "--format", "json")[1])["areas"]
    assert only and {a["level"] for a in only} == {level}
    code, text, _ = areas("areas", "--search", "Birmingham")
    assert code == 0 and "Birmingham" in text and found[0]["area"] in text
    code, _, error = areas("areas", "--level", "forse")
    assert code == 1 and "did you mean 'force'" in str(error)
    code, _, error = areas("milestones", "--plan", "police-uk", "--briefing-date", "2019-01-15", "--area",
                           f"{level}:{found[0]['name']}x")
    assert code == 1 and f"did you mean '{found[0]['area']}'" in str(error)
    # the real command line: one line on stderr, pointing to a command that exists
    typo = run("milestones", "--plan", "police-uk", "--briefing-date", "2019-01-15", "--area", "force:west-midland",
               db=db)
    assert typo.returncode == 1 and typo.stderr.count("\n") == 1 and "did you mean 'west-midlands'" in typo.stderr
    assert "see `crimeplan areas --level force`" in typo.stderr
    assert run("areas", "--level", "force", db=db).returncode == 0


def test_spc_analyse_json_in_json_out():
    out = run("spc", "analyse", "--input", "-", stdin=json.dumps({"values": [5, 5, 5, 5, 5]}))
    data = json.loads(out.stdout)
    assert data["groups"][0]["lpl"] == data["groups"][0]["upl"] == 5
    bad = run("spc", "analyse", "--input", "-", stdin="{not json")
    assert bad.returncode == 1 and bad.stderr.startswith("crimeplan: error: <stdin>:1: expected a JSON object")


def test_staffordshire_without_last_year_says_insufficient_data_and_the_plan_follows_the_data(tmp_path):
    """Issue 15: five months of Staffordshire gave a 2017/18 baseline of 0 and a variance of +34,604.
    No --plan: a force with only police.uk data takes the police-uk plan."""
    from tests.conftest import MULTI

    require_real_data()
    db = str(tmp_path / "s.duckdb")
    files = sorted(str(p) for p in MULTI.glob("*/*-staffordshire-street.csv*"))
    assert run("ingest", "police-uk", *files, db=db).returncode == 0
    table = run("milestones", "--briefing-date", "2019-03-01", "--area", "force:staffordshire", db=db)
    assert table.returncode == 0, table.stderr
    assert "Reduce anti-social behaviour" in table.stdout  # the police-uk plan's rows
    assert "insufficient data: 5 of 22 months loaded (2017/18 not loaded" in table.stdout
    assert "34,604" not in table.stdout and table.stderr == ""
    rows = json.loads(run("milestones", "--briefing-date", "2019-03-01", "--format", "json", db=db).stdout)["rows"]
    assert all(r["complete"] is False and r["variance"] is None and r["projection"] is None for r in rows)
    assert rows[0]["missing_months"][:2] == ["2017-04", "2017-05"] and "2018-10" not in rows[0]["missing_months"]
    csv_text = run("outcomes", "--briefing-date", "2019-03-01", "--format", "csv", db=db).stdout
    assert csv_text.splitlines()[0].endswith("Complete,Missing months,Note") and "insufficient data" in csv_text
    after = run("milestones", "--briefing-date", "2019-07-01", "--format", "json", db=db)
    assert after.returncode == 0
    assert after.stderr == ("warning: briefing date 1 July 2019 is after the data: the latest month loaded for "
                            "Staffordshire Police is February 2019\n")


def test_spc_defaults_to_the_plan_that_fits_the_data_and_keeps_a_possible_gap_unjudged(tmp_path):
    """`spc` takes the plan the data fits, as milestones, outcomes and report do (police-uk for a
    police.uk-only force: `all_crime` is not a measure of wmp-2013-14); City of London's May 2017 ASB,
    counted 0, is on the chart, out of the limits and not a signal."""
    from tests.conftest import CITY_2022

    require_real_data()
    db = str(tmp_path / "c.duckdb")
    files = sorted(str(p) for p in CITY_2022.glob("2017-0[3-7]-*-street.csv"))
    assert run("ingest", "police-uk", *files, db=db).returncode == 0
    out = run("spc", "--measure", "asb", "--area", "force:city-of-london", "--format", "json", db=db)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["months"][2] == "2017-05-01" and data["possible_gaps"] == ["2017-05"]
    gap = data["points"][2]
    assert gap["value"] == 0 and gap["excluded"] is True and gap["rule"] is None
    assert gap["point_type"] == "possible_gap" and data["groups"][0]["excluded"] == [2]
    table = run("spc", "--measure", "asb", "--area", "force:city-of-london", db=db)
    assert table.returncode == 0, table.stderr
    assert "Possible gap in the data: May 2017 (0), plotted but left out of the mean and limits" in table.stdout
    assert run("spc", "--measure", "all_crime", "--area", "force:city-of-london", db=db).returncode == 0
    chosen = run("spc", "--plan", "wmp-2013-14", "--measure", "all_crime", "--area", "force:city-of-london", db=db)
    assert chosen.returncode == 1 and "unknown measure 'all_crime'; plan wmp-2013-14 has" in chosen.stderr
