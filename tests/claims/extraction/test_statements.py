"""Record-style statements: an ordinal or superlative with a comparison set."""

import pytest

from tests.claims.extraction.helpers import of_kind, only


def test_ordinal_with_a_comparison_set_is_a_statement():
    text = "It is the third Russian helicopter lost in action in Syria this year."
    assert only(text, "statement").exact == text[:-1]


def test_an_ordinal_after_in_is_a_time_not_a_record():
    assert of_kind("Five people died in the first week of the year.", "statement") == []


def test_ordinal_without_a_comparison_set_is_not_a_statement():
    assert of_kind("It was the third time he had called.", "statement") == []


# --------------------------------------------------------------------------
# Real-world phrasing from outlets other than wires
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        (
            "The protests, the largest since the government took office in 2022, went on.",
            "the largest since the government took office in 2022",
        ),
        (
            "Many left in what officials described as the largest evacuation in Greek history.",
            "the largest evacuation in Greek history",
        ),
        (
            "It was one of the country's worst industrial accidents in recent years.",
            "one of the country's worst industrial accidents in recent years",
        ),
        (
            "Twelve people were killed in the deadliest bombing in the province since 2019.",
            "the deadliest bombing in the province since 2019",
        ),
    ],
)
def test_records_stated_in_passing(text, exact):
    assert only(text, "statement").exact == exact
