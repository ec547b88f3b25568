"""Places and locator maps: the markers match the events' places, framing, size, labels, errors, GeoJSON."""

from __future__ import annotations

import itertools
import json
import math
import re
import shutil
from pathlib import Path

import geojson as geojson_library
import jsonschema
import pytest

from generator import urls
from generator.exceptions import DataError
from generator.load.reader import load_site
from generator.model.briefing import Site
from generator.model.contract import Event, Place
from generator.outputs.geojson import geojson
from generator.outputs.open_data import build_exports
from generator.render import maps
from generator.render.charts import text_width
from generator.render.geo import frame_around
from generator.render.pages import render_site
from generator.resolve.site import resolve
from generator.validate.fields import validate_site

from conftest import FIXTURES, ROOT

BUNDLED = "north-korean-troops-in-russia"


@pytest.fixture(scope="module")
def site() -> Site:
    return resolve(validate_site(load_site(ROOT))[0])


def _place(place_id: str, lat: float, lon: float, **more: object) -> Place:
    return Place.model_validate({"id": place_id, "name": place_id.title(), "latitude": lat, "longitude": lon, **more})


def test_the_markers_are_the_places_the_events_name_numbered_in_timeline_order(site: Site) -> None:
    briefing = next(b for b in site.briefings if b.slug == BUNDLED)
    page = render_site(site)[f"briefings/{BUNDLED}.md"]
    svg = re.search(r"<svg class=\"map\".*?</svg>", page, re.S)
    assert svg, "the briefing's page has no map"
    named = list(dict.fromkeys(p for e in briefing.events for p in e.places))
    markers = re.findall(r'<a class="map-marker" id="map-([a-z0-9-]+)" href="#([a-z0-9-]+)"><title>(\d+)\.', svg[0])
    assert [m[0] for m in markers] == named
    assert [int(m[2]) for m in markers] == list(range(1, len(named) + 1))
    for place_id, event_id, _ in markers:  # each marker links to the first event that names it
        assert event_id == next(e.id for e in briefing.events if place_id in e.places)
        # and that event's place line links back to the marker
        assert re.search(rf'id="{event_id}".*?href="#map-{place_id}"', page, re.S)
    assert {"kursk-region", "brussels", "seoul", "thingvellir"} <= set(named)


def test_a_place_outside_the_frame_widens_it() -> None:
    near = [(36.2, 51.7, 0.0), (37.6, 55.8, 0.0)]  # Kursk, Moscow
    frame = frame_around(near, maps.WIDTH, maps.HEIGHT)
    assert not frame.contains(-21.1, 64.3)
    wider = frame_around([*near, (-21.1, 64.3, 0.0)], maps.WIDTH, maps.HEIGHT)  # Þingvellir
    assert all(wider.contains(lon, lat) for lon, lat, _ in [*near, (-21.1, 64.3, 0)])
    assert wider.west < frame.west and wider.east - wider.west > frame.east - frame.west
    # an approximate place's whole area is inside too
    area = frame_around([(133.0, 45.0, 600.0)], maps.WIDTH, maps.HEIGHT)
    assert area.north > 45 + 600 / 111.32 and area.south < 45 - 600 / 111.32


def test_the_svg_stays_under_100_kb(site: Site) -> None:
    briefing = next(b for b in site.briefings if b.slug == BUNDLED)
    svg = maps.locator(maps.timeline_pins(briefing.events, site.places))
    assert len(str(svg).encode()) < 100_000
    # the worst case: places all over the world draw every country
    world = [_place(f"p{i}", lat, lon) for i, (lat, lon) in
             enumerate([(64, -21), (-33.9, 151.2), (40.7, -74), (-34.6, -58.4), (35.7, 139.7), (-1.3, 36.8)])]
    pins = [maps.Pin(i + 1, p, f"#e{i}") for i, p in enumerate(world)]
    assert len(str(maps.locator(pins)).encode()) < 100_000


