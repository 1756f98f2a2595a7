"""Reference data as Python data: crime types, outcomes, offence codes and offence groups.

Everything here is a leaf: no I/O, no imports from other crimeplan layers. Definitions that
change over time carry dates (``valid_from`` inclusive, ``valid_to`` inclusive, ``None`` =
open-ended). Sources and caveats are in ``docs/reference-data.md``.

Public names
------------
- ``POLICE_UK_CRIME_TYPES``: label -> :class:`PoliceUkCrimeType` (current and legacy labels);
  ``CURRENT_CRIME_TYPES``, ``LEGACY_CRIME_TYPES``, ``ASB_LABEL``, ``crime_types_on(date)``;
  ``EARLY_CRIME_TYPES`` (the 2010–2011 archive), ``CRIME_TYPE_SCHEMES``, ``crime_type_scheme()``,
  ``computable_on_early_scheme(categories)``.
- ``OUTCOME_TYPES``: number -> :class:`OutcomeType` (Home Office outcome types 1-23).
- ``POLICE_UK_OUTCOMES``: label -> :class:`PoliceUkOutcome` (API labels and the archive's
  ``ARCHIVE_SPELLINGS``); ``OUTCOME_GROUPS``; ``outcome_group_for_label(label)``,
  ``outcome_type_for_label(label)``, ``is_unknown_outcome_label(label)``, ``outcome_spellings(labels)``.
- ``HOME_OFFICE_CODES``: code -> :class:`OffenceCode` (132 codes of the Home Office 2017/18 open
  data plus the individual homicide codes); ``police_uk_category_for_code(code)``.
- ``OFFENCE_GROUPS``: group id -> :class:`OffenceGroup`; ``group_ids()``,
  ``codes_for_groups(ids, on=date)``, ``categories_for_groups(ids)``.
- ``FLAG_MEASURES``, ``HATE_STRANDS``, ``RELIGIONS``.
- ``OUTCOME_SETS`` (sets of Home Office outcome numbers, plus ``police_uk_positive`` = a set of
  police.uk labels), ``POLICE_UK_POSITIVE``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass, field

Date = _dt.date

# ---------------------------------------------------------------------------------------------
# police.uk crime types
# ---------------------------------------------------------------------------------------------

ASB_LABEL = "Anti-social behaviour"


@dataclass(frozen=True)
class PoliceUkCrimeType:
    label: str                    # exactly as written in police.uk CSVs ("Crime type")
    slug: str                     # API slug
    valid_from: Date | None       # first data month the label was used (None = since launch)
    valid_to: Date | None         # last data month (None = still current)
    is_crime: bool = True         # False only for anti-social behaviour
    notes: str = ""

    @property
    def current(self) -> bool:
        return self.valid_to is None

    def valid_on(self, on: Date) -> bool:
        return ((self.valid_from is None or on >= self.valid_from)
                and (self.valid_to is None or on <= self.valid_to))


_D = _dt.date
_SPLIT_2013 = _D(2013, 5, 1)       # police.uk category change (general knowledge, unverified)
_SPLIT_2011 = _D(2011, 9, 1)       # police.uk category expansion (general knowledge, unverified)

_CRIME_TYPE_LIST: tuple[PoliceUkCrimeType, ...] = (
    PoliceUkCrimeType(ASB_LABEL, "anti-social-behaviour", None, None, False,
                      "Not a crime; kept apart in table asb; no outcome, no Crime ID."),
    PoliceUkCrimeType("Bicycle theft", "bicycle-theft", _SPLIT_2013, None,
                      notes="Split out of Other theft (date unverified)."),
    PoliceUkCrimeType("Burglary", "burglary", None, None,
                      notes="Dwelling and non-dwelling (residential and business) burglary."),
    PoliceUkCrimeType("Criminal damage and arson", "criminal-damage-arson", _SPLIT_2011, None),
    PoliceUkCrimeType("Drugs", "drugs", _SPLIT_2011, None),
    PoliceUkCrimeType("Other crime", "other-crime", None, None,
                      notes="Residual category; its content shrank as categories were split "
                            "out (sexual offences moved to Violence and sexual offences)."),
    PoliceUkCrimeType("Other theft", "other-theft", _SPLIT_2011, None),
    PoliceUkCrimeType("Possession of weapons", "possession-of-weapons", _SPLIT_2013, None,
                      notes="Split out of Public disorder and weapons (date unverified)."),
    PoliceUkCrimeType("Public order", "public-order", _SPLIT_2013, None,
                      notes="Split out of Public disorder and weapons (date unverified)."),
    PoliceUkCrimeType("Robbery", "robbery", None, None),
    PoliceUkCrimeType("Shoplifting", "shoplifting", _SPLIT_2011, None),
    PoliceUkCrimeType("Theft from the person", "theft-from-the-person", _SPLIT_2013, None,
                      notes="Split out of Other theft (date unverified)."),
    PoliceUkCrimeType("Vehicle crime", "vehicle-crime", None, None),
    PoliceUkCrimeType("Violence and sexual offences", "violent-crime", _SPLIT_2013, None,
                      notes="Renamed from Violent crime when sexual offences joined it; the API "
                            "slug stayed violent-crime."),
    # legacy labels
    PoliceUkCrimeType("Violent crime", "violent-crime", None, _D(2013, 4, 1),
                      notes="Legacy label, replaced by Violence and sexual offences (date "
                            "unverified)."),
    PoliceUkCrimeType("Public disorder and weapons", "public-disorder-weapons", _SPLIT_2011,
                      _D(2013, 4, 1),
                      notes="Legacy label, split into Public order and Possession of weapons "
                            "(around 2013; date unverified)."),
)

#: label -> PoliceUkCrimeType, current labels first, then legacy ones.
POLICE_UK_CRIME_TYPES: dict[str, PoliceUkCrimeType] = {t.label: t for t in _CRIME_TYPE_LIST}
#: the 14 current labels (including anti-social behaviour), in police.uk's alphabetical order
CURRENT_CRIME_TYPES: tuple[str, ...] = tuple(t.label for t in _CRIME_TYPE_LIST if t.current)
LEGACY_CRIME_TYPES: tuple[str, ...] = tuple(t.label for t in _CRIME_TYPE_LIST if not t.current)
#: every crime label (current and legacy) except anti-social behaviour
CRIME_LABELS: tuple[str, ...] = tuple(t.label for t in _CRIME_TYPE_LIST if t.is_crime)


def crime_types_on(on: Date) -> tuple[str, ...]:
    """Labels police.uk used for data month ``on`` (dates of changes are approximate)."""
    return tuple(t.label for t in _CRIME_TYPE_LIST if t.valid_on(on))


#: The six broad crime types of the early archive (2010–2011, issue 15) and today's types each one
#: holds. "Other crime" then held every type split out later, and sexual offences (today inside
#: Violence and sexual offences), so it and "Violent crime" do not map one-to-one to today's types.
EARLY_CRIME_TYPES: dict[str, tuple[str, ...]] = {
    ASB_LABEL: (ASB_LABEL,),
    "Burglary": ("Burglary",),
    "Robbery": ("Robbery",),
    "Vehicle crime": ("Vehicle crime",),
    "Violent crime": ("Violence and sexual offences",),
    "Other crime": ("Other crime", "Bicycle theft", "Criminal damage and arson", "Drugs", "Other theft",
                    "Possession of weapons", "Public order", "Shoplifting", "Theft from the person",
                    "Violence and sexual offences"),
}

#: Values of ``published.crime_types``: the crime-type scheme of a force-month's rows.
CRIME_TYPE_SCHEMES: dict[str, str] = {
    "current": "today's crime types",
    "legacy": "rows with crime types of before the 2013 change (e.g. Violent crime), kept as written",
    "early": "the 2010–2011 archive's six broad crime types (e.g. Other crime held theft and damage), kept as written",
}


def crime_type_scheme(*, early: bool, legacy_rows: int) -> str:
    """The ``CRIME_TYPE_SCHEMES`` key of a force-month: ``early`` for the 2010–2011 archive format,
    ``legacy`` when some rows carry a legacy label, else ``current``."""
    return "early" if early else "legacy" if legacy_rows else "current"


def computable_on_early_scheme(categories: Iterable[str]) -> bool:
    """Whether a measure of today's ``categories`` can be counted from early-archive rows: every
    early type that holds one of them must hold nothing else (burglary yes; shoplifting, which was
    inside Other crime, no; all crime yes)."""
    wanted = set(categories)
    for holds in EARLY_CRIME_TYPES.values():
        if wanted & set(holds) and not set(holds) <= wanted:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Home Office outcome types (domain.md section 1.2)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OutcomeType:
    number: int
    short_name: str
    group: str             # group name used in Home Office open data (some inferred)
    old_regime: str        # status under the pre-2014 detections regime (a guide only)
    introduced: Date | None = None
    notes: str = ""


_OUTCOME_TYPE_LIST: tuple[OutcomeType, ...] = (
    OutcomeType(1, "Charged / summonsed", "Charged/summonsed", "Sanction detection"),
    OutcomeType(2, "Caution - youths", "Out-of-court (formal)",
                "Sanction detection (was reprimand/final warning)",
                notes="Includes youth conditional caution."),
    OutcomeType(3, "Caution - adults", "Out-of-court (formal)", "Sanction detection",
                notes="Simple or conditional caution."),
    OutcomeType(4, "Taken into consideration", "Taken into consideration", "Sanction detection"),
    OutcomeType(5, "Offender died", "Prosecution prevented / not in public interest",
                "Non-sanction detection (approx.)", notes="Group inferred."),
    OutcomeType(6, "Penalty Notice for Disorder", "Out-of-court (formal)", "Sanction detection"),
    OutcomeType(7, "Cannabis / khat warning", "Out-of-court (formal)",
                "Sanction detection (cannabis warning)", notes="Group inferred."),
    OutcomeType(8, "Community resolution", "Out-of-court (informal)",
                "Not a sanction detection",
                notes="Some forces counted community resolutions as detections before 2013."),
    OutcomeType(9, "Prosecution not in public interest (CPS)",
                "Prosecution prevented / not in public interest",
                "Non-sanction detection in some eras (approx.)", notes="Group inferred."),
    OutcomeType(10, "Formal action not in public interest (police)",
                "Prosecution prevented / not in public interest", "Undetected",
                notes="Group inferred."),
    OutcomeType(11, "Prosecution prevented - suspect under age",
                "Prosecution prevented / not in public interest",
                "Non-sanction detection (approx.)", notes="Group inferred."),
    OutcomeType(12, "Prosecution prevented - suspect too ill",
                "Prosecution prevented / not in public interest",
                "Non-sanction detection (approx.)", notes="Group inferred."),
    OutcomeType(13, "Prosecution prevented - victim/key witness dead or too ill",
                "Prosecution prevented / not in public interest",
                "Non-sanction detection (approx.)", notes="Group inferred."),
    OutcomeType(14, "Evidential difficulties - suspect not identified; victim does not support",
                "Evidential difficulties (victim does not support)", "Undetected"),
    OutcomeType(15, "Evidential difficulties - suspect identified; victim supports",
                "Evidential difficulties (suspect identified; victim supports)", "Undetected"),
    OutcomeType(16, "Evidential difficulties - suspect identified; victim does not support",
                "Evidential difficulties (victim does not support)", "Undetected"),
    OutcomeType(17, "Prosecution time limit expired",
                "Prosecution prevented / not in public interest", "Undetected",
                notes="Group inferred."),
    OutcomeType(18, "Investigation complete - no suspect identified",
                "Investigation complete, no suspect", "Undetected"),
    OutcomeType(19, "National Fraud Intelligence Bureau fraud case", "Fraud only", "n/a"),
    OutcomeType(20, "Responsibility transferred to another body", "Responsibility transferred",
                "n/a", notes="Added after 2014 (date unverified)."),
    OutcomeType(21, "Further investigation not in public interest (police)",
                "Further investigation not in public interest", "n/a", _D(2016, 1, 1),
                "Introduced January 2016."),
    OutcomeType(22, "Diversionary, educational or intervention activity",
                "Diversionary/educational/intervention", "n/a", _D(2019, 4, 1),
                "In force 1 April 2019; voluntary."),
    OutcomeType(23, "Deferred prosecution (children)", "Deferred prosecution", "n/a", None,
                "Recently introduced; date not captured."),
)

#: Home Office outcome number -> OutcomeType. Outcome "0" (not yet assigned) is deliberately
#: absent: it must never enter a denominator of decisions.
OUTCOME_TYPES: dict[int, OutcomeType] = {t.number: t for t in _OUTCOME_TYPE_LIST}

# ---------------------------------------------------------------------------------------------
# police.uk "Last outcome category" labels (domain.md section 1.5)
# ---------------------------------------------------------------------------------------------

#: outcome group ids (values of PoliceUkOutcome.outcome_group), plus the two pseudo-groups
#: returned for blank and unrecognised labels.
OUTCOME_GROUPS: dict[str, str] = {
    "charged": "Charged or summonsed (incl. court results after charge)",
    "out_of_court_formal": "Out-of-court disposal, formal (caution, penalty notice, drugs warning)",
    "out_of_court_informal": "Out-of-court disposal, informal (local/community resolution)",
    "evidential_difficulties": "Evidential difficulties / unable to prosecute",
    "no_suspect": "Investigation complete, no suspect identified",
    "not_in_public_interest": "Formal action or further investigation not in the public interest",
    "transferred": "Action to be taken by another organisation",
    "under_investigation": "Under investigation",
    "status_unavailable": "Status update unavailable (police.uk publishes no outcome for the crime)",
    "unknown": "Label not recognised (named in the load summary and in status)",
    "no_outcome_recorded": "Blank outcome label",
}


@dataclass(frozen=True)
class PoliceUkOutcome:
    label: str                        # exactly as written in police.uk CSVs
    code: str                         # API code
    outcome_group: str                # key of OUTCOME_GROUPS
    outcome_type: int | None          # approximate Home Office outcome type (None if no fit)
    outcome_types: frozenset[int] = field(default_factory=frozenset)   # all plausible types
    positive: bool = False            # member of OUTCOME_SETS["police_uk_positive"]
    notes: str = ""


def _o(label: str, code: str, group: str, ho: int | None, types: Iterable[int] = (),
       positive: bool = False, notes: str = "") -> PoliceUkOutcome:
    ts = frozenset(types) or (frozenset({ho}) if ho is not None else frozenset())
    return PoliceUkOutcome(label, code, group, ho, ts, positive, notes)


_COURT = "Court stage after a charge; the charge itself is Home Office outcome 1."
_POLICE_UK_OUTCOME_LIST: tuple[PoliceUkOutcome, ...] = (
    _o("Awaiting court outcome", "awaiting-court-result", "charged", 1, positive=True,
       notes=_COURT),
    _o("Court result unavailable", "court-result-unavailable", "charged", 1, positive=True,
       notes=_COURT),
    _o("Court case unable to proceed", "unable-to-proceed", "charged", 1, positive=True,
       notes=_COURT),
    _o("Local resolution", "local-resolution", "out_of_court_informal", 8, positive=True),
    _o("Investigation complete; no suspect identified", "no-further-action", "no_suspect", 18),
    _o("Offender deprived of property", "deprived-of-property", "charged", 1, positive=True,
       notes=_COURT),
    _o("Offender fined", "fined", "charged", 1, positive=True, notes=_COURT),
    _o("Offender given absolute discharge", "absolute-discharge", "charged", 1, positive=True,
       notes=_COURT),
    _o("Offender given a caution", "cautioned", "out_of_court_formal", 3, (2, 3), True,
       "Youth (2) or adult (3) caution; police.uk does not say which."),
    _o("Offender given a drugs possession warning", "drugs-possession-warning",
       "out_of_court_formal", 7, positive=True),
    _o("Offender given a penalty notice", "penalty-notice-issued", "out_of_court_formal", 6,
       positive=True),
    _o("Offender given community sentence", "community-penalty", "charged", 1, positive=True,
       notes=_COURT),
    _o("Offender given conditional discharge", "conditional-discharge", "charged", 1,
       positive=True, notes=_COURT),
    _o("Offender given suspended prison sentence", "suspended-sentence", "charged", 1,
       positive=True, notes=_COURT),
    _o("Offender sent to prison", "imprisoned", "charged", 1, positive=True, notes=_COURT),
    _o("Offender otherwise dealt with", "other-court-disposal", "charged", 1, positive=True,
       notes=_COURT),
    _o("Offender ordered to pay compensation", "compensation", "charged", 1, positive=True,
       notes=_COURT),
    _o("Suspect charged as part of another case", "sentenced-in-another-case", "charged", 1,
       (1, 4), True, "Could also correspond to 4 (taken into consideration)."),
    _o("Suspect charged", "charged", "charged", 1, positive=True),
    _o("Defendant found not guilty", "not-guilty", "charged", 1, positive=True, notes=_COURT),
    _o("Defendant sent to Crown Court", "sent-to-crown-court", "charged", 1, positive=True,
       notes=_COURT),
    _o("Unable to prosecute suspect", "unable-to-prosecute", "evidential_difficulties", None,
       (14, 15, 16), notes="Any of 14-16; no single Home Office type."),
    _o("Formal action is not in the public interest", "formal-action-not-in-public-interest",
       "not_in_public_interest", 10),
    _o("Action to be taken by another organisation", "action-taken-by-another-organisation",
       "transferred", 20),
    _o("Further investigation is not in the public interest",
       "further-investigation-not-in-public-interest", "not_in_public_interest", 21),
    _o("Further action is not in the public interest", "further-action-not-in-public-interest",
       "not_in_public_interest", 10, (9, 10), notes="Approximate: CPS (9) or police (10)."),
    _o("Under investigation", "under-investigation", "under_investigation", None),
    _o("Status update unavailable", "status-update-unavailable", "status_unavailable", None,
       notes="A label police.uk publishes: the force gave no status; not a decision and not open."),
)

#: Other spellings of the labels above, as the data.police.uk CSV archive writes them (the labels
#: above are the API's; docs/domain.md section 1.5; the real files in ../shared/data/real are the
#: authority: every label seen there is either above or here).
ARCHIVE_SPELLINGS: dict[str, str] = {
    "Offender given penalty notice": "Offender given a penalty notice",
}

#: label -> PoliceUkOutcome: the 28 API labels and the archive's own spellings of them
POLICE_UK_OUTCOMES: dict[str, PoliceUkOutcome] = {
    **{o.label: o for o in _POLICE_UK_OUTCOME_LIST},
    **{archive: next(o for o in _POLICE_UK_OUTCOME_LIST if o.label == api)
       for archive, api in ARCHIVE_SPELLINGS.items()},
}


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()


_OUTCOME_BY_NORM: dict[str, PoliceUkOutcome] = {
    **{_norm(label): o for label, o in POLICE_UK_OUTCOMES.items()},
    **{_norm(o.code): o for o in _POLICE_UK_OUTCOME_LIST},
}


def police_uk_outcome(label: str | None) -> PoliceUkOutcome | None:
    """The outcome for a label (or API code); case and whitespace are ignored. None if unknown."""
    if label is None:
        return None
    return _OUTCOME_BY_NORM.get(_norm(str(label)))


def is_unknown_outcome_label(label: str | None) -> bool:
    """True for a non-blank label that maps to no police.uk outcome (spelling, case and spaces aside)."""
    return bool(label and str(label).strip()) and police_uk_outcome(label) is None


def outcome_spellings(labels: Iterable[str]) -> frozenset[str]:
    """``labels`` with every other spelling of each (API and archive), so a set of labels written
    one way matches rows written the other way."""
    wanted = {police_uk_outcome(label) for label in labels} - {None}
    return frozenset(labels) | frozenset(label for label, o in POLICE_UK_OUTCOMES.items() if o in wanted)


def outcome_group_for_label(label: str | None) -> str:
    """Outcome group id for a police.uk "Last outcome category".

    Blank (None, empty or whitespace) -> ``"no_outcome_recorded"``; unrecognised -> ``"unknown"``.
    Never raises.
    """
    if label is None or not str(label).strip():
        return "no_outcome_recorded"
    o = police_uk_outcome(label)
    return o.outcome_group if o is not None else "unknown"


def outcome_type_for_label(label: str | None) -> int | None:
    """Approximate Home Office outcome type for a police.uk label, or None. Never raises."""
    if label is None or not str(label).strip():
        return None
    o = police_uk_outcome(label)
    return o.outcome_type if o is not None else None


# ---------------------------------------------------------------------------------------------
# Home Office offence codes (transcribed from the 2017/18 open data code list)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OffenceCode:
    code: str
    description: str
    group: str                   # Home Office offence group
    subgroup: str                # Home Office offence subgroup
    police_uk_category: str      # current police.uk crime type label
    valid_from: Date | None = None
    valid_to: Date | None = None
    notes: str = ""

    def valid_on(self, on: Date) -> bool:
        return ((self.valid_from is None or on >= self.valid_from)
                and (self.valid_to is None or on <= self.valid_to))


_VSO = "Violence and sexual offences"
_RES_FROM = _D(2017, 4, 1)   # HOCR: "residential" / "business and community" burglary codes
_RES_TO = _D(2017, 3, 31)    # the dwelling / other-building codes became "outcome only"

# (group, code, description, subgroup, police.uk category) - as in CrimeCatMappings.csv
# (Home Office PRC open data 2017/18, via Sparrow0hawk/crime_sim_toolkit), labels fixed to
# police.uk spelling.
_CODE_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Sexual offences", "17A", "Sexual assault on a male aged 13 and over", "Other sexual offences", _VSO),
    ("Sexual offences", "17B", "Sexual assault on a male child under 13", "Other sexual offences", _VSO),
    ("Sexual offences", "20A", "Sexual assault on a female aged 13 and over", "Other sexual offences", _VSO),
    ("Sexual offences", "20B", "Sexual assault on a female child under 13", "Other sexual offences", _VSO),
    ("Sexual offences", "21", "Sexual activity involving a child under 13", "Other sexual offences", _VSO),
    ("Sexual offences", "22A", "Causing sexual activity without consent", "Other sexual offences", _VSO),
    ("Sexual offences", "22B", "Sexual activity involving child under 16", "Other sexual offences", _VSO),
    ("Sexual offences", "23", "Incest or familial sexual offences", "Other sexual offences", _VSO),
    ("Sexual offences", "70", "Sexual activity etc with a person with a mental disorder",
     "Other sexual offences", _VSO),
    ("Sexual offences", "71", "Abuse of children through sexual exploitation", "Other sexual offences", _VSO),
    ("Sexual offences", "72", "Trafficking for sexual exploitation", "Other sexual offences", _VSO),
    ("Sexual offences", "73", "Abuse of position of trust of a sexual nature", "Other sexual offences", _VSO),
    ("Sexual offences", "88A", "Sexual grooming", "Other sexual offences", _VSO),
    ("Sexual offences", "88C", "Other miscellaneous sexual offences", "Other sexual offences", _VSO),
    ("Sexual offences", "88D", "Unnatural sexual offences", "Other sexual offences", _VSO),
    ("Sexual offences", "88E", "Exposure and voyeurism", "Other sexual offences", _VSO),
    ("Sexual offences", "19C", "Rape of a female aged 16 and over", "Rape offences", _VSO),
    ("Sexual offences", "19D", "Rape of a female child under 16", "Rape offences", _VSO),
    ("Sexual offences", "19E", "Rape of a female child under 13", "Rape offences", _VSO),
    ("Sexual offences", "19F", "Rape of a male aged 16 and over", "Rape offences", _VSO),
    ("Sexual offences", "19G", "Rape of a male child under 16", "Rape offences", _VSO),
    ("Sexual offences", "19H", "Rape of a male child under 13", "Rape offences", _VSO),
    ("Violence against the person", "1/4.1/4.10/4.2", "Homicide", "Homicide", _VSO),
    ("Violence against the person", "8L", "Harassment", "Stalking and harassment", _VSO),
    ("Violence against the person", "8M", "Racially or religiously aggravated harassment",
     "Stalking and harassment", _VSO),
    ("Violence against the person", "8Q", "Stalking", "Stalking and harassment", _VSO),
    ("Violence against the person", "8R", "Malicious Communications", "Stalking and harassment", _VSO),
    ("Violence against the person", "2", "Attempted murder", "Violence with injury", _VSO),
    ("Violence against the person", "37.1", "Causing death by aggravated vehicle taking", "Violence with injury", _VSO),
    ("Violence against the person", "4.3", "Intentional destruction of a viable unborn child",
     "Violence with injury", _VSO),
    ("Violence against the person", "4.4", "Causing death or serious injury by dangerous driving",
     "Violence with injury", _VSO),
    ("Violence against the person", "4.6", "Causing death by careless driving under influence of drink or drugs",
     "Violence with injury", _VSO),
    ("Violence against the person", "4.7", "Causing or allowing death of child or vulnerable person",
     "Violence with injury", _VSO),
    ("Violence against the person", "4.8", "Causing death by careless or inconsiderate driving",
     "Violence with injury", _VSO),
    ("Violence against the person", "4.9", "Causing death by driving: unlicensed or disqualified or uninsured drivers",
     "Violence with injury", _VSO),
    ("Violence against the person", "5D", "Assault with intent to cause serious harm", "Violence with injury", _VSO),
    ("Violence against the person", "5E", "Endangering life", "Violence with injury", _VSO),
    ("Violence against the person", "8N", "Assault with injury", "Violence with injury", _VSO),
    ("Violence against the person", "8P", "Racially or religiously aggravated assault with injury",
     "Violence with injury", _VSO),
    ("Violence against the person", "8S", "Assault with injury on a constable", "Violence with injury", _VSO),
    ("Violence against the person", "104", "Assault without injury on a constable", "Violence without injury", _VSO),
    ("Violence against the person", "105A", "Assault without injury", "Violence without injury", _VSO),
    ("Violence against the person", "105B", "Racially or religiously aggravated assault without injury",
     "Violence without injury", _VSO),
    ("Violence against the person", "106", "Modern slavery", "Violence without injury", _VSO),
    ("Violence against the person", "11A", "Cruelty to children/young persons", "Violence without injury", _VSO),
    ("Violence against the person", "13", "Child abduction", "Violence without injury", _VSO),
    ("Violence against the person", "14", "Procuring illegal abortion", "Violence without injury", _VSO),
    ("Violence against the person", "36", "Kidnapping", "Violence without injury", _VSO),
    ("Violence against the person", "3A", "Conspiracy to murder", "Violence without injury", _VSO),
    ("Violence against the person", "3B", "Threats to kill", "Violence without injury", _VSO),
    ("Possession of weapons offences", "10A", "Possession of firearms with intent",
     "Possession of weapons offences", "Possession of weapons"),
    ("Possession of weapons offences", "10B", "Possession of firearms offences",
     "Possession of weapons offences", "Possession of weapons"),
    ("Possession of weapons offences", "10C", "Possession of other weapons",
     "Possession of weapons offences", "Possession of weapons"),
    ("Possession of weapons offences", "10D", "Possession of article with blade or point",
     "Possession of weapons offences", "Possession of weapons"),
    ("Possession of weapons offences", "81", "Other firearms offences",
     "Possession of weapons offences", "Possession of weapons"),
    ("Possession of weapons offences", "90", "Other knives offences",
     "Possession of weapons offences", "Possession of weapons"),
    ("Public order offences", "62A", "Violent disorder", "Public order offences", "Public order"),
    ("Public order offences", "66", "Other offences against the State or public order",
     "Public order offences", "Public order"),
    ("Public order offences", "9A", "Public fear, alarm or distress", "Public order offences", "Public order"),
    ("Public order offences", "9B", "Racially or religiously aggravated public fear, alarm or distress",
     "Public order offences", "Public order"),
    ("Theft offences", "28A", "Burglary in a dwelling", "Domestic burglary", "Burglary"),
    ("Theft offences", "28B", "Attempted burglary in a dwelling", "Domestic burglary", "Burglary"),
    ("Theft offences", "28C", "Distraction burglary in a dwelling", "Domestic burglary", "Burglary"),
    ("Theft offences", "28D", "Attempted distraction burglary in a dwelling", "Domestic burglary", "Burglary"),
    ("Theft offences", "28E", "Burglary Residential", "Domestic burglary", "Burglary"),
    ("Theft offences", "28F", "Attempted Burglary Residential", "Domestic burglary", "Burglary"),
    ("Theft offences", "28G", "Distraction Burglary Residential", "Domestic burglary", "Burglary"),
    ("Theft offences", "28H", "Attempted Distraction Burglary Residential", "Domestic burglary", "Burglary"),
    ("Theft offences", "29", "Aggravated burglary in a dwelling", "Domestic burglary", "Burglary"),
    ("Theft offences", "29A", "Aggravated Burglary Residential", "Domestic burglary", "Burglary"),
    ("Theft offences", "30A", "Burglary in a building other than a dwelling", "Non-domestic burglary", "Burglary"),
    ("Theft offences", "30B", "Attempted burglary in a building other than a dwelling",
     "Non-domestic burglary", "Burglary"),
    ("Theft offences", "30C", "Burglary Business and Community", "Non-domestic burglary", "Burglary"),
    ("Theft offences", "30D", "Attempted Burglary Business and Community", "Non-domestic burglary", "Burglary"),
    ("Theft offences", "31", "Aggravated burglary in a building other than a dwelling",
     "Non-domestic burglary", "Burglary"),
    ("Theft offences", "31A", "Aggravated Burglary Business and Community", "Non-domestic burglary", "Burglary"),
    ("Robbery", "34A", "Robbery of business property", "Robbery of business property", "Robbery"),
    ("Robbery", "34B", "Robbery of personal property", "Robbery of personal property", "Robbery"),
    ("Theft offences", "35", "Blackmail", "Other theft offences", "Other theft"),
    ("Theft offences", "40", "Theft in a dwelling other than from an automatic machine or meter",
     "Other theft offences", "Other theft"),
    ("Theft offences", "41", "Theft by an employee", "Other theft offences", "Other theft"),
    ("Theft offences", "42", "Theft of mail", "Other theft offences", "Other theft"),
    ("Theft offences", "43", "Dishonest use of electricity", "Other theft offences", "Other theft"),
    ("Theft offences", "47", "Theft from automatic machine or meter", "Other theft offences", "Other theft"),
    ("Theft offences", "49", "Other theft", "Other theft offences", "Other theft"),
    ("Theft offences", "49A", "Making off without payment", "Other theft offences", "Other theft"),
    ("Theft offences", "45", "Theft from vehicle", "Theft from a vehicle", "Vehicle crime"),
    ("Theft offences", "37.2", "Aggravated vehicle taking", "Theft of a motor vehicle", "Vehicle crime"),
    ("Theft offences", "48", "Theft or unauthorised taking of motor vehicle",
     "Theft of a motor vehicle", "Vehicle crime"),
    ("Theft offences", "126", "Interfering with a motor vehicle", "Vehicle interference", "Vehicle crime"),
    ("Theft offences", "39", "Theft from the person", "Theft from the person", "Theft from the person"),
    ("Theft offences", "44", "Theft or unauthorised taking of a pedal cycle", "Bicycle theft", "Bicycle theft"),
    ("Theft offences", "46", "Shoplifting", "Shoplifting", "Shoplifting"),
    ("Criminal damage and arson", "56A", "Arson endangering life", "Arson", "Criminal damage and arson"),
    ("Criminal damage and arson", "56B", "Arson not endangering life", "Arson", "Criminal damage and arson"),
    ("Criminal damage and arson", "58A", "Criminal damage to a dwelling",
     "Criminal damage", "Criminal damage and arson"),
    ("Criminal damage and arson", "58B", "Criminal damage to a building other than a dwelling",
     "Criminal damage", "Criminal damage and arson"),
    ("Criminal damage and arson", "58C", "Criminal damage to a vehicle",
     "Criminal damage", "Criminal damage and arson"),
    ("Criminal damage and arson", "58D", "Other criminal damage", "Criminal damage", "Criminal damage and arson"),
    ("Criminal damage and arson", "58J", "Racially or religiously aggravated criminal damage",
     "Criminal damage", "Criminal damage and arson"),
    ("Drug offences", "92C", "Other drug offences", "Possession of drugs", "Drugs"),
    ("Drug offences", "92D", "Possession of controlled drugs (excl. Cannabis)", "Possession of drugs", "Drugs"),
    ("Drug offences", "92E", "Possession of controlled drugs (Cannabis)", "Possession of drugs", "Drugs"),
    ("Drug offences", "92A", "Trafficking in controlled drugs", "Trafficking of drugs", "Drugs"),
    ("Fraud offences", "CIFAS", "Fraud offences recorded by CIFAS", "Fraud: CIFAS", "Other crime"),
    ("Fraud offences", "FFA UK", "Fraud offences recorded by Financial Fraud Action UK",
     "Fraud: Financial Fraud Action UK", "Other crime"),
    ("Fraud offences", "UK Finance", "Fraud offences recorded by UK Finance", "Fraud: UK Finance", "Other crime"),
    ("Fraud offences", "AF", "Fraud offences recorded by Action Fraud", "Fraud: action fraud", "Other crime"),
    ("Miscellaneous crimes", "15", "Concealing an infant death close to birth", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "24", "Exploitation of prostitution", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "26", "Bigamy", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "27", "Soliciting for the purposes of prostitution",
     "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "33", "Going equipped for stealing, etc", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "33A", "Making, supplying or possessing articles for use in fraud",
     "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "38", "Profiting from or concealing knowledge of the proceeds of crime",
     "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "54", "Handling stolen goods", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "59", "Threat or possession with intent to commit criminal damage",
     "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "60", "Forgery or use of false drug prescription", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "61", "Other forgery", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "61A", "Possession of false documents", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "67", "Perjury", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "69", "Offender Management Act offences", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "76", "Aiding suicide", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "79", "Perverting the course of justice", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "80", "Absconding from lawful custody", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "802", "Dangerous driving", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "814", "Fraud, forgery etc associated with vehicle or driver records",
     "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "83", "Bail offences", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "86", "Obscene publications etc", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "95", "Disclosure, obstruction, false or misleading statements etc",
     "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "96", "Wildlife", "Miscellaneous crimes", "Other crime"),
    ("Miscellaneous crimes", "99", "Other notifiable offences", "Miscellaneous crimes", "Other crime"),
)

#: codes that exist only up to 31 March 2017 (marked "outcome only" in the 2017/18 list)
_CODES_TO_2017 = frozenset({"28A", "28B", "28C", "28D", "29", "30A", "30B", "31"})
#: codes introduced on 1 April 2017 (residential / business and community burglary)
_CODES_FROM_2017 = frozenset({"28E", "28F", "28G", "28H", "29A", "30C", "30D", "31A"})
#: codes of fraud recorded centrally (Action Fraud and industry bodies): never in a force's TRC
FRAUD_CODES: frozenset[str] = frozenset({"AF", "CIFAS", "FFA UK", "UK Finance"})
#: the combined Home Office homicide code and its components (split by us; see docs)
HOMICIDE_COMBINED_CODE = "1/4.1/4.10/4.2"
_HOMICIDE_PARTS: tuple[tuple[str, str], ...] = (
    ("1", "Murder"), ("4.1", "Manslaughter"), ("4.2", "Infanticide"),
    ("4.10", "Corporate manslaughter"),
)


def _build_codes() -> dict[str, OffenceCode]:
    out: dict[str, OffenceCode] = {}
    for group, code, desc, subgroup, cat in _CODE_ROWS:
        vf = _RES_FROM if code in _CODES_FROM_2017 else None
        vt = _RES_TO if code in _CODES_TO_2017 else None
        notes = ""
        if code in _CODES_TO_2017:
            notes = "Marked 'outcome only' in the 2017/18 list; replaced from April 2017."
        if code in FRAUD_CODES:
            notes = "Fraud recorded centrally, not by the force; excluded from TRC."
        if code == HOMICIDE_COMBINED_CODE:
            notes = "Combined code in Home Office open data; components listed separately."
        out[code] = OffenceCode(code, desc, group, subgroup, cat, vf, vt, notes)
    for code, desc in _HOMICIDE_PARTS:
        out[code] = OffenceCode(code, desc, "Violence against the person", "Homicide", _VSO,
                                notes=f"Component of {HOMICIDE_COMBINED_CODE} (description "
                                      "from general knowledge).")
    return out


#: Home Office offence code -> OffenceCode (132 codes of the 2017/18 list + 4 homicide parts)
HOME_OFFICE_CODES: dict[str, OffenceCode] = _build_codes()


def police_uk_category_for_code(code: str | None) -> str | None:
    """Current police.uk crime type label for a Home Office code (None if unknown)."""
    c = HOME_OFFICE_CODES.get(str(code).strip()) if code is not None else None
    return c.police_uk_category if c is not None else None


def _codes_where(pred) -> frozenset[str]:
    return frozenset(c.code for c in HOME_OFFICE_CODES.values() if pred(c))


# ---------------------------------------------------------------------------------------------
# Offence groups used by the plan / report
# ---------------------------------------------------------------------------------------------

FITS = ("direct", "close", "superset", "approximate", "none")


@dataclass(frozen=True)
class OffenceGroup:
    id: str
    title: str
    codes: frozenset[str]                 # every Home Office code ever in the group
    police_uk_categories: tuple[str, ...]  # police.uk crime types the group maps to
    fit: str                               # one of FITS (domain.md section 2.3)
    notes: str = ""

    def codes_on(self, on: Date | None = None) -> frozenset[str]:
        """The group's codes valid on ``on`` (all codes when ``on`` is None)."""
        if on is None:
            return self.codes
        if isinstance(on, _dt.datetime):
            on = on.date()
        return frozenset(c for c in self.codes if HOME_OFFICE_CODES[c].valid_on(on))


