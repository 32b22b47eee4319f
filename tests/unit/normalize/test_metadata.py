"""normalize/metadata.py: datelines, outlet inference, stated dates."""

import pytest

from storyscope.normalize.metadata import dateline, infer_author, outlet_from_url, stated_date
from storyscope.normalize.outlets import choose, known_outlets
from storyscope.normalize.residue import separate

P1 = "The council voted on Tuesday to close the old ferry terminal by the end of next year."
P2 = "Residents said the closure would cut them off from the mainland during winter storms."
P3 = "A final decision on compensation is expected after a public hearing in the spring."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("BEIJING: Officials said on Monday that the talks would resume.", ("Beijing", None)),
        ("URUMQI (TCA) — A new rail link opened on Friday.", ("Urumqi", "TCA")),
        ("LONDON, March 3 (MPA) - Shares fell sharply on Tuesday.", ("London", "MPA")),
        ("NAIROBI — Heavy rains flooded parts of the city.", ("Nairobi", None)),
        ("NEW YORK, Jan. 5, 2020 (AP) -- Markets rose.", ("New York", "AP")),
        ("PORT LOUIS (Some Very Long Agency Name) — Boats sailed.", ("Port Louis", None)),
    ],
)
def test_datelines(line, expected):
    assert dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The minister said: the talks would resume.",
        "Beijing: officials said so.",
        "UN: talks will resume next week.",
        "US - China talks resume",
        "BEIJING:no space after the colon",
        "",
    ],
)
def test_non_datelines(line):
    assert dateline(line) == (None, None)


@pytest.mark.xfail(strict=True, reason="an all-caps label (BREAKING, EXCLUSIVE) is read as a dateline place")
@pytest.mark.parametrize("line", ["BREAKING: A strong earthquake struck the coast.", "EXCLUSIVE - The minister resigned."])
def test_story_labels_are_not_places(line):
    assert dateline(line) == (None, None)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.islandgazette.co.uk/news/1?x=2", "islandgazette.co.uk"),
        ("http://WWW.Example.COM:8080/a", "example.com"),
        ("https://news.example.org/x", "news.example.org"),
        (None, None),
        ("", None),
        ("not a url", None),
    ],
)
def test_outlet_from_url(url, host):
    assert outlet_from_url(url) == host


def _infer(text, url=None):
    return choose(None, None, url, separate(text), text)


def test_the_page_naming_itself_wins_over_its_host_name():
    text = f"Harbour Web Team\n{P1}\n{P2}\n{P3}\nMore stories from Island Gazette"
    assert _infer(text, "https://www.harbourpost.com/a") == ("Harbour", "byline")


@pytest.mark.parametrize(("url", "domain"), [
    ("https://www.harbourpost.com/a", "harbourpost.com"),
    ("https://sg.news.harbourpost.com/a/b", "harbourpost.com"),
    ("https://news.harbourpost.lk./a", "harbourpost.lk"),
    ("https://en.harbour-post.co.uk/a", "harbour-post.co.uk"),
])
def test_otherwise_the_registered_domain_from_the_public_suffix_list(url, domain):
    assert _infer(f"{P1}\n{P2}\n{P3}", url) == (domain, "url")


def test_a_known_outlet_is_named_from_the_shipped_table():
    domain, name = next(iter(known_outlets().items()))
    assert _infer(f"Harbour Web Team\n{P1}\n{P2}\n{P3}", f"https://www.{domain}/world/a") == (name, "known outlet")
    assert choose("Given Name", "Site Name", f"https://{domain}/a", separate(P1), P1) == ("Given Name", "given")
    assert choose(None, "Site Name", f"https://{domain}/a", separate(P1), P1) == ("Site Name", "page-metadata")


def test_team_byline_names_the_outlet():
    assert _infer(f"Harbour Web Team\n{P1}\n{P2}\n{P3}") == ("Harbour", "byline")


def test_dateline_agency_never_spelled_out_names_no_outlet():
    assert _infer(f"PORT LOUIS (IGN) — {P1}\n{P2}\n{P3}") == (None, None)


def test_dateline_agency_expanded_when_spelled_out():
    text = f"PORT LOUIS (IGN) — {P1}\n{P2}\nReporters for Island Gazette Network visited the pier on Monday morning.\n{P3}"
    assert _infer(text) == ("Island Gazette Network", "dateline")


def test_agency_expanded_after_a_capitalised_word():
    text = f"PORT LOUIS (IGN) — {P1}\n{P2}\n{P3}\nCopyright 2021 Island Gazette Network. All rights reserved."
    assert _infer(text) == ("Island Gazette Network", "footer")  # the page's own footer before the dateline


