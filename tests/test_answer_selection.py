"""How the offline answerer picks its sentence: answer kinds, completions, exact names.

Uses the real embedding model, because the answerer's choice is half semantic similarity.
"""

from dataclasses import replace

import pytest

from rag.citations import ABSTAIN_TEXT
from rag.extractive import ExtractiveAnswerer
from rag.kinds import KINDS, expected_kind
from rag.name_matching import asked_names
from rag.page_structure import declared_name, prose, term
from rag.prompts import answer_messages
from rag.question_types import (
    asked_attribute,
    asks_about_changes,
    asks_overview,
    asks_what_it_does,
    code_names,
    defined_term,
)
from rag.records import Passage
from rag.text import sentence_spans


@pytest.mark.parametrize("question, kind", [
    ("Which exception does json.loads raise on bad input?", "exception"),
    ("In which Python version was allow_abbrev added?", "version"),
    ("By default, how long does sqlite3.connect wait?", "number"),
    ("What's the biggest year a date can hold?", "number"),
    ("When did Trump call Putin?", "date"),
    ("When a deque is full and I append, what happens to old items?", None),
    ("Who did Trump speak with?", "person"),
    ("Where was the meeting held?", "place"),
    # where a name comes from, not a place
    ("Where does the name of the language come from?", "origin"),
    ("Why is the module called asyncio?", "origin"),
    ("Where does this warning come from?", None),
    # a moment
    ("I register a callback outside any atomic block. When does the callback run?", None),
    # the last sentence naming a kind decides, after its "when" clause
    (("I run pytest --lf in CI. When the last run passed it runs everything. "
      "Which option stops that?"), "setting"),
    (("My DATABASES NAME is 'shop'. When I run manage.py test, "
      "what database name will Django create?"), None),
    ("Why did the call matter?", "reason"),  # "because ...", "to avoid ...", or said plainly
    ("What are quantifiers like a*+ called, the ones that never backtrack?", "name"),
    ("What is the name of the default generator?", "name"),
    ("After upgrading, attachment_filename breaks. What is the parameter called now?", "name"),
    ("What happens when a function called foo raises?", None),
    ("Which Ukrainian leader did officials contact?", "person"),  # a role noun asks for a person
    ("How did Trump describe the call?", "words"),  # his words, not the article's
    ("What words did the minister use?", "words"),
    ("What two adjectives did Trump use to describe his talk with Putin?", "words"),
    ("What is a coroutine?", "definition"),
    ("I'm new to asyncio. What does awaitable mean?", "definition"),
    ("What is Keith Kellogg's job?", None),  # a fact about him, not a term
    ("What is this article about?", None),  # the whole document
    ("How does the article characterise the response?", None),
    ("How do I call a function?", None),
    ("In which city will the talks be held?", "place"),
    # a "when"/"if" clause sets the scene; the question after the comma decides
    ("When I sort records that share a key, does Python keep their order?", None),
    ("Which attribute caps how many lines are printed?", "setting"),  # "how many" inside a clause
    ("Which rebase option lets me include the initial commit?", "setting"),
    ("Which config variable has to be set to turn rerere on?", "setting"),
    ("What environment variable makes str hashing repeatable?", "setting"),
    ("What newline argument should I use with csv.reader?", None),  # its value, not its name
    ("If I leave the status out, what HTTP status code does the client get?", "number"),
    ("Without rel or abs, what relative tolerance does approx() use?", "number"),
    ("What busy timeout does the shell use by default?", "number"),
    ("Below what body size does it skip compression?", "number"),
    ("I set the encryption to ssl. Which port will it use by default?", "number"),
    ("What exit code should the script return so that bisect skips the commit?", "number"),
    # a user's question often sets the scene in a sentence of its own
    ("I attach several files to one connection. How many attached databases are allowed?",
     "number"),
    ("Which SQLite release first supports the -> operator?", "version"),  # not only Python's
    ("What is the minimum SQLite version that supports RETURNING?", "version"),
    ("Which release notes mention it?", None),
    ("What did the first release of Python include?", None),
    # of several questions the last one says what is wanted
    ("Where does SQLite remember the largest ROWID? What is that internal table called?", "name"),
    ("Is foreign key enforcement on? Which pragma turns it on?", None),
    ("Which result code does sqlite3_close() return?", "exception"),
    ("If I give only a time, what date does SQLite assume?", "date"),
    ("What date format does it print?", None),
    ("With only a start and an end, what step size does generate_series() use?", "number"),
    ("What does immutable mean?", "definition"),
    ("What does zip do?", None),  # what a function does, not what a word means
])
def test_question_kinds(question, kind):
    assert getattr(expected_kind(question), "name", None) == kind


@pytest.mark.parametrize(("question", "counted"), [
    ("How many of these base directories does it keep?", "directories"),
    ("How many different kinds of temporary files can SQLite create?", "temporary"),
    ("How many attached databases are allowed?", "databases"),
    ("How many soldiers took part?", "soldiers"),
])
def test_what_a_how_many_question_counts(question, counted):
    from rag.kinds.quantities import _counted_noun

    assert _counted_noun(question.lower()) == counted


def test_a_count_must_count_what_was_asked():
    q = "How many soldiers took part in the exercise?"
    assert KINDS["number"].offers("About 3,000 soldiers took part.", q)
    assert not KINDS["number"].offers("Two key developments underscored this perception.", q)
    # a number stated as the value asked for, not counting some other thing
    cached = "How many results does lru_cache remember?"
    assert KINDS["number"].offers("This leaves maxsize at its default value of 128.", cached)
    assert not KINDS["number"].offers(
        "The two leaders also discussed Ukraine.", "How many prisoners were swapped?"
    )
    assert KINDS["exception"].offers(
        "A JSONDecodeError will be raised.", "Which exception is raised?"
    )
    # an exception whose name does not say so, named as raised or as "an exception"
    assert KINDS["exception"].offers(
        "Flask will raise a RequestEntityTooLarge exception.", "Which exception is raised?"
    )
    assert KINDS["exception"].offers(
        "The view raises Http404 when nothing matches.", "Which exception is raised?"
    )
    assert not KINDS["exception"].offers(
        "It raises The question of limits.", "Which exception is raised?"
    )
    said = "How did Trump describe the call?"
    assert KINDS["words"].offers("He called it “long and productive”.", said)
    assert KINDS["words"].offers("He characterised the talks as a breakthrough.", said)
    assert not KINDS["words"].offers("The call took place early in the morning.", said)
    # "when" takes a time of day; "on what date" wants the date itself
    assert KINDS["date"].offers(
        "It took place early in the morning.", "When did the call take place?"
    )
    assert not KINDS["date"].offers(
        "It took place early in the morning.", "On what date was the call?"
    )
    assert KINDS["date"].offers("On 12 March the call took place.", "On what date was the call?")
    assert KINDS["place"].offers(
        "It was published through the Daily Ledger website.", "Where was it published?"
    )
    # "how long": a calendar date or "the two leaders" is no duration; "two hours" and "50" are
    lasted = "How long was the call?"
    assert not KINDS["number"].offers(
        "On 12 February 2025, the world witnessed a striking demonstration.", lasted
    )
    assert not KINDS["number"].offers(
        "It stated that the two leaders had also discussed Ukraine.", lasted
    )
    assert KINDS["number"].offers("It lasted two hours.", lasted)
    assert KINDS["number"].offers(
        "Django will use a default length of 50.", "How long will the column be?"
    )
    # "Volodymyr Zelensky" is the question's own Zelensky, not the officials it asks for
    officials = "Which US officials were assigned to reach out to Zelensky?"
    assert not KINDS["person"].offers(
        "US officials would be reaching out to Ukrainian President Volodymyr Zelensky.", officials
    )
    assert KINDS["person"].offers(
        "Steve Witkoff would be reaching out to Ukrainian President Volodymyr Zelensky.", officials
    )
    # "the default tolerance": a sentence stating a default, not one counting "two values"
    default = "What is the default relative tolerance of isclose()?"
    assert not KINDS["number"].offers(
        "Closeness is judged by two values, absolute and relative tolerance.", default
    )
    assert KINDS["number"].offers("The default tolerance is 1e-09.", default)
    # "how much aid": an amount, not "the two leaders"
    assert not KINDS["number"].offers(
        "The two leaders also discussed Ukraine and further aid.", "How much aid was pledged?"
    )
    assert KINDS["number"].offers("They pledged $40 billion in aid.", "How much aid was pledged?")
    assert not KINDS["exception"].offers("A ValueError is raised.", "Is a ValueError raised?")
    # an error constant is an error's name too
    assert KINDS["exception"].offers(
        "It leaves the connection open and returns SQLITE_BUSY.", "Which result code?"
    )
    # "how many attached databases" counts databases; "kinds of temporary files" counts files
    attached = "How many attached databases are allowed by default?"
    assert KINDS["number"].offers(
        "The number of attached databases is set to 10 by default.", attached
    )
    assert not KINDS["number"].offers(
        "Two or more files can be opened with the ATTACH command.", attached
    )
    kinds = "How many different kinds of temporary files can SQLite create?"
    assert KINDS["number"].offers("SQLite uses nine distinct types of temporary files.", kinds)
    assert not KINDS["number"].offers(
        "A connection can open three different database files at once.", kinds
    )