_HOMICIDE = frozenset({HOMICIDE_COMBINED_CODE, "1", "4.1", "4.2", "4.10"})
_VAP = _codes_where(lambda c: c.group == "Violence against the person")
_VWI = _codes_where(lambda c: c.subgroup == "Violence with injury")
_VWOI = _codes_where(lambda c: c.subgroup == "Violence without injury")
_SEXUAL = _codes_where(lambda c: c.group == "Sexual offences")
_RAPE = _codes_where(lambda c: c.subgroup == "Rape offences")
_TMV = frozenset({"48", "37.2"})
_TFMV = frozenset({"45"})
_VEHICLE = _TMV | _TFMV | {"126"}
_THEFT_OTHER = (_codes_where(lambda c: c.subgroup == "Other theft offences") | {"39", "44"})
_TRC = frozenset(HOME_OFFICE_CODES) - FRAUD_CODES

_VS = ("Violence and sexual offences", "Violent crime")


def _g(id: str, title: str, codes: Iterable[str], cats: Iterable[str], fit: str,
       notes: str = "") -> OffenceGroup:
    return OffenceGroup(id, title, frozenset(codes), tuple(cats), fit, notes)


_GROUP_LIST: tuple[OffenceGroup, ...] = (
    _g("total_recorded_crime", "Total recorded crime", _TRC, CRIME_LABELS, "approximate",
       "Every notifiable offence code except fraud recorded centrally (Action Fraud, CIFAS, "
       "FFA UK, UK Finance). police.uk: all crime types except anti-social behaviour."),
    _g("burglary_dwelling", "Burglary dwelling",
       {"28A", "28B", "28C", "28D", "29", "28E", "28F", "28G", "28H", "29A"}, ("Burglary",),
       "superset",
       "Dwelling burglary (28A-D, 29) to March 2017; residential burglary (28E-H, 29A) from "
       "April 2017, which also includes outbuildings within the curtilage."),
    _g("burglary_other", "Burglary other than dwelling",
       {"30A", "30B", "31", "30C", "30D", "31A"}, ("Burglary",), "superset",
       "Buildings other than dwellings to March 2017; business and community from April 2017."),
    _g("violence_with_injury", "Violence with injury", _VWI, _VS, "superset",
       "Home Office subgroup 'Violence with injury' of the 2017/18 list (excludes homicide, "
       "which ONS published under violence with injury in some earlier years)."),
    _g("violence_without_injury", "Violence without injury", _VWOI, _VS, "superset",
       "Home Office subgroup 'Violence without injury' of the 2017/18 list; harassment and "
       "stalking (8L, 8M, 8Q, 8R) are not included."),
    _g("most_serious_violence", "Most serious violence",
       _HOMICIDE | {"2", "5D", "5E", "4.3", "4.4", "4.6", "4.8", "4.9", "37.1"}, _VS,
       "superset",
       "Approximation of the pre-2013 Home Office/iQuanta indicator: homicide, attempted "
       "murder, assault with intent to cause serious harm, endangering life, and causing death "
       "or serious injury by driving. The official list changed over time (unverified)."),
    _g("robbery", "Robbery", {"34A", "34B"}, ("Robbery",), "direct",
       "Robbery of personal and business property."),
    _g("vehicle_crime", "Vehicle crime", _VEHICLE, ("Vehicle crime",), "close",
       "Theft of and from motor vehicles, aggravated vehicle taking, vehicle interference."),
    _g("theft_of_motor_vehicle", "Theft of motor vehicle", _TMV, ("Vehicle crime",), "superset",
       "Theft or unauthorised taking of a motor vehicle, aggravated vehicle taking."),
    _g("theft_from_motor_vehicle", "Theft from motor vehicle", _TFMV, ("Vehicle crime",),
       "superset"),
    _g("serious_sexual_offences", "Serious sexual offences",
       _RAPE | {"17A", "17B", "20A", "20B", "21", "22A", "22B"}, _VS, "superset",
       "Rape plus sexual assault and sexual activity with children/without consent. The force "
       "definition is unverified; this list is our approximation."),
    _g("sexual_offences", "Sexual offences", _SEXUAL, _VS, "superset",
       "Home Office group 'Sexual offences' (rape and other sexual offences). Before the 2013 "
       "police.uk change sexual offences were under Other crime."),
    _g("theft_from_shops", "Theft from shops and stalls", {"46"}, ("Shoplifting",), "direct"),
    _g("theft_other", "Theft other", _THEFT_OTHER,
       ("Other theft", "Theft from the person", "Bicycle theft"), "close",
       "Home Office 'Other theft offences' plus theft from the person (39) and bicycle theft "
       "(44)."),
    _g("criminal_damage", "Criminal damage and arson",
       _codes_where(lambda c: c.group == "Criminal damage and arson"),
       ("Criminal damage and arson",), "direct"),
    _g("drugs", "Drug offences", _codes_where(lambda c: c.group == "Drug offences"),
       ("Drugs",), "direct"),
    _g("public_order", "Public order offences",
       _codes_where(lambda c: c.group == "Public order offences"),
       ("Public order", "Public disorder and weapons"), "direct",
       "Before the 2013 police.uk split, public order was inside Public disorder and weapons."),
    _g("possession_of_weapons", "Possession of weapons",
       _codes_where(lambda c: c.group == "Possession of weapons offences"),
       ("Possession of weapons", "Public disorder and weapons"), "direct",
       "Before the 2013 police.uk split, weapons were inside Public disorder and weapons."),
)

