"""Fake values for included direct identifiers and free text, made with Faker.

Direct identifiers (names, e-mail addresses, phone numbers, Swedish
personnummer) are never learned. When the user includes such a column, every
cell gets a made-up value of the same sort, none equal to a real cell. The
Faker locale follows the content: personnummer, Swedish letters (å, ä, ö),
+46 or 07 phone numbers and names from Faker's Swedish lists choose
``sv_SE``, anything else ``en_US``.

Included free text gets placeholder sentences of about the real length
(Faker's lorem text), never real sentences, because free text often names
people. A user who wants real values drawn can set the column's kind to
categorical, so a generator learns it.

Every column's Faker is seeded from the run's seed and the column's name, so
the same settings give the same values whatever the column order.
"""

from __future__ import annotations

import re
import zlib

import numpy as np
import pandas as pd

from synthdesk.core.columns import ColumnSpec, Kind, is_personnummer

SWEDISH = "sv_SE"
ENGLISH = "en_US"
_SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
_SWEDISH_PHONE = re.compile(r"^\s*(\+46|0046|07)")
_EMAIL = re.compile(r"@")
_FIRST_NAME_WORDS = {"firstname", "fornamn", "förnamn", "tilltalsnamn", "givenname"}
_LAST_NAME_WORDS = {"lastname", "surname", "efternamn", "familyname"}
_PHONE_WORDS = {"phone", "telefon", "tel", "mobile", "mobil", "telephone"}
# How many tries to find a value that is not a real one before giving up.
MAX_TRIES = 50


def fake_columns(
    raw: pd.DataFrame, specs: list[ColumnSpec], rows: int, seed: int
) -> dict[str, pd.Series]:
    """Make fake values for included, non-constant direct identifier and free text columns."""
    made = {}
    for spec in specs:
        if not spec.include or spec.is_constant or spec.name not in raw:
            continue
        if spec.kind == Kind.DIRECT_IDENTIFIER:
            made[spec.name] = fake_identifiers(raw[spec.name], spec.name, rows, seed)
        elif spec.kind == Kind.FREE_TEXT:
            made[spec.name] = placeholder_text(raw[spec.name], spec.name, rows, seed)
    return made


def _faker(locale: str, name: str, seed: int):
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed * 1_000_003 + zlib.crc32(name.encode("utf-8")))
    return fake


def _header_key(name: str) -> str:
    return re.sub(r"[\s_\-.]", "", name.lower())


def identifier_sort(values: pd.Series, name: str) -> str:
    """Name the sort of a direct identifier: personnummer, email, phone, first_name, last_name or name."""
    sample = values.dropna().astype(str).head(500)
    if len(sample) and sample.map(is_personnummer).mean() >= 0.9:
        return "personnummer"
    if len(sample) and sample.str.contains(_EMAIL).mean() >= 0.9:
        return "email"
    key = _header_key(name)
    if any(word in key for word in _PHONE_WORDS):
        return "phone"
    if any(word in key for word in _FIRST_NAME_WORDS):
        return "first_name"
    if any(word in key for word in _LAST_NAME_WORDS):
        return "last_name"
    return "name"


def choose_locale(values: pd.Series, sort: str) -> str:
    """Return ``sv_SE`` for Swedish-looking content, else ``en_US``."""
    if sort == "personnummer":
        return SWEDISH
    sample = values.dropna().astype(str).head(500)
    if not len(sample):
        return ENGLISH
    if sample.str.contains(_SWEDISH_LETTERS).mean() >= 0.05:
        return SWEDISH
    if sort == "phone":
        return SWEDISH if sample.str.match(_SWEDISH_PHONE).mean() >= 0.5 else ENGLISH
    words = set(" ".join(sample.str.replace(r"[@._\-]", " ", regex=True)).split())
    swedish, english = _name_lists()
    return SWEDISH if len(words & swedish) > len(words & english) else ENGLISH


def _name_lists() -> tuple[set[str], set[str]]:
    from faker.providers.person.en_US import Provider as EnglishNames
    from faker.providers.person.sv_SE import Provider as SwedishNames

    def names(provider) -> set[str]:
        found = set()
        for attribute in ("first_names", "first_names_female", "first_names_male"):
            found |= set(getattr(provider, attribute, ()) or ())
        found |= set(getattr(provider, "last_names", ()) or ())
        return found

    swedish, english = names(SwedishNames), names(EnglishNames)
    return swedish - english, english - swedish


def _personnummer(fake, template: str) -> str:
    digits = re.sub(r"\D", "", template)
    text = fake.ssn(long=len(digits) == 12, dash="-" in template or "+" in template)
    if "+" in template:
        text = text.replace("-", "+")
    return text


def fake_identifiers(values: pd.Series, name: str, rows: int, seed: int) -> pd.Series:
    """Make ``rows`` fake values of the same sort as ``values``, none of them real.

    Empty cells stay empty at the real share, drawn at random.
    """
    sort = identifier_sort(values, name)
    locale = choose_locale(values, sort)
    fake = _faker(locale, name, seed)
    present = values.dropna().astype(str)
    real = set(present)
    template = present.iloc[0] if len(present) else ""
    makers = {
        "personnummer": lambda: _personnummer(fake, template),
        "email": fake.email,
        "phone": fake.phone_number,
        "first_name": fake.first_name,
        "last_name": fake.last_name,
        "name": fake.name,
    }
    make = makers[sort]
    missing_share = 1 - len(present) / len(values) if len(values) else 0.0
    empty = np.random.default_rng(fake.random.getrandbits(32)).random(rows)
    made = []
    for index in range(rows):
        if empty[index] < missing_share:
            made.append(None)
            continue
        value = make()
        for _ in range(MAX_TRIES):
            if value not in real:
                break
            value = make()
        made.append(value)
    return pd.Series(made, dtype=object)


def placeholder_text(values: pd.Series, name: str, rows: int, seed: int) -> pd.Series:
    """Make ``rows`` lorem-ipsum texts about as long as the real cells."""
    fake = _faker(ENGLISH, name, seed)
    lengths = values.dropna().astype(str).str.len().to_numpy()
    if not len(lengths):
        return pd.Series([None] * rows, dtype=object)
    missing_share = 1 - len(lengths) / len(values)
    rng = np.random.default_rng(fake.random.getrandbits(32))
    made = []
    for _ in range(rows):
        if rng.random() < missing_share:
            made.append(None)
            continue
        length = int(rng.choice(lengths))
        made.append(fake.text(max_nb_chars=max(length, 5)))
    return pd.Series(made, dtype=object)