@pytest.mark.parametrize(("question", "attribute"), [
    ("What was the exact agenda of the Munich Security Conference sessions?", "agenda"),
    ("Who is the current Executive Director of the Python Software Foundation?", "director"),
    ("What is the role of Keith Kellogg?", None),  # generic: said in many ways
    ("What is the main focus of the piece?", None),
    ("Did the call raise concerns in Europe?", None),  # not "what is the X of Y"
])
def test_the_attribute_a_question_asks_of_something(question, attribute):
    assert asked_attribute(question) == attribute


def test_run_on_sentences_split_but_code_names_stay_whole():
    text = "Coverage fosters informed dialogue.While the content varies. See datetime.MAXYEAR now."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Coverage fosters informed dialogue.",
        "While the content varies.",
        "See datetime.MAXYEAR now.",
    ]


def _passages(*texts):
    out, pos = [], 0
    for t in texts:
        out.append(Passage("/docs.html", pos, pos + len(t), t, 1.0))
        pos += len(t) + 2
    return out


@pytest.fixture(scope="module")
def answerer():
    from rag.embeddings import onnx_embeddings

    return ExtractiveAnswerer(onnx_embeddings().embed_documents)  # the product's default


def test_the_sentence_holding_the_asked_kind_wins(answerer):
    ps = _passages(
        "json.loads(s) deserializes s to a Python object. It accepts str, bytes or bytearray "
        "instances containing a JSON document. If the data being deserialized is not a valid "
        "JSON document, a JSONDecodeError will be raised.",
    )
    answer = answerer.answer("If I pass json.loads invalid JSON, which exception do I get?", ps)
    assert "JSONDecodeError" in answer


def test_a_short_completion_is_quoted_with_its_sentence(answerer):
    ps = _passages(
        "timeout (float) – How many seconds the connection should wait before raising an "
        "exception, if the database is locked by another connection. If another connection "
        "opens a transaction to modify the database, it will be locked until that transaction "
        "is committed. Default five seconds.",
    )
    answer = answerer.answer(
        "By default, how long does sqlite3.connect wait on a locked database?", ps
    )
    assert "five seconds" in answer and answer.startswith("timeout (float)")


def test_a_version_or_code_name_no_passage_has_means_abstain(answerer):
    ps = _passages(
        "Python 3.8 was released on October 14, 2019. For full details, see the changelog."
    )
    assert answerer.answer("On what date will Python 3.14 be released?", ps) == ABSTAIN_TEXT
    assert answerer.answer("What does PYTHON_GIL=0 do?", ps) == ABSTAIN_TEXT
    assert "October 14, 2019" in answerer.answer("On what date was Python 3.8 released?", ps)


def test_a_number_counting_something_else_is_no_answer_to_how_many(answerer):
    ps = _passages("Prisoners were swapped in an exchange negotiated over two days.")
    assert answerer.answer("How many prisoners were swapped in the exchange?", ps) == ABSTAIN_TEXT
    assert "over two days" in answerer.answer("How many days did the negotiation take?", ps)


def test_headings_are_never_the_answer_and_why_goes_on_to_the_reason(answerer):
    ps = _passages(
        "## Trump’s handling of the call alarmed Europe\n\nTrump’s handling of the conversation "
        "with Putin has raised alarm among European allies. The call was made without prior "
        "consultations with NATO partners, leaving Europe on the sidelines.",
    )
    answer = answerer.answer("Why were European allies alarmed by how Trump handled the call?", ps)
    assert not answer.startswith("Trump’s handling of the call alarmed Europe")
    assert "without prior consultations with NATO partners" in answer


def test_a_when_question_needs_a_date_and_may_is_not_one(answerer):
    ps = _passages(
        "Putin remains under an arrest warrant from the International Criminal Court. Critics "
        "say the call may legitimise him.",
    )
    assert (
        answerer.answer("In what year did the court issue its arrest warrant?", ps) == ABSTAIN_TEXT
    )


@pytest.mark.parametrize(("question", "names"), [
    ("What does enumerate return?", {"enumerate"}),
    ("What does range() return?", {"range"}),
    ("What does the sorted function do?", {"sorted"}),
    ("What does json.dumps do?", {"json.dumps"}),
    ("What does Django do?", set()),  # a project, not a function
    ("What does the call mean for Ukraine?", set()),
])
def test_a_bare_name_used_as_a_function_is_code(question, names):
    assert code_names(question) == names


def test_a_sentence_in_an_entry_is_about_the_name_declared(answerer):
    """"Serialize obj ..." never says dumps; its entry does. Without that, the sentence naming
    JSON and dump() wins."""
    ps = _passages(
        "Unlike pickle and marshal, JSON is not a framed protocol, so trying to serialize multiple "
        "objects with repeated calls to json.dump() using the same fp will result in an invalid "
        "JSON file.",
        "json.dumps(obj, *, skipkeys=False, ensure_ascii=True)\n\n"
        "Serialize obj to a JSON formatted str using this conversion table.",
    )
    assert answerer.answer("What does json.dumps do?", ps).startswith(
        "Serialize obj to a JSON formatted str"
    )


def test_a_bare_declared_name_is_not_prose():
    assert not prose("rmtree.avoids_symlink_attacks")
    assert not prose('File "/home/antoine/cpython/default/Lib/pathlib.py", line 861, in with_stem')
    assert not prose("if dict.has_key( key ): return dict[key]")  # code, not a sentence
    assert prose("If the value is true: the list is sorted in reverse order.")
    assert declared_name("os.path.join(path, *paths)") == "os.path.join"
    assert declared_name("class dict(**kwargs)") == "dict"
    assert declared_name("time.time() → float") == "time.time"  # a return annotation
    assert declared_name("sys.exit(main())") is None  # a call in an example
    assert declared_name("Return a list of the words.") is None


@pytest.mark.parametrize(("question", "asked"), [
    ("What does json.dumps return?", True),
    ("what does sys.exit do?", True),
    ("What is pathlib.Path.stem?", True),
    ("What does enumerate return?", True),
    # a detail, not the summary
    ("What does str.find() return if the substring isn't found?", False),
    ("What is a coroutine?", False),  # a term: its definition, not an entry
])
def test_what_an_api_does(question, asked):
    assert asks_what_it_does(question) == asked


def test_the_reference_is_quoted_before_release_notes(answerer):
    """The same statement in What's New in 2.6 and in the reference: the reference says it as
    things are now (how much that weighs is measured by `rag eval`: 0.15)."""
    text = (
        "Once a bounded length deque is full, adding more items causes old items to be discarded."
    )
    notes = Passage("/whatsnew/2.6.html", 0, len(text), text, 1.0, title="What’s New in Python 2.6")
    reference = Passage(
        "/library/collections.html",
        0,
        len(text),
        text,
        1.0,
        title="collections — Container datatypes",
    )
    answer = answerer.answer(
        "What happens to old items when I add items to a full deque?", [notes, reference]
    )
    assert answer.endswith("[2]")
    # a question about a change is what release notes answer
    assert answerer.answer("What changed for full deques in 2.6?", [notes, reference]).endswith(
        "[1]"
    )
    assert asks_about_changes("Since which version does deque take a maxlen?")
    assert asks_about_changes("After upgrading to Django 3.2, logins got slower. Why?")
    assert not asks_about_changes("What happens to old items when I add more items?")


