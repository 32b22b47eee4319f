"""separate(): body vs page residue on small hand-built pages."""

import pytest

from storyscope.normalize.residue import _furniture_reason, is_prose, line_key, separate, separate_marked_up

P1 = "The council voted on Tuesday to close the old ferry terminal by the end of next year."
P2 = "Residents said the closure would cut them off from the mainland during winter storms."
P3 = "A final decision on compensation is expected after a public hearing in the spring."
P4 = "Officials estimate that about four hundred people use the crossing every single week."


def reasons(text, recurring=frozenset()):
    return {r.text: r.reason for r in separate(text, recurring).residue}


def nonempty(text):
    return [line.strip() for line in text.split("\n") if line.strip()]


def test_plain_body_is_kept_whole():
    sep = separate(f"{P1}\n{P2}\n{P3}")
    assert sep.body == (P1, P2, P3)
    assert sep.residue == ()
    assert sep.text == f"{P1}\n{P2}\n{P3}"


def test_breadcrumb_title_byline_date_and_repeated_title():
    page = f"Home / Towns / Islands\nCouncil Shuts Island Ferry Terminal\nBy Amara Quint\nMarch 4, 2021\nCouncil Shuts Island Ferry Terminal\n{P1}\n{P2}\n{P3}"
    sep = separate(page)
    assert sep.body == (P1, P2, P3)
    assert [(r.reason, r.line) for r in sep.residue] == [
        ("breadcrumb", 0), ("title", 1), ("byline", 2), ("date", 3), ("repeated-title", 4),
    ]
    assert sep.first("title") == "Council Shuts Island Ferry Terminal"
    assert sep.first("byline") == "By Amara Quint"


@pytest.mark.parametrize("line", ["Updated: 14 June 2022 09:30", "Published 2022-06-14", "Monday, June 13, 2022"])
def test_date_lines(line):
    assert reasons(f"{line}\n{P1}\n{P2}")[line] == "date"


def test_bare_name_above_the_body_is_a_byline():
    assert reasons(f"Lena Vogt\n{P1}\n{P2}")["Lena Vogt"] == "byline"


def test_captions_and_photo_credits():
    page = f"Photo: Ferry at the old pier (File photo)\n{P1}\nImage by: Harbour Agency\n{P2}\n{P3}"
    found = reasons(page)
    assert found == {"Photo: Ferry at the old pier (File photo)": "caption", "Image by: Harbour Agency": "caption"}
    assert separate(page).body == (P1, P2, P3)


def test_whole_line_parenthesised_credits_anywhere():
    page = f"{P1}\n(Additional reporting by Lin Ortega)\n{P2}\n{P3}\n[Editing by Sam Reyes]"
    assert reasons(page) == {"(Additional reporting by Lin Ortega)": "credit", "[Editing by Sam Reyes]": "credit"}


def test_bullet_list_of_related_links_between_paragraphs():
    page = f"{P1}\n- Fishing quotas cut in bay\n• Harbour dredging plan delayed\n* Mayor opens new library\n{P2}\n{P3}"
    sep = separate(page)
    assert sep.body == (P1, P2, P3)
    assert {r.reason for r in sep.residue} == {"related-links"}
    assert len(sep.residue) == 3


def test_single_bullet_prose_line_stays_body():
    bullet = "- " + P4
    assert separate(f"{P1}\n{bullet}\n{P2}").body == (P1, bullet, P2)


def test_read_more_and_the_ellipsis_teaser_after_it():
    page = f"{P1}\n{P2}\n{P3}\nRead more\nFerry fares rise again as operators blame the cost of fuel and…\nBridge tolls to double next year ..."
    sep = separate(page)
    assert sep.body == (P1, P2, P3)
    assert [r.reason for r in sep.residue] == ["navigation", "teaser", "teaser"]


def test_teaser_between_paragraphs_is_not_body():
    teaser = "Ferry fares rise again as operators blame the cost of fuel and councillors ask for…"
    sep = separate(f"{P1}\nRead more\n{teaser}\n{P2}\n{P3}")
    assert sep.body == (P1, P2, P3)
    assert teaser in {r.text for r in sep.residue}


@pytest.mark.parametrize("promo", ["WEATHER: Storm warning for the coast", "UPDATE: Council clarifies closure date", "SPORT | Islanders win cup"])
def test_label_headline_promos(promo):
    page = f"{P1}\n{promo}\n{P2}\n{P3}"
    assert reasons(page) == {promo: "promo"}


