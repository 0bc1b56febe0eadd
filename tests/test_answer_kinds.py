"""The answer-kind registry: each kind asks, offers and weighs in one place."""

import dataclasses

import pytest

from rag.kinds import KINDS, expected_kind
from rag.weights import Weights

# one question per kind, a sentence that answers it, and a near miss that repeats its words
# but holds no answer of the kind asked
EXAMPLES = [
    ("origin", "Where does the name Python come from?",
     "The language is named after Monty Python.", "Python is a language."),
    ("reason", "Why did the build fail?",
     "It failed because the disk was full.", "The build failed on Monday."),
    ("version", "In which version was the flag added?",
     "The flag was added in version 3.7.", "The flag was added recently."),
    ("exception", "Which exception does loads raise?",
     "It raises JSONDecodeError on bad input.", "It raises an error on bad input."),
    ("number", "How many workers are started?",
     "Four workers are started.", "Workers are started on demand."),
    ("date", "When did the talks begin?",
     "The talks began on 12 March 2024.", "The talks began in Geneva."),
    ("person", "Who wrote the report?",
     "The report was written by Ada Lovelace.", "The report was written by hand."),
    ("place", "In which city were the talks held?",
     "The talks were held in Geneva.", "The talks were held last week."),
    ("words", "How did Hopper describe the bug?",
     "Hopper called it “the first actual case of bug being found”.", "Hopper found the bug."),
    ("setting", "Which option turns off the cache?",
     "Pass --no-cache to turn off the cache.", "The cache can be turned off."),
    ("name", "What is the name of the default branch?",
     "The default branch is called main.", "The default branch is protected."),
    ("definition", "What is a coroutine?",
     "A coroutine is a function that can suspend itself.", "Coroutines run in the loop."),
]


def test_every_kind_has_an_example_and_weighs_with_weights_that_exist():
    """A kind names Weights fields by name: a typo would only show as an AttributeError
    on the first question of that kind."""
    assert sorted(name for name, *_ in EXAMPLES) == sorted(KINDS)
    fields = {f.name for f in dataclasses.fields(Weights)}
    for kind in KINDS.values():
        assert {kind.miss, kind.heading_bonus} - {None} <= fields, kind.name


@pytest.mark.parametrize("name, question, answer, near_miss", EXAMPLES)
def test_kind_is_asked_and_offered(name, question, answer, near_miss):
    kind = expected_kind(question)
    assert kind is KINDS[name]
    assert kind.offers(answer, question)
    assert not kind.offers(near_miss, question)


def test_the_first_registered_kind_that_matches_decides():
    """"Where does the name come from?" matches the place pattern's "where" too, but origin is
    registered first; "When the last run passed ..." sets the scene for the option asked."""
    assert list(KINDS).index("origin") < list(KINDS).index("place")
    assert expected_kind("Where does the name come from?") is KINDS["origin"]
    assert (
        expected_kind("I run --lf. When the last run passed it runs all. Which option stops that?")
        is KINDS["setting"]
    )


def test_definition_needs_a_term():
    """"What is this article about?" has the shape of a definition question but no term."""
    assert expected_kind("What is this article about?") is None
    assert KINDS["definition"].subject_of("I'm new to asyncio. What is a coroutine?") == "coroutine"
