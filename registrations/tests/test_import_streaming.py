"""The registrations import streams (issue 13): it never reads the whole file at once, writes
in batches with a query count per batch independent of the rows, and stays all or nothing
(docs/import-registrations.md) however long the file."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from locations import csv_import
from locations.csv_import import ImportFailed, read_rows, stream_rows
from registrations import importer
from registrations.importer import import_registrations
from registrations.models import Attendance, Participant, Session

pytestmark = pytest.mark.usefixtures("system")

HEADER = "date;location;category;participant;session\n"


class ChunkedOnly(io.RawIOBase):
    """A binary file that refuses to be read whole: ``read()`` without a size, ``readall``,
    ``readline`` and iteration fail; it records the largest and the number of reads."""

    def __init__(self, data: bytes):
        self.inner = io.BytesIO(data)
        self.largest = 0
        self.reads = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self.inner.seek(offset, whence)

    def tell(self) -> int:
        return self.inner.tell()

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            raise AssertionError("the import read the whole file at once")
        self.reads += 1
        data = self.inner.read(size)
        self.largest = max(self.largest, len(data))
        return data

    def readall(self) -> bytes:
        raise AssertionError("the import read the whole file at once")

    def readline(self, size: int | None = -1) -> bytes:
        raise AssertionError("the import read the file by lines, not in bounded chunks")

    def __iter__(self):
        raise AssertionError("the import iterated the file by lines")


def _rows(count: int, prefix: str, *, codes: int = 40) -> list[str]:
    """``count`` rows: sessions of 10 rows (8 participants, 2 anonymous) at a-noord on the
    days of 2019 from 1 March, participant codes ``PREFIX-0000`` ... (``codes`` of them, so
    with the default 40 a code is in several sessions)."""
    rows = []
    for n in range(count):
        session, seat = divmod(n, 10)
        day = datetime.date(2019, 3, 1) + datetime.timedelta(days=session % 200)
        code = "" if seat < 2 else f"{prefix}-{(session * 8 + seat) % codes:04d}"
        rows.append(f"{day:%Y-%m-%d};a-noord;social;{code};{prefix} {session}")
    return rows


def _file(rows: list[str]) -> bytes:
    return (HEADER + "\n".join(rows) + "\n").encode()


def test_the_import_reads_the_file_in_bounded_chunks(tenants):
    rows = _rows(4000, "STR")  # about 165 KB: more than two chunks
    data = _file(rows)
    assert len(data) > 2 * csv_import.READ_CHUNK_BYTES
    file = ChunkedOnly(data)
    result = import_registrations(file, organisation_slug="a")
    assert file.largest <= csv_import.READ_CHUNK_BYTES
    assert file.reads >= 2 * (len(data) // csv_import.READ_CHUNK_BYTES)  # two passes
    sessions = 4000 // 10
    assert (result.sessions_created, result.anonymous_visits) == (sessions, 2 * sessions)
    pairs = {(row.split(";")[4], row.split(";")[3]) for row in rows if row.split(";")[3]}
    assert result.attendances_added == len(pairs) == Attendance.unscoped.count()
    assert result.participants_created == 40 == Participant.unscoped.count()


def test_a_bad_row_near_the_end_of_a_long_file_imports_nothing(tenants, capsys):
    rows = _rows(5000, "END")
    rows[4990] = "2019-03-01;a-noord;koffie;END-0001;Laat"  # line 4,992: the header is line 1
    with pytest.raises(ImportFailed) as failure:
        import_registrations(ChunkedOnly(_file(rows)), organisation_slug="a")
    assert len(failure.value.errors) == 1
    assert failure.value.errors[0].startswith("regel 4992: onbekende categorie 'koffie'")
    assert not Session.unscoped.exists()
    assert not Participant.unscoped.exists()
    assert not Attendance.unscoped.exists()


def test_every_bad_row_of_a_long_file_is_reported_in_order(tenants):
    rows = _rows(4500, "ALL")
    bad = [3, 2100, 4499]  # indexes into rows: lines 5, 2102 and 4501
    for index in bad:
        rows[index] = "31-02-2019;a-noord;social;;"
    with pytest.raises(ImportFailed) as failure:
        import_registrations(_file(rows), organisation_slug="a")
    assert [error.split(":")[0] for error in failure.value.errors] == [
        f"regel {index + 2}" for index in bad
    ]
    assert not Session.unscoped.exists()


def _queries(rows: list[str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        import_registrations(_file(rows), organisation_slug="a")
    return len(captured.captured_queries)


def test_the_query_count_grows_with_batches_not_rows(tenants, monkeypatch):
    monkeypatch.setattr(importer, "BATCH_ROWS", 100)
    unique = 10**6  # every row a new participant: every batch writes each kind
    one_batch_few = _queries(_rows(20, "QA", codes=unique))
    one_batch_full = _queries(_rows(100, "QB", codes=unique))
    two_batches = _queries(_rows(200, "QC", codes=unique))
    five_batches = _queries(_rows(500, "QD", codes=unique))
    per_batch = two_batches - one_batch_full
    assert one_batch_few == one_batch_full  # same batches, five times the rows
    assert five_batches == one_batch_full + 4 * per_batch
    # The batch's participants (read, insert, history), sessions (read, insert, history) and
    # attendances (read, insert, history).
    assert per_batch == 9


def test_a_file_split_over_many_batches_imports_as_one(tenants, monkeypatch):
    """Batches of one row: the file's anonymous count per session, a participant twice in a
    session counted once, and a new participant's home the room of its first row."""
    monkeypatch.setattr(importer, "BATCH_ROWS", 1)
    Session.unscoped.create(
        location=tenants.a.location,
        date=datetime.date(2019, 3, 14),
        category="social",
        title="Koffie-inloop",
        anonymous_count=7,
    )
    data = (
        HEADER + "14-03-2019;a-zuid;social;NEW-1;\n"
        "14-03-2019;a-noord;social;;Koffie-inloop\n"
        "14-03-2019;a-noord;social;NEW-1;Koffie-inloop\n"
        "14-03-2019;a-noord;social;;Koffie-inloop\n"
        "14-03-2019;a-noord;social;new-1;Koffie-inloop\n"
        "14-03-2019;a-noord;social;;Koffie-inloop\n"
    ).encode()
    result = import_registrations(data, organisation_slug="a")
    coffee = Session.unscoped.get(title="Koffie-inloop")
    assert coffee.anonymous_count == 3  # set to the file's count, not added
    assert Attendance.unscoped.filter(session=coffee).count() == 1
    assert Participant.unscoped.get().home_location == tenants.a.other_location
    assert (result.sessions_created, result.sessions_updated, result.sessions_unchanged) == (
        1,
        1,
        0,
    )
    assert (result.attendances_added, result.participants_created) == (2, 1)
    assert result.anonymous_visits == 3
    again = import_registrations(data, organisation_slug="a")
    assert (again.sessions_unchanged, again.attendances_added) == (2, 0)


