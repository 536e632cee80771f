"""Reading REFI-QDA XML: parsed safely (defusedxml: no entities, no external references), walked by local
name so any namespace prefix works. ``RefiImportError`` is the import's own refusal."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from ..errors import KBError


class RefiImportError(KBError):
    pass


def parse_xml(data: bytes, source: str) -> Element:
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as e:
        raise RefiImportError(f"{source}: onveilige XML geweigerd ({type(e).__name__})") from None
    except SafeET.ParseError as e:
        raise RefiImportError(f"{source}: geen geldige XML ({e})") from None


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def children(el: Element | None, name: str) -> list[Element]:
    return [] if el is None else [c for c in el if local(c.tag) == name]


def child(el: Element | None, name: str) -> Element | None:
    return None if el is None else next((c for c in el if local(c.tag) == name), None)


def text_of(el: Element | None) -> str:
    return "" if el is None else "".join(el.itertext())