def test_what_a_function_does_is_the_first_sentence_of_its_entry(answerer):
    """The entry's first sentence sums it up; later ones may say more of the question's words."""
    ps = _passages(
        "sys.exit([arg])\n\nRaise a SystemExit exception, signaling an intention to exit the "
        "interpreter. The optional argument arg can be an integer giving the exit status.",
        "Since the call to main is wrapped in sys.exit(), the expectation is that your function "
        "will return some value acceptable as an input to sys.exit().",
        "sys.exit(main())\n\nIn particular, calling sys.exit() with a string is a quick way to "
        "exit a program when an error occurs.",
    )
    assert answerer.answer("What does sys.exit do?", ps).startswith("Raise a SystemExit exception")


def test_the_reference_entry_of_the_named_function_wins(answerer):
    ps = _passages(
        "heapq.heappushpop(heap, item)\n\nPush item on the heap, then pop and return the smallest "
        "item from the heap, faster than heappush() followed by a separate call to heappop().",
        "heapq.heappop(heap)\n\nPop and return the smallest item from the heap, maintaining the "
        "heap invariant. If the heap is empty, IndexError is raised.",
    )
    answer = answerer.answer("Does heapq.heappop give back the smallest or the largest item?", ps)
    assert answer.startswith("Pop and return the smallest item from the heap, maintaining")


def test_a_sentence_pointing_back_is_taken_with_what_it_points_to(answerer):
    ps = _passages(
        "Python uses the Mersenne Twister as the core generator. It produces 53-bit precision "
        "floats and has a period of 2**19937-1. The underlying implementation in C is both fast "
        "and threadsafe.",
    )
    answer = answerer.answer("What is the period of the generator behind the random module?", ps)
    assert answer.startswith(
        "Python uses the Mersenne Twister as the core generator. [1] It produces"
    )
    assert "2**19937-1" in answer


def test_focus_quotes_each_sentence_once_with_pairs_in_play(answerer):
    """The pair "A. It ..." and "A." alone can both rank among the best: the focused
    passage for the local model holds each sentence once, in document order."""
    ps = _passages(
        "Python uses the Mersenne Twister as the core generator. It produces 53-bit precision "
        "floats and has a period of 2**19937-1. The underlying implementation in C is both fast "
        "and threadsafe.",
        "The random module also offers SystemRandom, which uses os.urandom().",
    )
    ps = [replace(p, title="random — Generate pseudo-random numbers", section="Notes") for p in ps]
    focused = answerer.focus("What is the period of the generator behind the random module?", ps)
    text = focused[0].text
    assert text.count("Mersenne Twister") == 1 and text.count("2**19937-1") == 1
    assert text.index("Mersenne") < text.index("period")
    assert len(focused) == 2  # numbering kept
    # headings cost a small model a sixth of a second before its first word; the prompt drops them
    assert focused[0].title == focused[0].section == ""
    assert "(random" not in answer_messages("What is the period?", focused)[1].content


def test_an_exception_question_takes_the_name_from_the_entry_declaration(answerer):
    """A reference entry's first sentence leaves its subject out ("Subclass of ..., raised
    when ..."): the declaration line right above it is the answer and is quoted with it."""
    ps = _passages(
        "exception subprocess.SubprocessError\n\nBase class for all other exceptions from this "
        "module.\n\nexception subprocess.TimeoutExpired\n\nSubclass of SubprocessError, raised "
        "when a timeout expires while waiting for a child process."
    )
    answer = answerer.answer(
        "Which exception is raised when a timeout expires waiting for a child?", ps
    )
    assert answer.startswith("exception subprocess.TimeoutExpired [1] Subclass of SubprocessError")


def test_an_attribute_no_passage_mentions_means_abstain(answerer):
    """The topic is there, the asked detail is not: a near miss, not an answer."""
    ps = _passages("The call came just days before the Munich Security Conference, heightening "
                   "concerns that the approach may be perceived as appeasement.")
    question = "What was the exact agenda of the Munich Security Conference sessions?"
    assert answerer.answer(question, ps) == ABSTAIN_TEXT
    ps = _passages(
        "The agenda of the Munich Security Conference put Ukraine and European defence first."
    )
    assert "put Ukraine and European defence first" in answerer.answer(question, ps)


def test_a_what_is_it_called_question_wants_the_naming_sentence(answerer):
    ps = _passages(
        "Like the '*', '+', and '?' quantifiers, those where '+' is appended also match as many "
        "times as possible. However, unlike the true greedy quantifiers, these do not allow "
        "back-tracking when the expression following it fails to match. These are known as "
        "possessive quantifiers.",
    )
    answer = answerer.answer(
        "What are regex quantifiers like a*+ and a++ called, the ones that never backtrack?", ps
    )
    assert "known as possessive quantifiers" in answer


def test_a_date_sentence_is_read_with_the_sentence_next_to_it(answerer):
    """The date opens the piece; the next sentence says what happened then. Alone, the date
    sentence matches the question too weakly to answer it."""
    ps = _passages(
        "On 3 March 2024, observers saw a striking display of confusion in the capital.\n\n"
        "Two events showed it: the minister's muddled speech and the president's call with the "
        "governor of the northern province.",
    )
    answer = answerer.answer("On what date did the president's call with the governor happen?", ps)
    assert answer.startswith("On 3 March 2024, observers saw")


def test_a_he_sentence_is_taken_with_the_sentence_naming_him(answerer):
    ps = _passages(
        "The minister spoke at the summit in Oslo. His speech appeared to confuse regional "
        "stability with border control, which observers found alarming. Delegates left early.",
    )
    answer = answerer.answer("Which two ideas did the minister mix up at the Oslo summit?", ps)
    assert answer.startswith("The minister spoke at the summit in Oslo. [1] His speech appeared")
    assert "regional stability with border control" in answer


def test_a_stem_the_stemmer_splits_still_matches(answerer):
    """The stemmer leaves "public" and "publicised" apart; their first six letters match.
    Without that, the sentence repeating "agreement" wins."""
    ps = _passages(
        "The agreement between the mayor and the unions was signed on Tuesday. Details were "
        "publicised on the council's website a week later.",
    )
    answer = answerer.answer("How was the agreement made public?", ps)
    assert answer.startswith("Details were publicised on the council's website")


def test_a_where_question_prefers_the_sentence_naming_a_place(answerer):
    """The article's own sentences: the one about the meeting names no place and matches the
    question better; a where-answer without a place costs enough (0.15) to lose to the one
    that says "at NATO headquarters" (at 0.08 it won)."""
    ps = _passages(
        "During the latest Ramstein-format meeting, attended by defence ministers of NATO "
        "countries and key partners, US Secretary of Defence Pete Hegseth delivered remarks that "
        "left many questioning Washington’s strategic coherence.",
        "Two key developments underscored this perception: US Secretary of Defence Pete Hegseth’s "
        "contradictory statements at the Ramstein meeting at NATO headquarters and President "
        "Donald Trump’s phone call with Russian President Vladimir Putin.",
    )
    answer = answerer.answer("Where was the Ramstein-format meeting held?", ps)
    assert answer.startswith("Two key developments underscored this perception")
    assert "at NATO headquarters" in answer


def test_an_entry_sentence_is_matched_with_its_declaration(answerer):
    """Reference entries describe a function without naming it: two entries may share a
    sentence word for word, and only the declaration above tells which one is asked about."""
    text = ("json_tools.dump_fast(obj)\n\nWrite the object quickly. Returns the number of bytes "
            "written.\n\nxml_tools.dump_fast(obj)\n\nWrite the object quickly. Returns the number "
            "of bytes written.")
    ps = _passages(text)
    _, _, _, start, _ = answerer.rank("What does the fast XML dump give back?", ps)[0]
    assert start > text.index("xml_tools")
    _, _, _, start, _ = answerer.rank("What does the fast JSON dump give back?", ps)[0]
    assert start < text.index("xml_tools")