#: group id -> OffenceGroup
OFFENCE_GROUPS: dict[str, OffenceGroup] = {g.id: g for g in _GROUP_LIST}

#: Home Office violence against the person codes (for containment checks)
VIOLENCE_AGAINST_THE_PERSON_CODES: frozenset[str] = _VAP


def group_ids() -> tuple[str, ...]:
    """All offence group ids, in display order."""
    return tuple(OFFENCE_GROUPS)


def _lookup(ids: str | Iterable[str]) -> list[OffenceGroup]:
    from crimeplan.errors import NotFoundError

    if isinstance(ids, str):
        ids = (ids,)
    out = []
    for i in ids:
        try:
            out.append(OFFENCE_GROUPS[i])
        except KeyError:
            raise NotFoundError(f"unknown offence group {i!r}; expected one of "
                                f"{', '.join(OFFENCE_GROUPS)}") from None
    return out


def codes_for_groups(ids: str | Iterable[str], on: Date | None = None) -> frozenset[str]:
    """Union of the groups' Home Office codes (valid on ``on`` when given).

    Raises :class:`crimeplan.errors.NotFoundError` for an unknown group id.
    """
    out: set[str] = set()
    for g in _lookup(ids):
        out |= g.codes_on(on)
    return frozenset(out)


def categories_for_groups(ids: str | Iterable[str]) -> tuple[str, ...]:
    """Union of the groups' police.uk crime types, in first-seen order."""
    seen: dict[str, None] = {}
    for g in _lookup(ids):
        for c in g.police_uk_categories:
            seen.setdefault(c, None)
    return tuple(seen)


