"""Load and validate YAML codebooks, reporting problems as ``file:line: message``."""

from __future__ import annotations

import re
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from .errors import KBError
from .model import Code, Codebook

BUILTIN_KINDS: dict[str, str] = {
    "leidend_principe": "Leidend principe",
    "werkend_element": "Werkend element",
    "belemmerend_element": "Belemmerend element",
    "vraag_voor_de_toekomst": "Vraag voor de toekomst",
    "commissie_werkend": "Werkend element (visitatiecommissie)",
    "commissie_belemmerend": "Belemmerende factor (visitatiecommissie)",
    "toekomstrichting": "Richting voor de toekomst",
    "overig": "Overig",
}

# Read through importlib.resources so the codebooks are found wherever the package is installed (a wheel,
# an editable install, a zip): they live inside the package, not beside the source tree.
SHIPPED_DIR: Traversable = resources.files(__package__).joinpath("codebooks")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
EXAMPLES = "examples"
"""A code's example fragments: prototypes a sentence encoder compares transcript segments with."""
MIN_EXAMPLES, MAX_EXAMPLES = 3, 8


class CodebookError(KBError):
    """One or more validation problems; ``problems`` holds every ``file:line: message``."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Codeboek ongeldig:\n  " + "\n  ".join(problems))


def shipped_codebooks() -> dict[str, Traversable]:
    """The codebooks shipped in the package, by name (file stem), sorted."""
    if not SHIPPED_DIR.is_dir():  # an install without its data: "none shipped" beats a traceback
        return {}
    files = (f for f in SHIPPED_DIR.iterdir() if f.name.endswith(".yaml") and f.is_file())
    return {f.name.removesuffix(".yaml"): f for f in sorted(files, key=lambda f: f.name)}


def resolve_codebook_path(name_or_path: str) -> Path | Traversable:
    """A shipped codebook name (``kritische-blik``) or a path to a YAML file."""
    p = Path(name_or_path)
    if p.suffix in {".yaml", ".yml"} or p.exists():
        if not p.exists():
            raise KBError(f"{p}: codeboekbestand bestaat niet")
        return p
    shipped = shipped_codebooks()
    if name_or_path in shipped:
        return shipped[name_or_path]
    raise KBError(
        f"Onbekend codeboek '{name_or_path}'. Meegeleverd: {', '.join(shipped) or '(geen)'}; "
        "of geef een pad naar een .yaml-bestand."
    )


def load_codebook(name_or_path: str | Path | Traversable) -> Codebook:
    """Load and validate a codebook: a shipped name, a path, or a shipped file from ``shipped_codebooks``."""
    # A shipped file may be no file-system path (a package imported from a zip); it is read as it is.
    path = resolve_codebook_path(str(name_or_path)) if isinstance(name_or_path, str | Path) else name_or_path
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise CodebookError([f"{path}: geen UTF-8 tekst ({e.reason} op byte {e.start})"]) from None
    return parse_codebook(text, str(path))


def parse_codebook(text: str, filename: str = "<codeboek>") -> Codebook:
    """Parse and validate codebook YAML; every problem is reported at once, as ``file:line: message``."""
    root = _compose(text, filename)
    problems = _Problems(filename)
    top = _mapping(root)
    data = {k: _plain(v) for k, (_, v) in top.items()}
    _check_header(root, top, data, problems)
    scale_min, scale_max = _read_scale(top, data, problems)
    kinds = _read_kinds(top, problems)
    codes = _read_codes(root, top, kinds, problems)
    _check_example_places(root, top, problems)
    if problems.found:
        raise CodebookError(problems.found)
    return Codebook(
        id=str(data["id"]).strip(),
        name=str(data["name"]).strip(),
        version=str(data["version"]).strip(),
        codes=codes,
        scale_min=scale_min,
        scale_max=scale_max,
        description=_text(data.get("description")),
        language=str(data.get("language") or "nl"),
        kinds={k: v for k, v in kinds.items()},
        source=text,
    )


class _Problems:
    """The ``file:line: message`` texts found so far, in the order they were found."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.found: list[str] = []

    def __call__(self, node: yaml.Node | None, msg: str) -> None:
        self.at_line(node.start_mark.line + 1 if node is not None else 0, msg)

    def at_line(self, line: int, msg: str) -> None:
        self.found.append(f"{self.filename}:{line}: {msg}")


