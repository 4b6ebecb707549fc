"""A consultant's identity (--identity FILE): checked with one error naming file and key, printed on
the cover, named as the PDF's author, and part of the report cache's inputs. All values are EXAMPLE."""

from __future__ import annotations

import io

import nbformat
import pypdf
import pytest
from PIL import Image

from twinlib.batch.cache import input_hash
from twinlib.cli.parser import main
from twinlib.errors import InputError
from twinlib.i18n import Messages
from twinlib.publish import editions, identity, pdf, show

GOOD = 'client = "EXAMPLE Kommune, Borgmesterens Afdeling"\nconsultancy = "EXAMPLE Rådgivning ApS"\n' \
       'author = "EXAMPLE Forfatter"\nlogo = "logo.png"\n'


@pytest.fixture
def folder(tmp_path):
    Image.new("RGB", (120, 40), "#d9822b").save(tmp_path / "logo.png")
    (tmp_path / "id.toml").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_a_toml_file_gives_the_identity_with_the_logo_found_beside_it(folder):
    who = identity.load(folder / "id.toml")
    assert who.client == "EXAMPLE Kommune, Borgmesterens Afdeling" and who.author == "EXAMPLE Forfatter"
    assert who.logo == str((folder / "logo.png").resolve())


def test_a_yaml_file_is_read_alike(folder):
    (folder / "id.yaml").write_text("consultancy: EXAMPLE Rådgivning ApS\n", encoding="utf-8")
    assert identity.load(folder / "id.yaml") == identity.Identity(consultancy="EXAMPLE Rådgivning ApS")


BAD = [
    ("id.toml", 'client = "x"\nclinet = "y"\n', "key 'clinet': unknown"),
    ("id.toml", 'client = ""\n', "key 'client': give a non-empty text"),
    ("id.toml", "author = 3\n", "key 'author': give a non-empty text"),
    ("id.toml", 'author = "a\\u202eb"\n', "key 'author': control or invisible characters"),
    ("id.toml", f'client = "{"x" * 201}"\n', "key 'client': at most 200 characters"),
    ("id.toml", 'logo = "missing.png"\n', "key 'logo': missing.png: no such file"),
    ("id.toml", 'logo = "id.toml"\n', "key 'logo': id.toml: not a readable PNG or JPEG image"),
    ("id.toml", 'logo = "logo.gif"\n', "key 'logo': logo.gif: a GIF image; give a PNG or JPEG"),
    ("id.toml", 'client = ["x"\n', "not valid TOML"),
    ("id.toml", "", "names none of client, consultancy, author, logo"),
    ("id.yaml", "- client\n", "expected keys client, consultancy, author, logo at the top level"),
    ("id.json", '{"client": "x"}', "an identity file is .toml, .yaml or .yml"),
]


@pytest.mark.parametrize(("name", "text", "message"), BAD)
def test_a_bad_identity_file_is_one_error_naming_file_and_key(folder, name, text, message):
    Image.new("RGB", (8, 8)).save(folder / "logo.gif")
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        identity.load(folder / name)
    assert str(err.value).startswith(f"{folder / name}: ") and message in str(err.value)


def test_a_logo_of_too_many_pixels_is_refused(folder):
    Image.new("1", (5000, 4000)).save(folder / "logo.png")  # small file, 20 million pixels
    with pytest.raises(InputError, match="key 'logo': logo.png: 20,000,000 pixels"):
        identity.load(folder / "id.toml")


def test_the_cli_refuses_a_bad_identity_before_any_report_is_made(folder, tmp_path, capsys):
    (folder / "id.toml").write_text('logo = "gone.png"\n', encoding="utf-8")
    code = main(["report", "Kolding", "--out", str(tmp_path / "reports"), "--identity", str(folder / "id.toml")])
    err = capsys.readouterr().err
    assert code == 2 and err == f"error: {folder / 'id.toml'}: key 'logo': gone.png: no such file\n"
    assert not (tmp_path / "reports").exists() or not any((tmp_path / "reports").iterdir())


