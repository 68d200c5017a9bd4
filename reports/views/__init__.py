"""Pages of the reports app: the live progress report and report files built on request
(:mod:`~reports.views.progress`), and issued reports: issuing, the archive and downloads
(:mod:`~reports.views.issued`)."""
