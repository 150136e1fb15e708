"""WordprocessingML that python-docx writes no API for.

Each helper puts its element where the schema's sequence wants it: Word
refuses (or "repairs") a document whose children are out of order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

#: The order of a run's properties (ECMA-376 §17.3.2.28, the parts chmdocs writes).
RPR_ORDER = (
    "ins", "del", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps",
    "strike", "noProof", "vanish", "color", "spacing", "sz", "szCs", "highlight", "u",
    "vertAlign", "lang",
)  # fmt: skip
#: The order of a table row's properties (§17.4.82).
TRPR_ORDER = ("cantSplit", "trHeight", "tblHeader", "jc", "ins", "del")


def element(tag: str, **attributes: str) -> Any:
    """A ``w:`` element with ``w:`` attributes."""
    made = OxmlElement(f"w:{tag}")
    for name, value in attributes.items():
        made.set(qn(f"w:{name}"), value)
    return made


def put_in_order(parent: Any, child: Any, order: tuple[str, ...]) -> Any:
    """``child`` into ``parent`` before the first sibling that comes after it in ``order``;
    a sibling of the same name is replaced."""
    name = child.tag.split("}")[1]
    rank = order.index(name)
    for sibling in list(parent):
        sibling_name = sibling.tag.split("}")[1]
        if sibling_name == name:
            parent.replace(sibling, child)
            return child
        if sibling_name in order and order.index(sibling_name) > rank:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def run_property(rpr: Any, tag: str, **attributes: str) -> Any:
    return put_in_order(rpr, element(tag, **attributes), RPR_ORDER)


def set_language(rpr: Any, language: str) -> None:
    """``w:lang`` on a run (or the document defaults): spell-checking,
    hyphenation and screen readers use it."""
    run_property(rpr, "lang", val=language, eastAsia=language, bidi=language)


def set_language_everywhere(document: Any, language: str) -> None:
    """``w:lang`` on every run of the body, header and footer."""
    parts = [document.element.body]
    for section in document.sections:
        for story in (section.header, section.footer, section.first_page_header,
                      section.first_page_footer):  # fmt: skip
            if not story.is_linked_to_previous:
                parts.append(story._element)
    for part in parts:
        for run in part.iter(qn("w:r")):
            set_language(run.get_or_add_rPr(), language)


def row_property(row: Any, tag: str, **attributes: str) -> Any:
    """A property of a ``w:tr`` (repeated header, cannot split, inserted…)."""
    trpr = row.find(qn("w:trPr"))
    if trpr is None:
        trpr = element("trPr")
        properties = row.find(qn("w:tblPrEx"))
        (properties.addnext if properties is not None else lambda e: row.insert(0, e))(trpr)
    return put_in_order(trpr, element(tag, **attributes), TRPR_ORDER)


def shade(cell: Any, fill: str) -> None:
    """A table cell's background colour (``RRGGBB``)."""
    tcpr = cell._tc.get_or_add_tcPr()
    shading = element("shd", val="clear", color="auto", fill=fill)
    tcpr.append(shading)


def add_hyperlink(paragraph: Paragraph, url: str) -> Any:
    """An external hyperlink in ``paragraph``: runs go into what this returns."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    return link


def add_internal_link(paragraph: Paragraph, anchor: str) -> Any:
    """A link to a bookmark in the same document."""
    link = element("hyperlink", anchor=anchor, history="1")
    paragraph._p.append(link)
    return link


def add_bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """A bookmark around nothing at the start of ``paragraph`` (a link target)."""
    start = element("bookmarkStart", id=str(number), name=name)
    end = element("bookmarkEnd", id=str(number))
    properties = paragraph._p.find(qn("w:pPr"))
    if properties is not None:
        properties.addnext(start)
    else:
        paragraph._p.insert(0, start)
    start.addnext(end)


def add_field(paragraph: Paragraph, instruction: str, shown: str = "1") -> None:
    """A field (``PAGE``, ``NUMPAGES``, ``TOC …``) Word and LibreOffice compute;
    ``shown`` stands in until they do."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = element("instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        else:
            run._r.append(element("fldChar", fldCharType=kind))
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(element("fldChar", fldCharType="end"))


def wrap_in_field(first: Paragraph, last: Paragraph, instruction: str) -> None:
    """Paragraphs ``first`` to ``last`` as the current result of a field
    (a table of contents Word updates with page numbers)."""
    begin = []
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        run = element("r")
        if kind == "instr":
            instr = element("instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = f" {text} "
            run.append(instr)
        else:
            run.append(element("fldChar", fldCharType=kind))
        begin.append(run)
    properties = first._p.find(qn("w:pPr"))
    anchor = properties if properties is not None else None
    for run in begin:
        if anchor is None:
            first._p.insert(0, run)
        else:
            anchor.addnext(run)
        anchor = run
    end = element("r")
    end.append(element("fldChar", fldCharType="end"))
    last._p.append(end)


def restart_numbering(paragraph: Paragraph, style_num_id: int) -> int:
    """A new numbering instance of the list style's definition, starting at 1:
    each numbered list counts from one, not on from the list before it."""
    part: Any = paragraph.part
    numbering = part.numbering_part.numbering_definitions._numbering
    abstract = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract)
    override = num.add_lvlOverride(ilvl=0)
    override.add_startOverride(1)
    number: int = num.numId
    return number


def use_numbering(paragraph: Paragraph, num_id: int, level: int = 0) -> None:
    numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    numbering.get_or_add_ilvl().val = level
    numbering.get_or_add_numId().val = num_id


def style_num_id(style: Any) -> int | None:
    """The numbering a list paragraph style points to, if any."""
    found = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return None if found is None else int(found.get(qn("w:val")))


def update_fields_on_open(document: Any) -> None:
    """Word and LibreOffice fill the contents and page totals when opening."""
    settings = document.settings.element
    put_in_order(settings, element("updateFields", val="true"), SETTINGS_ORDER)


#: Enough of ``w:settings``' order (§17.15.1.78) for the elements chmdocs sets.
SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
    "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
    "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
    "proofState", "formsDesign", "attachedTemplate", "linkStyles",
    "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
    "revisionView", "trackRevisions", "doNotTrackMoves", "doNotTrackFormatting",
    "documentProtection", "autoFormatOverride", "styleLockTheme", "styleLockQFSet",
    "defaultTabStop", "autoHyphenation", "consecutiveHyphenLimit", "hyphenationZone",
    "doNotHyphenateCaps", "showEnvelope", "summaryLength", "clickAndTypeStyle",
    "defaultTableStyle", "evenAndOddHeaders", "bookFoldRevPrinting", "bookFoldPrinting",
    "bookFoldPrintingSheets", "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
    "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
    "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
    "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly",
    "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace",
    "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
    "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator",
)  # fmt: skip


def set_auto_hyphenation(document: Any) -> None:
    put_in_order(document.settings.element, element("autoHyphenation"), SETTINGS_ORDER)


def save_reproducibly(document: Any, target: Path) -> None:
    """``document`` into ``target`` whole (a partial file renamed), each part
    of the package dated with the document's own date, not the build's: the
    same sources make the same file."""
    import io
    import zipfile

    written = io.BytesIO()
    document.save(written)
    created = document.core_properties.created
    stamp = (
        (created.year, created.month, created.day, 0, 0, 0) if created else (2000, 1, 1, 0, 0, 0)
    )
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))  # the oldest date a zip file can hold
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(partial, "w") as package:
        for member in source.infolist():
            entry = zipfile.ZipInfo(member.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(entry, source.read(member.filename))
    partial.replace(target)