def _cover_pdf(who: dict | None, lang: str = "da") -> pypdf.PdfReader:
    cover = {"type": "cover", "kicker": "EXAMPLE", "title": "EXAMPLE Kommune", "sub": "EXAMPLE",
             "facts": [["Dato", "1. januar 2026"]], "colophon": "EXAMPLE"}
    out = pdf.to_pdf([{"key": "cover", "heading": None, "intro": None, "blocks": [cover]}], "EXAMPLE Kommune",
                     lang, "{page}", identity=who)
    return pypdf.PdfReader(io.BytesIO(out))


def test_the_cover_says_for_whom_and_by_whom_and_the_pdf_names_its_authors(folder):
    reader = _cover_pdf(identity.for_cover(identity.load(folder / "id.toml"), Messages("da")))
    text = reader.pages[0].extract_text()
    assert "Udarbejdet for EXAMPLE Kommune, Borgmesterens Afdeling" in text
    assert "Udarbejdet af EXAMPLE Forfatter, EXAMPLE Rådgivning ApS" in text
    assert reader.metadata.author == "EXAMPLE Forfatter, EXAMPLE Rådgivning ApS"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "Logo: EXAMPLE Rådgivning ApS" in _alts(reader)


def _alts(reader: pypdf.PdfReader) -> list[str]:
    found, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop().get_object()
        if not hasattr(node, "get"):
            continue
        if node.get("/S") == "/Figure":
            found.append(str(node.get("/Alt")))
        kids = node.get("/K")
        todo += kids if isinstance(kids, list) else [kids] if kids is not None else []
    return found


def test_without_an_identity_the_pdf_names_no_author_and_the_cover_no_client():
    reader = _cover_pdf(None)
    assert reader.metadata.author is None
    assert "Udarbejdet" not in reader.pages[0].extract_text() and not _alts(reader)
    html = show.html_page("EXAMPLE Kommune", "da", ["<p>EXAMPLE</p>"])
    assert 'class="identity"' not in html and 'name="author"' not in html


def test_the_notebook_carries_the_identity_to_both_editions_and_a_moved_logo_is_an_error(folder):
    cover = {"type": "cover", "kicker": "EXAMPLE", "title": "EXAMPLE Kommune", "sub": "EXAMPLE",
             "facts": [], "colophon": "EXAMPLE"}
    cell = nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output(
        "display_data", data={pdf.SECTION_MIME: {"key": "cover", "heading": None, "intro": None, "blocks": [cover]}})])
    nb = nbformat.v4.new_notebook(cells=[cell], metadata={
        "twinlib": {"identity": identity.load(folder / "id.toml").as_metadata()}})
    made = pypdf.PdfReader(io.BytesIO(editions.pdf_edition(nb, "EXAMPLE Kommune", "en")))
    assert "Prepared for EXAMPLE Kommune" in made.pages[0].extract_text()
    html = editions.html_edition(nb, "EXAMPLE Kommune", "en")
    assert '<meta name="author" content="EXAMPLE Forfatter, EXAMPLE Rådgivning ApS">' in html
    assert "<th>Prepared for</th><td>EXAMPLE Kommune, Borgmesterens Afdeling</td>" in html
    assert '<img src="data:image/png;base64,' in html and 'alt="Logo: EXAMPLE Rådgivning ApS"' in html
    (folder / "logo.png").unlink()
    for edition in (editions.pdf_edition, editions.html_edition):
        with pytest.raises(InputError, match="key 'logo'.*no such file"):
            edition(nb, "EXAMPLE Kommune", "en")


def test_the_identity_and_its_logo_are_inputs_of_the_report_cache(folder):
    who = identity.load(folder / "id.toml").as_metadata()
    template = folder / "id.toml"  # any file: the template's bytes are one input among many
    def digest(w):
        return input_hash("621", "da", template, "code", "data", w)

    plain, with_id = digest(None), digest(who)
    Image.new("RGB", (120, 40), "#1f5f7a").save(folder / "logo.png")  # a new logo under the same name
    assert len({plain, with_id, digest(who)}) == 3
