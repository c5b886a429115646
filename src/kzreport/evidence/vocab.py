"""Controlled vocabularies of the evidence tables (documented in data/README.md)."""


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """Mark a display label for extraction into the report's catalogue (babel.cfg); the report translates it where
    it shows it (``_(CLAIMANT_TYPE_LABELS[t])``). The evidence layer does not import kzreport.report."""
    return message


CLAIMANT_TYPES = {
    "official": "Kazakh state bodies and officials (ministries, prosecutor, president, government)",
    "foreign_government": "governments other than Kazakhstan's (e.g. the US State Department)",
    "intergovernmental": "UN bodies, the European Parliament, OSCE, CSTO",
    "ngo": "human-rights and other non-governmental organisations (HRW, Amnesty, Freedom House)",
    "research": "research and data projects (ACLED, BTI, IISS, ACCORD)",
    "media": "newspapers, news agencies and journalists when they first state a figure",
    "activist": "activists, protest groups, eyewitnesses (CrimethInc. and its interviewees)",
}

CLAIMANT_TYPE_LABELS = {
    "official": N_("Kazakh official"), "foreign_government": N_("foreign government"),
    "intergovernmental": N_("intergovernmental"), "ngo": N_("NGO"), "research": N_("research"), "media": N_("media"),
    "activist": N_("activist"),
}

QUALIFIERS = {
    "exact": "no qualifier: value_low = value_high = value (a range sets only the bounds)",
    "at_least": "mindestens / at least: value_low = value",
    "more_than": "mehr als / über / over: value_low = value + 1 for whole numbers",
    "about": "rund / etwa / schätzungsweise / ε: no hard bound",
    "almost": "fast / nearly: value_high = value - 1 for whole numbers",
    "up_to": "bis zu / up to / possibly up to: value_high = value",
}

EVENT_CATEGORIES = {
    "protest": "protests, strikes, occupations",
    "state_measure": "state of emergency, curfew, resignations, orders, price decisions, laws",
    "security_operation": "shootings, 'anti-terror operation', arrest waves, CSTO troops arriving/leaving",
    "information_blackout": "internet and telecom shutdowns, media blocking",
    "casualty_report": "a toll is announced",
    "international": "foreign and intergovernmental reactions, the CSTO request",
    "judicial": "trials, sentences, detention orders, investigations",
    "historical": "events before 2022 (Jeltoqsan 1986, Zhanaozen 2011 …)",
    "publication": "a report or document is published",
}

DATE_PRECISIONS = ("day", "month", "year")

# Metric names fixed by the report's contract; other metrics are free snake_case names.
CORE_METRICS = (
    "killed", "killed_security_forces", "injured", "detained", "protesters_convicted",
    "officers_investigated", "officers_convicted", "torture_cases", "torture_cases_closed",
    "posthumous_prosecutions", "child_torture_cases", "cities_with_protests",
    "political_persecution_cases", "csto_troops", "internet_shutdown_days",
)

# Labels of the event categories, for readers (the timeline's lanes).
EVENT_CATEGORY_LABELS = {
    "protest": N_("Protests"),
    "state_measure": N_("State measures"),
    "security_operation": N_("Security operations"),
    "information_blackout": N_("Information blackout"),
    "casualty_report": N_("Casualty reports"),
    "international": N_("International"),
    "judicial": N_("Trials and investigations"),
    "historical": N_("Earlier events"),
    "publication": N_("Reports published"),
}

# The curators' judgement calls on a claim (claims.csv column `judgements`, codes separated by ";").
JUDGEMENTS = {
    "outside_january": "The figure is not about the January 2022 unrest (kept, and the note says so)",
    "date_assumed": "The text does not say when the figure was stated: the document's date or the context's is used",
    "attribution": "The claimant is unnamed in the text, or named only in a neighbouring sentence",
    "not_qualifier": "A word that looks like a qualifier is not one here (e.g. „über“ in „verfügen über“)",
    "part": "The figure is part of another figure printed nearby (a subset or a share of it)",
    "not_count": "The figure is not a count of people or cases (a victim's age)",
    "unclear": "The source is garbled, misspelt or ambiguous, or the claimant fits no type well",
    "no_prison": "A conviction without prison time to be served",
    "weekday_date": "The date is printed as a weekday (am Sonntag) and was resolved against the document's date",
    "related_article": "The figure is printed only in a teaser of a related (probably later) article listed below the document, not in the document's own text",
    "hedged": "The document does not vouch for the figure: it reports it as said or reported („sollen“, reportedly)",
    "paraphrase": "A third party's paraphrase of what the claimant said, naming no body, date or number (not to be shown as the claimant's own count)",
}

# The quote-normalising steps (kzreport.evidence.quotes.STEPS) as a reader's table names them; the report
# translates them where it shows them (``_(QUOTE_STEP_LABELS[s])``).
QUOTE_STEP_LABELS = {
    "pipes": N_("pipes"), "whitespace": N_("whitespace"), "hyphenation": N_("hyphenation"),
    "footnotes": N_("footnotes"), "gender": N_("gender"), "quotes": N_("quotes"),
}
