"""The attendance and job rollup triggers (0007) skip an UPDATE that changes none of the
columns they count (review of issue 11).

``UPDATE OF participant_id, session_id`` fires whenever those columns are in the SET list,
and Django's ``save()`` sets every column, so each save of an attendance or a job counted
the row out and back in again. The functions now return at once when the counted columns
are not distinct from before; the result in registrations_participantmonth is unchanged.
The session trigger already compared its columns.
"""

from django.db import migrations

ATTENDANCE = """
CREATE OR REPLACE FUNCTION bwk_attendance_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE s record;
BEGIN
    {guard}
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        SELECT location_id, category, date INTO s FROM registrations_session
        WHERE id = OLD.session_id;
        IF FOUND THEN
            PERFORM bwk_participant_month_add(OLD.participant_id, s.location_id, s.category,
                                              s.date, -1);
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        SELECT location_id, category, date INTO s FROM registrations_session
        WHERE id = NEW.session_id;
        IF FOUND THEN
            PERFORM bwk_participant_month_add(NEW.participant_id, s.location_id, s.category,
                                              s.date, 1);
        END IF;
    END IF;
    RETURN NULL;
END $$;
"""

ATTENDANCE_GUARD = """IF TG_OP = 'UPDATE' AND (OLD.participant_id, OLD.session_id)
       IS NOT DISTINCT FROM (NEW.participant_id, NEW.session_id) THEN
        RETURN NULL;
    END IF;"""

JOB = """
CREATE OR REPLACE FUNCTION bwk_job_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {guard}
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM bwk_participant_month_add(OLD.participant_id, OLD.location_id, 'jobs',
                                          OLD.date, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM bwk_participant_month_add(NEW.participant_id, NEW.location_id, 'jobs',
                                          NEW.date, 1);
    END IF;
    RETURN NULL;
END $$;
"""

JOB_GUARD = """IF TG_OP = 'UPDATE' AND (OLD.participant_id, OLD.location_id, OLD.date)
       IS NOT DISTINCT FROM (NEW.participant_id, NEW.location_id, NEW.date) THEN
        RETURN NULL;
    END IF;"""


class Migration(migrations.Migration):
    dependencies = [
        ('registrations', '0007_participant_month_rollup'),
    ]

    operations = [
        migrations.RunSQL(
            ATTENDANCE.format(guard=ATTENDANCE_GUARD) + JOB.format(guard=JOB_GUARD),
            ATTENDANCE.format(guard='') + JOB.format(guard=''),
        ),
    ]