def test_agency_expanded_with_the_and_of():
    text = f"URUMQI (TCA) — {P1}\n{P2}\nThe Times of Central Asia reported the vote.\n{P3}"
    assert _infer(text) == ("The Times of Central Asia", "dateline")


def test_footer_names_the_outlet():
    assert _infer(f"{P1}\n{P2}\n{P3}\nMore stories from Island Gazette") == ("Island Gazette", "footer")


def test_copyright_footer_names_the_outlet():
    assert _infer(f"{P1}\n{P2}\n{P3}\n© 2021 Harbour Media Group") == ("Harbour Media Group", "footer")


def test_a_medium_someone_spoke_to_is_not_the_outlet():
    text = f"{P1}\nOne resident told The Harbour Times that she would move inland next year.\n{P2}\n{P3}"
    assert _infer(text) == (None, None)


def test_a_dateline_agency_under_another_masthead_is_the_source_not_the_outlet():
    text = f"HARBOUR DAILY POST\nHome | World | Africa\nPORT LOUIS (IGN) — {P1}\n{P2}\n{P3}"
    assert _infer(text) == ("Harbour Daily Post", "masthead")


def test_an_all_capitals_masthead_is_written_as_a_name():
    text = f"THE HARBOUR TV NEWS\nHome | World | Africa\n{P1}\n{P2}\n{P3}"
    assert _infer(text) == ("The Harbour TV News", "masthead")


def test_printed_names_lose_years_and_company_suffixes():
    assert _infer(f"{P1}\n{P2}\n{P3}\n© Island Gazette 2025. All rights reserved.") == ("Island Gazette", "footer")
    assert _infer(f"{P1}\n{P2}\n{P3}\n© 2023 Harbour Television Ltd.") == ("Harbour Television", "footer")


def test_no_signal_no_outlet():
    assert _infer(f"{P1}\n{P2}\n{P3}") == (None, None)


def test_author_from_byline():
    assert infer_author(separate(f"By Amara Quint\n{P1}\n{P2}"), None) == "Amara Quint"
    assert infer_author(separate(f"By Amara Quint | 13 July 2019\n{P1}\n{P2}"), None) == "Amara Quint"
    assert infer_author(separate(f"{P1}\n{P2}"), None) is None


def test_stated_date_from_date_line_and_byline():
    assert stated_date(separate(f"July 13, 2019\n{P1}\n{P2}")) == "July 13, 2019"
    assert stated_date(separate(f"By Amara Quint | 13 July 2019\n{P1}\n{P2}")) == "13 July 2019"


def test_dates_inside_the_body_are_not_the_stated_date():
    body = "The vote was held on March 3, 2019 in the town hall before a small crowd."
    assert stated_date(separate(f"{P1}\n{body}\n{P2}")) is None


def test_masthead_names_the_outlet_and_the_headline_is_the_title():
    from storyscope.normalize.residue import separate

    page = ("The Harbour Advocate\nLocal News\nFerry terminal to close after council vote on Tuesday night\n"
            "Kerrie Dunstan\n7 January 2025 — 5:32pm\n"
            "The council voted on Tuesday to close the old ferry terminal by the end of next year.\n"
            "Residents said the closure would cut them off from the mainland during winter storms.")
    sep = separate(page)
    assert sep.first("title") == "Ferry terminal to close after council vote on Tuesday night"
    assert choose(None, None, None, sep, page) == ("The Harbour Advocate", "masthead")
    assert stated_date(sep) == "7 January 2025"


def test_masthead_under_a_cookie_notice():
    text = f"This website uses cookies to improve your experience. Accept | Manage settings\nHarbour Health Business\nHealth › Regulation\n{P1}\n{P2}\n{P3}"
    assert _infer(text) == ("Harbour Health Business", "masthead")


def test_a_breadcrumb_is_no_masthead():
    assert _infer(f"Home › News › World News\n{P1}\n{P2}\n{P3}") == (None, None)


@pytest.mark.parametrize(
    "line",
    ["Published in Harbour Daily Mirror, March 13th, 2022",
     "Subscribe to The Harbour Daily Mirror’s morning briefing — the day’s top stories by 7am.",
     "Sign up for the Harbour Daily Mirror newsletter"],
)
def test_the_page_names_itself_in_a_note_or_a_promo(line):
    assert _infer(f"{P1}\n{P2}\n{P3}\n{line}")[0].removeprefix("The ") == "Harbour Daily Mirror"


def test_author_bio_names_the_outlet_unless_by_a_short_form_or_an_abbreviation():
    bio = "Amara Quint is a courts reporter at The Harbour Courier."
    assert _infer(f"By Amara Quint\n{P1}\n{P2}\n{P3}\n{bio}") == ("The Harbour Courier", "mention")
    for bio in ("Amara Quint is the Courier’s courts reporter.", "Amara Quint is HCR’s courts reporter."):
        assert _infer(f"By Amara Quint\n{P1}\n{P2}\n{P3}\n{bio}") == (None, None)


