"""The analysed network as CSV (one row per organisation with every score) or as GEXF 1.3
(nodes with their scores and community, edges with their weights), for Gephi and
spreadsheets. Both are written as streams, row by row, so a large network is not built in
memory first."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone

from scaleup.core.spreadsheets import defuse_formula
from scaleup.core.xmltext import NOT_XML
from scaleup.network.models import NetworkSnapshot
from scaleup.network.selectors import scores_of, snapshot_edges

CSV_COLUMNS = (
    "id",
    "name",
    "kind",
    "country",
    "nuts_code",
    "sector",
    "pic",
    "degree",
    "weighted_degree",
    "brokerage",
    "constraint",
    "effective_size",
    "community",
    "coreness",
    "catalyst_share",
    "cross_kind_ties",
    "is_gap",
)
#: GEXF attribute id, title and type for the node scores.
NODE_ATTRIBUTES = (
    ("kind", "string"),
    ("country", "string"),
    ("nuts_code", "string"),
    ("sector", "string"),
    ("degree", "integer"),
    ("weighted_degree", "double"),
    ("brokerage", "double"),
    ("constraint", "double"),
    ("effective_size", "double"),
    ("community", "integer"),
    ("coreness", "integer"),
    ("catalyst_share", "double"),
    ("cross_kind_ties", "integer"),
    ("is_gap", "boolean"),
)


def _cell(value: object) -> str:
    """Text a spreadsheet shows as text: names starting like a formula get an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return defuse_formula(value) if isinstance(value, str) else str(value)


def score_rows(snapshot: NetworkSnapshot) -> Iterator[list[object]]:
    """One row of `CSV_COLUMNS` per organisation of the snapshot, values as stored."""
    for score in scores_of(snapshot).iterator(chunk_size=2000):
        organisation = score.organisation
        values: dict[str, object] = {
            "id": organisation.pk,
            "name": organisation.name,
            "kind": organisation.kind,
            "country": organisation.country,
            "nuts_code": organisation.nuts_code,
            "sector": organisation.sector,
            "pic": organisation.pic,
            **{name: getattr(score, name) for name in CSV_COLUMNS[7:]},
        }
        yield [values[column] for column in CSV_COLUMNS]


def csv_rows(snapshot: NetworkSnapshot) -> Iterator[list[str]]:
    yield list(CSV_COLUMNS)
    for row in score_rows(snapshot):
        yield [_cell(value) for value in row]


def write_csv(snapshot: NetworkSnapshot, stream: TextIO) -> int:
    """Returns the number of organisations written."""
    writer = csv.writer(stream)
    rows = csv_rows(snapshot)
    writer.writerow(next(rows))
    written = 0
    for row in rows:
        writer.writerow(row)
        written += 1
    return written


def gexf_chunks(snapshot: NetworkSnapshot) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
        f'  <meta lastmodifieddate="{timezone.localdate().isoformat()}">\n'
        f"    <creator>scaleup</creator>\n"
        f"    <description>{escape(_xml_text(snapshot.group))}: cooperation network</description>\n"
        "  </meta>\n"
        '  <graph defaultedgetype="undirected" mode="static">\n'
        '    <attributes class="node">\n'
    )
    for position, (name, kind) in enumerate(NODE_ATTRIBUTES):
        yield f'      <attribute id="{position}" title="{name}" type="{kind}"/>\n'
    yield "    </attributes>\n    <nodes>\n"
    for score in scores_of(snapshot).iterator(chunk_size=2000):
        organisation = score.organisation
        values: dict[str, object] = {
            "kind": organisation.kind,
            "country": organisation.country,
            "nuts_code": organisation.nuts_code,
            "sector": organisation.sector,
            **{name: getattr(score, name) for name, _ in NODE_ATTRIBUTES[4:]},
        }
        attvalues = "".join(
            f'<attvalue for="{position}" value={quoteattr(_cell_xml(values[name]))}/>'
            for position, (name, _) in enumerate(NODE_ATTRIBUTES)
            if values[name] is not None
        )
        yield (
            f'      <node id="{organisation.pk}" label={quoteattr(_xml_text(organisation.name))}>'
            f"<attvalues>{attvalues}</attvalues></node>\n"
        )
    yield "    </nodes>\n    <edges>\n"
    for number, (source, target, weight) in enumerate(snapshot_edges(snapshot)):
        yield (
            f'      <edge id="{number}" source="{source}" target="{target}" weight="{weight!r}"/>\n'
        )
    yield "    </edges>\n  </graph>\n</gexf>\n"


def _xml_text(value: object) -> str:
    return NOT_XML.sub("", str(value))


def _cell_xml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _xml_text(value)


def write_gexf(snapshot: NetworkSnapshot, stream: TextIO) -> None:
    for chunk in gexf_chunks(snapshot):
        stream.write(chunk)
