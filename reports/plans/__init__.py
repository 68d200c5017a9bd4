"""Multi-year plans (meerjarenplannen, issue 12): the ``plan`` section of a ``kind:
multi_year_plan`` agreement file, its rows, and plan against realised per year.

- :mod:`reports.plans.models`: the plan's years and, per year, its region-level targets,
  costs per room group and financing per funder category, as stated;
- :mod:`reports.plans.schema`, :mod:`reports.plans.writer`, :mod:`reports.plans.dump`: the
  file section (registered with the agreement loader in :meth:`reports.apps.ReportsConfig.ready`,
  :data:`reports.plans.section.SECTION`);
- :mod:`reports.plans.selectors`: the year-over-year rows (plan, realised, difference);
- :mod:`reports.plans.excel`: the sheet "Meerjarenplan" of the same rows.
"""