def test_label_followed_by_a_sentence_is_not_a_promo():
    # A speaker label introducing a full sentence is body, not a promo.
    line = "MAYOR: We will keep a small boat service running for the island all winter."
    assert line in separate(f"{P1}\n{line}\n{P2}").body


def test_signoff_name_and_author_bio_after_it():
    bio = "Amara Quint covers the environment for the paper and lives near the coast."
    sep = separate(f"{P1}\n{P2}\n{P3}\n{P4}\nAmara Quint\n{bio}")
    assert sep.body == (P1, P2, P3, P4)
    assert [(r.text, r.reason) for r in sep.residue] == [("Amara Quint", "byline"), (bio, "author-bio")]


def test_team_byline_at_the_bottom():
    assert reasons(f"{P1}\n{P2}\n{P3}\nCoastal Web Team") == {"Coastal Web Team": "byline"}


def test_footer_line_after_the_body():
    assert reasons(f"{P1}\n{P2}\n{P3}\nMore stories from Island Gazette") == {"More stories from Island Gazette": "footer"}


def test_copyright_sentence_is_residue():
    line = "Copyright 2021 Island Gazette Network. All rights reserved."
    sep = separate(f"{P1}\n{P2}\n{P3}\n{line}")
    assert sep.body == (P1, P2, P3)
    assert line in {r.text for r in sep.residue}


def test_body_sentence_about_copyright_law_is_kept():
    line = "Copyright law changed in 2019, the minister told the island council."
    assert separate(f"{P1}\n{line}\n{P2}").body == (P1, line, P2)


def test_short_body_sentence_and_crosshead_are_kept():
    page = f"{P1}\nIt did not.\n{P2}\nWhat Comes Next\n{P3}\n{P4}"
    sep = separate(page)
    assert sep.body == (P1, "It did not.", P2, "What Comes Next", P3, P4)
    assert sep.residue == ()


def test_recurring_non_prose_line_is_residue():
    line = "Island Gazette Morning Briefing"
    page = f"{P1}\n{line}\n{P2}\n{P3}"
    assert line in separate(page).body  # alone it reads as a crosshead
    sep = separate(page, frozenset({line_key("island  GAZETTE morning briefing ")}))
    assert sep.body == (P1, P2, P3)
    assert [(r.text, r.reason) for r in sep.residue] == [(line, "recurring")]


def test_recurring_prose_is_never_residue():
    assert is_prose(P2)
    sep = separate(f"{P1}\n{P2}\n{P3}", frozenset({line_key(P2)}))
    assert sep.body == (P1, P2, P3)


def test_line_key_ignores_case_and_spacing_only():
    assert line_key("Read  More ") == line_key("read more")
    assert line_key("read more") != line_key("read mores")


def test_pull_quote_repeating_a_body_phrase_is_residue():
    pull = "cut them off from the mainland"
    sep = separate(f"{P1}\n{P2}\n{pull}\n{P3}")
    assert sep.body == (P1, P2, P3)
    assert [(r.text, r.reason) for r in sep.residue] == [(pull, "repeated")]


def test_nothing_is_lost_and_line_numbers_point_at_the_original():
    page = (
        f"Local News | Ferries | Islands\n\n  Council Shuts Island Ferry Terminal  \nBy Amara Quint\n\n{P1}\n"
        f"   \n{P2}\nRead more\nFerry fares rise again…\n{P3}\n{P4}\nAmara Quint\n"
        "Amara Quint covers the environment for the paper and lives near the coast.\n"
    )
    sep = separate(page)
    original = page.split("\n")
    for r in sep.residue:
        assert original[r.line].strip() == r.text
    assert sorted(list(sep.body) + [r.text for r in sep.residue]) == sorted(nonempty(page))
    assert sep.body == (P1, P2, P3, P4)


def test_stub_without_prose_keeps_what_is_not_furniture():
    sep = separate("Home / News / Local\nFerry Timetable Changes")
    assert sep.body == ("Ferry Timetable Changes",)
    assert [r.reason for r in sep.residue] == ["breadcrumb"]


def test_empty_text():
    sep = separate("\n  \n")
    assert sep.body == () and sep.residue == ()


def test_journalist_bio_in_the_second_half_is_residue():
    bio = "Mara Lindholm is the Gazette's island correspondent. She has covered the ferries since 2015."
    beat = "Tobias Wren covers transport and energy for the Gazette."
    got = reasons(f"{P1}\n{P2}\n{P3}\n{P4}\n{bio}\n{beat}")
    assert got == {bio: "author-bio", beat: "author-bio"}


