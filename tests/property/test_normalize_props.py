"""separate() on arbitrary text: never raises, loses nothing, invents nothing."""

from hypothesis import given, settings, strategies as st

from storyscope.normalize.residue import line_key, separate

SETTINGS = settings(max_examples=200, deadline=None)

WORDS = ["Read", "more", "By", "The", "said", "/", "|", "-", "•", "(Photo:", "credit)", "PORT", "LOUIS", "(IGN)", "—",
         "March", "3,", "2021", "council", "ferry", "vote.", "…", "...", "WEATHER:", "Amara", "Quint", "“yes”", "’s"]
shaped_line = st.lists(st.sampled_from(WORDS), max_size=16).map(" ".join)
any_line = st.one_of(shaped_line, st.text(max_size=80))
pages = st.lists(any_line, max_size=25).map("\n".join)


def _nonempty(text):
    return [(i, line.strip()) for i, line in enumerate(text.split("\n")) if line.strip()]


@SETTINGS
@given(pages, st.lists(any_line, max_size=3))
def test_separate_partitions_the_nonempty_lines(text, recurring_lines):
    recurring = frozenset(line_key(line) for line in recurring_lines)
    sep = separate(text, recurring)
    lines = _nonempty(text)
    residue_at = {r.line: r.text for r in sep.residue}
    assert len(residue_at) == len(sep.residue)  # one residue entry per line
    assert all(r.reason for r in sep.residue)
    assert all(text.split("\n")[r.line].strip() == r.text for r in sep.residue)
    body_lines = [line for i, line in lines if i not in residue_at]
    assert list(sep.body) == body_lines
    assert len(sep.body) + len(sep.residue) == len(lines)


@SETTINGS
@given(st.text(max_size=400))
def test_separate_never_raises_on_arbitrary_text(text):
    sep = separate(text)
    assert sorted([*sep.body, *(r.text for r in sep.residue)]) == sorted(line for _, line in _nonempty(text))