# -- the streaming reader answers as read_rows does ------------------------------------------

PIECES = st.sampled_from(
    [
        b"a",
        b";",
        b",",
        b"\r",
        b"\n",
        b"\r\n",
        b'"',
        b" ",
        b"\x00",
        b"\xef\xbb\xbf",
        "é".encode(),
        "€".encode(),
        b"\xff",
        b"\xc3",
        b"date;location",
    ]
)


def _answer(call):
    try:
        header, rows = call()
        return ("rows", header, list(rows))
    except ImportFailed as failure:
        return ("refused", failure.errors)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(pieces=st.lists(PIECES, max_size=40), chunk=st.sampled_from([1, 2, 3, 7, 65_536]))
def test_stream_rows_answers_as_read_rows(pieces, chunk):
    data = b"".join(pieces)
    expected = _answer(lambda: read_rows(data))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_import, "READ_CHUNK_BYTES", chunk)
        assert _answer(lambda: stream_rows(io.BytesIO(data))) == expected


def test_stream_rows_reports_a_field_over_the_limit_as_read_rows(settings):
    data = HEADER.encode() + b'2019-03-01;a-noord;social;"' + b"x" * 140_000 + b"\n"
    expected = _answer(lambda: read_rows(data))
    assert expected[0] == "refused"
    assert _answer(lambda: stream_rows(io.BytesIO(data))) == expected
