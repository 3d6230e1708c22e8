"""The languages the output speaks: English (the default) and Ukrainian. Pure.

Everything a reader sees comes from here: numbers and percentages in the language's own
format, the names of the default parties and regimes, and the phrases of the figures. Adding a
language is adding one :class:`Words` to :data:`WORDS` (and names of places, which the data
carries: ``name_uk`` in ``cities.csv``, ``gazetteer.csv`` and the regions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["en", "uk"]
LANGS: tuple[Lang, ...] = ("en", "uk")

NBSP = "\u00a0"


def number(value: float, lang: Lang = "en", decimals: int = 0) -> str:
    """123456.7 -> '123,457' (en) or '123 457' with a no-break space (uk)."""
    text = f"{value:,.{decimals}f}"
    if lang == "uk":
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def percent(value: float, lang: Lang = "en") -> str:
    """19.14 -> '19.1%' (en) or '19,1%' (uk)."""
    return number(value, lang, 1) + "%"


def about(people: int, lang: Lang = "en") -> str:
    """A head count rounded as a report quotes it: 577,643 -> 'about 580,000'."""
    digits = 1 if people < 1000 else len(str(people)) - 2
    return f"{WORDS[lang].about} {number(round(people, -digits), lang)}"


def listing(items: list[str], lang: Lang = "en") -> str:
    """'A, B and C' (en) or 'A, B і C' (uk)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {WORDS[lang].and_} " + items[-1]


@dataclass(frozen=True)
class Words:
    """One language's names and phrases (templates use ``str.format`` fields)."""

    about: str
    and_: str
    km2: str
    parties: dict[str, str]
    regimes: dict[str, str]
    regimes_after: frozenset[str]
    """Regimes that follow the word 'zone' (a phrase, not an adjective)."""
    zone: str
    holds: str
    stays_contested: str
    sovereign: str
    recognised: dict[str, str]
    by_international: str
    by_unstated: str
    by_parties: str
    zone_covers: str
    held_by: str
    closed_all: str
    closed_to: str
    flow: str
    contested_flow: str
    lived: str
    lived_split: str
    nothing_moves: str
    largest: str
    """The largest places of land changing hands: ``{places}`` of ``{count}``."""
    site_roles: dict[str, str]
    site_terms_only: str