def test_the_sentence_naming_the_asked_attribute_wins(answerer):
    """The manual's own sentences: both match "random generator"; only one says what the period
    is. Without the attribute bonus the first wins."""
    ps = _passages(
        "Almost all module functions depend on the basic function random(), which generates a "
        "random float uniformly in the half-open range 0.0 <= X < 1.0. Python uses the Mersenne "
        "Twister as the core generator. It produces 53-bit precision floats and has a period of "
        "2**19937-1.",
    )
    answer = answerer.answer(
        "What is the period of the pseudo-random generator behind Python's random module?", ps
    )
    assert "period of 2**19937-1" in answer


def test_a_when_answer_with_only_a_time_of_day_gets_the_day_too(answerer):
    """The article says "early in the morning" beside the call and the date a paragraph away
    (scored with the sentence after it, which names the call)."""
    ps = _passages(
        "On 12 February 2025, the international community witnessed a striking demonstration of "
        "the apparent disarray within the United States’ foreign policy apparatus.\n\n"
        "Two key developments underscored this perception: contradictory statements at the "
        "Ramstein meeting and President Donald Trump’s phone call with Russian President Vladimir "
        "Putin.",
        "Far more consequential was President Trump’s phone call with Vladimir Putin. The call, "
        "which took place early in the morning Washington time, was later publicised through "
        "Trump’s Truth Social account.",
    )
    answer = answerer.answer("When did the phone call between Trump and Putin take place?", ps)
    assert (
        "early in the morning" in answer
        and "On 12 February 2025, the international community" in answer
    )
    assert answer.endswith("[1]")  # the day's sentence cites its own passage


def test_a_place_name_matches_its_adjective(answerer):
    """"Europe's" in the question, "European" in the text: the passage does name it."""
    ps = _passages(
        "The outreach is likely to reinforce European efforts to enhance their own security "
        "frameworks, particularly in bolstering the continent’s defence industrial base.",
    )
    answer = answerer.answer(
        "What part of Europe's defence capability are governments expected to strengthen?", ps
    )
    assert "defence industrial base" in answer


def test_which_city_needs_a_place_the_question_does_not_name(answerer):
    """The article says the meeting was "at NATO headquarters", never in which city."""
    ps = _passages(
        "Two key developments underscored this perception: US Secretary of Defence Pete Hegseth’s "
        "contradictory statements at the Ramstein meeting at NATO headquarters and President "
        "Donald Trump’s phone call with Russian President Vladimir Putin.",
    )
    question = "In which city is the NATO headquarters where the Ramstein meeting was held located?"
    assert answerer.answer(question, ps) == ABSTAIN_TEXT
    # "where" alone may be answered without a place name: a weaker answer, not none
    assert KINDS["place"].required(question) and not KINDS["place"].required(
        "Where does the name come from?"
    )


_CALL = (  # the article's two paragraphs on the call
    ("Far more consequential was President Trump’s phone call with Vladimir Putin. The call, which "
    "took place early in the morning Washington time, was later publicised through Trump’s Truth "
    "Social account. The former president characterised the conversation as “long and productive,” "
    "claiming that he and Putin had discussed Ukraine, the Middle East, energy markets, artificial "
    "intelligence, and the strength of the US dollar."),
    ("In his statement, Trump invoked historical parallels, recalling the cooperation between the "
    "United States and the Soviet Union during the Second World War. He portrayed the call as an "
    "effort to establish a path to peace in Ukraine, asserting that he and Putin had agreed to "
    "engage in direct negotiations. He also indicated that US officials would be reaching out to "
    "Ukrainian President Volodymyr Zelensky to discuss the matter."),
)
_READOUT = (
    "From Moscow, the Kremlin’s official readout of Trump’s call was far more restrained. It "
    "focused on prisoner exchanges between Russia and the United States. Putin reportedly "
    "reaffirmed the need to address the “root causes” of the conflict."
)


def test_what_words_wants_a_quotation_not_a_paraphrase(answerer):
    """"portrayed the call as an effort" reports what he meant; "what words" asks for his own."""
    answer = answerer.answer(
        "What words did Trump use to sum up his talk with Putin?", _passages(*_CALL)
    )
    assert "“long and productive,”" in answer


def test_a_nationality_before_a_role_is_not_a_name_the_passage_must_hold(answerer):
    """"the Russian leader" is Putin: the passage quoting Trump need not say "Russian"."""
    answer = answerer.answer("What phrase did Trump use to describe his conversation with the "
                             "Russian leader?",
                             _passages(_READOUT, *_CALL))
    assert "“long and productive,”" in answer


def test_a_line_of_code_is_never_the_answer(answerer):
    """The FTS5 page's example queries match "bm25" and "rank" best (and split at "?" into
    pieces that look like sentences), but they are code, not an answer."""
    ps = _passages(
        "The following three queries are equivalent:\n\n"
        "SELECT * FROM fts WHERE fts MATCH ? AND rank MATCH 'bm25(10.0, 5.0)' ORDER BY rank;\n"
        "SELECT * FROM fts WHERE fts = ? AND rank = 'bm25(10.0, 5.0)' ORDER BY rank;\n\n"
        "Auxiliary functions are described in section 5.",
    )
    answer = answerer.answer(
        "I'd like to tune the k1 parameter of bm25() ranking. What value is it set to?", ps
    )
    assert "SELECT" not in answer and "ORDER BY" not in answer


def test_a_passage_under_the_functions_heading_names_it(answerer):
    """The chunk holding "STEP defaults to 1" never says generate_series: its section title does.
    Without reading the title it loses 0.15 to a chunk that repeats the name."""
    ps = _passages(
        "Omitted parameters take on default values. STEP defaults to 1. END defaults to "
        "9223372036854775807.",
        "The generate_series() table can be simulated using a recursive common table expression "
        "with three parameters.",
    )
    ps[0] = replace(ps[0], section="The generate_series() Table-Valued Function")
    answer = answerer.answer("What step size does generate_series() use by default?", ps)
    assert "STEP defaults to 1" in answer


def test_a_sentence_about_a_sibling_function_is_not_about_the_asked_one(answerer):
    """SQLite's close page: the v2 sentence shares more words with the question ("unclosed BLOB
    handlers"), but it is about sqlite3_close_v2(), not sqlite3_close()."""
    ps = _passages(
        "Ideally, applications should finalize all prepared statements, close all BLOB handles, "
        "and finish all sqlite3_backup objects associated with the sqlite3 object prior to "
        "attempting to close the object. If the database connection is associated with unfinalized "
        "prepared statements, BLOB handlers, and/or unfinished sqlite3_backup objects then "
        "sqlite3_close() will leave the database connection open and return SQLITE_BUSY. If "
        "sqlite3_close_v2() is called with unfinalized prepared statements, unclosed BLOB "
        "handlers, and/or unfinished sqlite3_backups, it returns SQLITE_OK regardless, but instead "
        "of deallocating the database connection immediately, it marks the database connection as "
        "an unusable \"zombie\" and makes arrangements to automatically deallocate the database "
        "connection after all prepared",
    )
    question = ("sqlite3_close() returns an error code while I still have unfinalized prepared "
                "statements and unclosed BLOB handlers. Which result code do I get?")
    answer = answerer.answer(question, ps)
    assert "return SQLITE_BUSY" in answer and not answer.startswith("If sqlite3_close_v2()")