@pytest.mark.parametrize("coordinates", [
    [(51.7, 36.2), (50.8, 4.4), (64.3, -21.1), (37.6, 127.0), (45.0, 133.0)],
    [(51.7, 36.2), (51.75, 36.3), (51.6, 36.0), (51.8, 36.1)],  # a crowd: some labels must give way
])
def test_labels_never_overlap_nor_leave_the_drawing(coordinates: list[tuple[float, float]]) -> None:
    pins = [maps.Pin(i + 1, _place(f"place-number-{i}", lat, lon), f"#e{i}")
            for i, (lat, lon) in enumerate(coordinates)]
    svg = str(maps.locator(pins))
    height = float(re.search(r'viewBox="0 0 400 ([\d.]+)"', svg)[1])  # type: ignore[index]
    boxes = []
    for x, y, text in re.findall(r'<text class="map-label" x="([\d.-]+)" y="([\d.-]+)"[^>]*>([^<]+)</text>', svg):
        left, baseline = float(x), float(y)
        boxes.append((left, baseline - maps.FONT, left + text_width(text, maps.FONT), baseline + 4))
    assert boxes or len({round(lat) for lat, _ in coordinates}) == 1  # a crowd may keep only its numbers
    for i, a in enumerate(boxes):
        assert a[0] >= 0 and a[1] >= 0 and a[2] <= maps.WIDTH and a[3] <= height, a
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)
    assert svg.count('class="map-marker"') == len(pins)  # every place keeps its numbered marker


def test_markers_that_would_cover_one_another_are_set_apart_and_point_to_their_places() -> None:
    # A spill's estuary, its port and its plant, a few km apart, beside a capital far away: the three were
    # drawn as one pin, two of the numbers hidden under the third.
    coordinates = [(38.70, -9.05), (38.72, -9.10), (38.68, -9.02), (50.85, 4.35)]
    pins = [maps.Pin(i + 1, _place(f"place-{i}", lat, lon), f"#e{i}") for i, (lat, lon) in enumerate(coordinates)]
    svg = str(maps.locator(pins))
    drawn = {int(n): (float(x), float(y)) for x, y, n in re.findall(
        r'<circle class="map-pin" cx="([\d.-]+)" cy="([\d.-]+)".*?>(\d+)</text>', svg)}
    assert sorted(drawn) == [1, 2, 3, 4]
    for a in drawn:
        for b in drawn:
            if a < b:  # far enough apart that a finger's targets do not overlap either
                assert math.dist(drawn[a], drawn[b]) >= 2 * maps.HIT - 0.2, (a, b)
    leaders = re.findall(r'<g class="map-leader"><path d="M([\d.-]+) ([\d.-]+)L([\d.-]+) ([\d.-]+)"', svg)
    assert len(leaders) == 3  # the capital stays where it is; each of the three points to its place
    assert {(float(x2), float(y2)) for _, _, x2, y2 in leaders} == {drawn[1], drawn[2], drawn[3]}


def _drawn(svg: str) -> tuple[float, list[tuple[str, tuple[float, float, float, float]]]]:
    """A map's height, and the box of each marker (grown as a phone draws it) and each label, by what it shows."""
    height = float(re.search(r'viewBox="0 0 400 ([\d.]+)"', svg)[1])  # type: ignore[index]
    boxes = []
    for x, y, r, number in re.findall(r'<circle class="map-pin" cx="([\d.-]+)" cy="([\d.-]+)" r="([\d.]+)"'
                                      r'.*?>(\d+)</text>', svg):
        reach = float(r) * 1.2 + 1  # briefing.css draws a pin 1.2 times larger on a phone, with its white ring
        boxes.append((number, (float(x) - reach, float(y) - reach, float(x) + reach, float(y) + reach)))
    for x, y, text in re.findall(r'<text class="map-label" x="([\d.-]+)" y="([\d.-]+)"[^>]*>([^<]+)</text>', svg):
        boxes.append((text, (float(x), float(y) - maps.FONT, float(x) + text_width(text, maps.FONT), float(y) + 4)))
    return height, boxes


# Places either side of 180°: a min/max of their longitudes framed the whole world, the one at the far left,
# the other at the far right, its number cut in half by the drawing's edge (issue 16).
ACROSS_180 = {"fiji-samoa": [("suva", -18.141, 178.442), ("apia", -13.833, -171.767)],
              "bering-strait": [("anadyr", 64.734, 177.515), ("nome", 64.501, -165.406)]}


