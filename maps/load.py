"""Load: the shipped geodata (package data ``maps.geodata``) and fetched data from the cache,
as GeoDataFrames in EPSG:4326; place and baseline lookup. The first step of the flow
load → parse → resolve → present."""

from __future__ import annotations

import difflib
import json
import unicodedata
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

import maps.cache as fetched
from maps.errors import DataError, UnknownNameError
from maps.geo import area_km2
from maps.memo import memo
from maps.people import Population
from maps.regions import BY_ID, FOCUS, GROUPS, did_you_mean, expand

_SOURCE_CHECKOUT = Path(__file__).resolve().parents[1] / "geodata"


def _data_file(name: str) -> Traversable:
    """A shipped data file: package data when installed, ``geodata/`` in a source checkout."""
    try:
        path = resources.files("maps.geodata") / name
    except ModuleNotFoundError:
        path = _SOURCE_CHECKOUT / name
    if not path.is_file():
        raise DataError(f"shipped data file {name} is missing from the installation")
    return path


def _read(name: str) -> gpd.GeoDataFrame:
    with resources.as_file(_data_file(name)) as real:
        return gpd.read_file(real, engine="pyogrio")


@memo
def _regions() -> gpd.GeoDataFrame:
    gdf = _read("regions.geojson")
    gdf["focus"] = gdf["id"].isin(FOCUS)
    gdf["area_km2"] = area_km2(gdf)
    return gdf.set_crs("EPSG:4326", allow_override=True)


def _fetched_regions(source: str) -> gpd.GeoDataFrame:
    if fetched.find(fetched.BOUNDARIES, source) is None:
        raise DataError(
            f"no {source} boundaries in the cache; run `maps fetch boundaries --source {source}`"
        )
    gdf = _read_fetched(fetched.BOUNDARIES, source).copy()
    gdf["focus"] = gdf["id"].isin(FOCUS)
    gdf["area_km2"] = area_km2(gdf)
    return gdf.sort_values("id").reset_index(drop=True)


def load_regions(
    names: list[str] | None = None, *, peninsula: bool = False, source: str = "shipped"
) -> gpd.GeoDataFrame:
    """Ukraine's admin-1 units: ``id``, ``name``, ``name_uk``, ``iso``, ``focus``, ``area_km2``.

    Parameters
    ----------
    names
        Region ids, names, ISO codes or group names (``donbas``); ``crimea`` selects the peninsula
        (AR Crimea and Sevastopol). All 27 units when omitted.
    peninsula
        Merge AR Crimea and Sevastopol into one row ``crimea`` named "Crimea".
    source
        ``shipped`` (Natural Earth 10m, embedded) or a fetched source (``naturalearth``,
        ``geoboundaries``; see ``maps fetch boundaries``).

    Returns
    -------
    GeoDataFrame in EPSG:4326, one row per unit, sorted by id; areas from an equal-area projection.
    """
    gdf = (_regions() if source == "shipped" else _fetched_regions(source)).copy()
    if names is not None:
        gdf = gdf[gdf["id"].isin(expand(names))]
    if peninsula and gdf["id"].isin(GROUPS["crimean-peninsula"]).any():
        gdf = _merge_peninsula(gdf)
    return gdf.reset_index(drop=True)


