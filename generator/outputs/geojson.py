"""Open data as GeoJSON (RFC 7946): every published event that names places, with their coordinates."""

from __future__ import annotations

import json
from typing import Any

from generator import urls
from generator.config import SiteConfig
from generator.model.briefing import Site
from generator.model.contract import Place
from generator.outputs.fields import date_parts
from generator.outputs.terms import address, licence_terms


def _place(place: Place) -> dict[str, Any]:
    """A place as a feature's property: what the map shows of it."""
    data: dict[str, Any] = {"id": place.id, "name": place.name, "kind": place.kind, "approximate": place.approximate}
    if place.approximate:
        data["radius_km"] = place.radius_km or 100
    data.update({k: v for k, v in (("native_name", place.native_name), ("native_name_lang", place.native_name_lang),
                                   ("wikidata", place.wikidata), ("geonames", place.geonames)) if v is not None})
    return data


def _position(place: Place) -> list[float]:
    # RFC 7946: longitude first, and no more than six decimals (about 10 cm) are meaningful.
    return [round(place.longitude, 6), round(place.latitude, 6)]


def geojson(site: Site, config: SiteConfig | None = None) -> dict[str, Any]:
    """A FeatureCollection: one Feature per event with places, a Point for one place, a MultiPoint for several."""
    config = config or SiteConfig()
    features = []
    for briefing in site.published:
        for event in briefing.events:
            places = [site.places[i] for i in event.places if i in site.places]
            if not places:
                continue
            geometry = ({"type": "Point", "coordinates": _position(places[0])} if len(places) == 1 else
                        {"type": "MultiPoint", "coordinates": [_position(p) for p in places]})
            # An open or unknown end is null, as date_start and date_end are in the JSON and CSV: not the
            # 0001-01-01 or 9999-12-31 the dates sort by, which a map's time slider would plot.
            earliest, latest, _ = date_parts(event.date)
            features.append({"type": "Feature", "id": event.id, "geometry": geometry, "properties": {
                "briefing": briefing.slug, "title": event.title, "date": str(event.date),
                "earliest": earliest, "latest": latest,
                "url": address(config, urls.briefing_page(briefing.slug, event.id), urls.SITE_GEOJSON),
                "places": [_place(p) for p in places], "sources": briefing.sources_of(event)}})
    # The terms travel with the data, as in the JSON files and datapackage.json: a foreign member (RFC 7946, 6.1).
    licence = licence_terms(config)
    return {"type": "FeatureCollection", **({"license": licence} if licence else {}), "features": features}


def build_geojson(site: Site, config: SiteConfig | None = None) -> dict[str, str]:
    """The GeoJSON file, keyed by its path under docs/."""
    return {urls.SITE_GEOJSON: json.dumps(geojson(site, config), ensure_ascii=False, separators=(",", ":")) + "\n"}
