"""Statements for comparisons and surveys: peer groups, populations of units, the Home Office
recorded-crime table, survey results, hate-crime detail, funding lines and external indicators.

Parameters are written ``:name`` and bound by the driver (``Store.bind``); nothing is formatted in.
"""

from __future__ import annotations

# -- peer groups ---------------------------------------------------------------------------------
LIST_PEER_GROUPS = """SELECT g.group_id, g.name, g.kind, g.focal, g.level, g.source, count(m.member)
    FROM peer_groups g LEFT JOIN peer_group_members m ON m.group_id = g.group_id
    GROUP BY g.group_id, g.name, g.kind, g.focal, g.level, g.source ORDER BY g.group_id"""
GET_PEER_GROUP = "SELECT group_id, name, kind, focal, level, source FROM peer_groups WHERE group_id = :group_id"
PEER_GROUP_MEMBERS = "SELECT member FROM peer_group_members WHERE group_id = :group_id ORDER BY position"
DELETE_PEER_GROUP_MEMBERS = "DELETE FROM peer_group_members WHERE group_id = :group_id"
DELETE_PEER_GROUP = "DELETE FROM peer_groups WHERE group_id = :group_id"
INSERT_PEER_GROUP = """INSERT INTO peer_groups (group_id, name, kind, focal, level, source)
    VALUES (:group_id, :name, :kind, :focal, :level, :source)"""
INSERT_PEER_GROUP_MEMBER = """INSERT INTO peer_group_members (group_id, member, position)
    VALUES (:group_id, :member, :position)"""

# -- populations of units --------------------------------------------------------------------------
OWN_POPULATION = """SELECT p.year, p.population, l.source, l.details FROM population p
    LEFT JOIN loads l ON l.load_id = p.load_id WHERE p.area_code = :code ORDER BY p.year"""
LSOA_POPULATION = """SELECT p.year, sum(p.population), count(*), min(l.source), min(l.details) FROM area_closure c
    JOIN areas a ON a.code = c.descendant
    JOIN population p ON p.area_code = c.descendant
    LEFT JOIN loads l ON l.load_id = p.load_id
    WHERE c.ancestor = :code AND a.level = 'lsoa' AND c.descendant <> :code
    GROUP BY p.year ORDER BY p.year"""

# -- Home Office police recorded crime -----------------------------------------------------------
DELETE_PRC_YEAR = "DELETE FROM home_office_prc WHERE financial_year = :financial_year"
COUNT_PRC_YEAR = "SELECT count(*) FROM home_office_prc WHERE financial_year = :financial_year"
PRC_YEARS = "SELECT DISTINCT financial_year FROM home_office_prc ORDER BY 1"
PRC_FORCE_TOTALS = """SELECT force, min(force_name), sum(offences), count(DISTINCT quarter)
    FROM home_office_prc
    WHERE financial_year = :financial_year AND force IS NOT NULL
      AND (CAST(:offence_group AS TEXT) IS NULL OR offence_group = :offence_group)
      AND (CAST(:offence_code AS TEXT) IS NULL OR offence_code = :offence_code)
    GROUP BY force ORDER BY force"""
PRC_FORCE_QUARTERS = """SELECT quarter, sum(offences) FROM home_office_prc
    WHERE financial_year = :financial_year AND force = :force GROUP BY quarter ORDER BY quarter"""
PRC_GROUPS = "SELECT DISTINCT offence_group FROM home_office_prc ORDER BY 1"

# -- surveys -------------------------------------------------------------------------------------
DELETE_SURVEY_PERIOD = """DELETE FROM survey_results WHERE survey = :survey AND question = :question
    AND area_code = :area_code AND period_start = :period_start AND period_end = :period_end"""
COUNT_SURVEY_PERIOD = """SELECT count(*) FROM survey_results WHERE survey = :survey AND question = :question
    AND area_code = :area_code AND period_start = :period_start AND period_end = :period_end"""
INSERT_SURVEY_RESULT = """INSERT INTO survey_results (survey, question, period_start, period_end, area_code,
    n, positive, source, load_id)
    VALUES (:survey, :question, :period_start, :period_end, :area_code, :n, :positive, :source, :load_id)"""
SURVEY_RESULTS = """SELECT period_start, period_end, n, positive FROM survey_results
    WHERE survey = :survey AND question = :question AND area_code = :area_code
      AND period_end <= :until AND load_id <= :as_at ORDER BY period_start, period_end"""
