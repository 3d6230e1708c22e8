"""The admin-1 units of Ukraine: stable ids, names, ISO codes and name lookup."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass

from maps.errors import UnknownNameError


@dataclass(frozen=True)
class Region:
    """One first-level administrative unit of Ukraine."""

    id: str
    name: str
    name_uk: str
    iso: str
    geonames: str
    aliases: tuple[str, ...] = ()


REGIONS: tuple[Region, ...] = (
    Region("cherkasy", "Cherkasy", "Черкаська область", "UA-71", "UA.01", ("Cherkasy oblast",)),
    Region("chernihiv", "Chernihiv", "Чернігівська область", "UA-74", "UA.02", ("Chernigov",)),
    Region("chernivtsi", "Chernivtsi", "Чернівецька область", "UA-77", "UA.03", ("Chernovtsy",)),
    Region(
        "dnipropetrovsk",
        "Dnipropetrovsk",
        "Дніпропетровська область",
        "UA-12",
        "UA.04",
        ("Dnipropetrovs'k", "Dnepropetrovsk", "Dnipro oblast"),
    ),
    Region("donetsk", "Donetsk", "Донецька область", "UA-14", "UA.05", ("Donets'k",)),
    Region(
        "ivano-frankivsk",
        "Ivano-Frankivsk",
        "Івано-Франківська область",
        "UA-26",
        "UA.06",
        ("Ivano-Frankivs'k",),
    ),
    Region("kharkiv", "Kharkiv", "Харківська область", "UA-63", "UA.07", ("Kharkov",)),
    Region("kherson", "Kherson", "Херсонська область", "UA-65", "UA.08", ("Kherson oblast",)),
    Region(
        "khmelnytskyi",
        "Khmelnytskyi",
        "Хмельницька область",
        "UA-68",
        "UA.09",
        ("Khmel'nyts'kyy", "Khmelnytskyy", "Khmelnitsky"),
    ),
    Region("kirovohrad", "Kirovohrad", "Кіровоградська область", "UA-35", "UA.10", ("Kirovograd",)),
    Region(
        "crimea",
        "Autonomous Republic of Crimea",
        "Автономна Республіка Крим",
        "UA-43",
        "UA.11",
        ("AR Crimea", "Republic of Crimea", "Krym", "Крим"),
    ),
    Region("kyiv-city", "Kyiv City", "Київ", "UA-30", "UA.12", ("Kiev City", "Kyiv city")),
    Region("kyiv", "Kyiv", "Київська область", "UA-32", "UA.13", ("Kiev", "Kyiv oblast")),
    Region("luhansk", "Luhansk", "Луганська область", "UA-09", "UA.14", ("Luhans'k", "Lugansk")),
    Region("lviv", "Lviv", "Львівська область", "UA-46", "UA.15", ("L'viv", "Lvov")),
    Region(
        "mykolaiv",
        "Mykolaiv",
        "Миколаївська область",
        "UA-48",
        "UA.16",
        ("Mykolayiv", "Nikolaev", "Nikolayev"),
    ),
    Region("odesa", "Odesa", "Одеська область", "UA-51", "UA.17", ("Odessa",)),
    Region("poltava", "Poltava", "Полтавська область", "UA-53", "UA.18"),
    Region("rivne", "Rivne", "Рівненська область", "UA-56", "UA.19", ("Rovno",)),
    Region("sevastopol", "Sevastopol", "Севастополь", "UA-40", "UA.20", ("Sebastopol",)),
    Region("sumy", "Sumy", "Сумська область", "UA-59", "UA.21"),
    Region("ternopil", "Ternopil", "Тернопільська область", "UA-61", "UA.22", ("Ternopil'",)),
    Region("vinnytsia", "Vinnytsia", "Вінницька область", "UA-05", "UA.23", ("Vinnytsya",)),
    Region("volyn", "Volyn", "Волинська область", "UA-07", "UA.24"),
    Region(
        "zakarpattia",
        "Zakarpattia",
        "Закарпатська область",
        "UA-21",
        "UA.25",
        ("Transcarpathia", "Zakarpattya"),
    ),
    Region(
        "zaporizhzhia",
        "Zaporizhzhia",
        "Запорізька область",
        "UA-23",
        "UA.26",
        ("Zaporizhzhya", "Zaporozhye", "Zaporizhia", "Zaporozhe"),
    ),
    Region("zhytomyr", "Zhytomyr", "Житомирська область", "UA-18", "UA.27", ("Zhitomir",)),
)

FOCUS: tuple[str, ...] = ("crimea", "sevastopol", "donetsk", "luhansk", "zaporizhzhia", "kherson")
"""The regions the product is about: Crimea with Sevastopol, Donbas, and the southern oblasts."""

GROUPS: dict[str, tuple[str, ...]] = {
    "crimean-peninsula": ("crimea", "sevastopol"),
    "donbas": ("donetsk", "luhansk"),
    "four-oblasts": ("donetsk", "luhansk", "zaporizhzhia", "kherson"),
    "ukraine": tuple(r.id for r in REGIONS),
}
"""Named groups of regions usable wherever a region name is expected."""

BY_ID: dict[str, Region] = {r.id: r for r in REGIONS}


def _fold(text: str) -> str:
    """Normalise a name for matching: case, accents, apostrophes, 'oblast' and separators."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    for word in (" oblast'", " oblast", " область", " region"):
        text = text.removesuffix(word)
    return "".join(c for c in text if c.isalnum())


def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for r in REGIONS:
        for name in (r.id, r.name, r.name_uk, r.iso, *r.aliases):
            table[_fold(name)] = r.id
    for group in GROUPS:
        table[_fold(group)] = group
    return table


_ALIASES = _alias_table()


def spellings() -> list[str]:
    """Every documented spelling of a region or group (ids, names, ISO codes, aliases)."""
    names = [n for r in REGIONS for n in (r.id, r.name, r.name_uk, r.iso, *r.aliases)]
    return list(dict.fromkeys([*names, *GROUPS]))


def closest(name: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """Return the choice closest to ``name``, or None if nothing is close."""
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def did_you_mean(name: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return a ' (did you mean X?)' hint, or an empty string if nothing is close."""
    match = closest(name, choices)
    return f" (did you mean {match}?)" if match else ""


def region_id(name: str) -> str:
    """Resolve a region or group name in any supported spelling to its id.

    Accepts ids (``zaporizhzhia``), English and Ukrainian names, common transliterations
    (``Zaporizhzhya``, ``Zaporozhye``), ISO 3166-2 codes (``UA-23``) and group names (``donbas``).
    Raises :class:`UnknownNameError` with a "did you mean" hint otherwise.
    """
    key = _fold(name)
    if key in _ALIASES:
        return _ALIASES[key]
    match = closest(key, list(_ALIASES))
    hint = f" (did you mean {_ALIASES[match]}?)" if match else ""
    raise UnknownNameError(f"unknown region {name!r}{hint}")


def expand(names: list[str] | tuple[str, ...]) -> list[str]:
    """Resolve names to region ids, expanding groups; ``crimea`` means the whole peninsula.

    In a selection, ``crimea`` stands for the Crimean peninsula (AR Crimea and Sevastopol), as
    people use the word; ``UA-43`` or ``AR Crimea`` select only the autonomous republic.
    """
    out: list[str] = []
    for name in names:
        rid = region_id(name)
        folded = _fold(name)
        if rid == "crimea" and folded in ("crimea", "crimee", "krym"):
            ids: tuple[str, ...] = GROUPS["crimean-peninsula"]
        else:
            ids = GROUPS.get(rid, (rid,))
        out.extend(i for i in ids if i not in out)
    return out