@pytest.mark.parametrize("places", ACROSS_180.values(), ids=ACROSS_180.keys())
def test_places_either_side_of_180_are_framed_the_short_way_round(places: list[tuple[str, float, float]]) -> None:
    frame = frame_around([(lon, lat, 0.0) for _, lat, lon in places], maps.WIDTH, maps.HEIGHT, maps.MIN_HEIGHT)
    assert frame.east - frame.west < 40, frame  # some 13° apart across 180°, not 347° the other way
    assert all(frame.contains(lon, lat) for _, lat, lon in places)
    pins = [maps.Pin(i + 1, _place(place_id, lat, lon), f"#e{i}") for i, (place_id, lat, lon) in enumerate(places)]
    svg = str(maps.locator(pins))
    height, boxes = _drawn(svg)
    assert sorted(b[0] for b in boxes) == sorted(["1", "2", *(p[0].title() for p in places)])  # numbers and names
    for shown, (left, top, right, bottom) in boxes:
        assert left >= 0 and top >= 0 and right <= maps.WIDTH and bottom <= height, (shown, left, right)
    x1, x2 = (float(x) for x in re.findall(r'class="map-pin" cx="([\d.-]+)"', svg))
    assert 80 < abs(x1 - x2) < 320, (x1, x2)  # apart across the map's middle, not at its two edges


def test_a_map_across_180_draws_the_land_on_both_sides_without_a_line_at_the_cut() -> None:
    # Chukotka runs on past 180° to 169°W: Natural Earth cuts Russia's outline there, and Alaska lies beyond.
    places = ACROSS_180["bering-strait"]
    pins = [maps.Pin(i + 1, _place(place_id, lat, lon), f"#e{i}") for i, (place_id, lat, lon) in enumerate(places)]
    svg = str(maps.locator(pins))
    frame = frame_around([(lon, lat, 0.0) for _, lat, lon in places], maps.WIDTH, maps.HEIGHT, maps.MIN_HEIGHT)
    cut = frame.project(180, 0)[0]
    fill = re.search(r'<path class="map-land(?:-fill)?"[^>]* d="([^"]+)"', svg)
    assert fill, "no land drawn"
    xs = [float(x) for x in re.findall(r"([\d.-]+) [\d.-]+", fill[1])]
    assert sum(x < cut - 20 for x in xs) >= 5 and sum(x > cut + 20 for x in xs) >= 5  # land west and east of it
    edges = re.search(r'<path class="map-edges"[^>]* d="([^"]+)"', svg)
    assert edges
    for line in re.findall(r"M([^MZ]+)", edges[1]):  # no side of an outline runs down the cut
        points = [tuple(map(float, p)) for p in re.findall(r"([\d.-]+) ([\d.-]+)", line)]
        assert not any(abs(a[0] - cut) < 0.1 and abs(b[0] - cut) < 0.1 for a, b in itertools.pairwise(points))
    # The inset marks the frame at both edges of the world.
    assert svg.count('class="map-inset-frame"') == 2


def test_a_place_at_the_edge_of_the_world_keeps_its_whole_marker_inside_the_drawing() -> None:
    # Places all round the world frame the whole of it: Apia and Suva stood on its left and right edges.
    coordinates = [(-13.833, -171.767), (64.1, -120.0), (-15.8, -47.9), (51.5, 0.0), (55.8, 37.6),
                   (28.6, 77.2), (35.7, 139.7), (-18.141, 178.442)]
    pins = [maps.Pin(i + 1, _place(f"p{i}", lat, lon), f"#e{i}") for i, (lat, lon) in enumerate(coordinates)]
    svg = str(maps.locator(pins))
    height, boxes = _drawn(svg)
    assert len([b for b in boxes if b[0].isdigit()]) == len(pins)
    for shown, (left, top, right, bottom) in boxes:
        assert left >= 0 and top >= 0 and right <= maps.WIDTH and bottom <= height, (shown, left, right)


def test_a_places_page_shows_where_it_is_with_the_land_around_it(site: Site) -> None:
    page = render_site(site)["places/seoul.md"]
    svg = re.search(r'<svg class="map"[^>]*aria-label="Map of where Seoul is".*?</svg>', page, re.S)
    assert svg, "the place's page has no map of it"
    assert '<a class="map-marker" id="map-seoul" href="#events">' in svg[0]  # to the events listed below it
    assert "## Events" in page
    height = float(re.search(r'viewBox="0 0 400 ([\d.]+)"', svg[0])[1])  # type: ignore[index]
    scale = re.search(r'<g class="map-scale">.*?<text[^>]*>([\d,]+) km', svg[0], re.S)
    assert scale and int(scale[1].replace(",", "")) >= 100 and height > 100  # a country around it, not a street


def test_an_approximate_place_is_drawn_as_a_dashed_area() -> None:
    pins = [maps.Pin(1, _place("near", 51.7, 36.2, approximate=True, radius_km=120), "#e")]
    assert 'class="map-area"' in str(maps.locator(pins)) and "stroke-dasharray" in str(maps.locator(pins))


