"""PRISMA 2020 flow: counts from the data, rendered as text, JSON fields, the R template, SVG."""

from review.reporting.prisma.flow import compute_flow
from review.reporting.prisma.model import PrismaFlow

__all__ = ["PrismaFlow", "compute_flow"]