def test_an_acronym_is_found_spelled_out(answerer):
    """"the FAQ" is the page titled "Frequently Asked Questions", which never says "FAQ"."""
    ps = _passages(
        "Actually, SQLite will easily do 50,000 or more INSERT statements per second on an average "
        "desktop computer. But if you surround "
        "multiple INSERT statements with BEGIN...COMMIT then all the inserts are grouped into a "
        "single transaction.",
    )
    ps[0] = replace(ps[0], title="SQLite Frequently Asked Questions")
    answer = answerer.answer("My inserts are painfully slow. What does the FAQ suggest surrounding "
                             "the INSERT statements with?", ps)
    assert answer != ABSTAIN_TEXT  # without it: "no passage names the FAQ", 0.25 off every sentence
    assert "INSERT statements" in answer


def test_a_which_option_question_quotes_the_option_its_entry_describes(answerer):
    """git-rebase(1): an option's description never names the option; the term line above
    the paragraph is the answer and is quoted with it."""
    ps = _passages(
        "--exec <cmd>\n\nAppend \"exec <cmd>\" after each line creating a commit in the final "
        "history.\n\n--root\n\nRebase all commits reachable from <branch>, instead of limiting "
        "them with an <upstream>. This allows you to rebase the root commit(s) on a branch. When "
        "used with --onto, it will skip changes already contained in <newbase> (instead of "
        "<upstream>) whereas without --onto it will operate on every change.",
        "If you just want to edit the commit message for a commit, replace the command \"pick\" "
        "with the command \"reword\".",
    )
    answer = answerer.answer("I want to reword the very first commit of my repository in an "
                             "interactive rebase. Which rebase option lets me include that root "
                             "commit?", ps)
    assert answer.startswith("--root [1] Rebase all commits reachable from <branch>")


def test_a_which_variable_question_wants_a_sentence_naming_one(answerer):
    """git-rerere(1) and git-merge(1): the sentence that names the variable, not the one
    closest in words."""
    ps = _passages(
        "As a convenience measure, git merge automatically invokes git rerere upon exiting with a "
        "failed automerge and git rerere records the hand resolve when it is a new conflict, or "
        "reuses the earlier hand resolve when it is not.",
        "## DESCRIPTION\n\nIn a workflow employing relatively long lived topic branches, the "
        "developer sometimes needs to resolve the same conflicts over and over again until the "
        "topic branches are done.\n\nThis command assists the developer in this process by "
        "recording conflicted automerge results and corresponding hand resolve results on the "
        "initial manual merge, and applying previously recorded hand resolutions to their "
        "corresponding automerge results.\n\nNote\nYou need to set the configuration variable "
        "rerere.enabled in order to enable this command.\n\n## COMMANDS\n\n"
        "Normally, git rerere is run without arguments or user-intervention.",
    )
    answer = answerer.answer("I'm tired of resolving the same merge conflicts again and want Git "
                             "to remember my resolutions. Which config variable turns rerere "
                             "on?", ps)
    assert "rerere.enabled" in answer and "[2]" in answer


def test_a_faq_answer_is_found_by_its_question_heading(answerer):
    """Apache's SSL FAQ: the answer under a question heading repeats none of its words; the
    page's list of questions repeats all of them and answers nothing."""
    ps = _passages(
        "Why does my webserver have a higher load, now that it serves SSL encrypted traffic?\n\n"
        "Why do HTTPS connections to my server sometimes take up to 30 seconds to establish a "
        "connection?\n\nWhat SSL Ciphers are supported by mod_ssl?",
        "### Why do HTTPS connections to my server sometimes take up to 30 seconds to establish a "
        "connection?\n\nThis is usually caused by a /dev/random device for SSLRandomSeed which "
        "blocks the read(2) call until enough entropy is available to service the request. More "
        "information is available in the reference manual for the SSLRandomSeed directive.",
    )
    answer = answerer.answer("Our new HTTPS connections sometimes stall for half a minute before "
                             "they are set up. What usually causes this?", ps)
    assert answer.startswith("This is usually caused by a /dev/random device") and "[2]" in answer


def test_an_faq_heading_asking_the_same_in_other_words_vouches_for_its_answer(answerer):
    """Python's FAQ: "Why is it called Python?" shares only "Python" with the user's question,
    and its answer none of the question's other words; the history page shares more."""
    ps = _passages(
        "Python was created in the early 1990s by Guido van Rossum at Stichting Mathematisch "
        "Centrum (CWI, see https://www.cwi.nl/) in the Netherlands as a successor of a language "
        "called ABC. Guido remains Python’s principal author, although it includes many "
        "contributions from others.",
        "Every Python implementation comes with a number of built-in and standard modules. These "
        "are documented in The Python Standard Library.",
        "### Where in the world is www.python.org located?\n\nThe Python project’s infrastructure "
        "is located all over the world and is managed by the Python Infrastructure Team.\n\n"
        "### Why is it called Python?\n\nWhen he began implementing Python, Guido van Rossum was "
        "also reading the published scripts from “Monty Python’s Flying Circus”, a BBC comedy "
        "series from the 1970s. Van Rossum thought he needed a name that was short, unique, and "
        "slightly mysterious, so he decided to call the language Python.",
    )
    answer = answerer.answer("Where does the name of the Python language come from?", ps)
    assert "Monty Python’s Flying Circus" in answer and "[3]" in answer


@pytest.mark.parametrize("question, overview", [
    ("What is this article about?", True),
    ("Summarize the document", True),
    ("Summarize the documentation", True),
    ("tl;dr", True),
    ("What are the main points?", True),
    ("What was the main topic of Moscow's own summary of the call?", False),  # names the Kremlin's
    ("What did the article say about Kellogg?", False),
    ("Who wrote this article?", False),
    ("What does it say?", False),  # which "it": a follow-up
])
def test_a_question_about_the_whole_document(question, overview):
    assert asks_overview(question) is overview


def test_a_title_with_a_subtitle_is_not_an_answer(answerer):
    """"Trump’s Conversation with Putin: Implications and Fallout" names a section; "About the
    authors: EU Global Editorial Staff" states who wrote it."""
    ps = _passages(
        "## Trump’s Conversation with Putin: Implications and Fallout\n\n"
        "Far more consequential was President Trump’s phone call with Vladimir Putin. The former "
        "president characterised the conversation as “long and productive,” claiming that he and "
        "Putin had discussed Ukraine, the Middle East, energy markets, artificial intelligence, "
        "and the strength of the US dollar.",
        "## About the authors: EU Global Editorial Staff\n\nThe editorial team at EU Global works "
        "collaboratively to deliver accurate and insightful coverage.",
    )
    answer = answerer.answer("Which topics did Trump and Putin discuss?", ps)
    assert "Implications and Fallout" not in answer and "energy markets" in answer
    assert answerer.answer("Who are the authors?", ps).startswith(
        "About the authors: EU Global Editorial Staff"
    )


def test_what_is_a_term_is_answered_by_its_definition(answerer):
    """Python's glossary: the entry under the line "duck-typing" never repeats its term; the
    sentence that repeats the question's words defines nothing."""
    ps = _passages(
        "Abstract base classes complement duck-typing by providing a way to define interfaces when "
        "other techniques like hasattr() would be clumsy or subtly wrong.",
        "dictionary view\n\nThe objects returned from dict.keys() are called dictionary views.\n\n"
        "duck-typing\n\nA programming style which does not look at an object’s type to determine "
        "if it has the right interface; instead, the method or attribute is simply called or used.",
    )
    answer = answerer.answer("What is duck typing?", ps)
    assert answer.startswith(
        "duck-typing [2] A programming style which does not look at an object’s type"
    )
    ps = _passages("Also, the GIL is always released when doing I/O.",
                   "An object is called iterable if you can get an iterator for it.")
    assert answerer.answer("What is an iterable?", ps).startswith("An object is called iterable")
    # "GIL" then "See global interpreter lock." only points to the entry that defines it
    ps = _passages("GIL\n\nSee global interpreter lock.\n\nglobal interpreter lock\n\n"
                   "The mechanism used by the CPython interpreter to assure that only one thread "
                   "executes Python bytecode at a time.")
    assert "The mechanism used by the CPython interpreter" in answerer.answer(
        "What is the GIL?", ps
    )


