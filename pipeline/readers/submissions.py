"""Double submissions in poll exports: one person pressing 'verzenden' twice, told apart from two people who
send the same answer at once (at a conference everyone sends within seconds)."""

from __future__ import annotations

import re

import pandas as pd

# Columns holding the moment an answer was sent (Google Forms, Microsoft Forms, Mentimeter), lower case.
TIMESTAMP_COLUMNS = ("tijdstempel", "timestamp", "begintijd", "starttijd", "start time", "tijd", "time",
                     "tijd van voltooien", "completion time", "ingediend op", "submitted at", "verzonden op")
# Columns naming one person (Mentimeter, Google Forms with e-mail collection, Microsoft Forms), lower case:
# only an equal value in such a column makes two equal rows one person.
PERSON_COLUMNS = ("voter id", "e-mail", "email", "e-mailadres", "emailadres", "email address", "e-mail address",
                  "naam", "name", "volledige naam", "full name")
# Values that name nobody (Microsoft Forms writes 'anonymous' in Naam and E-mail for anonymous forms).
ANONYMOUS_IDS = {"", "anonymous", "anoniem", "onbekend", "unknown", "nan", "none"}
# The same answers sent again this soon is one person pressing 'verzenden' twice, not a second person.
DOUBLE_SUBMISSION_SECONDS = 10
_TIME_ZONE = re.compile(r"\s+(?:[A-Z]{2,5}|GMT[+-]\d{1,2}(?::?\d\d)?)$")  # '... 10:12:05 AM CET'
_YEAR_FIRST = re.compile(r"^\d{4}[-/.]")

Doubles = dict[int, tuple[int, float]]


def find_submissions(frame: pd.DataFrame, *, respondent) -> tuple[Doubles, Doubles]:
    """(doubles to leave out, possible doubles to mention), each {row: (earlier row, seconds later)}, rows
    counted from 1 = first data row. Both are empty without a readable timestamp column."""
    stamps = [c for c in frame.columns if str(c).strip().lower() in TIMESTAMP_COLUMNS]
    times = submission_times(frame[stamps[0]]) if stamps else None
    if times is None or times.isna().all():
        return {}, {}
    person = person_column(frame, respondent=respondent)
    numeric_ids = [respondent] if respondent is not None and respondent != person else []
    content = frame.drop(columns=[*stamps, *numeric_ids]).astype(str).apply(lambda col: col.str.strip())
    if person is not None:
        return double_submissions(content, times=times, person=person), {}
    answers = [c for c in content.columns if str(c).strip().lower() not in PERSON_COLUMNS and content[c].any()]
    return {}, possible_double_submissions(content[answers], times=times)


def person_column(frame: pd.DataFrame, *, respondent):
    """The column naming one person per row: the respondent column unless its ids are numbers (Microsoft
    Forms 'Id' counts submissions), else a voter-id, e-mail or name column; None when there is none, or when
    such columns only say 'anonymous'."""
    named = [c for c in frame.columns if str(c).strip().lower() in PERSON_COLUMNS]
    for column in [respondent, *named] if respondent is not None else named:
        ids = frame[column].astype(str).str.strip()
        if (~ids.str.fullmatch(r"\d*") & ~ids.str.lower().isin(ANONYMOUS_IDS)).any():
            return column
    return None


def double_submissions(content: pd.DataFrame, *, times: pd.Series, person) -> Doubles:
    """Rows whose person (a real id, not 'anonymous') and every other cell equal that person's previous
    submission, sent within DOUBLE_SUBMISSION_SECONDS after it. Each row is compared with the one just
    before it of the same person (not with the first of a series), each double with its gap to that one."""
    previous: dict[str, tuple[int, tuple, pd.Timestamp]] = {}
    doubles = {}
    for number, (cells, moment) in enumerate(zip(map(tuple, content.itertuples(index=False)), times), start=1):
        who = str(content[person].iloc[number - 1])
        if pd.isna(moment) or who.lower() in ANONYMOUS_IDS:
            continue
        earlier = previous.get(who)
        gap = (moment - earlier[2]).total_seconds() if earlier else None
        if earlier and earlier[1] == cells and 0 <= gap <= DOUBLE_SUBMISSION_SECONDS:
            doubles[number] = (earlier[0], gap)
        previous[who] = (number, cells, moment)
    return doubles


def possible_double_submissions(content: pd.DataFrame, *, times: pd.Series) -> Doubles:
    """Without a person column: rows whose answer cells (`content`: the columns filled anywhere) are all
    filled, at least two, and equal to the row just before, sent within DOUBLE_SUBMISSION_SECONDS. Only
    mentioned: two people may give the same answers, and one short identical answer is normal."""
    possible = {}
    rows = list(map(tuple, content.itertuples(index=False)))
    for number in range(2, len(rows) + 1):
        cells, earlier = rows[number - 1], rows[number - 2]
        gap = (times.iloc[number - 1] - times.iloc[number - 2]).total_seconds()
        if len(cells) >= 2 and all(cells) and cells == earlier and 0 <= gap <= DOUBLE_SUBMISSION_SECONDS:
            possible[number] = (number - 1, gap)
    return possible


def submission_times(values: pd.Series) -> pd.Series | None:
    """Timestamps as written by poll tools ('2025/03/13 10:12:05 AM CET', '13-3-2025 10:12:05', ISO with
    offsets that change with summer time), in UTC; NaT where a cell holds none, None when they cannot be read
    (then no doubles are detected: a file is never skipped for its timestamps). Day before month as in Dutch
    exports, unless the year comes first ('2025-03-04' is 4 March)."""
    cleaned = values.astype(str).str.strip().str.replace(_TIME_ZONE, "", regex=True)
    year_first = cleaned.str.match(_YEAR_FIRST)
    times = pd.Series(pd.NaT, index=cleaned.index, dtype="datetime64[ns, UTC]")
    try:
        for mask, dayfirst in ((year_first, False), (~year_first, True)):
            if mask.any():
                times[mask] = pd.to_datetime(cleaned[mask], errors="coerce", dayfirst=dayfirst, format="mixed",
                                             utc=True)
    except (ValueError, TypeError, OverflowError):  # pandas' parse errors are ValueErrors
        return None
    return times


def double_submissions_note(doubles: Doubles, *, shown: int = 10) -> str:
    """A Dutch note listing the double submissions left out ('' when there are none)."""
    if not doubles:
        return ""
    rows = [f"rij {row} (= rij {first}, {gap:g} s later)" for row, (first, gap) in list(doubles.items())[:shown]]
    return (f"dubbele inzending: {len(doubles)} rij(en) niet meegeteld, zelfde deelnemer en zelfde antwoorden "
            f"binnen {DOUBLE_SUBMISSION_SECONDS} seconden opnieuw verzonden: {', '.join(rows)}"
            f"{', ...' if len(doubles) > shown else ''}")


def possible_doubles_note(possible: Doubles, *, shown: int = 10) -> str:
    """A Dutch note on rows that may be double submissions but are counted ('' when there are none)."""
    if not possible:
        return ""
    rows = [f"rij {row} gelijk aan rij {first}, {gap:g} s later"
            for row, (first, gap) in list(possible.items())[:shown]]
    return (f"mogelijk dubbele inzending: {', '.join(rows)}{', ...' if len(possible) > shown else ''}; "
            "niet weggelaten (de export heeft geen deelnemerskolom om op te controleren)")
