"""Reference data: crime types, outcomes, offence codes and offence groups.

The tables are package data, CSV files in ``crimeplan/reference/data/`` read by
:mod:`crimeplan.reference.tables`; this package turns them into the frozen objects below. Everything
here is a leaf: no imports from other crimeplan layers but errors. Definitions that change over time
carry dates (``valid_from`` inclusive, ``valid_to`` inclusive, ``None`` = open-ended). Sources and
caveats are in ``docs/reference-data.md``.

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

from crimeplan.reference.crime_types import (
    ASB_LABEL,
    CRIME_LABELS,
    CRIME_TYPE_SCHEMES,
    CURRENT_CRIME_TYPES,
    EARLY_CRIME_TYPES,
    LEGACY_CRIME_TYPES,
    POLICE_UK_CRIME_TYPES,
    PoliceUkCrimeType,
    computable_on_early_scheme,
    crime_type_scheme,
    crime_types_on,
)
from crimeplan.reference.flags import FLAG_MEASURES, HATE_STRANDS, RELIGIONS, FlagMeasure
from crimeplan.reference.offences import (
    FITS,
    FRAUD_CODES,
    HOME_OFFICE_CODES,
    HOMICIDE_COMBINED_CODE,
    OFFENCE_GROUPS,
    VIOLENCE_AGAINST_THE_PERSON_CODES,
    OffenceCode,
    OffenceGroup,
    categories_for_groups,
    codes_for_groups,
    group_ids,
    police_uk_category_for_code,
)
from crimeplan.reference.outcomes import (
    ARCHIVE_SPELLINGS,
    OUTCOME_GROUPS,
    OUTCOME_SETS,
    OUTCOME_TYPES,
    POLICE_UK_OUTCOMES,
    POLICE_UK_POSITIVE,
    OutcomeType,
    PoliceUkOutcome,
    is_unknown_outcome_label,
    outcome_group_for_label,
    outcome_spellings,
    outcome_type_for_label,
    police_uk_outcome,
)

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