def test_a_body_sentence_about_a_person_is_not_a_bio():
    line = "Anna Berg is a retired teacher who has used the ferry every week for forty years."
    assert separate(f"{P1}\n{P2}\n{line}\n{P3}").body == (P1, P2, line, P3)


@pytest.mark.parametrize("line", [
    "Subscribe to the Gazette's morning briefing, the day's top stories in your inbox by 7am.",
    "Sign in to comment. Read our commenting guidelines.",
    "Comments are closed on this story.",
    "Partager cet article",
])
def test_calls_to_action_are_residue_even_with_a_full_stop(line):
    assert reasons(f"{P1}\n{P2}\n{line}\n{P3}") == {line: "navigation"}


def test_headlines_after_a_read_more_label_are_teasers():
    label, teaser = "Read more", "Island ferry fares to rise for the third year running"
    got = reasons(f"{P1}\n{P2}\n{label}\n{teaser}\n{P3}\n{P4}")
    assert got == {label: "navigation", teaser: "teaser"}


def test_promo_label_with_a_question():
    line = "ALSO WATCH: What happens to your ticket when a ferry company goes bust?"
    assert reasons(f"{P1}\n{line}\n{P2}") == {line: "promo"}


def test_publication_note_is_a_date_line():
    line = "Published in the Island Gazette, March 13th, 2022"
    assert reasons(f"{P1}\n{P2}\n{line}") == {line: "date"}


def test_a_table_written_as_lines_is_body():
    rows = ["Rate | Previous | New", "Policy rate | 5.25% | 5.00%", "Deposit rate | 4.25% | 4.00%"]
    sep = separate("\n".join([P1, *rows, P2]))
    assert sep.body == (P1, *rows, P2)


def test_list_items_ending_like_clauses_are_body():
    items = ["- Closed the old terminal building to the public;", "- Moved the ticket office to the harbour;"]
    sep = separate("\n".join([P1, "The council has:", *items, P2, P3]))
    assert set(items) <= set(sep.body)


@pytest.mark.parametrize("line", [
    "This site uses cookies to improve your browsing experience and for analytics. Read our Cookie Policy",
    "Image caption: Passengers wait at the old terminal on Sunday",
    "Video duration 1:12",
    "Copyright 2024 Island Gazette. The Gazette is not responsible for the content of external sites.",
    "Newsroom / Company News",
])
def test_more_page_furniture(line):
    assert line not in separate(f"{P1}\n{P2}\n{line}\n{P3}\n{P4}").body


def test_headline_above_its_standfirst_even_in_a_capitalised_label():
    page = (f"EXCLUSIVE\nFERRY CREWS WALK OUT: council shuts island terminal after vote\n"
            f"Residents fear the closure will cut them off from the mainland all winter\n"
            f"By Amara Quint\n{P1}\n{P2}\n{P3}")
    assert separate(page).first("title") == "FERRY CREWS WALK OUT: council shuts island terminal after vote"


def test_headline_the_page_quotes_elsewhere_beats_a_tagline():
    page = (f"THE HARBOUR WHISTLE\nThe council, the ferry and the island since 2011\n"
            f"Ferry diary: council votes to close the terminal (part 2)\nPosted on July 13, 2019 by Amara Q\n"
            f"{P1}\n{P2}\n{P3}\n12 thoughts on “Ferry diary: council votes to close the terminal (part 2)”")
    assert separate(page).first("title") == "Ferry diary: council votes to close the terminal (part 2)"


def test_a_headline_quoted_only_in_its_own_line_or_unclosed_is_not_quoted_elsewhere():
    """Looked for in the page's whole text now, not line by line: its own line does not count,
    and a copy needs a quote mark on both sides."""
    headline = "Ferry diary: council votes to close the terminal (part 2)"
    tagline = "The council, the ferry and the island since 2011"
    page = (f"THE HARBOUR WHISTLE\n{headline}\n{tagline}\nPosted on July 13, 2019 by Amara Q\n"
            f"{P1}\n{P2}\n{P3}\nMore on “{tagline}” and on {headline}” here")
    assert separate(page).first("title") == tagline


def test_the_headline_under_a_subscribe_bar_is_no_teaser():
    page = (f"The Harbour Advocate\nSubscribe | Log in\nNews Sport Community Weather\n"
            f"Council votes to close the old ferry terminal\nAmara Quint\n{P1}\n{P2}\n{P3}")
    sep = separate(page)
    assert sep.first("title") == "Council votes to close the old ferry terminal"
    assert "Amara Quint" in [r.text for r in sep.residue if r.reason == "byline"]