def _compose(text: str, filename: str) -> yaml.MappingNode:
    """The YAML as nodes, which keep their line numbers; a text that is no mapping stops here."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        # Composing accepts any tag (`!!python/…`); building the values refuses what a safe loader cannot
        # build, with the line in this text, so later steps only meet values that build.
        if root is not None:
            loader.construct_document(root)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(e, "problem", None) or str(e)
        raise CodebookError([f"{filename}:{line}: geen geldige YAML: {problem}"]) from None
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        raise CodebookError(
            [f"{filename}:1: een codeboek is een YAML-mapping met o.a. 'id', 'name' en 'codes'"]
        )
    return root


def _check_header(
    root: yaml.Node, top: dict[str, tuple[yaml.Node, yaml.Node]], data: dict[str, Any], err: _Problems
) -> None:
    for key in ("id", "name", "version"):
        if not str(data.get(key) or "").strip():
            err(top[key][0] if key in top else root, f"'{key}' ontbreekt of is leeg")


def _read_scale(
    top: dict[str, tuple[yaml.Node, yaml.Node]], data: dict[str, Any], err: _Problems
) -> tuple[int, int]:
    """The score scale, 1–5 when the codebook names none (or names an invalid one)."""
    if "scale" not in top:
        return 1, 5
    scale = data["scale"]
    node = top["scale"][1]
    if not isinstance(scale, dict) or not {"min", "max"} <= set(scale):
        err(node, "'scale' moet 'min' en 'max' hebben, bv. {min: 1, max: 5}")
    elif not all(isinstance(scale[k], int) and not isinstance(scale[k], bool) for k in ("min", "max")):
        err(node, f"schaal moet uit gehele getallen bestaan, niet {scale['min']!r}–{scale['max']!r}")
    elif scale["min"] >= scale["max"]:
        err(node, f"ongeldige schaal: min ({scale['min']}) moet kleiner zijn dan max ({scale['max']})")
    else:
        return scale["min"], scale["max"]
    return 1, 5


def _read_kinds(top: dict[str, tuple[yaml.Node, yaml.Node]], err: _Problems) -> dict[str, str]:
    """The built-in kinds of code plus the codebook's own (``kinds``), id -> name."""
    kinds = dict(BUILTIN_KINDS)
    if "kinds" not in top:
        return kinds
    knode = top["kinds"][1]
    if not isinstance(knode, yaml.SequenceNode):
        err(knode, "'kinds' moet een lijst zijn van {id, name}")
        return kinds
    for item in knode.value:
        k = _plain(item)
        if not isinstance(k, dict) or not str(k.get("id") or "").strip():
            err(item, "een soort ('kinds') heeft een 'id' nodig")
            continue
        kinds[str(k["id"])] = str(k.get("name") or k["id"])
    return kinds


def _read_codes(
    root: yaml.Node, top: dict[str, tuple[yaml.Node, yaml.Node]], kinds: dict[str, str], err: _Problems
) -> list[Code]:
    """Every code under ``codes``, validated one by one, then their parents checked against each other."""
    codes: list[Code] = []
    cnode = top.get("codes", (None, None))[1]
    if cnode is None:
        err(root, "'codes' ontbreekt")
        return codes
    if not isinstance(cnode, yaml.SequenceNode):
        err(cnode, "'codes' moet een lijst zijn")
        return codes
    seen_ids: dict[str, int] = {}
    seen_names: dict[str, str] = {}
    seen_examples: dict[str, tuple[str, int]] = {}
    for item in cnode.value:
        if not isinstance(item, yaml.MappingNode):
            err(item, "elke code is een mapping met id, name, kind, ...")
            continue
        code = _read_code(item, kinds, seen_ids, seen_names, err)
        code.examples = _read_examples(code.id, _mapping(item), seen_examples, err)
        codes.append(code)
    ids = {c.id for c in codes}
    for c in codes:
        if c.parent and c.parent not in ids:
            err.at_line(c.line, f"code '{c.id}' verwijst naar onbekende parent '{c.parent}'")
    return codes


