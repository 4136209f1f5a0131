"""PRISMA 2020 flow: counts from the data, rendered as text, JSON fields, the R template, SVG."""

from review.reporting.prisma.flow import PrismaFlow, compute_flow

__all__ = ["PrismaFlow", "compute_flow"]
