-- Registrations partitioned by organisation: a demonstration of the plan (docs/scaling.md,
-- "Partitioning the registrations by organisation"). Not a migration: it builds its own tables
-- in the schema part_demo and changes nothing of the product's.
--
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f docs/partitioning.sql
--       synthetic data: :attendances attendances (default 1,000,000) over 1,000 rooms of
--       20 organisations and 5 years
--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -v from_product=1 -f docs/partitioning.sql
--       the product's own registrations instead (e.g. the benchmark database of
--       `python bench/run.py generate --attendances 10000000`)
--
-- It prints EXPLAIN (ANALYZE) of one organisation's unique participants in a year: in today's
-- shape (attendance -> session -> location -> organisation), with the organisation and date on
-- one unpartitioned attendance table, and on the partitioned tables; then drops the schema.

\if :{?attendances}
\else
  \set attendances 1000000
\endif

DROP SCHEMA IF EXISTS part_demo CASCADE;
CREATE SCHEMA part_demo;
SET search_path = part_demo, public;

-- Today's shape: the attendance row knows its session only; the session its location.
CREATE TABLE location (id int PRIMARY KEY, organisation_id int NOT NULL);
CREATE TABLE session (
    id bigint PRIMARY KEY, location_id int NOT NULL REFERENCES location, date date NOT NULL,
    category text NOT NULL
);
CREATE TABLE attendance (
    id bigint PRIMARY KEY, session_id bigint NOT NULL REFERENCES session,
    participant_id bigint NOT NULL
);

\if :{?from_product}
  INSERT INTO location SELECT id, organisation_id FROM public.locations_location;
  INSERT INTO session SELECT id, location_id, date, category FROM public.registrations_session;
  INSERT INTO attendance SELECT id, session_id, participant_id FROM public.registrations_attendance;
\else
  -- 1,000 rooms in 20 organisations of different size.
  INSERT INTO location
  SELECT r, 1 + floor(20 * power(random(), 1.5))::int FROM generate_series(1, 1000) AS r;
  -- A session has 10 attendances on average; 5 years of dates.
  INSERT INTO session
  SELECT s, 1 + (s % 1000), date '2021-01-01' + (s % 1826), (ARRAY['social', 'computer', 'language'])[1 + s % 3]
  FROM generate_series(1, :attendances / 10) AS s;
  -- Regular visitors: each room's participants come back (participant ids per room).
  INSERT INTO attendance
  SELECT a, 1 + (a % (:attendances / 10)), (1 + (a % (:attendances / 10)) % 1000) * 1000 + floor(200 * power(random(), 3))::int
  FROM generate_series(1, :attendances) AS a;
\endif
CREATE INDEX ON session (location_id, date);
CREATE INDEX ON attendance (session_id);
ANALYZE location, session, attendance;

-- The partitioned shape: the organisation (and the date) on every registration row, hash
-- partitions by organisation (every organisation's rows in one partition; 8 here, 16-64 at
-- national scale), the primary key and every foreign key including the partition key.
CREATE TABLE p_session (
    organisation_id int NOT NULL, id bigint NOT NULL, location_id int NOT NULL,
    date date NOT NULL, category text NOT NULL,
    PRIMARY KEY (organisation_id, id)
) PARTITION BY HASH (organisation_id);
CREATE TABLE p_attendance (
    organisation_id int NOT NULL, id bigint NOT NULL, session_id bigint NOT NULL,
    participant_id bigint NOT NULL, date date NOT NULL,
    PRIMARY KEY (organisation_id, id),
    FOREIGN KEY (organisation_id, session_id) REFERENCES p_session
) PARTITION BY HASH (organisation_id);
SELECT format('CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS 8, REMAINDER %s)',
              t || '_' || r, t, r)
FROM unnest(ARRAY['p_session', 'p_attendance']) AS t, generate_series(0, 7) AS r
\gexec
INSERT INTO p_session
SELECT l.organisation_id, s.id, s.location_id, s.date, s.category
FROM session s JOIN location l ON l.id = s.location_id;
INSERT INTO p_attendance
SELECT ps.organisation_id, a.id, a.session_id, a.participant_id, ps.date
FROM attendance a JOIN p_session ps ON ps.id = a.session_id;
CREATE INDEX ON p_attendance (organisation_id, date, participant_id);
VACUUM (ANALYZE) p_session, p_attendance;
-- For a fair comparison: the same columns and index on one table, not partitioned.
CREATE TABLE flat_attendance AS SELECT * FROM p_attendance;
CREATE INDEX ON flat_attendance (organisation_id, date, participant_id);
VACUUM (ANALYZE) flat_attendance;

SELECT count(*) AS attendances, count(DISTINCT organisation_id) AS organisations FROM p_attendance;
-- The organisation with the most attendances and the last year with registrations: read from
-- the data, so the product's registrations (any years, any organisation ids) are shown too.
SELECT organisation_id AS org, count(*) AS org_attendances
FROM p_attendance GROUP BY organisation_id ORDER BY count(*) DESC, organisation_id LIMIT 1
\gset
SELECT extract(year FROM max(date))::int AS year FROM p_session
\gset
SELECT make_date(:year, 1, 1) AS year_from, make_date(:year, 12, 31) AS year_until
\gset
\echo 'The largest organisation (' :org ', ' :org_attendances ' attendances): unique participants in ' :year ', today''s shape'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT count(DISTINCT a.participant_id)
FROM attendance a JOIN session s ON s.id = a.session_id JOIN location l ON l.id = s.location_id
WHERE l.organisation_id = :org AND s.date BETWEEN :'year_from' AND :'year_until';
\echo 'Organisation and date on the attendance row, one table (not partitioned)'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT count(DISTINCT participant_id)
FROM flat_attendance
WHERE organisation_id = :org AND date BETWEEN :'year_from' AND :'year_until';
\echo 'The same on the partitioned tables: only the organisation''s partition is read'
EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON)
SELECT count(DISTINCT participant_id)
FROM p_attendance
WHERE organisation_id = :org AND date BETWEEN :'year_from' AND :'year_until';

RESET search_path;
DROP SCHEMA part_demo CASCADE;