# ---------------------------------------------------------------------------------------------
# Flag-based measures
# ---------------------------------------------------------------------------------------------

HATE_STRANDS: tuple[str, ...] = ("race", "religion", "disability", "sexual_orientation",
                                 "transgender")

#: the paper's religion list (actual and perceived religion), plus Unknown and Blank.
#: In records, "Blank" is a null/empty value, "Unknown" the literal text.
RELIGIONS: tuple[str, ...] = ("Agnostic", "Buddhism", "Baha'i", "Christianity", "Confucianism",
                              "Hinduism", "Islam", "Jainism", "Judaism", "Paganism", "Sikhism",
                              "Taoism", "Zoroastrianism", "Unknown", "Blank")


@dataclass(frozen=True)
class FlagMeasure:
    id: str
    title: str
    column: str                       # column of the canonical record
    strands: tuple[str, ...] = ()     # for hate: the values hate_strands may contain
    police_uk_fit: str = "none"       # not derivable from police.uk
    notes: str = ""


FLAG_MEASURES: dict[str, FlagMeasure] = {
    "business": FlagMeasure("business", "Business crime", "business",
                            notes="Flag on top of the offence classification; definitions "
                                  "changed (ACPO/NBCF 2014, APP 2015, NPCC 2019)."),
    "domestic": FlagMeasure("domestic", "Domestic abuse related crime", "domestic"),
    "hate": FlagMeasure("hate", "Hate crime", "hate_strands", HATE_STRANDS,
                        notes="Any non-empty hate_strands; religious hate crime = strand "
                              "'religion' (actual_religion / perceived_religion)."),
}