"""``as_at``: the last load whose results count (the latest load for the data as it stands)."""
SURVEY_SERIES_LIST = """SELECT survey, question, area_code, min(period_start), max(period_end), count(*),
    sum(n), sum(positive) FROM survey_results GROUP BY survey, question, area_code ORDER BY 1, 2, 3"""
SURVEY_COUNT = "SELECT count(*) FROM survey_results"

# -- hate crime detail ---------------------------------------------------------------------------
_HATE_FROM_FORCE = """FROM crimes WHERE superseded_by IS NULL AND force = :force
    AND recorded_date BETWEEN :start AND :end"""
_HATE_FROM_AREA = """FROM crimes WHERE superseded_by IS NULL AND recorded_date BETWEEN :start AND :end
    AND area_code IN (SELECT descendant FROM area_closure WHERE ancestor = :area)"""
HATE_STRANDS_FORCE = "SELECT hate_strands, count(*) " + _HATE_FROM_FORCE + """
    AND hate_strands IS NOT NULL AND hate_strands <> '' GROUP BY hate_strands"""
HATE_STRANDS_AREA = "SELECT hate_strands, count(*) " + _HATE_FROM_AREA + """
    AND hate_strands IS NOT NULL AND hate_strands <> '' GROUP BY hate_strands"""
HATE_TOTAL_FORCE = "SELECT count(*) " + _HATE_FROM_FORCE
HATE_TOTAL_AREA = "SELECT count(*) " + _HATE_FROM_AREA
# religious hate crime = the strand 'religion' among the comma-separated strands
_RELIGIOUS = " AND position(',religion,' in ',' || hate_strands || ',') > 0"
HATE_ACTUAL_RELIGION_FORCE = "SELECT actual_religion, count(*) " + _HATE_FROM_FORCE + _RELIGIOUS + \
    " GROUP BY actual_religion"
HATE_ACTUAL_RELIGION_AREA = "SELECT actual_religion, count(*) " + _HATE_FROM_AREA + _RELIGIOUS + \
    " GROUP BY actual_religion"
HATE_PERCEIVED_RELIGION_FORCE = "SELECT perceived_religion, count(*) " + _HATE_FROM_FORCE + _RELIGIOUS + \
    " GROUP BY perceived_religion"
HATE_PERCEIVED_RELIGION_AREA = "SELECT perceived_religion, count(*) " + _HATE_FROM_AREA + _RELIGIOUS + \
    " GROUP BY perceived_religion"

# -- funding -------------------------------------------------------------------------------------
DELETE_FUNDING = "DELETE FROM funding_lines WHERE programme = :programme AND year = :year"
INSERT_FUNDING_LINE = """INSERT INTO funding_lines (programme, year, line_no, line, kind, amount_pence,
    area_code, outcome, deliverable, note, load_id)
    VALUES (:programme, :year, :line_no, :line, :kind, :amount_pence, :area_code, :outcome, :deliverable,
    :note, :load_id)"""
FUNDING_LINES = """SELECT line_no, line, kind, amount_pence, area_code, outcome, deliverable, note
    FROM funding_lines WHERE programme = :programme AND year = :year ORDER BY line_no"""
FUNDING_PROGRAMMES = "SELECT DISTINCT programme, year FROM funding_lines ORDER BY programme, year"

# -- external indicators -------------------------------------------------------------------------
DELETE_INDICATOR = "DELETE FROM external_indicators WHERE indicator = :indicator AND published = :published"
INSERT_INDICATOR = """INSERT INTO external_indicators (indicator, name, source, published, area_code,
    area_name, value, rank, peer_size, unit, better, note, load_id)
    VALUES (:indicator, :name, :source, :published, :area_code, :area_name, :value, :rank, :peer_size,
    :unit, :better, :note, :load_id)"""
INDICATOR_LIST = """SELECT indicator, min(name), max(published), count(*) FROM external_indicators
    GROUP BY indicator ORDER BY indicator"""
INDICATOR_LATEST = "SELECT max(published) FROM external_indicators WHERE indicator = :indicator"
INDICATOR_ROWS = """SELECT name, source, published, area_code, area_name, value, rank, peer_size, unit,
    better, note FROM external_indicators WHERE indicator = :indicator AND published = :published
    ORDER BY rank NULLS LAST, area_name"""

TABLE_COUNT = {name: f"SELECT count(*) FROM {name}" for name in (
    "peer_groups", "peer_group_members", "home_office_prc", "survey_results", "funding_lines",
    "external_indicators")}