WORDS: dict[Lang, Words] = {
    "en": Words(
        about="about",
        and_="and",
        km2="km²",
        parties={"UA": "Ukraine", "RU": "Russia", "contested": "Contested (grey zone)"},
        regimes={
            "demilitarised": "demilitarised",
            "buffer": "buffer",
            "neutral": "neutral",
            "international": "internationally administered",
            "monitored": "monitored",
            "free-economic-zone": "free economic",
        },
        regimes_after=frozenset(),
        zone="zone",
        holds="{party} would hold {km2} km² ({share} of Ukraine).",
        stays_contested=(
            "{km2} km² ({share} of Ukraine) would stay contested "
            "(the baseline's grey zone: no rule says who gets it)."
        ),
        sovereign="{km2} km² ({share} of Ukraine) would be sovereign territory of {party}.",
        recognised={
            "de-jure": "{km2} km² would be recognised de jure as {party}'s territory, {by}.",
            "de-facto": "{km2} km² would be recognised de facto as held by {party}, {by}.",
        },
        by_international="internationally",
        by_unstated="by: not stated",
        by_parties="by: {parties}",
        zone_covers="{article} {zone} would cover {km2} km² ({held}){closed}{people}.",
        held_by="{km2} km² held by {party}",
        closed_all=", closed to all armed forces",
        closed_to=", closed to the forces of {parties}",
        flow="{source} would cede {km2} km² to {target}{people}.",
        contested_flow="{km2} km² of contested ground would go to {target}{people}.",
        lived="; {about} people lived there before the full-scale invasion (1 January 2022{split})",
        lived_split="; {about} in cities, towns and villages of 500+, the rest estimated",
        nothing_moves="No territory changes hands against the baseline.",
        largest="; largest places: {places} ({count} settlements of 500+ in all)",
        site_roles={
            "sovereign": "sovereign territory of {party}",
            "operated_by": "operated by {party}",
            "supervised_by": "supervised by {party}",
        },
        site_terms_only="status stated in the terms",
    ),
    "uk": Words(
        about="близько",
        and_="і",
        km2="км²",
        parties={"UA": "Україна", "RU": "Росія", "contested": "Спірна територія (сіра зона)"},
        regimes={
            "demilitarised": "демілітаризована",
            "buffer": "буферна",
            "neutral": "нейтральна",
            "international": "під міжнародним управлінням",
            "monitored": "під міжнародним моніторингом",
            "free-economic-zone": "вільна економічна",
        },
        regimes_after=frozenset({"international", "monitored"}),
        zone="зона",
        holds="{party}: під контролем {km2} км² ({share} території України).",
        stays_contested=(
            "{km2} км² ({share} території України) залишаться спірними (сіра зона базової "
            "лінії: жодне правило не каже, кому вони відійдуть)."
        ),
        sovereign="{km2} км² ({share} території України) стануть суверенною територією: {party}.",
        recognised={
            "de-jure": "{km2} км² буде визнано де-юре територією: {party} ({by}).",
            "de-facto": "{km2} км² буде визнано де-факто під контролем: {party} ({by}).",
        },
        by_international="міжнародне визнання",
        by_unstated="хто визнає — не вказано",
        by_parties="визнає: {parties}",
        zone_covers="{zone_cap}: {km2} км² ({held}){closed}{people}.",
        held_by="{km2} км² під контролем: {party}",
        closed_all="; закрита для всіх збройних сил",
        closed_to="; закрита для збройних сил: {parties}",
        flow="{source} → {target}: {km2} км²{people}.",
        contested_flow="Спірна територія → {target}: {km2} км²{people}.",
        lived=("; до повномасштабного вторгнення там жили {about} осіб (1 січня 2022 р.{split})"),
        lived_split="; {about} — у населених пунктах від 500 мешканців, решта — оцінка",
        nothing_moves="Порівняно з базовою лінією жодна територія не переходить до іншої сторони.",
        largest="; найбільші населені пункти: {places} (усього {count} від 500 мешканців)",
        site_roles={
            "sovereign": "суверенна територія: {party}",
            "operated_by": "оператор: {party}",
            "supervised_by": "нагляд: {party}",
        },
        site_terms_only="статус визначено в умовах",
    ),
}
"""Every language's words."""


def regime_phrase(regimes: list[str], lang: Lang = "en") -> str:
    """'neutral demilitarised buffer zone' / 'нейтральна демілітаризована буферна зона'."""
    if not regimes:
        return ""
    words = WORDS[lang]
    before = [words.regimes.get(r, r) for r in regimes if r not in words.regimes_after]
    after = [words.regimes.get(r, r) for r in regimes if r in words.regimes_after]
    return " ".join([*before, words.zone, *after])