def test_no_map_without_places() -> None:
    event = Event.model_validate({"id": "e", "date": "2024-10-28", "title": "T", "sources": ["s"]})
    assert maps.map_view([event], {})["map_pins"] == []


def _project(tmp_path: Path, places: str, event_places: str) -> Path:
    root = tmp_path / "p"
    shutil.copytree(ROOT / "briefings", root / "briefings")
    (root / "briefings" / "places.yaml").write_text(places, encoding="utf-8")
    events = root / "briefings" / BUNDLED / "events.yaml"
    text = events.read_text(encoding="utf-8")
    events.write_text(text.replace("places: [seoul]", f"places: {event_places}", 1), encoding="utf-8")
    return root


def test_an_unknown_place_is_a_located_error_with_a_did_you_mean(tmp_path: Path) -> None:
    places = (ROOT / "briefings" / "places.yaml").read_text(encoding="utf-8")
    root = _project(tmp_path, places, "[seuol]")
    with pytest.raises(DataError) as err:
        validate_site(load_site(root))
    found = [p for p in err.value.problems if "seuol" in p.message]
    assert found and found[0].file == f"briefings/{BUNDLED}/events.yaml" and found[0].line > 1
    assert "did you mean 'seoul'?" in found[0].hint


def test_a_latitude_out_of_range_is_a_located_error_with_a_hint(tmp_path: Path) -> None:
    root = _project(tmp_path, "- id: seoul\n  name: Seoul\n  latitude: 126.978\n  longitude: 37.567\n", "[seoul]")
    with pytest.raises(DataError) as err:
        validate_site(load_site(root))
    found = [p for p in err.value.problems if p.file == "briefings/places.yaml"]
    assert found and (found[0].line, found[0].field) == (3, "latitude"), found
    assert "outside -90 to 90" in found[0].message and "swapped" in found[0].hint


def test_the_geojson_export_is_valid_geojson_with_every_event_that_names_places(site: Site) -> None:
    schema = json.loads((FIXTURES / "geojson" / "rfc7946.schema.json").read_text(encoding="utf-8"))
    data = geojson(site)
    jsonschema.Draft202012Validator(schema).validate(data)
    # And by python-geojson, which checks what RFC 7946 says beyond a schema's reach (positions, closed rings).
    checked = geojson_library.loads(json.dumps(data))
    assert checked.is_valid, checked.errors()
    events = {e.id: e for b in site.published for e in b.events if e.places}
    assert {f["id"] for f in data["features"]} == set(events)
    rutte = next(f for f in data["features"] if f["id"] == "2024-10-28-rutte-confirms-kursk-deployment")
    assert rutte["geometry"]["type"] == "MultiPoint"
    assert rutte["geometry"]["coordinates"][0] == [site.places["brussels"].longitude, site.places["brussels"].latitude]


def test_each_named_place_has_a_page_and_the_places_page_maps_them(site: Site) -> None:
    pages = render_site(site)
    assert "places/kursk-region.md" in pages and "forbes-kursk-radio-intercepts" in pages["places/kursk-region.md"]
    index = pages["places/index.md"]
    assert 'href="kursk-region.html"' in index and '<svg class="map"' in index
    assert "places/pyongyang.md" not in pages  # named by no event


def test_a_places_page_lists_the_events_of_one_date_under_it_once(tmp_path: Path) -> None:
    """As the chronology does: Kursk region's two events of 28 October read '28 October 2024' once."""
    places = (ROOT / "briefings" / "places.yaml").read_text(encoding="utf-8")
    # The first event (c. October 2024) names Kursk region too: a second date on its page.
    site = resolve(validate_site(load_site(_project(tmp_path, places, "[seoul, kursk-region]")))[0])
    page = render_site(site)["places/kursk-region.md"]
    events = page[page.index('<ol class="timeline"'):]
    days = re.findall(r'<li class="timeline-day [^"]*">\n<time datetime="([^"]+)".*?\n</ol>\n</li>', events, re.S)
    assert days == ["2024-10", "2024-10-28"], days  # each date once, in order
    under = [re.findall(r'<li class="timeline-event">\n<p class="timeline-title"><a href="[^"#]*#([\w-]+)">'
                        r'.*?</p>\n<p class="timeline-details">([^<]*)</p>', day, re.S)
             for day in re.findall(r'<li class="timeline-day .*?\n</ol>\n</li>', events, re.S)]
    title = "North Korean troops in Russia"  # each event still with its briefing's title
    assert under == [[("2024-10-defectors-offer-to-ukraine", title)],
                     [("2024-10-28-forbes-kursk-radio-intercepts", title),
                      ("2024-10-28-rutte-confirms-kursk-deployment", title)]], under


