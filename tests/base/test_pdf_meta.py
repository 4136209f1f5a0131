"""A PDF's own metadata read without a PDF library: Info dictionary, object streams, XMP."""

from __future__ import annotations

from pathlib import Path

from review.base.pdf_meta import read_pdf_meta
from tiny_pdf import info_pdf, object_stream_pdf


def test_the_info_dictionary_not_a_bookmark(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    info = (
        r"<< /Title (Partners in health\? \(a review\)) /Author (Smith, K.)"
        r" /Subject (J Public Health doi:10.1093/pubmed/FDP002) >>"
    )
    path.write_bytes(info_pdf(info))
    meta = read_pdf_meta(path)
    assert meta.title == "Partners in health? (a review)"
    assert meta.author == "Smith, K."
    assert meta.doi == "10.1093/pubmed/fdp002"  # found in the subject, normalised


def test_utf16_strings_in_a_compressed_object_stream(tmp_path: Path) -> None:
    title = "Zürich partnerships".encode("utf-16-be").hex().upper()
    path = tmp_path / "b.pdf"
    path.write_bytes(object_stream_pdf(b"<< /Title <FEFF" + title.encode() + b"> >>"))
    assert read_pdf_meta(path).title == "Zürich partnerships"


def test_xmp_title_creator_and_doi(tmp_path: Path) -> None:
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description>'
        "<dc:title><rdf:Alt><rdf:li xml:lang='x-default'>Health Action Zones</rdf:li></rdf:Alt>"
        "</dc:title><dc:creator><rdf:Seq><rdf:li>Bauld, L.</rdf:li><rdf:li>Judge, K.</rdf:li>"
        "</rdf:Seq></dc:creator><prism:doi>10.1000/HAZ.2000</prism:doi>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    path = tmp_path / "c.pdf"
    path.write_bytes(info_pdf("<< /Title (old) >>") + xmp.encode())
    meta = read_pdf_meta(path)
    assert meta.title == "Health Action Zones"
    assert meta.author == "Bauld, L.; Judge, K."
    assert meta.doi == "10.1000/haz.2000"


def test_not_a_pdf_or_unreadable_gives_nothing(tmp_path: Path) -> None:
    text = tmp_path / "x.pdf"
    text.write_text("not a pdf")
    assert read_pdf_meta(text).title is None
    assert read_pdf_meta(tmp_path / "missing.pdf").title is None
