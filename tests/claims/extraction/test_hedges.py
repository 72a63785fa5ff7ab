"""Unverified claims: "cannot verify" and other hedges."""

import pytest

from tests.claims.extraction.helpers import of_kind, only


@pytest.mark.parametrize(
    ("text", "reason", "exact"),
    [
        (
            "RT cannot verify authenticity of those videos.",
            "cannot verify",
            "RT cannot verify authenticity of those videos",
        ),
        (
            "Reuters could not independently verify the footage.",
            "could not independently verify",
            "Reuters could not independently verify the footage",
        ),
        (
            "RT hasn't independently confirmed those details.",
            "hasn't independently confirmed",
            "RT hasn't independently confirmed those details",
        ),
        (
            "AFP could not corroborate the claim.",
            "could not corroborate",
            "AFP could not corroborate the claim",
        ),
        (
            "The ministry did not confirm the toll.",
            "did not confirm",
            "The ministry did not confirm the toll",
        ),
        (
            "The reports need to be verified.",
            "need to be verified",
            "The reports need to be verified",
        ),
        (
            "The claims could not be independently verified.",
            "could not be independently verified",
            "The claims could not be independently verified",
        ),
        (
            "Videos allegedly showing debris emerged.",
            "allegedly",
            "allegedly showing debris emerged",
        ),
        ("The gunman reportedly fled.", "reportedly", "reportedly fled"),
        ("Footage purportedly shows the strike.", "purportedly", "purportedly shows the strike"),
        ("Unverified footage showed smoke.", "unverified", "Unverified footage showed smoke"),
        ("It is not clear how many died.", "it is not clear", "It is not clear how many died"),
        (
            "The cause of the crash was unknown.",
            "was unknown",
            "The cause of the crash was unknown",
        ),
        (
            "The ministry has not yet revealed identities of those on board.",
            "has not yet revealed",
            "The ministry has not yet revealed identities of those on board",
        ),
    ],
)
def test_hedges_are_unverified_with_reason(text, reason, exact):
    claim = only(text, "unverified")
    assert claim.reason == reason
    assert claim.exact == exact


def test_plain_confirmation_is_not_a_hedge():
    assert of_kind("The ministry confirmed the toll.", "unverified") == []


# --------------------------------------------------------------------------
# Real-world phrasing from outlets other than wires
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        (
            "The cause of the fire is under investigation.",
            "The cause of the fire is under investigation",
        ),
        ("It gave no evidence for the claim.", "It gave no evidence for the claim"),
        ("He did not give a toll.", "He did not give a toll"),
    ],
)
def test_more_hedges(text, exact):
    assert only(text, "unverified").exact == exact


# --------------------------------------------------------------------------
# Found on passages written after the rules were settled (unseen outlets' styles)
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Their names have not yet been formally released.",
        "We haven't been able to confirm that figure independently.",
        "The cause of the explosion is being investigated.",
    ],
)
def test_hedges_of_names_figures_and_causes(text):
    only(text, "unverified")


def test_a_suspect_under_investigation_is_no_hedge():
    assert of_kind("Police said the suspect is being investigated for murder.", "unverified") == []