def test_caption_ending_with_its_credit():
    line = "Residents wait at the closed ferry terminal on Tuesday morning (Image: Harbour Post/Ana Ruiz)"
    assert reasons(f"{P1}\n{line}\n{P2}\n{P3}")[line] == "caption"


# separate_marked_up(): the body a page's markup delimits, where only furniture by shape is cut.

def test_marked_up_body_keeps_short_lines_list_items_and_crossheads():
    body = f"{P1}\nWhat happens next\n- a public hearing\n- a vote in May\n{P2}\nThe ferry\n{P3}"
    sep = separate_marked_up(body)
    assert sep.body == tuple(nonempty(body))
    assert sep.residue == ()


def test_marked_up_body_loses_calls_to_action_copyright_credits_and_date_lines():
    furniture = ["Subscribe to our newsletter", "© 2021 Island Gazette. All rights reserved.",
                 "Photo: Amara Quint", "March 4, 2021", "Read more"]
    sep = separate_marked_up("\n".join([P1, *furniture[:3], P2, *furniture[3:], P3]))
    assert sep.body == (P1, P2, P3)
    assert [r.text for r in sep.residue] == furniture


def test_a_marked_up_paragraph_that_mentions_a_photo_is_kept():
    paragraph = " ".join([P1, "Photo: the terminal at dusk.", P2, P3, P4])
    assert separate_marked_up(paragraph).body == (paragraph,)


def test_a_headline_written_as_a_sentence_above_the_byline():
    page = f"THE HARBOUR WHISTLE\nHome | News | Opinion\nThe ferry is gone. The island stays.\nBy Amara Quint\n{P1}\n{P2}\n{P3}"
    sep = separate(page)
    assert sep.first("title") == "The ferry is gone. The island stays."
    assert sep.body == (P1, P2, P3)


def test_a_question_headline_under_the_date_line_under_a_tagline():
    page = (f"Harbour Check\nChecking what islanders are told\ndate 2024-03-01 Amara Quint\n"
            f"Will the council close the ferry terminal? Not yet.\n{P1} {P4}\n{P2}\n{P3}")
    assert separate(page).first("title") == "Will the council close the ferry terminal? Not yet."


def test_a_short_first_paragraph_the_lead_does_not_repeat_stays_body():
    line = "It was a cold and quiet morning on the island."
    sep = separate(f"By Amara Quint\n{line}\n{P1}\n{P2}\n{P3}")
    assert sep.body[0] == line and sep.first("title") is None


@pytest.mark.parametrize("headline", [
    "EXPLAINER: Will the council close the ferry terminal for good?",
    "VIDEO: Chaos At The Ferry Terminal As Police Clear Protesters - Here's What We Know",
    "Council Just Shut Down The Ferry Terminal — And Islanders Are Being Told To Swim Home!!",
])
def test_a_labelled_or_exclaimed_headline_is_kept_whole(headline):
    page = f"Harbour Scoop\nHome | Island | Port\n{headline}\nPosted by Amara Q | 2 hours ago\n{P1} {P4}\n{P2}\n{P3}"
    assert separate(page).first("title") == headline


# A sentence is news even when it is short and uses a word that page furniture is written with
# ("comment", "share", "popular", "watch"): cutting it loses what the article says.
SHORT_SENTENCES = [
    "He declined to comment.",
    "Officials declined to comment.",
    "The plan was popular.",
    "She would not share the figures.",
    "Police are watching the port.",
    "He did not say more.",
]


@pytest.mark.parametrize("sentence", SHORT_SENTENCES)
def test_a_short_sentence_between_paragraphs_stays_in_the_body(sentence):
    sep = separate(f"{P1}\n{P2}\n{sentence}\n{P3}")
    assert sep.body == (P1, P2, sentence, P3)
    assert sep.residue == ()


@pytest.mark.parametrize("sentence", SHORT_SENTENCES)
def test_a_short_sentence_that_closes_the_article_stays_in_the_body(sentence):
    sep = separate(f"{P1}\n{P2}\n{sentence}")
    assert sep.body == (P1, P2, sentence)
    assert sep.residue == ()


@pytest.mark.parametrize("sentence", SHORT_SENTENCES)
def test_a_short_sentence_stays_in_a_marked_up_body(sentence):
    sep = separate_marked_up(f"{P1}\n{sentence}\n{P2}\n{sentence}")
    assert sep.body == (P1, sentence, P2, sentence)