UI: dict[Lang, dict[str, str]] = {
    "en": {
        # maps: tooltips, legend, panel
        "administered_by": "Administered by {party}",
        "held_at_baseline": "Held by {party} at the baseline",
        "sovereign_of": "Sovereign territory of {party}",
        "operated_by": "Operated by {party}",
        "supervised_by": "Supervised by {party}",
        "km2_value": "{km2} km²",
        "changes_hands_km2": "{km2} km² changes hands",
        "people_in": "About {people} people in {places}",
        "recognised_de-jure": "recognised de jure as {party}'s",
        "recognised_de-facto": "recognised de facto as held by {party}",
        "legend_scenario": "Under this scenario",
        "legend_compare": "Left and right of the slider",
        "col_administers": "Administers",
        "col_km2": "km²",
        "col_of_ukraine": "of Ukraine",
        "rule_note": "Rule {number}: {note}",
        "ukraine_total": "{areas}; Ukraine = {km2} km².",
        "change_look": "Changes hands vs. baseline",
        "change_look_sides": "Changes hands from {a} to {b}",
        "sovereignty_look": (
            "Sovereign territory of {party} under the deal, administered by another party"
        ),
        "site_look": "Site: {kind}",
        "site_line_look": "Line with terms of its own",
        "city_look": "City (size: pre-war population)",
        "annotation_look": "Place noted by the scenario",
        "site.nuclear-plant": "nuclear power plant",
        "site.dam": "dam",
        "site.spit": "spit",
        "site.site": "other site",
        "pre_war_population": "Pre-war population: {people}",
        "corrected": " (corrected)",
        "map_tiles": "Map tiles: {host}",
        # comparison
        "side_a": "A",
        "side_b": "B",
        "left": "left",
        "right": "right",
        "left_of_slider": "left of the slider",
        "right_of_slider": "right of the slider",
        "baseline_side": "Baseline {date}",
        "baseline_title": "Baseline: line of contact, {date}",
        "compared_with": "{a} — compared with — {b}",
        "compared_with_baseline": "{title} — compared with the baseline",
        "under_1_km2": "under 1 km²",
        "share_value": "{km2} km² ({share})",
        "zone": "Zone",
        "people_value": "; {about} people",
        "flow_vs_baseline": "{a} \u2192 {b}, against its baseline",
        "no_flow_vs_baseline": "Changes hands against its baseline",
        "none": "none",
        "all_regions": "All regions",
        "changes_title": "From {a} to {b}: land that changes administration",
        "col_region": "Region",
        "col_change": "Change",
        "col_area": "Area",
        "col_people": "People",
        "no_changes": "No land changes administration between {a} and {b}.",
        # index page
        "index_title": "Territorial scenarios for Ukraine",
        "index_lead": (
            "{count}, each resolved against its baseline. The small maps show who would "
            "administer what; open a map for the detail."
        ),
        "scenarios": "scenario|scenarios",
        "preview_label": "Preview: who would administer what under {title}",
        "preview_changes": "changes hands",
        "link_map": "Map",
        "link_compare": "Compare with the baseline",
        "link_figures": "Figures (JSON)",
        "col_scenario": "Scenario",
        "col_russia_km2": "Russia km²",
        "col_russia_share": "Russia %",
        "col_ukraine_km2": "Ukraine km²",
        "col_ua_ru_km2": "UA → RU km²",
        "col_ru_ua_km2": "RU → UA km²",
        "col_zones_km2": "Zones km²",
        # report and embed
        "report_title": "Territorial scenarios for Ukraine — report",
        "interactive_map": "interactive map",
        "compare_baseline": "compare with the baseline",
        "map_of": "Map: {title}",
        "figures": "Figures",
        "other_terms": "Other terms",
        "sources": "Sources",
        "col_what": "What",
        "col_share": "Share",
        "held_by_party": "Held by {party}",
        "share_of_ukraine": "{share} of Ukraine",
        # static maps
        "north": "N",
        "public_domain": "public domain",
        # page script (kit.js, swipe.js, draw.js)
        "kit.legend": "Legend",
        "kit.hide": "Hide",
        "kit.legend_toggle": "Show or hide the legend",
        "kit.panel_toggle": "Show or hide the information panel",
        "kit.key_figures": "Key figures",
        "kit.rules": "Rules",
        "kit.other_terms": "Other terms",
        "kit.sources": "Sources",
        "kit.sources_toggle": "Data sources: show all",
        "kit.full_screen": "Full screen",
        "kit.zoom_in": "Zoom in",
        "kit.zoom_out": "Zoom out",
        "kit.close": "Close popup",
        "kit.m": "m",
        "kit.km": "km",
        "kit.imperial": "yes",
        "kit.date": "Date",
        "kit.baseline": "Baseline",
        "kit.swipe": "Move to compare {a} and {b}",
        "kit.draw_title": "Draw a rule",
        "kit.draw_split-line": "Split line",
        "kit.draw_zone-line": "Zone line",
        "kit.draw_undo": "Undo",
        "kit.draw_clear": "Clear",
        "kit.draw_copy-yaml": "Copy YAML",
        "kit.draw_hint": "Click on the map to add points.",
        # timeline page (timeline.js)
        "tl.title": "The line of contact through time",
        "tl.lead": "{count} dates, {first} to {last}: who held what, and what changed hands.",
        "tl.no_dates": "no dates",
        "tl.map_label": "Map of who holds what at the chosen date",
        "tl.noscript": "This page needs JavaScript to draw the map and the figures.",
        "tl.simplified": (
            "The map is drawn from geometry simplified by {metres} m with coordinates rounded "
            "to {step}°; every figure is measured on the full geometry."
        ),
        "tl.places_note": (
            "Places: GeoNames settlements of 500 or more people (CC BY 4.0), by pre-war population."
        ),
        "tl.dates_note": (
            "Each date is a separate baseline with its own source and accuracy: a change between "
            "two dates can be a difference of tracing as well as a move of the front."
        ),
        "tl.places_credit": "Places: GeoNames (CC BY 4.0)",
        "tl.R": "Russian-held",
        "tl.U": "Ukrainian-held",
        "tl.c": "Contested (grey zone)",
        "tl.-": "No data",
        "tl.chart_label": "Area held by Russia at each date",
        "tl.thousand": "k",
        "tl.km2": "km²",
        "tl.share_axis": "% of Ukraine",
        "tl.bar": "{date}: {km2} Russian-held ({share} of Ukraine)",
        "tl.bar_grey": ", {km2} contested",
        "tl.legend": "Legend",
        "tl.zoom_in": "Zoom in",
        "tl.zoom_out": "Zoom out",
        "tl.front": "Line of contact at the date shown",
        "tl.changed": "Changed hands between the two dates compared",
        "tl.place": "Place that changed hands (largest 20)",
        "tl.tip": "{holder} on {date}",
        "tl.pick": "Pick a date (arrow keys step through them)",
        "tl.earlier": "\u2190 Earlier",
        "tl.later": "Later \u2192",
        "tl.every_date": "Every date (table)",
        "tl.col_date": "Date",
        "tl.col_R_km2": "Russian-held (km²)",
        "tl.col_c_km2": "Contested (km²)",
        "tl.col_U_km2": "Ukrainian-held (km²)",
        "tl.show_change": " Outline on the map",
        "tl.date_shown": "Date shown",
        "tl.area_held": "Area held",
        "tl.by_region": "By region",
        "tl.from": "From ",
        "tl.to": " to ",
        "tl.what_changed": "What changed between two dates",
        "tl.source": "Source",
        "tl.licence": "Licence",
        "tl.accuracy": "Accuracy",
        "tl.of_ukraine": " ({share} of Ukraine)",
        "tl.other_regions": "Other {count} regions",
        "tl.ukraine": "Ukraine",
        "tl.on_date": "On {date}, in km² and % of each region:",
        "tl.col_region": "Region",
        "tl.col_R": "Russian-held",
        "tl.col_c": "Contested",
        "tl.col_U": "Ukrainian-held",
        "tl.pick_two": "Pick two different dates.",
        "tl.changed_caption": "From {from} to {to}, changed hands:",
        "tl.col_region_km2": "Region (km²)",
        "tl.col_U_R": "Ukrainian \u2192 Russian",
        "tl.col_R_U": "Russian \u2192 Ukrainian",
        "tl.col_other": "Other (grey zone)",
        "tl.places_head": "Places that changed hands (largest {count})",
        "tl.no_places": "No named place changed hands",
        "tl.place_line": " ({region}, {people} people): {from} \u2192 {to}",
    },
    "uk": {
        "administered_by": "Під управлінням: {party}",
        "held_at_baseline": "На базовій лінії під контролем: {party}",
        "sovereign_of": "Суверенна територія: {party}",
        "operated_by": "Оператор: {party}",
        "supervised_by": "Нагляд: {party}",
        "km2_value": "{km2} км²",
        "changes_hands_km2": "Змінює власника: {km2} км²",
        "people_in": "Близько {people} осіб; населені пункти: {places}",
        "recognised_de-jure": "визнано де-юре територією: {party}",
        "recognised_de-facto": "визнано де-факто під контролем: {party}",
        "legend_scenario": "За цим сценарієм",
        "legend_compare": "Ліворуч і праворуч від повзунка",
        "col_administers": "Під управлінням",
        "col_km2": "км²",
        "col_of_ukraine": "частка України",
        "rule_note": "Правило {number}: {note}",
        "ukraine_total": "{areas}; Україна = {km2} км².",
        "change_look": "Змінює власника порівняно з базовою лінією",
        "change_look_sides": "Змінює власника: від {a} до {b}",
        "sovereignty_look": (
            "Суверенна територія за угодою: {party}; під управлінням іншої сторони"
        ),
        "site_look": "Об’єкт: {kind}",
        "site_line_look": "Лінія з окремими умовами",
        "city_look": "Місто (розмір — довоєнне населення)",
        "annotation_look": "Місце, позначене в сценарії",
        "site.nuclear-plant": "атомна електростанція",
        "site.dam": "гребля",
        "site.spit": "коса",
        "site.site": "інший об’єкт",
        "pre_war_population": "Довоєнне населення: {people}",
        "corrected": " (виправлено)",
        "map_tiles": "Картографічна підкладка: {host}",
        "side_a": "А",
        "side_b": "Б",
        "left": "ліворуч",
        "right": "праворуч",
        "left_of_slider": "ліворуч від повзунка",
        "right_of_slider": "праворуч від повзунка",
        "baseline_side": "Базова лінія {date}",
        "baseline_title": "Базова лінія: лінія зіткнення {date}",
        "compared_with": "{a} — порівняно з — {b}",
        "compared_with_baseline": "{title} — порівняно з базовою лінією",
        "under_1_km2": "менше 1 км²",
        "share_value": "{km2} км² ({share})",
        "zone": "Зона",
        "people_value": "; {about} осіб",
        "flow_vs_baseline": "{a} \u2192 {b}, порівняно з власною базовою лінією",
        "no_flow_vs_baseline": "Зміна власника порівняно з власною базовою лінією",
        "none": "немає",
        "all_regions": "Усі області",
        "changes_title": "Від {a} до {b}: землі, що переходять під інше управління",
        "col_region": "Область",
        "col_change": "Зміна",
        "col_area": "Площа",
        "col_people": "Населення",
        "no_changes": "Між {a} і {b} жодна земля не переходить під інше управління.",
        "index_title": "Територіальні сценарії для України",
        "index_lead": (
            "{count}; кожен розраховано відносно власної базової лінії. Малі мапи показують, хто "
            "чим управлятиме; відкрийте мапу, щоб побачити подробиці."
        ),
        "scenarios": "сценарій|сценарії|сценаріїв",
        "preview_label": "Попередній перегляд: хто чим управлятиме за сценарієм «{title}»",
        "preview_changes": "змінює власника",
        "link_map": "Мапа",
        "link_compare": "Порівняти з базовою лінією",
        "link_figures": "Показники (JSON)",
        "col_scenario": "Сценарій",
        "col_russia_km2": "Росія, км²",
        "col_russia_share": "Росія, %",
        "col_ukraine_km2": "Україна, км²",
        "col_ua_ru_km2": "UA → RU, км²",
        "col_ru_ua_km2": "RU → UA, км²",
        "col_zones_km2": "Зони, км²",
        "report_title": "Територіальні сценарії для України — звіт",
        "interactive_map": "інтерактивна мапа",
        "compare_baseline": "порівняти з базовою лінією",
        "map_of": "Мапа: {title}",
        "figures": "Показники",
        "other_terms": "Інші умови",
        "sources": "Джерела",
        "col_what": "Що",
        "col_share": "Частка",
        "held_by_party": "Під контролем: {party}",
        "share_of_ukraine": "{share} території України",
        "north": "Пн",
        "public_domain": "суспільне надбання",
        "kit.legend": "Легенда",
        "kit.hide": "Сховати",
        "kit.legend_toggle": "Показати або сховати легенду",
        "kit.panel_toggle": "Показати або сховати інформаційну панель",
        "kit.key_figures": "Основні показники",
        "kit.rules": "Правила",
        "kit.other_terms": "Інші умови",
        "kit.sources": "Джерела",
        "kit.sources_toggle": "Джерела даних: показати всі",
        "kit.full_screen": "На весь екран",
        "kit.zoom_in": "Наблизити",
        "kit.zoom_out": "Віддалити",
        "kit.close": "Закрити",
        "kit.m": "м",
        "kit.km": "км",
        "kit.imperial": "",
        "kit.date": "Дата",
        "kit.baseline": "Базова лінія",
        "kit.swipe": "Посуньте, щоб порівняти: {a} і {b}",
        "kit.draw_title": "Накреслити правило",
        "kit.draw_split-line": "Лінія поділу",
        "kit.draw_zone-line": "Лінія зони",
        "kit.draw_undo": "Скасувати",
        "kit.draw_clear": "Очистити",
        "kit.draw_copy-yaml": "Копіювати YAML",
        "kit.draw_hint": "Клацніть на мапі, щоб додати точки.",
        "tl.title": "Лінія зіткнення в часі",
        "tl.lead": "Дат: {count}, від {first} до {last}: хто що контролював і що змінило власника.",
        "tl.no_dates": "дат немає",
        "tl.map_label": "Мапа: хто що контролює на вибрану дату",
        "tl.noscript": "Щоб намалювати мапу й показники, ця сторінка потребує JavaScript.",
        "tl.simplified": (
            "Мапу намальовано за геометрією, спрощеною на {metres} м, з координатами, "
            "округленими до {step}°; усі показники обчислено за повною геометрією."
        ),
        "tl.places_note": (
            "Населені пункти: поселення GeoNames від 500 мешканців (CC BY 4.0), за довоєнним "
            "населенням."
        ),
        "tl.dates_note": (
            "Кожна дата — окрема базова лінія з власним джерелом і точністю: різниця між двома "
            "датами може бути як зміною лінії фронту, так і різницею в її нанесенні."
        ),
        "tl.places_credit": "Населені пункти: GeoNames (CC BY 4.0)",
        "tl.R": "Під контролем Росії",
        "tl.U": "Під контролем України",
        "tl.c": "Спірна територія (сіра зона)",
        "tl.-": "Немає даних",
        "tl.chart_label": "Площа під контролем Росії на кожну дату",
        "tl.thousand": "\u00a0тис.",
        "tl.km2": "км²",
        "tl.share_axis": "% території України",
        "tl.bar": "{date}: під контролем Росії {km2} ({share} території України)",
        "tl.bar_grey": ", спірна територія {km2}",
        "tl.legend": "Легенда",
        "tl.zoom_in": "Наблизити",
        "tl.zoom_out": "Віддалити",
        "tl.front": "Лінія зіткнення на показану дату",
        "tl.changed": "Територія, що змінила власника між двома порівнюваними датами",
        "tl.place": "Населений пункт, що змінив власника (20 найбільших)",
        "tl.tip": "{holder} станом на {date}",
        "tl.pick": "Виберіть дату (клавіші зі стрілками перемикають дати)",
        "tl.earlier": "\u2190 Раніше",
        "tl.later": "Пізніше \u2192",
        "tl.every_date": "Усі дати (таблиця)",
        "tl.col_date": "Дата",
        "tl.col_R_km2": "Під контролем Росії (км²)",
        "tl.col_c_km2": "Спірна територія (км²)",
        "tl.col_U_km2": "Під контролем України (км²)",
        "tl.show_change": " Виділити на мапі",
        "tl.date_shown": "Показана дата",
        "tl.area_held": "Площа під контролем",
        "tl.by_region": "За областями",
        "tl.from": "Від ",
        "tl.to": " до ",
        "tl.what_changed": "Що змінилося між двома датами",
        "tl.source": "Джерело",
        "tl.licence": "Ліцензія",
        "tl.accuracy": "Точність",
        "tl.of_ukraine": " ({share} території України)",
        "tl.other_regions": "Інші області ({count})",
        "tl.ukraine": "Україна",
        "tl.on_date": "Станом на {date}, км² і % площі кожної області:",
        "tl.col_region": "Область",
        "tl.col_R": "Під контролем Росії",
        "tl.col_c": "Спірна територія",
        "tl.col_U": "Під контролем України",
        "tl.pick_two": "Виберіть дві різні дати.",
        "tl.changed_caption": "Між {from} і {to} змінили власника:",
        "tl.col_region_km2": "Область (км²)",
        "tl.col_U_R": "Від України до Росії",
        "tl.col_R_U": "Від Росії до України",
        "tl.col_other": "Інше (сіра зона)",
        "tl.places_head": "Населені пункти, що змінили власника (найбільші {count})",
        "tl.no_places": "Жоден названий населений пункт не змінив власника",
        "tl.place_line": " ({region}; населення {people}): {from} \u2192 {to}",
    },
}
"""The words of every page, control and figure besides the headlines (:data:`WORDS`), by
key; each language has every key, with the same ``{fields}``. Keys starting ``kit.`` go to
the maps' script, ``tl.`` to the timeline's."""