def _merge_peninsula(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    parts = gdf[gdf["id"].isin(GROUPS["crimean-peninsula"])]
    merged = {
        "id": "crimea",
        "name": "Crimea",
        "name_uk": "Крим",
        "iso": "UA-43+UA-40",
        "focus": True,
        "area_km2": parts["area_km2"].sum(),
        "geometry": shapely.union_all(parts.geometry.values),
    }
    rest = gdf[~gdf["id"].isin(GROUPS["crimean-peninsula"])]
    out = pd.concat([rest, gpd.GeoDataFrame([merged], crs=gdf.crs)], ignore_index=True)
    return gpd.GeoDataFrame(out.sort_values("id"), crs=gdf.crs)


@memo
def _baselines() -> dict[str, dict[str, Any]]:
    text = _data_file("baselines.json").read_text(encoding="utf-8")
    known: dict[str, dict[str, Any]] = json.loads(text)
    return known


def list_baselines() -> dict[str, dict[str, Any]]:
    """Baselines by name: the shipped ones, then those fetched into the cache (``maps fetch``)."""
    return {**{n: dict(m) for n, m in _baselines().items()}, **fetched.entries(fetched.BASELINES)}


def baseline_metadata(name: str) -> dict[str, Any]:
    """Metadata of one baseline; raises :class:`UnknownNameError` with a hint for unknown names."""
    known = list_baselines()
    if name not in known:
        fetched.find(fetched.BASELINES, name)  # explains a damaged cached baseline
        hint = did_you_mean(name, list(known)) or "; `maps fetch control` adds more"
        raise UnknownNameError(f"unknown baseline {name!r}{hint}")
    return dict(known[name])


def _baseline_file(name: str) -> gpd.GeoDataFrame:
    meta = baseline_metadata(name)
    if "path" in meta:
        return _read_fetched(fetched.BASELINES, name)
    return _read_shipped(meta["file"])


@memo
def _read_shipped(name: str) -> gpd.GeoDataFrame:
    return _read(name)


def _read_fetched(kind: str, name: str) -> gpd.GeoDataFrame:
    """A cached item's data, read again whenever its files change."""
    return _load_fetched(kind, name, fetched.stamp(kind, name))


@memo
def _load_fetched(kind: str, name: str, stamp: tuple[int, int]) -> gpd.GeoDataFrame:
    """A cached item's data, checked (the files' modification times are in the key)."""
    return fetched.load(kind, name)


def load_baseline(name: str = "contact-line-2025-08") -> gpd.GeoDataFrame:
    """Who controls what at the baseline date: one row per region and party.

    Columns ``party`` (``RU``, ``UA``, or ``contested`` for a grey zone), ``region``,
    ``area_km2``, ``date``, ``source``,
    ``approximate``. Attribute ``attrs["baseline"]`` holds the full metadata.
    """
    meta = baseline_metadata(name)
    gdf = _baseline_file(name)
    gdf = gdf[gdf["kind"] == "control"][["party", "region", "geometry"]].copy()
    gdf["area_km2"] = area_km2(gdf)
    gdf["date"] = meta["date"]
    gdf["source"] = meta["source"]
    gdf["approximate"] = bool(meta.get("approximate", True))
    gdf = gdf.sort_values(["region", "party"]).reset_index(drop=True)
    gdf.attrs["baseline"] = {"name": name, **meta}
    return gdf


def load_contact_line(name: str = "contact-line-2025-08") -> gpd.GeoDataFrame:
    """The front line of a baseline as (Multi)LineString rows, EPSG:4326."""
    gdf = _baseline_file(name)
    front = gdf[gdf["kind"] == "front"][["geometry"]].copy().reset_index(drop=True)
    front.attrs["baseline"] = {"name": name, **baseline_metadata(name)}
    return front


@memo
def _context() -> gpd.GeoDataFrame:
    return _read("context.geojson")


def load_context() -> gpd.GeoDataFrame:
    """Map context: neighbours, seas, reservoirs and the lower Dnipro (``kind``, ``name``)."""
    return _context().copy()


@memo
def _cities() -> gpd.GeoDataFrame:
    with _data_file("cities.csv").open(encoding="utf-8") as f:
        df = pd.read_csv(f, keep_default_na=False, na_values={"population": [""]})
    geometry = gpd.points_from_xy(df["lon"], df["lat"], crs="EPSG:4326")
    return gpd.GeoDataFrame(df, geometry=geometry)


def load_cities(regions: list[str] | None = None) -> gpd.GeoDataFrame:
    """Cities and towns with pre-war population (``name``, ``region``, ``population``, ...)."""
    gdf = _cities().copy()
    if regions is not None:
        gdf = gdf[gdf["region"].isin(expand(regions))]
    return gdf.reset_index(drop=True)


def load_gazetteer() -> gpd.GeoDataFrame:
    """Ukraine's settlements of 500+ people (GeoNames, corrected): ``geonameid``, ``name``,
    ``name_uk``, ``region``, ``population``, ``population_source``, ``snapped_m``; points.

    A place that is also a labelled city takes the city's spelling (``Sloviansk``, not
    GeoNames' ``Slovyansk``), so figures and maps name it alike.
    """
    df = _gazetteer().copy()
    cities = _cities()
    labelled = dict(zip(cities["geonameid"].tolist(), cities["name"].tolist(), strict=True))
    df["name"] = [labelled.get(g, n) for g, n in zip(df["geonameid"], df["name"], strict=True)]
    geometry = gpd.points_from_xy(df["lon"], df["lat"], crs="EPSG:4326")
    return gpd.GeoDataFrame(df.reset_index(drop=True), geometry=geometry)


@memo
def _population() -> pd.DataFrame:
    with _data_file("population.csv").open(encoding="utf-8") as f:
        return pd.read_csv(f, keep_default_na=False)


def load_population() -> pd.DataFrame:
    """Official population per region (1 January 2022; Crimea and Sevastopol: the 2021
    Russian census): ``region``, ``population``, ``date``, ``source``, ``url``, ``note``."""
    return _population().copy()


@memo
def load_people() -> Population:
    """What people are counted with: the gazetteer's settlements and the official totals."""
    totals = dict(zip(_population()["region"], _population()["population"], strict=True))
    return Population(load_gazetteer(), {str(k): int(v) for k, v in totals.items()})


FEATURE_COLUMNS = ["id", "name", "name_uk", "kind", "source", "date", "licence", "accuracy"]


@memo
def _features() -> gpd.GeoDataFrame:
    gdf = _read("features.geojson")
    gdf["date"] = gdf["date"].astype(str).str.slice(0, 10)  # ISO text, not a parsed datetime
    return gdf[[*FEATURE_COLUMNS, "geometry"]].set_crs("EPSG:4326", allow_override=True)


def load_features() -> gpd.GeoDataFrame:
    """Named features scenario files refer to by id: ``dnipro`` (river), ``znpp`` (nuclear
    plant), ``kakhovka-dam`` (dam) and ``kinburn-spit`` (area).

    Columns ``id, name, name_uk, kind, source, date, licence, accuracy`` and the geometry
    (EPSG:4326); ``geodata/SOURCES.md`` says how each was made and how accurate it is.
    """
    return _features().copy()


def _fold(name: str) -> str:
    """Case, accents, apostrophes, hyphens and spacing aside: ``Kam'yanske`` = ``kamyanske``."""
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c) and c not in "'’ʼ`")
    return " ".join(text.replace("-", " ").replace("_", " ").split())