# ---------------------------------------------------------------------------------------------
# Positive-outcome sets
# ---------------------------------------------------------------------------------------------

#: police.uk labels counted as positive outcomes: charge and every court stage, caution,
#: penalty notice, drugs possession warning, local resolution.
POLICE_UK_POSITIVE: frozenset[str] = frozenset(label for label, o in POLICE_UK_OUTCOMES.items() if o.positive)

OUTCOME_SETS: dict[str, frozenset] = {
    # old-regime equivalent: charge/summons, cautions, TIC, PND, cannabis/khat warning
    "sanction_detection": frozenset({1, 2, 3, 4, 6, 7}),
    # WMP "solved and resolved": sanction detections plus community resolution (inferred)
    "solved_and_resolved": frozenset({1, 2, 3, 4, 6, 7, 8}),
    # from April 2019 diversionary activity (22) may be counted as positive
    "positive_2019": frozenset({1, 2, 3, 4, 6, 7, 8, 22}),
    "charged": frozenset({1}),
    "out_of_court": frozenset({2, 3, 6, 7, 8}),
    "evidential_difficulties": frozenset({14, 15, 16}),
    "prosecution_prevented": frozenset({5, 9, 10, 11, 12, 13, 17}),
    "no_suspect": frozenset({18}),
    "all_outcomes": frozenset(OUTCOME_TYPES),
    # police.uk data: a set of "Last outcome category" labels, not numbers
    "police_uk_positive": POLICE_UK_POSITIVE,
}

