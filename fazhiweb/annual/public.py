"""Published annual reports for other apps (the upper government's pages): the latest public
version of each government's own report. Public data only: no login needed to see it."""

from __future__ import annotations

from django.urls import reverse

from fazhiweb.annual.models import PublicVersion


def public_url(government_id: int, year: int) -> str:
    return reverse("annual_public", args=[government_id, year])


def published_reports(government_ids, year=None) -> list[dict]:
    """[{"government_id", "year", "title", "text", "published_at", "url"}], one per published
    government report (its latest public version), by government then year."""
    qs = PublicVersion.objects.filter(report__government_id__in=list(government_ids), report__unit__isnull=True)
    if year is not None:
        qs = qs.filter(report__year=year)
    latest: dict[int, PublicVersion] = {}
    for pv in qs.select_related("report").order_by("report_id", "number"):
        latest[pv.report_id] = pv
    rows = sorted(latest.values(), key=lambda pv: (pv.report.government_id, pv.report.year))
    return [{"government_id": pv.report.government_id, "year": pv.report.year, "title": pv.title,
             "text": pv.text, "published_at": pv.published_at,
             "url": public_url(pv.report.government_id, pv.report.year)} for pv in rows]
