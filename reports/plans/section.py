"""The plan section of the agreement file, registered with the agreement loader in
:meth:`reports.apps.ReportsConfig.ready`."""

from agreements.loader.sections import FileSection
from reports.plans.dump import dump_plan
from reports.plans.schema import KEY, read_plan
from reports.plans.writer import COUNTS, write_plan

#: The ``plan`` section (format 2 only).
SECTION = FileSection(
    name="plan",
    keys=(),
    keys_since_2=(KEY,),
    counts=COUNTS,
    read=read_plan,
    write=write_plan,
    dump=dump_plan,
)
