"""A synthetic, deterministic corpus of briefings for benchmarks and scale tests.

Each briefing has realistic sizes (about 50 events with ~60-word summaries, 20 quotes, 30
sources, a few disputed figures), some actors with Hangul or Cyrillic native names and some
quotes with an original in Korean or Russian. Briefing i is the same whatever the size of the
corpus (its own seeded generator), so one page can be compared across sites of different sizes.

    python benchmarks/corpus.py 200 /tmp/project/briefings
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
from pathlib import Path
from typing import Any

import yaml

EVENTS = 50
QUOTES = 20
SOURCES = 30
FIGURES = 6
PEOPLE_PER_BRIEFING = 12  # a sliding window: neighbouring briefings share some people
PEOPLE_STEP = 4


def _words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


WORDS = _words(
    "officials said the ministry forces border talks agreement sanctions report statement troops "
    "government minister president spokesperson according intelligence estimate region deployment "
    "negotiations parliament vote election court ruling investigation shipment aid package "
    "ceasefire attack drone missile artillery frontline village city port harbour supply convoy "
    "humanitarian corridor refugees displaced civilians casualties hospital energy grid outage "
    "pipeline gas oil prices exports imports tariffs summit delegation envoy embassy consulate "
    "protest rally arrest detained released prisoners exchange negotiators mediators observers "
    "monitoring mission satellite images analysts researchers journalists broadcaster newspaper "
    "confirmed denied disputed claimed estimated reported announced warned pledged promised "
    "rejected accepted signed suspended resumed extended expanded reduced withdrew advanced "
    "retreated captured reinforced evacuated restored damaged destroyed intercepted launched"
)
TOPICS = _words(
    "grain corridor,border crossings,energy grid,prisoner exchanges,drone strikes,election dispute,"
    "port blockade,sanctions regime,refugee flows,arms shipments,pipeline sabotage,ceasefire talks,"
    "cyber attacks,nuclear plant safety,food prices,troop rotations,mining concessions,"
    "press freedom,water rights,airspace closures", ","
)
PLACES = ("Kyiv", "Kharkiv", "Odesa", "Kursk", "Belgorod", "Seoul", "Pyongyang", "Vladivostok",
          "Brussels", "Geneva", "Warsaw", "Vilnius", "Tbilisi", "Ankara", "Washington")
PUBLISHERS = ("Reuters", "Associated Press", "BBC News", "Yonhap", "Kyiv Independent", "Meduza",
              "Le Monde", "The Guardian", "Financial Times", "NHK", "Ministry of Defence",
              "United Nations", "Institute for the Study of War", "Korea Herald", "Interfax")
CORE_ACTORS = [
    ("ukraine", "Ukraine", "Україна", "country"), ("russia", "Russia", "Россия", "country"),
    ("north-korea", "North Korea", "조선민주주의인민공화국", "country"),
    ("south-korea", "South Korea", "대한민국", "country"), ("united-states", "United States", None, "country"),
    ("china", "China", "中国", "country"), ("european-union", "European Union", None, "organization"),
    ("nato", "NATO", None, "organization"), ("united-nations", "United Nations", None, "organization"),
    ("iaea", "International Atomic Energy Agency", None, "organization"),
    ("red-cross", "International Committee of the Red Cross", None, "organization"),
    ("poland", "Poland", "Polska", "country"), ("turkey", "Turkey", "Türkiye", "country"),
    ("japan", "Japan", "日本", "country"), ("germany", "Germany", "Deutschland", "country"),
    ("france", "France", None, "country"), ("united-kingdom", "United Kingdom", None, "country"),
    ("belarus", "Belarus", "Беларусь", "country"), ("georgia", "Georgia", "საქართველო", "country"),
    ("world-bank", "World Bank", None, "organization"),
]
KOREAN_NAMES = [("Kim", "김"), ("Lee", "이"), ("Park", "박"), ("Choi", "최"), ("Jung", "정"),
                ("Kang", "강"), ("Cho", "조"), ("Yoon", "윤")]
KOREAN_GIVEN = [("Min-jun", "민준"), ("Seo-yeon", "서연"), ("Ji-ho", "지호"), ("Ha-eun", "하은"),
                ("Do-hyun", "도현"), ("Su-bin", "수빈"), ("Jae-won", "재원"), ("Yu-na", "유나")]
RUSSIAN_NAMES = [("Ivanov", "Иванов"), ("Petrov", "Петров"), ("Smirnov", "Смирнов"),
                 ("Volkov", "Волков"), ("Sokolov", "Соколов"), ("Morozov", "Морозов")]
RUSSIAN_GIVEN = [("Alexei", "Алексей"), ("Dmitry", "Дмитрий"), ("Sergei", "Сергей"),
                 ("Olga", "Ольга"), ("Irina", "Ирина"), ("Nikolai", "Николай")]
OTHER_NAMES = ["Smith", "Müller", "Kowalski", "Dubois", "Rossi", "García", "Novak", "Jensen"]
OTHER_GIVEN = ["Anna", "David", "Maria", "Thomas", "Elena", "Peter", "Sofia", "Mark"]
ROLES = ["foreign minister", "defence ministry spokesperson", "member of parliament", "analyst",
         "ambassador", "regional governor", "military commander", "aid coordinator"]
KOREAN_WORDS = _words("우리는 평화를 원한다 국경 협상 병력 파견 정부 발표 국제 사회 안보 위협 지원 계속")
RUSSIAN_WORDS = _words("мы продолжим переговоры граница войска правительство заявление помощь мир угроза")
BASE_DATE = dt.date(2022, 1, 3)


def slug_of(index: int) -> str:
    """The folder name of briefing index (0-based)."""
    return f"briefing-{index:04d}"


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out: list[str] = []
    while words > 0:
        n = min(words, rng.randint(9, 16))
        out.append(_sentence(rng, n))
        words -= n
    return " ".join(out)


def _title(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _idify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def person(number: int) -> dict[str, Any]:
    """The site-wide person number: about a third with a Hangul and a third with a Cyrillic name."""
    family = number % 3
    pick = number // 3
    if family == 0:
        last, last_native = KOREAN_NAMES[pick % len(KOREAN_NAMES)]
        first, first_native = KOREAN_GIVEN[(pick // len(KOREAN_NAMES)) % len(KOREAN_GIVEN)]
        name, native = f"{last} {first}", f"{last_native}{first_native}"
    elif family == 1:
        last, last_native = RUSSIAN_NAMES[pick % len(RUSSIAN_NAMES)]
        first, first_native = RUSSIAN_GIVEN[(pick // len(RUSSIAN_NAMES)) % len(RUSSIAN_GIVEN)]
        name, native = f"{first} {last}", f"{first_native} {last_native}"
    else:
        name = f"{OTHER_GIVEN[(pick // 8) % 8]} {OTHER_NAMES[pick % 8]}"
        native = None
    actor: dict[str, Any] = {"id": f"p{number:05d}-{_idify(name)}", "name": name}
    if native:
        actor["native_name"] = native
    actor["kind"] = "person"
    actor["role"] = ROLES[number % len(ROLES)].capitalize()
    return actor


def actors_registry(count: int) -> list[dict[str, Any]]:
    """briefings/actors.yaml: the core countries and organizations, and every briefing's people."""
    core = []
    for actor_id, name, native, kind in CORE_ACTORS:
        entry: dict[str, Any] = {"id": actor_id, "name": name}
        if native:
            entry["native_name"] = native
        entry["kind"] = kind
        core.append(entry)
    people = [person(n) for n in range(count * PEOPLE_STEP + PEOPLE_PER_BRIEFING)]
    return core + people


