"""Answer-kind re-ordering of fused passages: a "which exception" question gets the passages
that name an exception first, without losing the ones that name its function."""

from dataclasses import replace

from rag.records import Passage
from rag.retrieval import Declarations, by_answer_kind, reference_first
from rag.store import StoredChunk


def _fused(*texts: str) -> list[Passage]:
    return [Passage("/doc.html", 0, len(t), t, 2 / (61 + i)) for i, t in enumerate(texts)]


def test_passages_holding_the_asked_kind_come_first_in_fused_order():
    filler = [f"Filler paragraph {i} about decoding options." for i in range(8)]
    ps = _fused(*filler[:7], "A JSONDecodeError is raised for an invalid document.", filler[7])
    ordered = by_answer_kind("Which exception do I get for invalid JSON?", ps)
    # the best fused passage stays first; the one holding an exception comes next
    assert ordered[1].text.startswith("A JSONDecodeError")
    assert [p.text for p in ordered[:1] + ordered[2:]] == filler  # the rest keep their order
    # a question that names no kind keeps the fused order
    assert by_answer_kind("How do I decode JSON?", ps) == ps


def test_the_passage_naming_the_function_is_kept_with_the_kind():
    ps = _fused(
        "Decoding JSON: an overview of the module.",
        "ValueError is raised by int() on bad input.",
        "Encoders take a default function.",
        "json.loads(s) deserializes s; see the decoder options below.",
        "If json.loads gets an invalid document, a JSONDecodeError is raised.",
    )
    ordered = by_answer_kind("Which exception does json.loads raise on bad input?", ps)
    # both signals, then one (an exception, or the function's own entry), then neither
    assert [p.text[:8] for p in ordered] == [
        "Decoding",
        "If json.",
        "ValueErr",
        "json.loa",
        "Encoders",
    ]


def test_a_passage_under_the_functions_page_title_names_it():
    """A chunk from the middle of the generate_series page need not repeat the name: its title
    does."""
    ps = _fused(
        "Table-valued functions are listed below.",
        "generate_series() is listed among the table-valued functions in 3 places.",
        "Omitted parameters take on default values. STEP defaults to 1.",
    )
    ps[2] = Passage(
        ps[2].source,
        0,
        10,
        ps[2].text,
        ps[2].score,
        title="The generate_series Table-Valued Function",
    )
    ps[1] = Passage(ps[1].source, 0, 10, ps[1].text, ps[1].score, title="List of functions")
    ordered = by_answer_kind("What step size does generate_series() use by default?", ps)
    # states a default and names the function (title)
    assert ordered[1].text.startswith("Omitted parameters")


def test_the_file_a_setting_is_written_in_is_not_a_name_to_look_for():
    """"Which conf.py setting ...": every conf.py example mentions conf.py; the entry of the
    setting asked for need not, and must not fall behind them."""
    ps = _fused(
        "Configuration values are read from conf.py at startup.",
        "Example conf.py for a project: extensions = ['sphinx.ext.autodoc']",
        "autodoc_mock_imports\n\nThis value contains a list of modules to be mocked up.",
        "Add the path to sys.path in your conf.py so that autodoc_default_options apply.",
    )
    ordered = by_answer_kind("Autodoc can't import django on the build server. Which conf.py "
                             "setting lets Sphinx fake those imports?", ps)
    # all name a setting: fused order
    assert [p.text[:12] for p in ordered] == [p.text[:12] for p in ps]


def test_a_chunk_from_the_middle_of_an_api_entry_knows_the_entry(tmp_path, fake_bot):
    """A chunk that begins mid-entry ("If the timeout expires, ...") carries the declaration a
    chunk before it; a chunk after the next heading carries none."""
    filler = " ".join(
        f"Paragraph {i} explains one more argument of the function in plain words."
        for i in range(6)
    )
    doc = tmp_path / "subprocess.md"
    doc.write_text(
        "# subprocess\n\n## Using the module\n\n"
        "subprocess.run(args, *, stdin=None, timeout=None)\n\n"
        f"Run the command described by args.\n\n{filler}\n\n{filler}\n\n"
        "If the timeout expires, the child process will be killed and waited for. "
        "The TimeoutExpired exception will be re-raised after the child process has terminated.\n\n"
        "## Older API\n\nPrior to Python 3.5, three functions comprised the high level API. "
        f"{filler}\n")
    fake_bot.ingest([doc])
    passages = fake_bot.retrieve(
        "TimeoutExpired re-raised after the child process has terminated", 5
    )
    mid = next(p for p in passages if "re-raised" in p.text)
    assert "subprocess.run(" not in mid.text  # the declaration is in an earlier chunk ...
    assert mid.entry == "subprocess.run(args, *, stdin=None, timeout=None)"  # ... and known here
    assert "subprocess.run" in mid.with_headings
    later = fake_bot.retrieve("Prior to Python 3.5 three functions comprised the high level API", 5)
    assert next(p for p in later if "Prior to Python 3.5" in p.text).entry == ""  # after a heading


def test_declarations_are_entries_not_index_lines_or_bare_words():
    def chunk(i, text):
        return StoredChunk(str(i), text, {"source": f"/p{i}.html", "start": 0})

    found = Declarations([
        chunk(1, "enumerate(iterable, start=0)\n\nReturn an enumerate object.\n\nmore"),
        # an index page
        chunk(2, "enumerate() (built-in function)\n\nenum (module)\n\nEnum (class in enum)"),
        chunk(3, "mod_deflate\n\nCompress content before it is delivered to the client.\n\nmore"),
        chunk(4, "class enum.auto\n\nInstances are replaced with an appropriate value.\n\nmore"),
    ])
    assert [c.id for c in found.find({"enumerate"})] == ["1"]
    assert found.find({"mod_deflate"}) == []  # a bare word above a summary is no API entry
    assert [c.id for c in found.find({"auto"})] == ["4"]  # by its last part, the only one so named


def test_release_notes_come_after_the_reference_unless_a_change_is_asked():
    ps = _fused(
        "deque objects: Deques are a generalization of stacks and queues.",
        "Adding more items to a full deque causes old items to be discarded.",
        "Once a bounded length deque is full, items are discarded from the opposite end.",
        "Returns a new deque object initialized left-to-right.",
    )
    ps[1] = replace(ps[1], title="What's New in Python 2.6")
    ps[0] = replace(ps[0], title="What's New in Python 2.4")  # the best passage stays first
    ordered = reference_first("When a deque with a maxlen is full, what happens to old items?", ps)
    assert [p.text[:8] for p in ordered] == ["deque ob", "Once a b", "Returns ", "Adding m"]
    assert reference_first("Since which version can a deque have a maxlen?", ps) == ps