__all__ = [
    "ARCHIVE_SPELLINGS", "ASB_LABEL", "CRIME_LABELS", "CRIME_TYPE_SCHEMES", "EARLY_CRIME_TYPES", "CURRENT_CRIME_TYPES",
    "FITS", "FLAG_MEASURES", "FRAUD_CODES",
    "FlagMeasure", "HATE_STRANDS", "HOME_OFFICE_CODES", "HOMICIDE_COMBINED_CODE",
    "LEGACY_CRIME_TYPES", "OFFENCE_GROUPS", "OUTCOME_GROUPS", "OUTCOME_SETS", "OUTCOME_TYPES",
    "OffenceCode", "OffenceGroup", "OutcomeType", "POLICE_UK_CRIME_TYPES", "POLICE_UK_OUTCOMES",
    "POLICE_UK_POSITIVE", "PoliceUkCrimeType", "PoliceUkOutcome", "RELIGIONS",
    "VIOLENCE_AGAINST_THE_PERSON_CODES", "categories_for_groups", "codes_for_groups",
    "computable_on_early_scheme", "crime_type_scheme",
    "crime_types_on", "group_ids", "is_unknown_outcome_label", "outcome_group_for_label",
    "outcome_spellings", "outcome_type_for_label",
    "police_uk_category_for_code", "police_uk_outcome",
]
