"""How ``make test`` hands the tests out to its processes (tests/conftest.py): a file's tests go
together in chunks of tests in a row, so the fixtures the file shares are made once per chunk; an
``xdist_group`` stays whole."""

from __future__ import annotations

from tests.conftest import CHUNK_S, work_units


def test_a_files_tests_are_one_unit_and_a_group_stays_whole_across_files() -> None:
    collection = [
        "tests/a.py::one",
        "tests/a.py::two[mail@example]",  # an @ in the parameters names no group
        "tests/a.py::Three::four@shared",
        "tests/a.py::five",
        "tests/b.py::one",
        "tests/b.py::two@shared",
    ]
    assert work_units(collection, {}) == {
        "tests/a.py::one": "tests/a.py::chunk-0",
        "tests/a.py::two[mail@example]": "tests/a.py::chunk-0",
        "tests/a.py::Three::four@shared": "shared",
        "tests/a.py::five": "tests/a.py::chunk-0",
        "tests/b.py::one": "tests/b.py::chunk-0",
        "tests/b.py::two@shared": "shared",
    }


def test_a_long_file_is_cut_into_chunks_of_tests_in_a_row() -> None:
    tests = [f"tests/long.py::t{n}" for n in range(6)]
    seconds = dict(zip(tests, [0.6, 0.3, 0.3, 3.0, 0.1, 0.1], strict=True))
    units = work_units(tests, {test: share * CHUNK_S for test, share in seconds.items()})
    assert [units[test].rsplit("-", 1)[1] for test in tests] == ["0", "0", "1", "2", "3", "3"]
