"""Pictures: resized to a few widths, all metadata left out, shown with their credit on the page and in the PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfReader

from generator import pipeline
from generator.model.briefing import PICTURE_WIDTHS
from generator.pipeline import resolved_site

from conftest import FIXTURES, make_project

GPS_IFD, MAKE, ORIENTATION, XMP = 0x8825, 0x010F, 0x0112, b"<x:xmpmeta>secret-xmp</x:xmpmeta>"
GPS = {1: "N", 2: (51.0, 43.0, 12.5), 3: "E", 4: (36.0, 11.0, 3.0)}  # where the camera stood
PICTURES = """images:
  - file: images/road.jpg
    alt: A road <b>between</b> fields & a village
    caption: "The road to {{ town }}"
    credit: Jane Doe / "Example" Agency
    licence: CC BY 4.0
    source: https://example.org/photos/road
  - file: images/chart.png
    alt: A drawn chart
    credit: The editors
    licence: public domain
"""


def photograph(size: tuple[int, int], orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: EXIF with the camera's make and GPS position, XMP, an ICC profile, a comment."""
    exif = Image.Exif()
    exif[MAKE] = "SecretCam"
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = GPS
    picture = Image.new("RGB", size, (120, 140, 90))
    picture.paste((200, 60, 40), (0, 0, size[0] // 2, size[1] // 3))  # a mark to see which way is up
    out = io.BytesIO()
    picture.save(out, "JPEG", exif=exif.tobytes(), xmp=XMP, icc_profile=b"secret-icc" * 20,
                 comment=b"secret comment")
    return out.getvalue()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """valid-minimal with a photograph (turned by its EXIF orientation) and a PNG, generated with PDFs."""
    tmp = tmp_path_factory.mktemp("pictures")
    briefings = tmp / "briefings"
    shutil.copytree(FIXTURES / "valid-minimal" / "briefings", briefings)
    folder = briefings / "alpha"
    (folder / "images").mkdir()
    # 2000 × 1200 as stored, held upright: orientation 6 is a quarter turn, so 1200 × 2000 on the page.
    (folder / "images" / "road.jpg").write_bytes(photograph((2000, 1200), orientation=6))
    text = PngInfo()
    text.add_text("Comment", "secret comment")
    text.add_text("XML:com.adobe.xmp", XMP.decode())
    Image.new("RGBA", (700, 400), (10, 20, 30, 128)).save(folder / "images" / "chart.png", pnginfo=text,
                                                           icc_profile=b"secret-icc" * 20)
    brief = folder / "briefing.yaml"
    brief.write_text(brief.read_text(encoding="utf-8") + PICTURES, encoding="utf-8")
    root = make_project(tmp, briefings)
    pipeline.generate(root)
    pipeline.pdfs(root, resolved_site(root)[0], root / "pdf", jobs=1)
    return root


def written(project: Path) -> dict[str, Path]:
    return {p.name: p for p in (project / "docs" / "briefings" / "alpha" / "images").iterdir()}


def test_each_picture_is_written_at_widths_no_wider_than_its_file(project: Path) -> None:
    names = sorted(written(project))
    assert [re.sub(r"-[0-9a-f]{8}-", "-", n) for n in names] == [
        "chart-480.png", "chart-700.png", "road-1200.jpg", "road-480.jpg", "road-960.jpg"]
    assert PICTURE_WIDTHS == (480, 960, 1600)
    for name, path in written(project).items():
        with Image.open(path) as picture:
            width = int(name.rsplit("-", 1)[1].split(".")[0])
            assert picture.width == width
            if name.startswith("road"):  # turned upright: taller than wide, the red mark on the right
                assert picture.height == round(2000 * width / 1200)
                assert picture.getpixel((picture.width - 5, 5))[0] > 150
                assert picture.format == "JPEG"
            else:
                assert picture.mode == "RGBA" and picture.format == "PNG"


def test_no_metadata_leaves_the_file(project: Path) -> None:
    for path in written(project).values():
        data = path.read_bytes()
        with Image.open(path) as picture:
            exif = picture.getexif()
            assert not exif and not exif.get_ifd(GPS_IFD), path.name
            assert not set(picture.info) & {"exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"}, path.name
        for secret in (b"SecretCam", b"secret", b"Exif", b"xmpmeta", b"http://ns.adobe.com"):
            assert secret not in data, (path.name, secret)
    assert b"SecretCam" in (project / "briefings" / "alpha" / "images" / "road.jpg").read_bytes()  # the source had it


def test_the_page_shows_each_picture_with_its_credit_escaped(project: Path) -> None:
    page = (project / "docs" / "briefings" / "alpha.md").read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="briefing-picture">\n(<img [^\n]*>)\n(<figcaption>.*?</figcaption>)', page)
    assert len(figures) == 2
    (img, caption), (chart, _) = figures
    digest = re.search(r"road-([0-9a-f]{8})-960", img)
    assert digest
    road = f"../briefings/alpha/images/road-{digest[1]}"
    assert f'src="{road}-960.jpg"' in img
    assert f'srcset="{road}-480.jpg 480w, {road}-960.jpg 960w, {road}-1200.jpg 1200w"' in img
    assert 'width="960" height="1600"' in img and 'loading="lazy"' in img and 'sizes="' in img
    assert 'alt="A road &lt;b&gt;between&lt;/b&gt; fields &amp; a village"' in img
    assert caption == ('<figcaption><span class="picture-caption">The road to {{ town }}.</span> '
                       '<span class="picture-credit">Credit: <a href="https://example.org/photos/road" '
                       'rel="noopener noreferrer">Jane Doe / &#34;Example&#34; Agency</a> · CC BY 4.0</span>'
                       '</figcaption>')
    assert 'width="700" height="400"' in chart


def test_a_replaced_picture_gets_new_files_and_page(project: Path, tmp_path: Path) -> None:
    root = make_project(tmp_path, project / "briefings")
    pipeline.generate(root)
    before = sorted(written(root))
    page = (root / "docs" / "briefings" / "alpha.md").read_text(encoding="utf-8")
    (root / "briefings" / "alpha" / "images" / "road.jpg").write_bytes(photograph((1000, 800)))
    pipeline.generate(root)
    after = sorted(written(root))
    assert not set(before) & {n for n in after if n.startswith("road")}, "new digest, new names; old ones removed"
    assert [n for n in after if n.startswith("road")] == sorted(
        n for n in after if n.startswith("road") and re.search(r"-(480|960|1000)\.jpg$", n))
    assert (root / "docs" / "briefings" / "alpha.md").read_text(encoding="utf-8") != page


def test_the_pdf_holds_each_picture_and_its_credit(project: Path) -> None:
    pdf = project / "pdf" / "alpha.pdf"
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    sizes = [tuple(int(v) for v in line.split()[3:5]) for line in listing.splitlines()[2:]]
    assert (960, 1600) in sizes and (700, 400) in sizes
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Credit: Jane Doe / \"Example\" Agency · CC BY 4.0" in " ".join(text.split())
    assert b"SecretCam" not in pdf.read_bytes()


def test_an_unchanged_picture_is_not_resized_again(project: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path, project / "briefings")
    pipeline.generate(root)
    before = {name: path.read_bytes() for name, path in written(root).items()}
    brief = root / "briefings" / "alpha" / "briefing.yaml"
    brief.write_text(brief.read_text(encoding="utf-8").replace("A short summary", "A shorter summary"),
                     encoding="utf-8")

    def refuse(*_: object) -> bytes:
        raise AssertionError("resized again")

    monkeypatch.setattr("generator.outputs.pictures.encode", refuse)
    pipeline.generate(root)
    assert {name: path.read_bytes() for name, path in written(root).items()} == before
    assert "shorter summary" in (root / "docs" / "briefings" / "alpha.md").read_text(encoding="utf-8")


def test_a_picture_behind_a_symbolic_link_is_said_to_be_one(tmp_path: Path) -> None:
    """It was 'there is no file images/p.png … did you mean images/p.png?', which reads as nonsense."""
    from generator.load.document import Document
    from generator.validate import pictures

    outside = tmp_path / "elsewhere.png"
    Image.new("RGB", (10, 10)).save(outside)
    folder = tmp_path / "alpha"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "p.png").symlink_to(outside)
    text = "images:\n  - file: images/p.png\n"
    doc = Document("briefings/alpha/briefing.yaml", text)
    doc.data = {"images": [{"file": "images/p.png"}]}
    problems: list[pictures.Problem] = []
    # The document's positions are not recorded here: where() falls back to the file's start.
    assert pictures.check(folder, doc, doc.data["images"], problems) == {}
    (problem,) = problems
    assert problem.message == "the picture 'images/p.png' is a symbolic link, and links are not followed"
    assert problem.hint == "copy the picture itself into briefings/alpha/ in place of the link"
