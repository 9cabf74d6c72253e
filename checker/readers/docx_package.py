"""Opening a .docx for the DOCX reader (checker/readers/docx.py): python-docx's own package reader (the
zip, [Content_Types].xml and the relationship graph, with its errors: a missing part is refused as
python-docx refuses it), and the XML parts python-docx would parse on opening parsed by plain lxml. The
bytes of a part are read when it is parsed: parts no reader looks at (stylesWithEffects.xml, the theme,
fonts, images) are never decompressed.

`docx.Document()` builds python-docx's object model over every part, and its parser gives each element
a Python class of its own; the reader only walks the body by tag, so that model cost more than the
reading itself (parsing a Word template's styles part into it was half of reading a DOCX). The same
parts are parsed here with the same parser options, so a file python-docx refuses is refused with the
same reason, and the questions the reader asks of the styles part (a paragraph style's chain, the
default paragraph style) are answered as python-docx's Styles answers them (checker/readers/docx_styles.py;
a large styles part is read in slices, checker/readers/docx_style_slices.py).

The package reader's helpers used here (PackageReader._srels_for and _load_serialized_parts,
_ContentTypeMap) are python-docx's internals: a python-docx that changes them fails the DOCX tests.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from checker.readers.docx_style_slices import sliced
from checker.readers.docx_styles import DamagedPart, Styles
from checker.readers.docx_xml import child, tags


_STYLES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"   # CT.WML_STYLES


@lru_cache(maxsize=1)
def _parser() -> Any:
    from lxml import etree

    # python-docx's oxml_parser without its element classes: the same tree, the same syntax errors
    return etree.XMLParser(remove_blank_text=True, resolve_entities=False)


@lru_cache(maxsize=1)
def _xml_part_types() -> frozenset[str]:
    """The content types python-docx parses as XML when it opens a package (its PartFactory's registry)."""
    import docx  # noqa: F401  (registers its part classes)
    from docx.opc.part import PartFactory, XmlPart

    return frozenset(ct for ct, cls in PartFactory.part_type_for.items() if issubclass(cls, XmlPart))


def parse(blob: bytes) -> Any:
    from lxml import etree

    return etree.fromstring(blob, _parser())


class _Relationships:
    """One source's relationships as python-docx keeps them: by rId, a later duplicate replacing the
    earlier one in its place."""

    def __init__(self) -> None:
        self.by_id: dict[str, Any] = {}

    def target(self, reltype: str) -> str:
        """The partname of the one relationship of this type (python-docx's part_related_by)."""
        matching = [rel for rel in self.by_id.values() if rel.reltype == reltype]
        if not matching:
            raise KeyError(f"no relationship of type '{reltype}' in collection")
        if len(matching) > 1:
            raise ValueError(f"multiple relationships of type '{reltype}' in collection")
        if matching[0].is_external:
            raise ValueError("target_part property on _Relationship is undefined when target mode is External")
        return matching[0].target_partname


def _read_package(raw: bytes) -> Any:
    """python-docx's PackageReader.from_file, over a zip reader that reads a part's bytes only when asked."""
    from docx.opc.packuri import PACKAGE_URI
    from docx.opc.pkgreader import PackageReader, _ContentTypeMap

    reader = _PartsWhenRead(raw)
    content_types = _ContentTypeMap.from_xml(reader.content_types_xml)
    package_rels = PackageReader._srels_for(reader, PACKAGE_URI)
    parts = PackageReader._load_serialized_parts(reader, package_rels, content_types)
    return PackageReader(content_types, package_rels, parts)


class _PartsWhenRead:
    """python-docx's zip reader (docx.opc.phys_pkg._ZipPkgReader), except that the bytes of the parts
    python-docx's PackageReader visits are read when the DOCX reader asks for them: a part must be in the
    zip, as for python-docx, but the parts no reader looks at (stylesWithEffects.xml, the theme, fonts,
    images) are not decompressed."""

    def __init__(self, raw: bytes) -> None:
        import zipfile

        self.archive = zipfile.ZipFile(io.BytesIO(raw))

    def blob_for(self, pack_uri: Any) -> Any:
        return _Member(self.archive, self.archive.getinfo(pack_uri.membername))   # KeyError as ZipFile.read

    @property
    def content_types_xml(self) -> bytes:
        from docx.opc.packuri import CONTENT_TYPES_URI

        return self.archive.read(CONTENT_TYPES_URI.membername)

    def rels_xml_for(self, source_uri: Any) -> bytes | None:
        try:
            return self.archive.read(source_uri.rels_uri.membername)
        except KeyError:
            return None

    def close(self) -> None:
        pass     # the parts are read after the walk; the zip is in memory


class _Member:
    def __init__(self, archive: Any, info: Any) -> None:
        self.archive, self.info = archive, info

    def read(self) -> bytes:
        return self.archive.read(self.info)


class WordPackage:
    """The parts of an opened .docx the reader uses: the main document's root element, and on demand
    the styles and numbering parts related to it."""

    def __init__(self, raw: bytes) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        reader = _read_package(raw)
        xml_types = _xml_part_types()
        # partname → (content type, root element, or None for a part python-docx keeps as bytes)
        self.parts: dict[str, tuple[str, Any]] = {}
        for partname, content_type, reltype, member in reader.iter_sparts():
            element = None
            if reltype != RT.IMAGE and content_type in xml_types:
                blob = member.read()
                if content_type == _STYLES_TYPE:
                    element = sliced(blob, parse)     # checked whole; its styles parsed when looked up
                if element is None:
                    element = parse(blob)
            self.parts[partname] = (content_type, element)
        self.rels: dict[str, _Relationships] = {}
        for source, srel in reader.iter_srels():
            self.rels.setdefault(source, _Relationships()).by_id[srel.rId] = srel
        self.main = self.rels.get("/", _Relationships()).target(RT.OFFICE_DOCUMENT)
        self.content_type = self.parts[self.main][0]

    @property
    def document(self) -> Any:
        return self.parts[self.main][1]

    def related(self, reltype: str) -> tuple[str, Any]:
        """(partname, root element) of the part the main document relates to by this type; KeyError
        without one, DamagedPart when python-docx would not have parsed it as XML."""
        partname = self.rels.get(self.main, _Relationships()).target(reltype)
        element = self.parts[partname][1]
        if element is None:
            raise DamagedPart(f"{partname.lstrip('/')} 的内容类型不对（{self.parts[partname][0]}）")
        return partname, element

    def numbering(self) -> Any:
        """numbering.xml's root, or None without one."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        try:
            root = self.related(RT.NUMBERING)[1]
        except KeyError:
            return None
        return None if isinstance(root, Styles) else root   # a styles part numbers nothing

    def styles(self) -> Styles:
        """The styles of styles.xml; without a styles part, python-docx's default styles, as it uses them."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        try:
            partname, part = self.related(RT.STYLES)
        except KeyError:
            return Styles.of(_default_styles())
        if isinstance(part, Styles):
            return part
        if part.tag != tags().styles:
            raise DamagedPart(f"{partname.lstrip('/')} 的根元素不是 w:styles")
        return Styles.of(part)


@lru_cache(maxsize=1)
def _default_styles() -> Any:
    from docx.parts.styles import StylesPart

    return parse(StylesPart._default_styles_xml())


def body(document: Any) -> Any:
    """The w:body of a w:document root, or None (python-docx's CT_Document.body)."""
    if document.tag != tags().document:
        return None
    return child(document, tags().body)