def test_a_misspelt_name_still_finds_its_person(answerer):
    """"Kelogg": a user's typing slip is not a name the documents lack (which would decline)."""
    ps = _passages(
        "At the same time, Trump’s decision to exclude key officials from the process—most notably "
        "Keith Kellogg, a prominent defence adviser—has fuelled speculation about internal "
        "divisions within his administration.",
    )
    answer = answerer.answer("What is Keith Kelogg's job?", ps)
    assert "prominent defence adviser" in answer and "[1]" in answer


def test_what_adjectives_someone_used_are_answered_by_his_quoted_words(answerer):
    """The article's opening shares "two", "Trump" and "Putin" with the question; the answer is
    the sentence that quotes him."""
    ps = _passages(
        "On 12 February 2025, the international community witnessed a striking demonstration of "
        "the apparent disarray within the United States’ foreign policy apparatus.\n\n"
        "Two key developments underscored this perception: US Secretary of Defence Pete Hegseth’s "
        "contradictory statements at the Ramstein meeting at NATO headquarters and President "
        "Donald Trump’s phone call with Russian President Vladimir Putin.",
        "Far more consequential was President Trump’s phone call with Vladimir Putin. The call, "
        "which took place early in the morning Washington time, was later publicised through "
        "Trump’s Truth Social account. The former president characterised the conversation as "
        "“long and productive,” claiming that he and Putin had discussed Ukraine, the Middle East, "
        "energy markets, artificial intelligence, and the strength of the US dollar.",
    )
    answer = answerer.answer(
        "What two adjectives did Trump use to describe his talk with Putin?", ps
    )
    assert "“long and productive,”" in answer and "[2]" in answer


def test_where_a_name_comes_from_is_not_answered_by_a_sentence_that_only_uses_it(answerer):
    """The article uses the name "Ramstein" but never says where it comes from: declined. A
    sentence that says so ("named after") answers, though the other repeats more of the question."""
    ps = _passages(
        "During the latest Ramstein-format meeting, attended by defence ministers of NATO "
        "countries and key partners, US Secretary of Defence Pete Hegseth delivered remarks that "
        "left many questioning Washington’s commitment to Ukraine.",
        "Two key developments underscored this perception: US Secretary of Defence Pete Hegseth’s "
        "contradictory statements at the Ramstein meeting at NATO headquarters and President "
        "Donald Trump’s phone call with Vladimir Putin.",
    )
    question = "Where does the name of the Ramstein meeting come from?"
    assert answerer.answer(question, ps) == ABSTAIN_TEXT
    named = _passages(
        "The group is named after Ramstein Air Base in Germany, where it first met in April 2022."
    )
    answer = answerer.answer(question, ps + [replace(named[0], source="history.md")])
    assert answer.startswith("The group is named after Ramstein Air Base")


def test_a_configuration_or_command_line_is_never_the_answer(answerer):
    """mod_dir: the example line repeats the question's words; the sentence answers it."""
    ps = _passages(
        "DirectoryIndex index.html index.php\n\nMultiple DirectoryIndex directives within the same "
        "context will add to the list of resources to look for rather than replace.",
        "apache2ctl -k graceful-stop",
    )
    answer = answerer.answer("Does a second DirectoryIndex index.php line replace the first "
                             "DirectoryIndex index.html line?", ps)
    assert answer.startswith("Multiple DirectoryIndex directives within the same context will add")


def test_numbers_in_the_users_own_situation_need_not_be_in_the_documents(answerer):
    """"We're on 2.4.25": the documents need not say 2.4.25; the version asked for is elsewhere."""
    ps = _passages(
        "# Apache Module mod_brotli\n\nDescription: Compress content via Brotli before it is "
        "delivered to the client\n\nStatus: Extension\n\nCompatibility: Available in version "
        "2.4.26 and later.",
    )
    answer = answerer.answer("We're still on httpd 2.4.25 and want Brotli-compressed responses. "
                             "Starting with which httpd version is mod_brotli available?", ps)
    assert "2.4.26" in answer



def test_a_reference_box_row_is_read_under_its_heading(answerer):
    """mod_brotli: "Compatibility: Available in version 2.4.26 and later." does not say what
    is available; the module heading above it does."""
    ps = _passages(
        "# Apache Module mod_brotli\n\nAvailable Languages: en | fr\n\n"
        "Description: Compress content via Brotli before it is delivered to the client\n\n"
        "Status: Extension\n\nModule Identifier: brotli_module\n\nSource File: mod_brotli.c\n\n"
        "Compatibility: Available in version 2.4.26 and later.\n\n### Summary\n\n"
        "The mod_brotli module provides the BROTLI_COMPRESS output filter that allows output from "
        "your server to be compressed using the brotli compression format before being sent to the "
        "client over the network.",
        "## BrotliAlterETag Directive\n\nDescription: How the outgoing ETag header should be "
        "modified during compression\n\nSyntax: BrotliAlterETag AddSuffix|NoChange|Remove\n\n"
        "Module: mod_brotli\n\nAddSuffix\n\nAppend the compression method onto the end of the "
        "ETag, causing compressed and uncompressed representations to have unique ETags. In "
        "another dynamic compression module, mod_deflate, this has been the default since 2.4.0. "
        "This setting prevents serving \"HTTP Not Modified\" (304) responses to conditional "
        "requests for compressed content.",
    )
    answer = answerer.answer("We're still on httpd 2.4.25 and want to serve Brotli-compressed "
                             "responses using the bundled module. Starting with which httpd "
                             "version is mod_brotli available?", ps)
    assert answer.startswith("Compatibility: Available in version 2.4.26 and later. [1]")


def test_a_name_of_the_users_own_that_no_passage_has_is_no_reason_to_abstain(answerer):
    """pytest: the user's class TestDataBuilder is in no page; the answer names what to set."""
    ps = _passages(
        "# content of conftest.py\nimport sys\n\ncollect_ignore = [\"setup.py\"]\n\n"
        "Since Pytest 2.6, users can prevent pytest from discovering classes that start with Test "
        "by setting a boolean __test__ attribute to False.\n\n# Will not be discovered as a test\n"
        "class TestClass:\n__test__ = False",
        "python_classes\n\nOne or more name prefixes or glob-style patterns determining which "
        "classes are considered for test collection. Search for multiple glob patterns by adding a "
        "space between patterns. By default, pytest will consider any class prefixed with Test as "
        "a test collection.",
    )
    answer = answerer.answer("My application has a class called `TestDataBuilder` that isn't a "
                             "test, but pytest keeps trying to collect it. What can I set on the "
                             "class so pytest stops treating it as a test class?", ps)
    assert "__test__ attribute to False" in answer


@pytest.mark.parametrize(("sentence", "names"), [
    ("Using the [QSA] flag causes the query strings to be combined.", {"qsa"}),
    ("Files with the attribute export-ignore won't be added to archive files.", {"export-ignore"}),
    ("You need to set the configuration variable rerere.enabled to enable this command.",
     {"rerere.enabled"}),
    ("--root", {"--root"}),
    ("The default KeepAliveTimeout of 5 seconds attempts to minimize this effect.",
     {"keepalivetimeout"}),
    # English, not a name
    ("Normally, git rerere is run without arguments or user-intervention.", set()),
    ("Call sqlite3_open() first, e.g. at start-up.", set()),  # a function, not a setting
])
def test_names_one_types_into_a_configuration(sentence, names):
    from rag.question_types import setting_names

    assert setting_names(sentence) == names


def test_a_heading_that_states_something_can_be_the_answer(answerer):
    """The article's byline is a heading, "About the authors: EU Global Editorial Staff"; a
    heading that only names a topic still answers nothing."""
    ps = _passages(
        "## About the authors: EU Global Editorial Staff\n\nThe editorial team at EU Global works "
        "collaboratively to deliver accurate and insightful coverage across a broad spectrum of "
        "topics.",
        "## The Editorial Team\n\nOur editors review every article before it is published.",
    )
    ranked = [
        p.text[s:e]
        for _, _, p, s, e in answerer.rank(
            "Which publication's editorial team wrote this piece?", ps
        )
    ]
    assert "About the authors: EU Global Editorial Staff" in ranked[:2]
    assert "The Editorial Team" not in ranked