def _read_code(
    item: yaml.MappingNode,
    kinds: dict[str, str],
    seen_ids: dict[str, int],
    seen_names: dict[str, str],
    err: _Problems,
) -> Code:
    """One code; its problems are reported, and the code is returned anyway so later checks can see it.

    ``seen_ids`` and ``seen_names`` (label -> code id) carry what the codes before it used."""
    line = item.start_mark.line + 1
    fields = _mapping(item)
    raw = {k: _plain(v) for k, (_, v) in fields.items()}

    def at(key: str) -> yaml.Node:  # a field's own line, or the code's when the field is missing
        return fields[key][1] if key in fields else item

    cid = str(raw.get("id") or "").strip()
    name = str(raw.get("name") or "").strip()
    kind = str(raw.get("kind") or "").strip()
    if not cid:
        err(item, "code zonder 'id'")
    elif not _ID_RE.match(cid):
        err(at("id"), f"ongeldige code-id '{cid}': alleen kleine letters, cijfers en '-'")
    elif cid in seen_ids:
        err(at("id"), f"dubbele code-id '{cid}' (ook op regel {seen_ids[cid]})")
    else:
        seen_ids[cid] = line
    if not name:
        err(at("name"), f"code '{cid or '?'}' heeft een lege naam")
    if kind not in kinds:
        err(
            at("kind"),
            f"onbekende soort '{kind}' bij code '{cid or '?'}'; bekend: {', '.join(sorted(kinds))} "
            "(voeg eigen soorten toe onder 'kinds')",
        )
    for key in ("definition", "when_to_use", "when_not_to_use"):
        if key in raw and not isinstance(raw[key], str):
            err(at(key), f"'{key}' van code '{cid}' moet tekst zijn")
    if not str(raw.get("definition") or "").strip():
        err(at("definition"), f"code '{cid or '?'}' heeft geen 'definition'")
    aliases = _str_list(raw.get("aliases"), at("aliases"), f"'aliases' van '{cid}'", err)
    keywords = _str_list(raw.get("keywords"), at("keywords"), f"'keywords' van '{cid}'", err)
    _claim_labels(cid, [name, *aliases], at("name"), seen_names, err)
    return Code(
        id=cid,
        name=name,
        kind=kind,
        definition=_text(raw.get("definition")),
        when_to_use=_text(raw.get("when_to_use")),
        when_not_to_use=_text(raw.get("when_not_to_use")),
        keywords=[k.lower().strip() for k in keywords if k.strip()],
        aliases=aliases,
        parent=(str(raw["parent"]) if raw.get("parent") else None),
        color=(str(raw["color"]) if raw.get("color") else None),
        line=line,
    )


