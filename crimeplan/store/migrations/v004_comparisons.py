"""Version 4: comparisons and surveys — peer groups (with the board paper's comparator set), the
Home Office recorded-crime table, survey results, funding lines and external indicators."""

from crimeplan.store.migrations.base import Migration

MIGRATION = Migration(4, "peer groups, Home Office PRC, survey results, funding, external indicators", (
    """CREATE TABLE peer_groups (
        group_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        focal TEXT,
        level TEXT NOT NULL,
        source TEXT
    )""",
    """CREATE TABLE peer_group_members (
        group_id TEXT NOT NULL,
        member TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (group_id, member)
    )""",
    # The comparator set of the May 2014 board paper (paragraphs 5, 72, 106, 112): narrower than
    # an official most similar group of up to eight forces.
    """INSERT INTO peer_groups (group_id, name, kind, focal, level, source) VALUES ('wmp-paper',
        'West Midlands and the forces the board paper compares it with', 'comparator', 'west-midlands',
        'force', 'Strategic Policing and Crime Board, 13 May 2014, paragraphs 5 and 112')""",
    """INSERT INTO peer_group_members (group_id, member, position) VALUES
        ('wmp-paper', 'west-midlands', 1), ('wmp-paper', 'greater-manchester', 2),
        ('wmp-paper', 'merseyside', 3), ('wmp-paper', 'west-yorkshire', 4)""",
    """CREATE TABLE home_office_prc (
        financial_year TEXT NOT NULL,
        quarter INTEGER NOT NULL,
        force TEXT,
        force_name TEXT NOT NULL,
        offence_code TEXT NOT NULL,
        offence_description TEXT,
        offence_group TEXT,
        offence_subgroup TEXT,
        offences BIGINT NOT NULL,
        load_id INTEGER NOT NULL
    )""",
    "CREATE INDEX home_office_prc_year ON home_office_prc (financial_year, force)",
    """CREATE TABLE survey_results (
        survey TEXT NOT NULL,
        question TEXT NOT NULL,
        period_start DATE NOT NULL,
        period_end DATE NOT NULL,
        area_code TEXT NOT NULL,
        n INTEGER NOT NULL,
        positive INTEGER NOT NULL,
        source TEXT NOT NULL,
        load_id INTEGER NOT NULL
    )""",
    "CREATE INDEX survey_results_key ON survey_results (survey, question, area_code, period_start)",
    """CREATE TABLE funding_lines (
        programme TEXT NOT NULL,
        year TEXT NOT NULL,
        line_no INTEGER NOT NULL,
        line TEXT NOT NULL,
        kind TEXT NOT NULL,
        amount_pence BIGINT NOT NULL,
        area_code TEXT,
        outcome TEXT,
        deliverable TEXT,
        note TEXT,
        load_id INTEGER NOT NULL
    )""",
    """CREATE TABLE external_indicators (
        indicator TEXT NOT NULL,
        name TEXT NOT NULL,
        source TEXT NOT NULL,
        published DATE NOT NULL,
        area_code TEXT,
        area_name TEXT NOT NULL,
        value DOUBLE PRECISION,
        rank INTEGER,
        peer_size INTEGER,
        unit TEXT,
        better TEXT,
        note TEXT,
        load_id INTEGER NOT NULL
    )""",
))