def _original(rng: random.Random) -> dict[str, str]:
    lang, words = rng.choice((("ko", KOREAN_WORDS), ("ru", RUSSIAN_WORDS)))
    text = " ".join(rng.choice(words) for _ in range(rng.randint(8, 16)))
    return {"lang": lang, "text": text + "."}


def briefing(index: int, seed: int = 1) -> dict[str, list[dict[str, Any]] | dict[str, Any]]:
    """The files of briefing index: {'briefing': {...}, 'events': [...], ...}."""
    rng = random.Random(f"{seed}-{index}")
    prefix = f"b{index:04d}"
    topic = TOPICS[index % len(TOPICS)]
    start = BASE_DATE + dt.timedelta(days=3 * index)
    people = [person(index * PEOPLE_STEP + k)["id"] for k in range(PEOPLE_PER_BRIEFING)]
    core = [a[0] for a in CORE_ACTORS]

    sources = []
    for n in range(SOURCES):
        published = start + dt.timedelta(days=205 + rng.randint(0, 5))  # after what it reports
        publisher = rng.choice(PUBLISHERS)
        sources.append({
            "id": f"{prefix}-s{n:02d}",
            "title": f"{publisher}: {_title(rng, rng.randint(6, 11))}",
            "publisher": publisher,
            "url": f"https://example.org/{index}/{n}/{_idify(_title(rng, 4))}",
            "published": published.isoformat(),
            "language": rng.choice(("en", "en", "en", "ko", "ru", "uk")),
            "kind": rng.choice(("news", "news", "official", "research", "intelligence")),
            "reliability": rng.choice("ABC") + str(rng.randint(1, 3)),
        })
    source_ids = [s["id"] for s in sources]

    def cite(n: int) -> str:
        return source_ids[n % SOURCES]

    events = []
    for n in range(EVENTS):
        day = start + dt.timedelta(days=4 * n + rng.randint(0, 3))
        date = day.isoformat()
        if n % 11 == 5:
            date = day.strftime("%Y-%m") + "~"
        listed = [cite(n)] + ([cite(n + 7)] if n % 3 == 0 else [])
        actors = [rng.choice(people)] + ([rng.choice(core)] if rng.random() < 0.5 else [])
        event: dict[str, Any] = {
            "id": f"{prefix}-e{n:02d}",
            "date": date,
            "title": _title(rng, rng.randint(6, 11)),
            "summary": _paragraph(rng, 55) + f" [@{cite(n + 13)}]",
            "actors": sorted(set(actors)),
        }
        if n % 2 == 0:
            event["location"] = f"{rng.choice(PLACES)}"
        event["tags"] = [_idify(topic), rng.choice(("military", "diplomacy", "economy", "humanitarian"))]
        event["sources"] = listed
        events.append(event)

    quotes = []
    for n in range(QUOTES):
        quote: dict[str, Any] = {
            "id": f"{prefix}-q{n:02d}",
            "speaker": people[n % len(people)],
            "text": _paragraph(rng, rng.randint(18, 32)),
        }
        if n % 3 == 0:
            quote["original"] = _original(rng)
        quote["date"] = events[n * 2]["date"]
        quote["context"] = _title(rng, rng.randint(8, 14)) + "."
        quote["event"] = events[n * 2]["id"]
        quote["sources"] = [cite(n + 3)]
        quotes.append(quote)

    figures = []
    for n in range(FIGURES):
        measure = f"{prefix}-m{n // 3}"
        figure: dict[str, Any] = {"id": f"{prefix}-f{n:02d}", "measure": measure}
        if n % 3 == 0:
            figure["label"] = _title(rng, 4)
        value = rng.randint(1, 400) * 100
        figure["value"] = [value, value + rng.randint(1, 50) * 100] if n % 4 == 3 else value
        figure["approximate"] = n % 2 == 0
        figure["as_of"] = events[n * 7]["date"]
        figure["claimed_by"] = rng.choice(core[:6] + people[:4])
        figure["note"] = _sentence(rng, 14)
        figure["sources"] = [cite(n + 20)]
        figures.append(figure)

    updated = start + dt.timedelta(days=212)
    meta = {
        "title": f"{topic.capitalize()}: {_title(rng, 4).lower()} ({index})",
        "subtitle": _sentence(rng, 12),
        "summary": " ".join(_paragraph(rng, 40) + f" [@{cite(k)}]" for k in range(3)),
        "status": "published",
        "created": start.isoformat(),
        "updated": updated.isoformat(),
        "tags": sorted({_idify(topic), rng.choice(("military", "diplomacy", "economy")),
                        rng.choice(("europe", "asia", "global"))}),
        "key_points": [{"text": _paragraph(rng, 35), "sources": [cite(k * 5), cite(k * 5 + 1)]}
                       for k in range(4)],
        "changes": [{"date": (start + dt.timedelta(days=100)).isoformat(), "note": _sentence(rng, 10)},
                    {"date": updated.isoformat(), "note": _sentence(rng, 10)}],
    }
    return {"briefing": meta, "events": events, "quotes": quotes, "figures": figures,
            "sources": sources}


def dump(data: Any) -> str:
    """YAML as a contributor would write it: block style, Unicode as is, key order kept."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def write_corpus(briefings_dir: Path, count: int, seed: int = 1) -> None:
    """Write count briefings and the site-wide actors registry into briefings_dir."""
    briefings_dir.mkdir(parents=True, exist_ok=True)
    (briefings_dir / "actors.yaml").write_text(dump(actors_registry(count)), encoding="utf-8")
    for index in range(count):
        folder = briefings_dir / slug_of(index)
        folder.mkdir(exist_ok=True)
        for name, data in briefing(index, seed).items():
            (folder / f"{name}.yaml").write_text(dump(data), encoding="utf-8")


def main() -> None:
    """Command line: write a corpus of N briefings into a folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    write_corpus(args.folder, args.count, args.seed)


if __name__ == "__main__":
    main()
