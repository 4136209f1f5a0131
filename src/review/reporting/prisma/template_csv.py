"""The PRISMA2020 R package's input CSV, written from the layout below with our counts in n.

The R package (`PRISMA_data`) finds each count by the `data` column, the box labels by `data`
(or by `box` for the three column headings), a tooltip per row that has one and a link per
box. So the `data`, `node`, `box` and `url` values and the order of the rows follow the
package's template; `boxtext` holds the PRISMA 2020 box labels it draws; the `description`
and `tooltips` texts are ours. Rows this tool has no count for keep 0.
"""

from __future__ import annotations

import csv
import io
from typing import NamedTuple

from review.reporting.exports.safe_csv import neutralise
from review.reporting.prisma.fields import template_values
from review.reporting.prisma.model import PrismaFlow

COLUMNS = ("data", "node", "box", "description", "boxtext", "tooltips", "url", "n")
NA = "NA"  # how R writes a missing value; the package tests cells with is.na()
EMPTY_N = "0"


class TemplateRow(NamedTuple):
    data: str  # the field's name, or NA for a column heading
    node: str
    box: str
    boxtext: str  # the label drawn in the box
    url: str
    description: str
    tooltip: bool | str = False  # True: the description is the tooltip; a text: its own


BOTH = "(databases and registers)"
OTHER = "(other methods)"
REASONS = "give each reason with its count as 'Reason, n; Reason, n'"

