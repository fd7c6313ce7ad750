"""Byte ranges of a CSV file, for reading one large file in several tasks (blocksize=).

A range starts at a record start: the first line start at or after its nominal offset that is
not inside a quoted field. Quote parity decides, as segcore's reader itself splits its input
(an LF ends a record when an even number of quotes precede it; the reader refuses a quote
inside an unquoted field, so the parity is the truth for every file it accepts). One pass over
the file counts line ends and quotes, so each range also knows the file's line number of its
first line, and errors name the file's true lines. LF and CRLF line ends are cut; gzip and zstd
files, and files without any LF (classic Mac OS line ends), are read whole by one task.
"""
import os

from .._errors import InvalidArgumentError

_CHUNK = 1 << 22  # bytes read at a time by the counting pass


class Block:
    """One task's share of a file: bytes [begin, end), whose first line is line first_line of
    the file; header_end is where the file's first record (the header) ends."""
    __slots__ = ("path", "begin", "end", "first_line", "header_end", "header_lines", "whole")

    def __init__(self, path, begin, end, first_line, header_end, header_lines, whole):
        self.path, self.begin, self.end, self.first_line = path, begin, end, first_line
        self.header_end, self.header_lines, self.whole = header_end, header_lines, whole

    def __reduce__(self):
        return Block, (self.path, self.begin, self.end, self.first_line, self.header_end, self.header_lines,
                       self.whole)


def _compressed(f):
    head = f.read(4)
    f.seek(0)
    return head[:2] == b"\x1f\x8b" or head == b"\x28\xb5\x2f\xfd"


class _Scanner:
    """Reads a file forward, counting line ends and quotes up to a position, and finding the
    next record start."""

    def __init__(self, f):
        self.f, self.pos, self.lines, self.quotes = f, 0, 0, 0

    def advance(self, to):
        self.f.seek(self.pos)
        while self.pos < to:
            data = self.f.read(min(_CHUNK, to - self.pos))
            if not data:
                break
            self.lines += data.count(b"\n")
            self.quotes += data.count(b'"')
            self.pos += len(data)

    def next_record(self):
        """Moves to the first record start at or after the position plus one byte before it
        (a line end just before the position counts); None at the end of the file."""
        self.f.seek(self.pos)
        while True:
            data = self.f.read(1 << 16)
            if not data:
                return None
            at = 0
            while at < len(data):
                if self.quotes % 2:
                    q = data.find(b'"', at)
                    if q < 0:
                        break
                    self.quotes += 1
                    self.lines += data.count(b"\n", at, q)
                    at = q + 1
                    continue
                q, n = data.find(b'"', at), data.find(b"\n", at)
                if n >= 0 and (q < 0 or n < q):
                    self.lines += data.count(b"\n", at, n + 1)
                    self.pos += n + 1
                    return self.pos
                if q < 0:
                    break
                self.quotes += 1
                self.lines += data.count(b"\n", at, q)
                at = q + 1
            self.lines += data.count(b"\n", at)
            self.pos += len(data)


def plan(path, blocksize):
    """The file's blocks in order; one block (whole=True) when blocksize is None, the file is at
    most blocksize bytes, compressed, or has no LF (or is no regular file)."""
    whole = [Block(path, 0, None, 1, 0, 0, True)]
    if blocksize is None or not os.path.isfile(path):  # the reader names a missing file
        return whole
    size = os.path.getsize(path)
    whole = [Block(path, 0, size, 1, 0, 0, True)]
    if size <= blocksize:
        return whole
    with open(path, "rb") as f:
        if _compressed(f):
            return whole
        scan = _Scanner(f)
        header_end = scan.next_record()
        if header_end is None:  # no LF at all
            return whole
        header_lines = scan.lines
        starts = [(0, 1)]
        cut = blocksize
        while cut < size:
            scan.advance(cut - 1)  # a line end just before the cut: the record starts at the cut
            start = scan.next_record()
            if start is None or start >= size:
                break
            if start > starts[-1][0]:
                starts.append((start, scan.lines + 1))
            cut = (start // blocksize + 1) * blocksize  # the next multiple past the start
    ends = [s for s, _ in starts[1:]] + [size]
    return [Block(path, s, e, line, header_end, header_lines, False) for (s, line), e in zip(starts, ends)]


def check_blocksize(blocksize, where):
    if blocksize is None:
        return None
    if isinstance(blocksize, str):
        units = {"kb": 10**3, "mb": 10**6, "gb": 10**9, "kib": 2**10, "mib": 2**20, "gib": 2**30, "b": 1}
        text = blocksize.strip().lower().replace(" ", "")
        for unit in sorted(units, key=len, reverse=True):
            if text.endswith(unit) and text[:-len(unit)].replace(".", "", 1).isdigit():
                blocksize = int(float(text[:-len(unit)]) * units[unit])
                break
        else:
            raise InvalidArgumentError(f"{where}: blocksize is {blocksize!r}; use bytes (an integer) or a size "
                                       f"such as '64MiB'")
    if isinstance(blocksize, bool) or not isinstance(blocksize, int) or blocksize < 1:
        raise InvalidArgumentError(f"{where}: blocksize is {blocksize!r}; use None or 1 byte or more")
    return blocksize
