"""Home Office outcome types (``data/outcome_types.csv``), police.uk "Last outcome category" labels
(``data/police_uk_outcomes.csv``, ``data/archive_spellings.csv``), their groups and the positive-outcome sets
(``data/outcome_sets.csv``). Sources: docs/domain.md sections 1.2 and 1.5."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from crimeplan.reference import tables

Date = dt.date


@dataclass(frozen=True)
class OutcomeType:
    number: int
    short_name: str
    group: str             # group name used in Home Office open data (some inferred)
    old_regime: str        # status under the pre-2014 detections regime (a guide only)
    introduced: Date | None = None
    notes: str = ""


#: Home Office outcome number -> OutcomeType. Outcome "0" (not yet assigned) is deliberately
#: absent: it must never enter a denominator of decisions.
OUTCOME_TYPES: dict[int, OutcomeType] = {
    int(r["number"]): OutcomeType(int(r["number"]), r["short_name"], r["group"], r["old_regime"],
                                  tables.date_or_none(r["introduced"]), r["notes"])
    for r in tables.rows("outcome_types")
}

#: outcome group ids (values of PoliceUkOutcome.outcome_group), plus the two pseudo-groups
#: returned for blank and unrecognised labels.
OUTCOME_GROUPS: dict[str, str] = {r["id"]: r["description"] for r in tables.rows("outcome_groups")}


@dataclass(frozen=True)
class PoliceUkOutcome:
    label: str                        # exactly as written in police.uk CSVs
    code: str                         # API code
    outcome_group: str                # key of OUTCOME_GROUPS
    outcome_type: int | None          # approximate Home Office outcome type (None if no fit)
    outcome_types: frozenset[int] = field(default_factory=frozenset)   # all plausible types
    positive: bool = False            # member of OUTCOME_SETS["police_uk_positive"]
    notes: str = ""


_POLICE_UK_OUTCOME_LIST: tuple[PoliceUkOutcome, ...] = tuple(
    PoliceUkOutcome(r["label"], r["code"], r["outcome_group"], tables.int_or_none(r["outcome_type"]),
                    tables.numbers(r["outcome_types"]), tables.yes(r["positive"]), r["notes"])
    for r in tables.rows("police_uk_outcomes")
)

#: Other spellings of the labels above, as the data.police.uk CSV archive writes them (the labels
#: above are the API's; docs/domain.md section 1.5; the real files in ../shared/data/real are the
#: authority: every label seen there is either above or here).
ARCHIVE_SPELLINGS: dict[str, str] = {r["archive_label"]: r["api_label"] for r in tables.rows("archive_spellings")}

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


#: police.uk labels counted as positive outcomes: charge and every court stage, caution,
#: penalty notice, drugs possession warning, local resolution.
POLICE_UK_POSITIVE: frozenset[str] = frozenset(label for label, o in POLICE_UK_OUTCOMES.items() if o.positive)

#: Named sets of Home Office outcome numbers (each set's meaning is in the file's notes column), plus
#: ``all_outcomes`` and ``police_uk_positive`` (a set of police.uk "Last outcome category" labels, not numbers).
OUTCOME_SETS: dict[str, frozenset] = {
    **{r["name"]: tables.numbers(r["outcome_types"]) for r in tables.rows("outcome_sets")},
    "all_outcomes": frozenset(OUTCOME_TYPES),
    "police_uk_positive": POLICE_UK_POSITIVE,
}