@pytest.mark.parametrize("line, is_prose", [
    ("listener_id = self.events.connect(event, callback, priority)", False),  # an assignment
    # a numbered source line
    ("2 app.add_config_value('todo_include_todos', False, 'html')", False),
    ("logger.debug('[app] connecting event %r (%d): %r [id=%s]',", False),  # a call left open
    ("heapq.heappop(heap) pops and returns the smallest item.", True),  # a call named in prose
    ("x == y holds when the two are equal in every way.", True),
    ("#10028: jQuery and underscore.js will no longer be injected into themes from Sphinx 6.0.",
     True),
    ("# keep the connection open between the requests", False),  # a comment in a listing
    ("return self._client.get('/auth/logout')", False),  # Flask's tutorial test helpers
    ('app.config["SECRET_KEY"] # Is "5f352379324c22463451387a0aec5d2f"', False),
    ("Return the smallest item from the heap.", True),  # a reference entry's description
    ("'django.middleware.locale.LocaleMiddleware',", False),  # a string in a settings list
    ('"Hello world" is what the first program prints, by tradition.', True),
])
def test_a_statement_from_a_source_listing_is_not_prose(line, is_prose):
    """Sphinx's HTML holds its own highlighted source (_modules/); its lines match questions
    about the API ("which priority does app.connect() use?") word for word. A changelog
    entry opens with its issue number."""
    assert prose(line) is is_prose


def test_a_configuration_values_entry_is_read_under_its_bare_name(answerer):
    """Sphinx's conf.py values are entries headed by one bare name ("autosummary_generate").
    Their "Changed in version 4.0: Enabled by default." says nothing of what changed without it,
    and "= True" in the user's own words is a value, not a name the passage must hold."""
    ps = _passages(
        "autosummary_generate\n\nBoolean indicating whether to scan all found documents for "
        "autosummary directives, and to generate stub pages for each. It is enabled by default.\n\n"
        "Changed in version 2.3: Emits autodoc-skip-member event as autodoc does.\n\n"
        "Changed in version 4.0: Enabled by default.",
        "autosummary_generate_overwrite\n\nIf true, autosummary overwrites existing files by "
        "generated stub pages. Defaults to true (enabled).\n\nNew in version 3.0.\n\n"
        "autosummary_imported_members\n\nA boolean flag indicating whether to document classes and "
        "functions imported in modules. Default is False\n\nNew in version 2.1.\n\n"
        "Changed in version 4.4: If autosummary_ignore_module_all is False, this configuration "
        "value is ignored for members listed in __all__.",
    )
    answer = answerer.answer("My conf.py still says autosummary_generate = True to get stub pages. "
                             "Since which Sphinx version is it on by default?", ps)
    assert answer.startswith("Changed in version 4.0: Enabled by default. [1]")


def test_an_options_description_is_read_under_its_option(answerer):
    """sphinx-apidoc's options: "Filename for a table of contents file. Defaults to modules."
    never names --tocfile; the term line above it does."""
    ps = _passages(
        "--tocfile\n\nFilename for a table of contents file. Defaults to modules.\n\n"
        "-T, --no-toc\n\nDo not create a table of contents file. Ignored when --full is provided.",
        "The table of contents for the file, rendered as an HTML <ul>.",
        "The default of '\\\\sphinxtableofcontents' is a wrapper of unmodified \\tableofcontents, "
        "which may itself be customized by user loaded packages.\n\n"
        "Changed in version 1.5: Previously the meaning of \\tableofcontents itself was modified "
        "by Sphinx.",
    )
    answer = answerer.answer("sphinx-apidoc wrote an extra table-of-contents file next to my "
                             "module pages. What is that file called by default if I don't pass "
                             "--tocfile?", ps)
    assert answer.startswith("Filename for a table of contents file. [1] Defaults to modules. [1]")


@pytest.mark.parametrize("question, names", [
    ("Did Zelensky go to Munich?", {"zelenski", "munich"}),
    # a value
    ("I set autosummary_generate = True. Since which version is it on by default?", set()),
    ("Which Sphinx version made it None by default?", {"sphinx"}),
])
def test_the_names_a_question_asks_about(question, names):
    assert asked_names(question) == names


def test_a_where_question_about_files_wants_a_path(answerer):
    """In a manual "where" is a directory, not a city: the sentence naming _downloads/ answers,
    the one about HTML output only shares the question's words."""
    ps = _passages(
        "This role lets you link to files within your source tree that are not reST documents that "
        "can be viewed, but files that can be downloaded.\n\nWhen you use this role, the "
        "referenced file is automatically marked for inclusion in the output when building "
        "(obviously, for HTML output only). All downloadable files are put into a "
        "_downloads/<unique hash>/ subdirectory of the output directory; duplicate filenames are "
        "handled.",
        "If the role content contains a parenthesized explanation, it will be treated specially: "
        "it will be shown in a tool-tip in HTML, and output only once in LaTeX.",
    )
    answer = answerer.answer("After building HTML, where in the output directory do files I linked "
                             "with the :download: role end up?", ps)
    assert answer.startswith(
        "All downloadable files are put into a _downloads/<unique hash>/ subdirectory"
    )


def test_a_where_question_is_answered_by_a_named_folder(answerer):
    """Flask's tutorial: "in the instance folder" says where; the shell example only repeats
    the question's words."""
    ps = _passages(
        "## Initialize the Database File\n\nNow that init-db has been registered with the app, it "
        "can be called using the flask command, similar to the run command from the previous "
        "page.\n\nRun the init-db command:\n\n$ flask --app flaskr init-db\n"
        "Initialized the database.\n\nThere will now be a flaskr.sqlite file in the instance "
        "folder in your project.\n\nContinue to Blueprints and Views.",
        "## Initial Schemas\n\nRelational databases need schemas, so applications often ship a "
        "schema.sql file that creates the database. It’s a good idea to provide a function that "
        "creates the database based on that schema.\n\nYou can then create such a database from "
        "the Python shell:",
        "Flask doesn’t create the instance folder automatically, but it needs to be created "
        "because your project will create the SQLite database file there.",
    )
    answer = answerer.answer("After running flask --app flaskr init-db in the tutorial, where does "
                             "the flaskr.sqlite database file get created?", ps)
    assert answer.startswith("There will now be a flaskr.sqlite file in the instance folder")


def test_an_option_no_passage_has_means_abstain(answerer):
    """pytest's manual mentions unittest, but not unittest's own --buffer flag: its passages
    about running unittest suites answer another question."""
    ps = _passages(
        "pytest supports running Python unittest-based tests out of the box. It’s meant for "
        "leveraging existing unittest-based test suites to use pytest as a test runner.",
        "-s is a shortcut for --capture=no: output is shown as the tests run.",
    )
    question = "What does the -b / --buffer flag do when I run my tests with `python -m unittest`?"
    assert answerer.answer(question, ps) == ABSTAIN_TEXT
    ps[1] = replace(
        ps[1],
        text=ps[1].text
        + " With python -m unittest, -b (--buffer) hides the output of passing tests.",
    )
    assert "[2]" in answerer.answer(question, ps)  # named, it is answered


def test_a_what_is_it_called_now_question_wants_the_renaming(answerer):
    """Flask's changelog: the old parameter "is renamed to" the new one; the sentence that
    repeats the old name and the question's words answers nothing."""
    ps = _passages(
        "send_file handles an attachment_filename that is a native Python 2 string (bytes) with "
        "UTF-8 coded bytes. #2933",
        "Some send_file parameters have been renamed, the old names are deprecated. "
        "attachment_filename is renamed to download_name. cache_timeout is renamed to max_age.",
    )
    answer = answerer.answer("After upgrading to Flask 2.2, my send_file(..., "
                             "attachment_filename='report.pdf') call breaks. What is the parameter "
                             "called now?", ps)
    assert "download_name" in answer and "[2]" in answer