def _read_examples(
    cid: str,
    fields: dict[str, tuple[yaml.Node, yaml.Node]],
    seen: dict[str, tuple[str, int]],
    err: _Problems,
) -> tuple[str, ...]:
    """A code's example fragments, whitespace-normalised; an absent field is no examples.

    ``seen`` (normalised text -> code id, line) carries the examples of the codes before it: one fragment
    that is the prototype of two codes would pull a segment towards both."""
    if EXAMPLES not in fields:
        return ()
    key_node, node = fields[EXAMPLES]
    what = f"'{EXAMPLES}' van code '{cid or '?'}'"
    advice = f"geef {MIN_EXAMPLES} tot {MAX_EXAMPLES} korte voorbeeldfragmenten, of laat het veld weg"
    if not isinstance(node, yaml.SequenceNode):
        empty = isinstance(node, yaml.ScalarNode) and _plain(node) in (None, "")
        err(
            key_node if empty else node,
            f"{what} is leeg: {advice}" if empty else f"{what} moet een lijst zijn: {advice}",
        )
        return ()
    if not node.value:
        err(node, f"{what} is een lege lijst: {advice}")
        return ()
    out: list[str] = []
    for item in node.value:
        value = _plain(item) if isinstance(item, yaml.ScalarNode) else item
        if value is not None and not isinstance(value, str):
            err(
                item,
                f"voorbeeld bij code '{cid}' is geen tekst: zet het tussen aanhalingstekens of herschrijf het als zin",
            )
            continue
        text = " ".join((value or "").split())
        if not text:
            err(item, f"leeg voorbeeld bij code '{cid}': vul een fragment in of haal de regel weg")
            continue
        key = text.lower()
        line = item.start_mark.line + 1
        if key in seen:
            other, at_line = seen[key]
            where = "dezelfde code" if other == cid else f"code '{other}'"
            err(
                item,
                f"dubbel voorbeeld bij code '{cid}': staat ook op regel {at_line} ({where}); elk voorbeeld komt één keer voor",
            )
            continue
        seen[key] = (cid, line)
        out.append(text)
    n = len(node.value)
    if n > MAX_EXAMPLES:
        err(key_node, f"{what} heeft {n} voorbeelden, hoogstens {MAX_EXAMPLES}: houd de meest verschillende")
    elif n < MIN_EXAMPLES:
        err(
            key_node, f"{what} heeft {n} voorbeeld{'en' if n != 1 else ''}, minstens {MIN_EXAMPLES}: {advice}"
        )
    return tuple(out)


def _check_example_places(
    root: yaml.MappingNode, top: dict[str, tuple[yaml.Node, yaml.Node]], err: _Problems
) -> None:
    """``examples`` belongs directly in a code; anywhere else (top level, inside a field, under ``kinds``) it
    would be ignored without a word, so it is reported. The Dutch ``voorbeelden`` is a likely slip."""
    cnode = top.get("codes", (None, None))[1]
    codes = {id(n) for n in cnode.value} if isinstance(cnode, yaml.SequenceNode) else set()
    seen: set[int] = set()
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:  # an alias points back to a node already visited (possibly its own parent)
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = str(k.value) if isinstance(k, yaml.ScalarNode) else ""
                if key == "voorbeelden" and id(node) in codes:
                    err(k, f"het veld heet '{EXAMPLES}', niet 'voorbeelden'")
                elif key in (EXAMPLES, "voorbeelden") and id(node) not in codes:
                    err(
                        k,
                        f"'{key}' staat op de verkeerde plek: voorbeeldfragmenten horen bij een code, op hetzelfde niveau als 'definition'",
                    )
                stack.append(v)


def _claim_labels(
    cid: str, labels: list[str], node: yaml.Node, seen_names: dict[str, str], err: _Problems
) -> None:
    """Names and aliases are matched without case or extra spaces, so each may belong to one code only."""
    for label in labels:
        key = " ".join(label.lower().split())
        if not key:
            continue
        if key in seen_names and seen_names[key] != cid:
            err(node, f"naam of alias '{label}' wordt al gebruikt door code '{seen_names[key]}'")
        seen_names[key] = cid


def _mapping(node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    return {str(k.value): (k, v) for k, v in node.value}


def _plain(node: yaml.Node) -> Any:
    # Built from the node itself (a serialise-and-parse round trip fails on some valid nodes); _compose has
    # built the whole document once already, so this cannot fail.
    return yaml.constructor.SafeConstructor().construct_document(node) if node is not None else None


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def _str_list(value: Any, node: yaml.Node, what: str, err: _Problems) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        err(node, f"{what} moet een lijst van teksten zijn")
        return []
    return [str(v) for v in value]