@memo
def _places() -> dict[str, tuple[str, float, float]]:
    """Folded name -> (name to show, lon, lat).

    Named features come first (found by id, English and Ukrainian name, shown by id; a line's
    or an area's representative point), then the labelled cities (Ukrainian and larger places
    first), then the gazetteer (most populous first, each also as ``Name (region)``; shown by
    the labelled city's name where it is one, ``Zaporizhzhya`` as ``Zaporizhzhia``). The first
    entry of a name wins.
    """
    places: dict[str, tuple[str, float, float]] = {}

    def add(keys: list[str], name: str, lon: float, lat: float) -> None:
        for key in keys:
            if key:
                places.setdefault(_fold(key), (name, lon, lat))

    features = _features()
    points = shapely.point_on_surface(features.geometry.values)
    columns = zip(features["id"], features["name"], features["name_uk"], points, strict=True)
    for fid, name, name_uk, point in columns:
        add([str(fid), str(name), str(name_uk)], str(fid), point.x, point.y)
    cities = _cities()
    order = cities.assign(_abroad=cities["country"] != "UA").sort_values(
        ["_abroad", "population"], ascending=[True, False]
    )
    for name, name_uk, lon, lat in zip(
        order["name"], order["name_uk"], order["lon"], order["lat"], strict=True
    ):
        add([str(name), str(name_uk)], str(name), float(lon), float(lat))
    labelled = dict(zip(cities["geonameid"].tolist(), cities["name"].tolist(), strict=True))
    gazetteer = _gazetteer()
    for geonameid, name, name_uk, region, lon, lat in zip(
        gazetteer["geonameid"],
        gazetteer["name"],
        gazetteer["name_uk"],
        gazetteer["region"],
        gazetteer["lon"],
        gazetteer["lat"],
        strict=True,
    ):
        keys = [str(name), str(name_uk), f"{name} ({region})"]
        shown = labelled.get(geonameid) or f"{name} ({region_name(str(region))})"
        add(keys, str(shown), float(lon), float(lat))
    return places


@memo
def _gazetteer() -> pd.DataFrame:
    with _data_file("gazetteer.csv").open(encoding="utf-8") as f:
        df = pd.read_csv(f, keep_default_na=False)
    return df.sort_values(["population", "geonameid"], ascending=[False, True])


def _suggestion(key: str, keys: list[str]) -> str | None:
    """A close spelling (difflib ratio 0.85 or more) or a name that starts with ``key`` as a
    whole word (``kinburn`` -> ``kinburn spit``); None rather than a far-fetched guess."""
    close = difflib.get_close_matches(key, keys, n=1, cutoff=0.85)
    if close:
        return close[0]
    if len(key) >= 4:
        starts = sorted(k for k in keys if k.startswith(key + " "))
        return starts[0] if starts else None
    return None


def find_place(name: str) -> tuple[float, float]:
    """Longitude and latitude of a named feature, a labelled city or a gazetteer place.

    Matching ignores case, accents, apostrophes and hyphens. Named features match by id or
    name (``znpp``, ``Zaporizhzhia Nuclear Power Plant``, ``kinburn-spit``); a line or an area
    gives its representative point. A name several places share is the most populous of them
    (a labelled city before the gazetteer); ``Name (region)`` picks another, e.g.
    ``Vasylivka (mykolaiv)``. Raises :class:`UnknownNameError` for unknown names, with a
    "did you mean" hint only for a close spelling or a longer name that starts with it.
    """
    places = _places()
    key = _fold(name)
    if key in places:
        _, lon, lat = places[key]
        return lon, lat
    match = _suggestion(key, list(places))
    hint = f" (did you mean {places[match][0]}?)" if match else ""
    raise UnknownNameError(f"unknown place {name!r}{hint}")


def data_files(baseline: str) -> list[Path]:
    """The files a resolution against ``baseline`` reads (to watch them for changes)."""
    meta = baseline_metadata(baseline)
    names = ["regions.geojson", "cities.csv", "context.geojson", "baselines.json"]
    names += ["features.geojson", "gazetteer.csv", "population.csv"]
    files = [Path(str(_data_file(n))) for n in names]
    files.append(Path(meta["path"]) if "path" in meta else Path(str(_data_file(meta["file"]))))
    return files


def region_name(region_id: str) -> str:
    """English display name of a region id."""
    return BY_ID[region_id].name if region_id in BY_ID else region_id


def feature_kinds() -> dict[str, str]:
    """The named features (``dnipro``, ``znpp``, ...) by id, with their kind."""
    features = load_features()
    return dict(zip(features["id"], features["kind"], strict=True))
