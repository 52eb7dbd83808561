"""What makes two user names one, and which names are refused as look-alikes.

One canonical form, computed here in Python so that SQLite and PostgreSQL agree (SQLite's
lower() knows only ASCII; neither database folds `ß` to `ss`): Unicode NFKC, case-folded.
`Ölaf` and `ölaf`, `ΣΑΣ` and `σας`, `straße` and `STRASSE` are one account
(accounts/models.py stores the form in a unique column) and one login-guard budget
(accounts/login_guard.py).

A name mixing scripts that are not written together (Latin with Cyrillic or Greek: `vіctim` with
a Cyrillic `і` looks like `victim`) is refused at sign-up. Mixes that languages use are kept, as
Unicode's "highly restrictive" level allows (UTS #39): Latin with Han and Hangul (Korean), with
Han, Hiragana and Katakana (Japanese), or with Han and Bopomofo (Chinese).
"""

import unicodedata

ALLOWED_MIXES = (
    {"LATIN", "HAN", "HANGUL"},
    {"LATIN", "HAN", "HIRAGANA", "KATAKANA"},
    {"LATIN", "HAN", "BOPOMOFO"},
)


def canonical_username(name: str) -> str:
    """NFKC, case-folded, and NFKC again (folding can undo the normal form): Unicode's
    NFKC_Casefold for every practical name."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return unicodedata.normalize("NFKC", folded)


def script(character: str) -> str | None:
    """The script of a letter, from its Unicode name ("CYRILLIC SMALL LETTER I" is CYRILLIC);
    None for digits, marks, punctuation and modifier letters (Japanese `ー`, `々`), which go
    with any script."""
    category = unicodedata.category(character)
    if not category.startswith("L") or category == "Lm":
        return None
    name = unicodedata.name(character, "")
    first = name.split(" ", 1)[0]
    return "HAN" if first == "CJK" else first or None


def scripts(name: str) -> set[str]:
    return {found for found in map(script, name) if found}


def mixes_scripts(name: str) -> bool:
    """Whether `name` mixes letters of scripts no language writes together."""
    used = scripts(name)
    return len(used) > 1 and not any(used <= allowed for allowed in ALLOWED_MIXES)