def test_a_geojson_feature_gives_an_open_or_unknown_end_as_null_as_the_json_export_does() -> None:
    """'2024-11-02/..' has no latest day: null, not the 9999-12-31 it sorts by, which a map's time slider would plot."""
    site = resolve(validate_site(load_site(FIXTURES / "open-data"))[0])
    features = {f["id"]: f["properties"] for f in geojson(site)["features"]}
    days = {event_id: (p["earliest"], p["latest"]) for event_id, p in features.items()}
    assert days["open-ended-inquiry"] == ("2024-11-02", None) and days["unknown-start"] == (None, "2024-10-31")
    events = {e["id"]: e for e in json.loads(build_exports(site)[urls.SITE_DATA])["briefings"][0]["events"]}
    for event_id, (earliest, latest) in days.items():  # the same days as date_start and date_end there
        assert (earliest, latest) == (events[event_id]["date_start"], events[event_id]["date_end"])


def test_a_geojson_feature_lists_the_sources_its_event_cites_in_its_text_too(tmp_path: Path) -> None:
    places = (ROOT / "briefings" / "places.yaml").read_text(encoding="utf-8")
    root = _project(tmp_path, places, "[seoul]")
    events = root / "briefings" / BUNDLED / "events.yaml"
    text = events.read_text(encoding="utf-8")
    # The first event (in Seoul) cites its source in its summary; its list of sources goes.
    events.write_text(text.replace("  sources: [src-scmp-defectors-volunteers]\n", "", 1), encoding="utf-8")
    site = resolve(validate_site(load_site(root))[0])
    feature = next(f for f in geojson(site)["features"] if f["id"] == "2024-10-defectors-offer-to-ukraine")
    assert feature["properties"]["sources"] == ["src-scmp-defectors-volunteers"]


def test_a_place_is_named_by_its_kind_only_when_the_kind_says_something(site: Site) -> None:
    """'1. Seoul (city)', but '5. Þingvellir, Iceland' for a place of kind 'other': no raw value to a reader."""
    page = render_site(site)[f"briefings/{BUNDLED}.md"]
    titles = dict(re.findall(r'<a class="map-marker" id="map-([a-z0-9-]+)"[^>]*><title>([^<]*)</title>', page))
    assert site.places["thingvellir"].kind == "other"
    assert not titles["thingvellir"].endswith(")"), titles
    assert titles["seoul"].endswith(" (city)"), titles
    assert not [t for t in titles.values() if "(other)" in t]
    place_page = render_site(site)["places/thingvellir.md"]
    assert ">Other<" not in place_page and "approximate:" not in render_site(site)["places/kursk-region.md"]


def test_a_name_with_letters_the_search_does_not_fold_is_also_spelled_as_a_keyboard_types_it(site: Site) -> None:
    # Pagefind finds 'Müller' by 'Muller' itself: only 'Þ', 'ł', 'ø', other scripts... need a spelling, and
    # only those letters are respelt (tests/browser/test_search.py searches the index with such names).
    from generator.render.environment import keyboard_meta, keyboard_spelling

    assert keyboard_spelling("Þingvellir, Iceland") == "Thingvellir, Iceland"
    assert keyboard_spelling("Łukasz Wójcik") == "Lukasz Wójcik" and keyboard_spelling("Søren Ørsted") == "Soren Orsted"
    assert keyboard_spelling("이민복") == "iminbog" and keyboard_spelling("Путин") == "Putin"
    for folded in ("Seoul", "Anna Müller", "Nguyễn Văn Thiệu", "Ștefan", "İstanbul", "Seán O’Brien", "Kraków"):
        assert keyboard_spelling(folded) == "", folded
    assert keyboard_meta('Þór & "Sons"') == ' data-pagefind-meta="keyboard:Thór &amp; &#34;Sons&#34;"'
    page = render_site(site)["places/thingvellir.md"]
    assert '<div class="place-header" data-pagefind-meta="keyboard:Thingvellir, Iceland">' in page
    assert "Thingvellir" not in page.replace('"keyboard:Thingvellir, Iceland"', "")  # in no text of the page