def test_an_acronym_in_the_users_own_situation_need_not_be_in_the_passage(answerer):
    """"My tiny API responses": the user's, like "CSS" or "URL" in a scene; a passage need not
    spell it for its "less than 200 bytes" to answer. "Below what size" wants a number, and the
    section "GZip middleware" names GZipMiddleware."""
    ps = _passages(
        "This middleware should be placed before any other middleware that need to read or write "
        "the response body so that compression happens afterward.\n\nIt will NOT compress content "
        "if any of the following are true:\n\nThe content body is less than 200 bytes long.\n\n"
        "The response has already set the Content-Encoding header.",
        "The django.middleware.gzip.GZipMiddleware compresses content for browsers that understand "
        "GZip compression (all modern browsers).",
        "Compress content if the browser allows gzip compression. It sets the Vary header "
        "accordingly, so that caches base their storage on the Accept-Encoding header of an API "
        "request.",
    )
    ps[0] = replace(ps[0], section="Available middleware > GZip middleware")  # names GZipMiddleware
    answer = answerer.answer("I turned on GZipMiddleware, but some of my tiny API responses still "
                             "come back uncompressed. Below what body size does it skip "
                             "compression?", ps)
    assert answer.startswith("The content body is less than 200 bytes long. [1]")


@pytest.mark.parametrize("text, line", [
    ("--tocfile\n\nFilename for a table of contents file.", "--tocfile"),
    ("SQLITE_THREADSAFE=<0 or 1 or 2>\n\nThis option controls whether code is included.",
     "SQLITE_THREADSAFE=<0 or 1 or 2>"),
    ("default_validators = [validators.validate_slug]\n\nAs you can see, SlugField is a CharField.",
     None),
    (("Changed in version 3.5: allow_abbrev parameter was added.\n\n"
      "In previous versions, it did not."), None),
    ("If you then run it with --lf:\n\n$ pytest --lf\nrun-last-failure: rerun previous 2 failures",
     None),
    ("-T, --no-toc\n\nDo not create a table of contents file.", "-T, --no-toc"),
])
def test_the_term_line_an_options_description_sits_under(text, line):
    """An option's term line is what a "which option" answer quotes; an assignment or a
    sentence above a paragraph is not one."""
    assert term(text, text.rindex("\n") + 1) == line


def test_a_settings_default_row_is_an_answer(answerer):
    """Django's settings reference gives each default on a row of its own, too short to pass
    for prose; "how long does the cookie last" is answered by it and nothing else."""
    ps = _passages(
        "### CSRF_COOKIE_AGE\n\nDefault: 31449600 (approximately 1 year, in seconds)\n\n"
        "The age of CSRF cookies, in seconds.\n\nThe reason for setting a long-lived expiration "
        "time is to avoid problems in the case of a user closing a browser or bookmarking a page.",
        "function getCookie(name) {\nlet cookieValue = null;\n// Does this cookie string begin "
        "with the name we want?\nreturn cookieValue;\n}\nconst csrftoken = getCookie('csrftoken');",
    )
    answer = answerer.answer("I noticed the csrftoken cookie has a long expiry. If I never set "
                             "CSRF_COOKIE_AGE, how long does that cookie last?", ps)
    assert answer.startswith("Default: 31449600 (approximately 1 year, in seconds) [1]")


def test_the_scenes_words_count_less_than_the_questions(answerer):
    """"Many of our readers use phones" says why; "which themes are optimized for mobile"
    is the question, and "mobile-optimated" its answer's word (Sphinx's theming page)."""
    ps = _passages(
        "### Builtin themes\n\nTheme overview\n\nalabaster\n\nclassic\n\nscrolls\n\n"
        "Sphinx comes with a selection of themes to choose from.\n\nNote that from these themes "
        "only the Alabaster and Scrolls themes are mobile-optimated, the other themes resort to "
        "horizontal scrolling if the screen is too narrow.\n\nThese themes are:\n\nbasic\n\n"
        "This is a basically unstyled layout used as the base for the other themes, and usable as "
        "the base for custom themes as well.",
        "### Third Party Themes\n\nThere are many third-party themes created for Sphinx. Some of "
        "these are for general use, while others are specific to an individual project.\n\n"
        "sphinx-themes.org is a gallery that showcases various themes for Sphinx, with demo "
        "documentation rendered under each theme.",
        "# HTML theme development\n\nThis document provides information about creating your own "
        "theme. If you simply wish to use a pre-existing HTML themes, refer to HTML Theming.\n\n"
        "Sphinx supports changing the appearance of its HTML output via themes.",
    )
    answer = answerer.answer("Many of our readers use phones. Which of the themes bundled with "
                             "Sphinx are optimized for mobile?", ps)
    assert "Alabaster and Scrolls" in answer


@pytest.mark.parametrize("sentence, offered", [
    ("The default is typically 128 megabytes (128MB), but might be less.", True),
    ("Sets the amount of memory the database server uses for shared memory buffers.", False),
    ("It uses 2 buffers per connection.", False),  # a count of buffers, not an amount of memory
])
def test_how_much_memory_wants_an_amount_of_memory(sentence, offered):
    assert (
        KINDS["number"].offers(
            sentence, "how much memory does the server use for shared buffers by default?"
        )
        is offered
    )


def test_a_dotted_api_name_must_appear_as_code(answerer):
    """"What does typing.override do?" (not in the 3.11 docs): "Override this if ..." uses the word,
    not the name."""
    ps = _passages("Override this if you want to specify your own types. This version does a "
                   "mapping using the handlers registered with typing.")
    assert answerer.answer("What does typing.override do?", ps) == ABSTAIN_TEXT
    ps = _passages(
        "@typing.override\n\nA decorator marking a method as overriding a method of a base class."
    )
    assert answerer.answer("What does typing.override do?", ps) != ABSTAIN_TEXT
    # a file the user names is no API: "--log-file=run.log"
    ps = _passages("The --log-file option names a log file. This log file is opened in write mode "
                   "which means that it will be overwritten at each run.")
    assert (
        answerer.answer("When I pass --log-file=run.log, is the log file overwritten?", ps)
        != ABSTAIN_TEXT
    )


def test_a_term_no_passage_names_is_not_defined(answerer):
    """The Python manual's buffer protocol says what a borrower must not do; it never names a
    borrow checker, so "What is the borrow checker?" has no answer there (the close sentence
    scores above the abstention threshold on its own)."""
    ps = _passages(
        "The consumer of a buffer borrows it from its exporter. The borrower must not hold on to "
        "the object longer than the owner from which it was borrowed. Checking the buffer's flags "
        "is the consumer's job.",
    )
    assert answerer.answer("What is the borrow checker?", ps) == ABSTAIN_TEXT
    assert answerer.answer("What is a borrower?", ps) != ABSTAIN_TEXT  # a term the passage has


def test_a_question_about_the_users_own_thing_is_not_a_definition():
    assert defined_term("What is my blueprint missing?") is None
    assert defined_term("What is a blueprint?") == "blueprint"


def test_why_prefers_the_sentence_that_gives_a_reason(answerer):
    """asyncio.create_task's entry, cut in two by the chunker with Task Groups between: every
    sentence is about the task, and the first chunk's win on rank alone; "to avoid" marks the
    reason asked for, and "why" quotes the next sentence too."""
    entry = ("asyncio.create_task(coro, *, name=None, context=None)\n\n"
             "Wrap the coro coroutine into a Task and schedule its execution. Return the Task "
             "object.\n\nIf name is not None, it is set as the name of the task using "
             "Task.set_name().")
    groups = ("## Task Groups\n\nTask groups combine a task creation API with a convenient and "
              "reliable way to wait for all tasks in the group to finish.\n\n"
              "The signature matches that of asyncio.create_task().")
    important = ("Important\n\nSave a reference to the result of this function, to avoid a task "
                 "disappearing mid-execution. The event loop only keeps weak references to tasks.")
    *ps, last = _passages(entry, groups, groups, groups, important)
    ps.append(replace(last, entry="asyncio.create_task(coro, *, name=None, context=None)"))
    answer = answerer.answer("Why can a task I created with asyncio.create_task vanish before it "
                             "finishes if I don't keep it in a variable?", ps)
    assert "weak references" in answer
