"""A consultant's identity for the reports they hand over: client, consultancy, author, logo.

Optional, from a small TOML or YAML file (`twinlib report K --identity FILE`):

    client = "Kolding Kommune, Borgmesterens Afdeling"
    consultancy = "Eksempel Rådgivning ApS"   # EXAMPLE values
    author = "Jane Doe"
    logo = "logo.png"        # relative to the file; PNG or JPEG

The cover says for whom and by whom, with the logo; the PDF's metadata names the author. The file
is checked before any report is made, and every fault is one line naming the file and the key; a
logo that is named but missing is an error, never skipped. The identity travels in the executed
notebook's metadata (as plain data, the logo as an absolute path), so `jupyter nbconvert --to twinpdf`
on that notebook gives the same PDF; it is checked again there, since the logo may have moved.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from twinlib.errors import InputError
from twinlib.files import load_yaml

TEXT_KEYS = ("client", "consultancy", "author")
KEYS = (*TEXT_KEYS, "logo")
MAX_TEXT = 200  # a name or a line, not a paragraph: the cover has room for one line each
LOGO_FORMATS = {"PNG": ".png", "JPEG": ".jpg"}  # what Typst embeds and Pillow can verify
MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_PIXELS = 16_000_000  # 4000 x 4000: far more than a cover needs, far less than a decompression bomb


@dataclass(frozen=True)
class Identity:
    client: str | None = None
    consultancy: str | None = None
    author: str | None = None
    logo: str | None = None  # absolute path

    def as_metadata(self) -> dict:
        """Plain data for the notebook's metadata (read back with `from_metadata`)."""
        return {k: v for k, v in asdict(self).items() if v is not None}


def _parse(path: Path) -> object:
    raw = path.read_bytes()
    try:
        if path.suffix == ".toml":
            return tomllib.loads(raw.decode("utf-8"))
        if path.suffix in (".yml", ".yaml"):
            return load_yaml(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(path, f"not valid TOML: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" (at line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise InputError(path, f"not valid YAML: {getattr(exc, 'problem', None) or exc}{at}") from None
    raise InputError(path, "an identity file is .toml, .yaml or .yml")


def _text(value: object, key: str, source: str | Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(source, f"key '{key}': give a non-empty text")
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise InputError(source, f"key '{key}': control or invisible characters are not allowed")
    if len(value) > MAX_TEXT:
        raise InputError(source, f"key '{key}': at most {MAX_TEXT} characters (got {len(value)})")
    return value.strip()


def _logo(value: object, source: str | Path, base: Path) -> str:
    """The logo's absolute path, checked to be a PNG or JPEG file that opens."""
    from PIL import Image, UnidentifiedImageError

    where = f"key 'logo': {value}"
    logo = base / _text(value, "logo", source)
    if not logo.is_file():
        raise InputError(source, f"{where}: no such file")
    if logo.stat().st_size > MAX_LOGO_BYTES:
        raise InputError(source, f"{where}: larger than {MAX_LOGO_BYTES // 1_000_000} MB")
    try:
        with Image.open(logo) as img:
            kind, pixels = img.format, img.width * img.height
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise InputError(source, f"{where}: not a readable PNG or JPEG image") from None
    if pixels > MAX_LOGO_PIXELS:
        raise InputError(source, f"{where}: {pixels:,} pixels; a logo needs at most {MAX_LOGO_PIXELS:,}")
    if kind not in LOGO_FORMATS:
        raise InputError(source, f"{where}: a {kind} image; give a PNG or JPEG")
    return str(logo.resolve())


def from_mapping(data: object, source: str | Path, base: Path) -> Identity:
    """Check the keys and values; `source` names the file in errors, `base` is where a relative
    logo path starts."""
    if not isinstance(data, dict):
        raise InputError(source, f"expected keys {', '.join(KEYS)} at the top level")
    unknown = sorted(set(map(str, data)) - set(KEYS))
    if unknown:
        raise InputError(source, f"key '{unknown[0]}': unknown; the keys are {', '.join(KEYS)}")
    if not data:
        raise InputError(source, f"names none of {', '.join(KEYS)}")
    texts = {k: _text(data[k], k, source) for k in TEXT_KEYS if k in data}
    logo = _logo(data["logo"], source, base) if "logo" in data else None
    return Identity(**texts, logo=logo)


def load(path: str | Path) -> Identity:
    """The identity in a TOML or YAML file, checked (one `InputError` naming file and key)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "no such identity file")
    return from_mapping(_parse(path), path, path.parent)


def from_metadata(data: dict | None, source: str = "notebook metadata 'twinlib.identity'") -> Identity | None:
    """The identity recorded in an executed notebook, checked again (the logo may have moved)."""
    return None if not data else from_mapping(data, source, Path("/"))


def data_url(logo: str) -> str:
    """The logo inside the HTML edition, so the page stays one self-contained file."""
    import base64

    raw = Path(logo).read_bytes()
    mime = "image/png" if raw.startswith(b"\x89PNG") else "image/jpeg"  # the two formats _logo lets through
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"


def for_cover(ident: Identity | None, m) -> dict | None:
    """What the PDF template prints: 'Udarbejdet for/af' rows, the logo with its alternative text,
    and the authors for the document's metadata."""
    if ident is None:
        return None
    by = ", ".join(v for v in (ident.author, ident.consultancy) if v)
    rows = ([[m("identity.client"), ident.client]] if ident.client else []) + ([[m("identity.by"), by]] if by else [])
    owner = ident.consultancy or ident.client or ident.author
    alt = m("identity.logo_alt", name=owner) if owner else m("identity.logo")
    return {"rows": rows, "logo": ident.logo, "logo_alt": alt,
            "authors": [v for v in (ident.author, ident.consultancy) if v]}