@pytest.mark.parametrize("sentence", SHORT_SENTENCES)
def test_a_short_sentence_is_not_furniture_by_its_shape(sentence):
    assert _furniture_reason(sentence) is None


@pytest.mark.parametrize(("line", "reason"), [
    # the same words without a full stop, or as a call to the reader, are furniture
    ("Share", "navigation"),
    ("Comments (12)", "navigation"),
    ("Most popular", "navigation"),
    ("Sign in to comment.", "navigation"),
    ("Share this article.", "navigation"),
])
def test_navigation_lines_stay_residue(line, reason):
    sep = separate(f"{P1}\n{line}\n{P2}\n{P3}\n{line}")
    assert sep.body == (P1, P2, P3)
    assert [r.reason for r in sep.residue] == [reason, reason]


def test_every_kind_of_line_around_and_inside_a_plain_text_body_gets_its_reason():
    """One page with what stands between paragraphs and after the last one: each line is body or
    residue with the reason a reader would give it."""
    title = "Council Shuts Island Ferry Terminal"
    page = [title, P1, P2,
            "Ferry fares set to double, say campaigners…",  # a teaser between paragraphs
            "• Timetable changes",  # one bulleted link
            P3,
            "Share your views on the ferry closure with our readers today",  # too long for navigation alone
            title,  # the headline again, inside the body
            P4, "He declined to comment.", "The inquiry continues.",  # the article closes with two short sentences
            "Amara Quint",  # the signature
            "Amara Quint is the Courier's island correspondent.",
            "Read more", "Ferry Fares Rise Again Next Spring", "Island Council Plans New Harbour Wall"]
    sep = separate("\n".join(page))
    assert sep.body == (P1, P2, P3, P4, "He declined to comment.", "The inquiry continues.")
    assert [(r.text, r.reason) for r in sep.residue] == [
        (title, "title"),
        ("Ferry fares set to double, say campaigners…", "interstitial"),
        ("• Timetable changes", "interstitial"),
        ("Share your views on the ferry closure with our readers today", "interstitial"),
        (title, "repeated-title"),
        ("Amara Quint", "byline"),
        ("Amara Quint is the Courier's island correspondent.", "author-bio"),
        ("Read more", "navigation"),
        ("Ferry Fares Rise Again Next Spring", "teaser"),
        ("Island Council Plans New Harbour Wall", "teaser"),
    ]
    assert [r.line for r in sep.residue] == [0, 3, 4, 6, 7, 11, 12, 13, 14, 15]


def test_a_closing_sentence_before_furniture_stays_in_the_body():
    sep = separate(f"{P1}\n{P2}\nHe declined to comment.\nShare\nMost popular")
    assert sep.body == (P1, P2, "He declined to comment.")
    assert [r.reason for r in sep.residue] == ["navigation", "navigation"]
    # the body ends with the last sentence: the page's footer line after it is no sentence
    sep = separate(f"{P1}\n{P2}\nHe declined to comment.\nprinted from the coast courier website")
    assert sep.body == (P1, P2, "He declined to comment.")
    assert [(r.text, r.reason) for r in sep.residue] == [("printed from the coast courier website", "footer")]


@pytest.mark.parametrize(("line", "prose"), [
    ("The council closed the ferry yesterday.", True),  # six words ending like a sentence
    ("The council closed the ferry.", False),  # five
    ("The council closed the ferry yesterday", False),  # no full stop
    (" ".join(["word"] * 30), True),  # thirty words need no full stop
    (" ".join(["word"] * 29), False),
    ("The council closed the ferry yesterday, and then…", False),  # a teaser's ellipsis
])
def test_what_reads_as_prose(line, prose):
    assert is_prose(line) is prose


def test_a_signature_ends_the_body_and_what_follows_it_is_residue():
    bio = "She has covered the islands for ten years and lives on the largest of them with her family."
    sep = separate(f"{P1}\n{P2}\n{P3}\n{P4}\nAmara Quint\n{bio}")
    assert sep.body == (P1, P2, P3, P4)
    assert [(r.text, r.reason) for r in sep.residue] == [("Amara Quint", "byline"), (bio, "footer")]
    # a name early in the text is no signature: it is too soon to end the article
    early = separate(f"{P1}\nAmara Quint\n{P2}\n{P3}\n{P4}")
    assert early.body == (P1, "Amara Quint", P2, P3, P4)