ROWS: tuple[TemplateRow, ...] = (
    TemplateRow(
        NA,
        "node4",
        "prevstud",
        "Previous studies",
        "prevstud.html",
        "Heading over the column for an earlier version of this review",
        True,
    ),
    TemplateRow(
        "previous_studies",
        "node5",
        "box1",
        "Studies included in previous version of review",
        "previous_studies.html",
        "Studies the earlier version of the review included",
        True,
    ),
    TemplateRow(
        "previous_reports",
        NA,
        "box1",
        "Reports of studies included in previous version of review",
        "previous_reports.html",
        "Reports of the studies the earlier version included",
    ),
    TemplateRow(
        NA,
        "node6",
        "newstud",
        "Identification of new studies via databases and registers",
        "newstud.html",
        "Heading over the main column: new studies from databases and registers",
        True,
    ),
    TemplateRow(
        "database_results",
        "node7",
        "box2",
        "Databases",
        "database_results.html",
        "Records found in bibliographic databases",
        "Records found in databases and in registers",
    ),
    TemplateRow(
        "database_specific_results",
        NA,
        "box2",
        "Specific Databases",
        "database_results.html",
        "Records found in each database, written 'Name, n; Name, n'",
    ),
    TemplateRow(
        "register_results",
        NA,
        "box2",
        "Registers",
        NA,
        "Records found in trial and study registers",
    ),
    TemplateRow(
        "register_specific_results",
        NA,
        "box2",
        "Specific Registers",
        "database_results.html",
        "Records found in each register, written 'Name, n; Name, n'",
    ),
    TemplateRow(
        NA,
        "node16",
        "othstud",
        "Identification of new studies via other methods",
        "othstud.html",
        "Heading over the side column: new studies found by other methods",
        True,
    ),
    TemplateRow(
        "website_results",
        "node17",
        "box11",
        "Websites",
        "website_results.html",
        "Records found by searching websites",
        "Records found on websites, through organisations and by following citations",
    ),
    TemplateRow(
        "organisation_results",
        "",  # the package's template leaves this one cell empty rather than NA
        "box11",
        "Organisations",
        NA,
        "Records found through organisations",
    ),
    TemplateRow(
        "citations_results",
        NA,
        "box11",
        "Citation searching",
        NA,
        "Records found by following citations",
    ),
    TemplateRow(
        "duplicates",
        "node8",
        "box3",
        "Duplicate records",
        "duplicates.html",
        "Records removed before screening as duplicates of others",
        True,
    ),
    TemplateRow(
        "excluded_automatic",
        NA,
        "box3",
        "Records marked as ineligible by automation tools",
        NA,
        "Records an automation tool removed before screening",
    ),
    TemplateRow(
        "excluded_other",
        NA,
        "box3",
        "Records removed for other reasons",
        NA,
        "Records removed before screening for any other reason",
    ),
    TemplateRow(
        "records_screened",
        "node9",
        "box4",
        "Records screened",
        "records_screened.html",
        f"Records whose title and abstract were screened {BOTH}",
        True,
    ),
    TemplateRow(
        "records_excluded",
        "node10",
        "box5",
        "Records excluded",
        "records_excluded.html",
        f"Records excluded on title and abstract {BOTH}",
        True,
    ),
    TemplateRow(
        "dbr_sought_reports",
        "node11",
        "box6",
        "Reports sought for retrieval",
        "dbr_sought_reports.html",
        f"Full texts sought {BOTH}",
        True,
    ),
    TemplateRow(
        "dbr_notretrieved_reports",
        "node12",
        "box7",
        "Reports not retrieved",
        "dbr_notretrieved_reports.html",
        f"Full texts that could not be obtained {BOTH}",
        True,
    ),
    TemplateRow(
        "other_sought_reports",
        "node18",
        "box12",
        "Reports sought for retrieval",
        "other_sought_reports.html",
        f"Full texts sought {OTHER}",
        True,
    ),
    TemplateRow(
        "other_notretrieved_reports",
        "node19",
        "box13",
        "Reports not retrieved",
        "other_notretrieved_reports.html",
        f"Full texts that could not be obtained {OTHER}",
        True,
    ),
    TemplateRow(
        "dbr_assessed",
        "node13",
        "box8",
        "Reports assessed for eligibility",
        "dbr_assessed.html",
        f"Full texts read against the eligibility criteria {BOTH}",
        True,
    ),
    TemplateRow(
        "dbr_excluded",
        "node14",
        "box9",
        "Reports excluded",
        "dbrexcludedrecords.html",
        f"Full texts excluded {BOTH}: {REASONS}",
        f"Full texts excluded {BOTH}",
    ),
    TemplateRow(
        "other_assessed",
        "node20",
        "box14",
        "Reports assessed for eligibility",
        "other_assessed.html",
        f"Full texts read against the eligibility criteria {OTHER}",
        True,
    ),
    TemplateRow(
        "other_excluded",
        "node21",
        "box15",
        "Reports excluded",
        "other_excluded.html",
        f"Full texts excluded {OTHER}: {REASONS}",
        f"Full texts excluded {OTHER}",
    ),
    TemplateRow(
        "new_studies",
        "node15",
        "box10",
        "New studies included in review",
        "new_studies.html",
        "Studies this review newly includes",
        True,
    ),
    TemplateRow(
        "new_reports",
        NA,
        "box10",
        "Reports of new included studies",
        NA,
        "Reports of the newly included studies",
    ),
    TemplateRow(
        "total_studies",
        "node22",
        "box16",
        "Total studies included in review",
        "total_studies.html",
        "Studies included altogether, earlier and new",
        True,
    ),
    TemplateRow(
        "total_reports",
        NA,
        "box16",
        "Reports of total included studies",
        NA,
        "Reports of all the included studies",
    ),
    TemplateRow(
        "identification",
        "node1",
        "identification",
        "Identification",
        "identification.html",
        "Phase label at the side: finding the records",
        True,
    ),
    TemplateRow(
        "screening",
        "node2",
        "screening",
        "Screening",
        "screening.html",
        "Phase label at the side: screening and assessing",
        True,
    ),
    TemplateRow(
        "included",
        "node3",
        "included",
        "Included",
        "included.html",
        "Phase label at the side: what the review includes",
        True,
    ),
    TemplateRow(
        "total_studies_ma",
        "node23",
        "box17",
        "Total studies included in meta-analysis",
        "total_studies_meta_analysis.html",
        "Included studies that enter a meta-analysis",
        True,
    ),
    TemplateRow(
        "total_reports_ma",
        NA,
        "box17",
        "Reports of total included studies in meta-analysis",
        NA,
        "Reports of the studies in a meta-analysis",
    ),
)


def _cells(row: TemplateRow, values: dict[str, str]) -> list[str]:
    tooltip = row.description if row.tooltip is True else row.tooltip or NA
    n = neutralise(values[row.data]) if row.data in values else EMPTY_N
    return [row.data, row.node, row.box, row.description, row.boxtext, tooltip, row.url, n]


def template_csv(values: dict[str, str] | None = None) -> str:
    """The template as CSV text, n filled from values by data name (0 elsewhere).

    CRLF between lines and none after the last, as the package's own template is written.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_cells(row, values or {}) for row in ROWS)
    return buffer.getvalue().removesuffix("\r\n")


def prisma_csv(flow: PrismaFlow) -> str:
    """The template with every count this tool knows filled in."""
    return template_csv(template_values(flow))