PLACES: dict[Lang, dict[str, str]] = {
    "en": {},
    "uk": {
        "Black Sea": "Чорне море",
        "Sea of Azov": "Азовське море",
        "Russia": "Росія",
        "Belarus": "Білорусь",
        "Moldova": "Молдова",
        "Romania": "Румунія",
        "Poland": "Польща",
        "Hungary": "Угорщина",
        "Slovakia": "Словаччина",
        "Bulgaria": "Болгарія",
        "Georgia": "Грузія",
        "Serbia": "Сербія",
        "Crimea": "Крим",
    },
}
"""Names of the seas and countries around the map (English names as the context data gives
them; a missing one stays English)."""


def ui(key: str, lang: Lang = "en", **fields: object) -> str:
    """A word or phrase of :data:`UI` with its ``{fields}`` filled in."""
    text = UI[lang][key]
    return text.format(**fields) if fields else text


def ui_words(prefix: str, lang: Lang = "en") -> dict[str, str]:
    """The phrases of one script (keys starting ``prefix``), without the prefix."""
    return {k[len(prefix) :]: v for k, v in UI[lang].items() if k.startswith(prefix)}


def counted(count: int, key: str, lang: Lang = "en") -> str:
    """'1 scenario', '3 scenarios' / '1 сценарій', '3 сценарії', '5 сценаріїв': the noun of
    :data:`UI` (its forms split by ``|``) in the form the number takes."""
    forms = UI[lang][key].split("|")
    if lang == "uk":
        tens, units = count % 100, count % 10
        if units == 1 and tens != 11:
            form = forms[0]
        elif 2 <= units <= 4 and not 12 <= tens <= 14:
            form = forms[1]
        else:
            form = forms[2]
    else:
        form = forms[0] if count == 1 else forms[1]
    return f"{number(count, lang)} {form}"


def place(name: str, lang: Lang = "en") -> str:
    """A sea's or country's name in ``lang`` (English when not known)."""
    return PLACES[lang].get(name, name)
