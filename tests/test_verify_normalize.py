"""Sanitisers erase noise (addresses, ids, timestamps, durations, progress, temp paths) and only noise."""

from __future__ import annotations

import pytest

from nbrefactor.errors import NbrefactorError
from nbrefactor.verify.normalize import Normalizer, Sanitizer, make_normalizer, read_sanitize_file

NORMALIZE = make_normalizer()


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("<__main__.Thing object at 0x7f3a2b1c4d50>", "<__main__.Thing object at 0x7f11aa09be10>"),
        ("2026-11-26 10:41:07.123456", "2026-11-27 08:00:01.000001"),
        ("started 2024-01-02T03:04:05Z", "started 2025-06-07T08:09:10Z"),
        ("Thu Nov 26 10:41:07 2026", "Fri Nov 27 09:00:00 2026"),
        ("CPU times: user 12.4 ms, sys: 3.19 ms, total: 15.6 ms", "CPU times: user 9 ms, sys: 1 ms, total: 10 ms"),
        ("Wall time: 16.4 ms", "Wall time: 1.02 s"),
        ("took 0.125 s", "took 3 s"),
        ("42.1 µs ± 1.2 µs per loop", "39.9 µs ± 0.8 µs per loop"),
        ("scratch /tmp/tmpab12cd/file.csv", "scratch /tmp/tmpzz99xx/file.csv"),
        ("100%|##########| 100/100 [00:01<00:00, 97.3it/s]", "100%|##########| 100/100 [00:02<00:00, 45.0it/s]"),
        ("id 140234567890128", "id 140234567123456"),
        ("run 0f8fad5b-d9cb-469f-a165-70867728950e", "run 7c9e6679-7425-40de-944b-e07fc1f90ae7"),
        ('{"model_id": "1d2b9a6bd2b24a5f8e2c0e4a3f7e9b11"}', '{"model_id": "00aa9a6bd2b24a5f8e2c0e4a3f7e9b22"}'),
        ("/tmp/ipykernel_81/2.py:3: UserWarning: old\n  warn('old')", "/repo/pkg/helpers.py:12: UserWarning: old\n  warn('old')"),
        ("  0%|\r 50%|#####\r100%|##########|", "100%|##########|"),
        # statsmodels' summaries (statsmodels 0.9's example notebooks)
        ("Date:                Thu, 26 Nov 2026   Time:                        19:45:44",
         "Date:                Fri, 27 Nov 2026   Time:                        00:00:02"),
        ("INFO 19:45:03,120 fitted", "INFO 19:45:09,004 fitted"),
    ],
)
def test_noise_is_erased(first: str, second: str) -> None:
    assert first != second
    assert NORMALIZE(first) == NORMALIZE(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("dropped 104 pressure readings", "dropped 105 pressure readings"),
        ("accuracy 0.91", "accuracy 0.93"),
        ("P000 100 0.85", "P001 100 0.85"),
        ("count 123456789012345", "count 123456789012346"),  # not 16-byte aligned: data, not an id
        ("ratio 1:2:3", "ratio 1:2:4"),  # not a time of day
        ("version 1.19:45:44", "version 1.19:45:45"),
    ],
)
def test_data_is_kept(first: str, second: str) -> None:
    assert NORMALIZE(first) != NORMALIZE(second)


def test_custom_sanitizers_extend_or_replace_the_defaults() -> None:
    run_id = Sanitizer(r"run-[0-9a-f]{8}", "run-<id>", "run-ids")
    extended = make_normalizer([run_id])
    assert extended("run-0123abcd at 0x7f3a2b1c4d50") == "run-<id> at 0x<address>"
    only = make_normalizer([run_id], defaults=False)
    assert only("run-0123abcd at 0x7f3a2b1c4d50") == "run-<id> at 0x7f3a2b1c4d50"
    assert Normalizer((), object_ids=False)("x\r") == "x"


def test_nbval_sanitize_file(tmp_path) -> None:
    path = tmp_path / "sanitize.cfg"
    path.write_text("[regex1]\nregex: \\d{1,2}/\\d{1,2}/\\d{2,4}\nreplace: DATE-STAMP\n\n[drop]\nregex: secret=\\w+\n")
    sanitizers = read_sanitize_file(path)
    assert [s.name for s in sanitizers] == ["regex1", "drop"]
    assert make_normalizer(sanitizers)("on 12/31/2024 secret=abc") == "on DATE-STAMP "


@pytest.mark.parametrize("body", ["[bad]\nregex: (\n", "[empty]\nreplace: x\n", "not ini"])
def test_bad_sanitize_file_is_a_user_error(tmp_path, body: str) -> None:
    path = tmp_path / "sanitize.cfg"
    path.write_text(body)
    with pytest.raises(NbrefactorError):
        read_sanitize_file(path)
