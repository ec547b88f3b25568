"""The site PDF's structure tree (tagged PDF), joined from the trees of the parts it is made of.

WeasyPrint tags each part it lays out (layout.TAGGED): a structure tree whose elements point at
their page (/Pg), at marked content on it (MCIDs, found through the page's /StructParents key in
the tree's /ParentTree) and at link annotations (/OBJR). pypdf copies pages, not structure trees,
so each part's tree is copied here into one tree for the whole document: its elements are cloned
into the writer (pages and links already copied map to their copies), and every /ParentTree key,
page /StructParents and link /StructParent is moved past the keys of the parts before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

PARENTS = NameObject("/StructParents")
PARENT = NameObject("/StructParent")


class StructureTree:
    """One structure tree for a document pypdf puts together from tagged parts."""

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.reference = writer._add_object(self.root)  # pypdf's own way to add an object (see layout.stamp)
        self.kids: list[PdfObject] = []
        self.nums: list[tuple[int, PdfObject]] = []
        self.namespaces = ArrayObject()
        self.next_key = 0
        self.complete = True  # False once a part comes without a tree: the document is then not tagged

    def add(self, reader: PdfReader, first_page: int, links: Sequence[tuple[IndirectObject, DictionaryObject]],
            first: bool = False) -> None:
        """Join the tree of reader's pages, now pages first_page… of the writer, with links (original, copy).

        first puts the part's elements before those added so far (the front matter).
        """
        found = cast(DictionaryObject, reader.trailer["/Root"]).get("/StructTreeRoot")
        if found is None:
            self.complete = False
            return
        tree = cast(DictionaryObject, found.get_object())
        assert tree.indirect_reference is not None  # a tree root is always an indirect object
        base = self.next_key
        # Whatever points at the part's tree root, or at a link it had, points at ours, or at the
        # link's copy, once cloned: cloning looks each object up in pypdf's table of copies first.
        copies = self.writer._id_translated.setdefault(id(reader), {"PreventGC": reader})
        copies[tree.indirect_reference.idnum] = self.reference.idnum
        for original, copy in links:
            copies[original.idnum] = cast(IndirectObject, copy.indirect_reference).idnum
            if PARENT in copy:
                copy[PARENT] = NumberObject(cast(int, copy[PARENT]) + base)
        nums = cast(ArrayObject, cast(DictionaryObject, tree["/ParentTree"].get_object()).get("/Nums", ArrayObject()))
        keys = []
        for key, value in zip(nums[::2], nums[1::2], strict=True):
            keys.append(cast(int, key))
            self.nums.append((cast(int, key) + base, value.clone(self.writer)))
        top = tree["/K"]
        kids = [kid.clone(self.writer) for kid in (top if isinstance(top, ArrayObject) else [top])]
        self.kids = [*kids, *self.kids] if first else [*self.kids, *kids]
        for namespace in cast(ArrayObject, tree.get("/Namespaces") or ArrayObject()):
            self.namespaces.append(namespace.clone(self.writer))
        for number, page in enumerate(reader.pages):
            if PARENTS in page:
                self.writer.pages[first_page + number][PARENTS] = NumberObject(cast(int, page[PARENTS]) + base)
        self.next_key = base + max(keys, default=-1) + 1

    def finish(self, language: str = "en") -> bool:
        """Put the joined tree in the document's catalog; False (and no tree) if a part was untagged."""
        if not self.complete or not self.kids:
            return False
        nums = ArrayObject()
        for key, value in sorted(self.nums, key=lambda pair: pair[0]):
            nums += [NumberObject(key), value]
        # One Document element at the top (a tree root has one child); each part's own Document
        # becomes a Part of it, as a briefing is a part of the collected briefings.
        document = DictionaryObject({
            NameObject("/Type"): NameObject("/StructElem"), NameObject("/S"): NameObject("/Document"),
            NameObject("/P"): self.reference, NameObject("/K"): ArrayObject(self.kids)})
        top = self.writer._add_object(document)
        for kid in self.kids:
            element = cast(DictionaryObject, kid.get_object())
            element[NameObject("/P")] = top
            if element.get("/S") == "/Document":
                element[NameObject("/S")] = NameObject("/Part")
        self.root.update({
            NameObject("/K"): top,
            NameObject("/ParentTree"): self.writer._add_object(DictionaryObject({NameObject("/Nums"): nums})),
            NameObject("/ParentTreeNextKey"): NumberObject(self.next_key),
        })
        if self.namespaces:
            self.root[NameObject("/Namespaces")] = self.namespaces
        catalog = self.writer.root_object
        catalog[NameObject("/StructTreeRoot")] = self.reference
        catalog[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
        catalog[NameObject("/Lang")] = TextStringObject(language)
        catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/DisplayDocTitle"): BooleanObject(True)})
        return True