def test_contact_address_spells_a_name_the_page_prints():
    text = f"{P1}\nOne resident told the Klaxon she would move inland.\n{P2}\n{P3}\nGot a story? Email news@dailyklaxon.example"
    assert _infer(text) == ("Klaxon", "contact address")


def test_author_from_a_posted_by_line_or_a_bio_confirmed_name():
    assert infer_author(separate(f"Posted on July 13, 2019 by Danny K | 4 Comments\n{P1}\n{P2}\n{P3}"), None) == "Danny K"
    page = f"Amara Quint | Jul 13, 2019, 13:05 GMT\n{P1}\n{P2}\n{P3}\nAmara Quint is the Post's ferry correspondent."
    assert infer_author(separate(page), None) == "Amara Quint"


def test_a_first_line_the_foot_repeats_is_the_masthead():
    text = f"Isla - Agencia Insular de Noticias\nEnglish Service\n{P1}\n{P2}\n{P3}\nIsla - Agencia Insular de Noticias. Public news agency of the island."
    assert _infer(text) == ("Isla - Agencia Insular de Noticias", "masthead")


def test_a_masthead_over_dotted_sections_and_a_dotted_section_label_that_is_none():
    assert _infer(f"HARBOUR BUSINESS DIGEST\nShipping · Ports · Markets\n{P1}\n{P2}\n{P3}") == (
        "Harbour Business Digest", "masthead")
    assert _infer(f"News · Ports\n{P1}\n{P2}\n{P3}") == (None, None)


@pytest.mark.parametrize(("line", "name"), [
    ("© The Harbour Chronicle, Lda. Registered with the press regulator.", "The Harbour Chronicle"),
    ("© 2023 Harbour Review Weekly. Part of Island Trade Media.", "Harbour Review Weekly"),
])
def test_a_copyright_line_ends_the_name_where_its_next_sentence_begins(line, name):
    assert _infer(f"{P1}\n{P2}\n{P3}\n{line}") == (name, "footer")


def test_an_about_line_names_the_outlet():
    assert _infer(f"{P1}\n{P2}\n{P3}\nHarbour Notes is an independent blog. Powered by a blog engine.") == (
        "Harbour Notes", "mention")


def test_a_photo_credit_names_the_outlet_when_it_reads_like_one_or_the_foot_repeats_it():
    credit = "Photo: Residents at the closed terminal on Tuesday. Picture: Harbour Evening Post"
    assert _infer(f"{credit}\n{P1}\n{P2}\n{P3}") == ("Harbour Evening Post", "photo credit")
    credit = "Photo: Residents at the closed terminal on Tuesday. / Isla Viva"
    assert _infer(f"{credit}\n{P1}\n{P2}\n{P3}\nIsla Viva - Island Rights Network") == ("Isla Viva", "photo credit")
    assert _infer(f"Photo: Residents at the closed terminal on Tuesday. / Harbour Agency\n{P1}\n{P2}\n{P3}") == (None, None)


def test_a_printed_name_the_domain_spells_beats_the_bare_domain():
    text = f"{P1}\n{P2}\n{P3}\nTips for The Harbour Chronicle? Write to the newsroom."
    assert _infer(text, "https://www.harbourchronicle.example/a") == ("The Harbour Chronicle", "name the address spells")


def test_one_word_that_is_only_part_of_the_domain_is_not_its_name():
    text = f"{P1}\nHarbourton residents gathered at the pier.\n{P2}\n{P3}"
    assert _infer(text, "https://www.harbourtonpost.example/a") == ("harbourtonpost.example", "url")


def test_the_name_opening_the_navigation_bar():
    assert _infer(f"HARBOUR NEWS | Live | Radio | Weather\n{P1}\n{P2}\n{P3}") == ("Harbour News", "masthead")
    text = f"HARBOURLINE | Markets • Companies\n{P1}\n{P2}\nAccording to Harbourline's count, {P3[0].lower()}{P3[1:]}"
    assert _infer(text) == ("Harbourline", "masthead")
    assert _infer(f"Politics | Economy | World\n{P1}\n{P2}\n{P3}") == (None, None)


def test_a_name_the_domain_spells_stands_on_one_line():
    text = f"{P1}\n{P2}\n{P3}\nRead This Simple Guide\nHarbourScoop24 - Your Island News"
    assert _infer(text, "https://harbourscoop24.example/a") == ("HarbourScoop24", "name the address spells")
