"""Flag-based measures (business, domestic, hate), the hate strands and the paper's religion list."""

from __future__ import annotations

from dataclasses import dataclass

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
