"""Search-as-you-type over households: by name, pinyin, 户编号, ID number or phone.

The GUI's household list filters on every keystroke, so a query has to answer in a few
milliseconds over a whole township's register (10,000 households, 35,000 people) without
touching the database. `SearchIndex` holds, per household, keys computed once:

- each member's name, lower-cased and without spaces;
- the name's pinyin initials (张三丰 -> ``zsf``) and full pinyin without tones or
  separators (``zhangsanfeng``), from pypinyin, computed once per distinct name because
  names repeat a great deal in a village. A name is said as people say it, which is not
  always a character's common reading: 覃 is Qín as a surname (Tán in the dictionary's
  first place), 曾 Zēng, 单 Shàn, 仇 Qiú, 区 Ōu, 解 Xiè, 查 Zhā, 朴 Piáo, 盖 Gě, 尉迟
  Yùchí, 万俟 Mòqí. So besides pypinyin's phrase-aware reading every other reading of
  each character is indexed too (one character at a time, and the first two together
  for two-character surnames), bounded by _MAX_READINGS per name;
- the member's ID number (lower-cased, so a typed ``x`` finds the check character X);
- the household's 户编号 and the digits of its phone number.

What matches (the query is trimmed, lower-cased, and its spaces are ignored):

- a name containing the query;
- pinyin initials or full pinyin containing the query (``zsf``, ``sf``, ``zhangs``,
  ``zhang san feng``) when it has a Latin letter; ``v`` or ``ü`` stands for ü, as
  pypinyin writes 吕 ``lv``, and apostrophes between syllables (``xi'an``) are ignored;
- a 户编号 containing the query (so its last digits are enough: ``0017``);
- an ID number containing the query, when it has at least 4 characters and a digit;
- a phone number containing the query's digits, when they are at least 4 (spaces,
  dashes and ``+`` are ignored).

Shorter number fragments would match nearly every ID number and phone.

Ranking, best first. A household ranks by its best-matching key:

1. exact name; 2. name prefix; 3. pinyin-initials prefix; 4. full-pinyin prefix;
5. name substring; 6. pinyin substring (initials or full);
7. 户编号 substring; 8. ID-number substring; 9. phone substring (a query of digits
   is most likely a 户编号, so 户编号 matches come first among the number matches).

Within one rank, a match on a present member beats one on a member who has left
(died, moved, married out, split off), and the head of household beats other members;
household fields (户编号, phone) count as the present head's. Remaining ties go by 户编号,
then by household id, so the order is fully deterministic. An empty query lists every
household in 户编号 order.

How it is fast: every kind of key (names, initials, full pinyin, ID numbers; 户编号,
phone) is joined into one string per member role, households in 户编号 order, keys
separated by NUL. A query is a few plain substring searches, which run in C, with needles
built from the query: NUL + query + NUL for an exact key, NUL + query for a prefix, the
query alone for a substring. A column with few matches is walked hit by hit (skipping the
rest of each matching household); one where many households match is tested household by
household, which is then cheaper, so even a one-letter query stays fast. Scanning rank by
rank and role by role yields households already in display order, and a search with a
limit stops as soon as it has enough. `update` and `remove` recompute one household's keys
(pypinyin runs only for names the index has not seen) and mark the joined strings stale;
they are re-joined, which needs no pypinyin, on the next search.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, filterfalse, pairwise

from pypinyin import Style, lazy_pinyin, pinyin

from povdesk.codes import Presence, Relation
from povdesk.models import HouseholdData, MemberData

__all__ = ["MIN_NUMBER_FRAGMENT", "SearchIndex"]

# Shortest ID-number or phone fragment that is searched: three digits occur somewhere
# in most 18-character ID numbers, so shorter fragments would list every household.
MIN_NUMBER_FRAGMENT = 4

# Surrounds every key in a column. Removed from keys and queries, so a needle can never
# run from one key into the next (or into the next household), and SEP + query + SEP
# can only be a whole key.
_SEP = "\x00"

# Plain strings, compared for every member: an enum member's .value is a descriptor call.
_PRESENT = Presence.PRESENT.value
_HEAD = Relation.HEAD.value

# Member roles, best first: +2 when the member has left the household, +1 when not the
# head. Presence outranks headship, so a former head who died ranks after the present
# members. Household-level keys (户编号, phone) have only role 0.
_ROLE_COUNT = 4

# Member key kinds; each has one column per role, at kind * _ROLE_COUNT + role.
_NAME, _INITIALS, _FULL, _ID = range(4)
_MEMBER_COLUMNS = 4 * _ROLE_COUNT

# A column where more than 1 in _DENSE households may match is tested household by
# household (about 40 ns each) rather than walked hit by hit (about 400 ns a hit): measured
# on 10,000 households, the two cost the same at about 1 in 10.
_DENSE = 10

_NON_PINYIN = re.compile(r"[^a-z0-9]+")
_NON_DIGIT = re.compile(r"[^0-9]+")
# Marks the runs pypinyin cannot read (Latin letters, digits, the "·" in 阿依古丽·买买提),
# so they are kept whole in the initials instead of being cut to their first letter.
_FOREIGN = "\x01"


# Readings indexed per name at most: a name of three polyphonic characters would
# otherwise make dozens (那 alone has five), for readings nobody uses together.
_MAX_READINGS = 16
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _mark_foreign(run: str) -> str:
    return _FOREIGN + run


@lru_cache(maxsize=8192)
def _readings(char: str) -> tuple[str, ...]:
    """Every reading of one character, toneless, as typed (ü as v)."""
    found = pinyin(char, style=Style.NORMAL, heteronym=True, v_to_u=False)
    out: dict[str, None] = {}
    for reading in found[0] if found else ():
        syllable = _NON_PINYIN.sub("", reading.lower().replace("ü", "v"))
        if syllable:
            out.setdefault(syllable, None)
    return tuple(out)


def _spellings(name: str) -> list[list[str]]:
    """The name as syllables, each a list of readings, best first. `lazy_pinyin` gives
    the first (phrase-aware, one per character); the characters' other readings follow.
    Runs pypinyin cannot read (Latin letters, digits, the "·" in 阿依古丽·买买提) are one
    slot, marked _FOREIGN: kept whole in the initials rather than cut to a letter."""
    slots: list[list[str]] = []
    hans = _HAN.findall(name)
    tokens = lazy_pinyin(name, style=Style.NORMAL, errors=_mark_foreign)
    chinese = [t for t in tokens if not t.startswith(_FOREIGN)]
    aligned = len(chinese) == len(hans)  # else: the first reading only, as before
    han = iter(hans)
    for token in tokens:
        if token.startswith(_FOREIGN):
            slots.append([_FOREIGN + _NON_PINYIN.sub("", token[1:].lower())])
            continue
        first = _NON_PINYIN.sub("", token.lower())
        others = [r for r in _readings(next(han)) if r != first] if aligned else []
        slots.append([first, *others])
    return slots


def _variants(slots: list[list[str]]) -> list[list[str]]:
    """The best reading of every slot; then each slot's other readings one at a time
    (a surname's reading, a polyphonic given name); then the first two slots' readings
    together (尉迟 Yùchí, 万俟 Mòqí). At most _MAX_READINGS."""
    best = [slot[0] for slot in slots]
    out = [best]
    for i, slot in enumerate(slots):
        out += [[*best[:i], alt, *best[i + 1 :]] for alt in slot[1:]]
    if len(slots) >= 3 and len(slots[0]) > 1 and len(slots[1]) > 1:  # surname + given name
        out += [[a, b, *best[2:]] for a in slots[0][1:] for b in slots[1][1:]]
    return out[:_MAX_READINGS]


def _pinyin_keys(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(initials, full pinyin) of a name in every reading indexed, the best first; lower-
    case ASCII letters and digits only, ü as ``v`` (吕 -> ``lv``) as input methods type
    it."""
    initials: dict[str, None] = {}
    full: dict[str, None] = {}
    for syllables in _variants(_spellings(name)):
        initials.setdefault(
            "".join(s[1:] if s.startswith(_FOREIGN) else s[:1] for s in syllables), None
        )
        full.setdefault("".join(s.lstrip(_FOREIGN) for s in syllables), None)
    return tuple(initials), tuple(full)


def _compact(text: str) -> str:
    """Lower-case, without any whitespace (the full-width space too) or separator."""
    return "".join(text.lower().split()).replace(_SEP, "")


def _part(keys: Iterable[str]) -> str:
    """A household's part of a column: its non-empty keys, each between separators."""
    joined = _SEP.join(k for k in keys if k)
    return _SEP + joined + _SEP if joined else ""


@dataclass(frozen=True, slots=True)
class _Entry:
    """One household's keys, already cut into its part of every column."""

    id: str
    number: str  # as shown, for the 户编号 order
    members: tuple[str, ...]  # one part per member column
    number_part: str
    phone_part: str


class _Column:
    """One part per household, in 户编号 order, joined into one string."""

    __slots__ = ("blob", "parts", "starts")

    def __init__(self, parts: list[str] | _Packed, *, keep: bool = True) -> None:
        """`keep`: the parts are kept beside the joined string, for a fast walk over every
        household when a query matches many. Kept for the name and pinyin columns, whose
        parts repeat and are shared; the ID-number, 户编号 and phone columns, unique to each
        household and searched by fragments that rarely match many, cut theirs out of the
        joined string when asked (a township's 100,000 households: 35 MB less)."""
        # starts[i] is where household i's part begins, and starts[-1] the end. A hit's
        # household is the last one starting at or before it: households without keys
        # have empty parts, start where the next one does, and bisect_right skips them.
        # An array of 4-byte numbers: a list of 100,000 int objects per column took 3.5 MB.
        if isinstance(parts, _Packed):
            self.blob, self.starts = parts.blob(), parts.starts
            self.parts: list[str] | None = None
            return
        self.blob = "".join(parts)
        self.starts = array("I", accumulate(map(len, parts), initial=0))
        self.parts = parts if keep else None

    def __len__(self) -> int:
        return len(self.starts) - 1

    def part(self, i: int) -> str:
        if self.parts is not None:
            return self.parts[i]
        return self.blob[self.starts[i] : self.starts[i + 1]]

    def positions(self, needle: str) -> list[int]:
        """Positions (in 户编号 order, ascending) of the households whose part has needle."""
        blob = self.blob
        count = blob.count(needle)
        if not count:
            return []
        starts = self.starts
        if count * _DENSE > len(self):
            if self.parts is not None:
                return [i for i, part in enumerate(self.parts) if needle in part]
            return [i for i, (a, b) in enumerate(pairwise(starts)) if needle in blob[a:b]]
        found: list[int] = []
        at = blob.find(needle)
        while at >= 0:
            position = bisect_right(starts, at) - 1
            found.append(position)
            # The rest of this household cannot add anything: go on from the next one.
            at = blob.find(needle, starts[position + 1])
        return found


class _Packed:
    """The parts of a column that does not keep them (see `_Column`), joined a thousand
    at a time as they come: a township's 100,000 small strings are never all held at
    once (freed after the join, they left the process's memory full of holes)."""

    __slots__ = ("chunks", "pending", "starts")
    CHUNK = 1024

    def __init__(self) -> None:
        self.chunks: list[str] = []
        self.pending: list[str] = []
        self.starts = array("I", [0])

    def append(self, part: str) -> None:
        self.pending.append(part)
        self.starts.append(self.starts[-1] + len(part))
        if len(self.pending) >= self.CHUNK:
            self.chunks.append("".join(self.pending))
            self.pending = []

    def blob(self) -> str:
        return "".join([*self.chunks, *self.pending])

    def parts(self) -> list[str]:
        blob = self.blob()
        return [blob[a:b] for a, b in pairwise(self.starts)]


@dataclass(frozen=True, slots=True)
class _View:
    """The joined columns, valid until the next update or remove."""

    order: list[str]  # household ids in 户编号 order; positions index this
    shown: list[str]  # their 户编号 as shown (the order's key)
    members: list[_Column]  # kind * _ROLE_COUNT + role
    numbers: _Column
    phones: _Column


# One member as the index reads it: name, ID number, presence code, relation code.
Person = tuple[str, str, str, str]

# One rank: per role, best first, the columns to search and the needle to search for.
_Rank = tuple[list[list[_Column]], str]


class SearchIndex:
    """Households searchable by name, pinyin, 户编号, ID number or phone.

    Build it with `SearchIndex.build(pairs)` from (household, members) pairs, for example
    ``SearchIndex.build((f.household, f.members) for f in store.households.files(
    parts=["members"]))``; members are everyone ever in the household, as the store keeps
    them. For a whole township, `SearchIndex.build_keys` takes plain values from one lean
    query instead (`Households.search_keys`). Keep it current with `update` and `remove`
    after an edit. Not thread-safe: use it from one thread (the GUI's), or build it in a
    worker and hand it over.
    """

    def __init__(self) -> None:
        # None after `prepare`: the joined columns hold the same keys, and a township's
        # entries cost 30 MB more; they are cut out of the columns again on an edit.
        self._entries: dict[str, _Entry] | None = {}
        # pypinyin is the slow part of building, and names repeat: each distinct name is
        # converted once per index, also across updates.
        self._pinyin: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._parts: dict[str, str] = {}
        self._view: _View | None = None

    @classmethod
    def build(cls, entries: Iterable[tuple[HouseholdData, Sequence[MemberData]]]) -> SearchIndex:
        index = cls()
        for household, members in entries:
            index.update(household, members)
        # Join now, so a build done in a worker leaves nothing slow for the first keystroke.
        index.prepare()
        return index

    @classmethod
    def build_keys(cls, keys: Iterable[tuple[str, str, str, Iterable[Person]]]) -> SearchIndex:
        """Built straight from plain values (household id, 户编号, phone, members as for
        `add`), best given in 户编号 order: the columns are filled as the households come,
        without first keeping an entry per household (30 MB for a township)."""
        index = cls()
        ids: list[str] = []
        shown: list[str] = []
        members: list[list[str] | _Packed] = [
            [] if _kept(c) else _Packed() for c in range(_MEMBER_COLUMNS)
        ]
        numbers, phones = _Packed(), _Packed()
        for hid, number, phone, people in keys:
            e = index._entry(hid, number, phone, people)
            ids.append(e.id)
            shown.append(e.number)
            for column, part in zip(members, e.members, strict=True):
                column.append(part)
            numbers.append(e.number_part)
            phones.append(e.phone_part)
        order = list(zip(shown, ids, strict=True))
        unordered = any(a >= b for a, b in pairwise(order))
        if unordered or len(set(ids)) != len(ids):
            # Not in 户编号 order, or a household twice: the general way (the last one
            # given wins, as with `add`).
            cols = [c if isinstance(c, list) else c.parts() for c in members]
            number_parts, phone_parts = numbers.parts(), phones.parts()
            index._entries = {
                hid: _Entry(
                    hid, shown[i], tuple(c[i] for c in cols), number_parts[i], phone_parts[i]
                )
                for i, hid in enumerate(ids)
            }
            index.prepare()
            return index
        index._view = _View(
            order=ids,
            shown=shown,
            members=[_Column(column, keep=_kept(c)) for c, column in enumerate(members)],
            numbers=_Column(numbers, keep=False),
            phones=_Column(phones, keep=False),
        )
        index._parts = {}
        index._entries = None
        return index

    def prepare(self) -> None:
        """Join the columns now (an index filled by `update` in a worker thread, say),
        so that the first search does not pay for it."""
        self._current_view()
        self._parts = {}  # sharing matters for a bulk build; later updates are few
        self._entries = None

    def __len__(self) -> int:
        if self._entries is None and self._view is not None:
            return len(self._view.order)
        return len(self._all())

    def __contains__(self, household_id: object) -> bool:
        return household_id in self._all()

    def update(self, household: HouseholdData, members: Sequence[MemberData]) -> None:
        """Add a household, or replace everything the index knows about it."""
        people = [(m.name, m.id_number, m.presence, m.relation) for m in members]
        self.add(household.id, household.number, household.phone, people)

    def add(self, household_id: str, number: str, phone: str, people: Iterable[Person]) -> None:
        """`update` from plain values, each member as (name, ID number, presence code,
        relation code): what a lean query or an already loaded file gives."""
        self._all()[household_id] = self._entry(household_id, number, phone, people)
        self._view = None

    def remove(self, household_id: str) -> None:
        """Forget a household. Forgetting one the index never had is not an error, so the
        GUI can pass on every deletion without checking."""
        if self._all().pop(household_id, None) is not None:
            self._view = None

    def search(self, query: str, limit: int | None = None) -> list[str]:
        """Household ids matching `query`, best first (ranking: see the module docstring)."""
        if limit is not None and limit <= 0:
            return []
        view = self._current_view()
        q = _compact(query)
        if not q:
            return view.order[:limit]
        seen: set[int] = set()
        found: list[int] = []
        for columns_by_role, needle in _ranks(view, q):
            for columns in columns_by_role:
                if len(columns) == 1:
                    hits = columns[0].positions(needle)  # already in 户编号 order
                else:
                    hits = sorted(set().union(*(c.positions(needle) for c in columns)))
                # A household already listed under a better rank or role keeps its place.
                new = list(filterfalse(seen.__contains__, hits)) if seen else hits
                seen.update(new)
                found += new
                if limit is not None and len(found) >= limit:
                    return list(map(view.order.__getitem__, found[:limit]))
                if len(found) == len(view.order):  # everyone listed: nothing left to rank
                    return list(map(view.order.__getitem__, found))
        return list(map(view.order.__getitem__, found))

    def matched_member(self, household_id: str, number: str, query: str) -> str | None:
        """The name of the member a household was found through, when that is not its
        present head (the list says whom the row is for); None when the head, the
        household's own numbers or an ID number matched, or nothing did. `number` is the
        household's 户编号, to find it without an id-to-position table (3 MB more for a
        township, for the thirty rows on screen)."""
        view = self._current_view()
        q = _compact(query)
        if not q:
            return None
        start = bisect_left(view.shown, number.strip())
        end = bisect_right(view.shown, number.strip())
        where = [i for i in range(start, end) if view.order[i] == household_id]
        if not where:
            return None
        at = where[0]
        for columns_by_role, needle in _ranks(view, q):
            for role, columns in enumerate(columns_by_role):
                if not any(needle in c.part(at) for c in columns):
                    continue
                if role == 0 or columns[0] in (view.numbers, view.phones):
                    return None
                return self._member_named(view.members[_NAME * _ROLE_COUNT + role].part(at), needle)
        return None

    def _member_named(self, names_part: str, needle: str) -> str | None:
        """Which name of a household's part has `needle` in its name or pinyin keys."""
        for name in filter(None, names_part.split(_SEP)):
            keys = self._pinyin.get(name) or _pinyin_keys(name)
            if any(needle in _part(k) for k in ((name,), keys[0], keys[1])):
                return name
        return None  # an ID number matched: its member is not told apart here

    def _entry(self, hid: str, number: str, phone: str, people: Iterable[Person]) -> _Entry:
        keys: list[list[str]] = [[] for _ in range(_MEMBER_COLUMNS)]
        for name, id_number, presence, relation in people:
            role = (0 if presence == _PRESENT else 2) + (0 if relation == _HEAD else 1)
            name = _compact(name)
            if name:
                pinyin = self._pinyin.get(name)
                if pinyin is None:
                    pinyin = self._pinyin[name] = _pinyin_keys(name)
                keys[_NAME * _ROLE_COUNT + role].append(name)
                keys[_INITIALS * _ROLE_COUNT + role] += pinyin[0]
                keys[_FULL * _ROLE_COUNT + role] += pinyin[1]
            keys[_ID * _ROLE_COUNT + role].append(_compact(id_number))
        # Name and pinyin parts repeat a great deal (initials above all), and a township
        # has 100,000 households: equal parts share one string. ID numbers never repeat.
        parts = list(map(_part, keys))
        shared = self._parts.setdefault
        for c in range(_ID * _ROLE_COUNT):
            parts[c] = shared(parts[c], parts[c])
        return _Entry(
            id=hid,
            number=number.strip(),
            members=tuple(parts),
            number_part=_part([_compact(number)]),
            phone_part=_part([_NON_DIGIT.sub("", phone)]),
        )

    def _all(self) -> dict[str, _Entry]:
        """Every household's entry, cut out of the joined columns if `prepare` let go."""
        if self._entries is None:
            view = self._view
            assert view is not None  # prepare() let go of the entries only after joining
            self._entries = {
                hid: _Entry(
                    id=hid,
                    number=view.shown[i],
                    members=tuple(column.part(i) for column in view.members),
                    number_part=view.numbers.part(i),
                    phone_part=view.phones.part(i),
                )
                for i, hid in enumerate(view.order)
            }
        return self._entries

    def _current_view(self) -> _View:
        if self._view is None:
            entries = sorted(self._all().values(), key=lambda e: (e.number, e.id))
            self._view = _View(
                order=[e.id for e in entries],
                shown=[e.number for e in entries],
                members=[
                    _Column([e.members[c] for e in entries], keep=_kept(c))
                    for c in range(_MEMBER_COLUMNS)
                ],
                numbers=_Column([e.number_part for e in entries], keep=False),
                phones=_Column([e.phone_part for e in entries], keep=False),
            )
        return self._view


def _kept(column: int) -> bool:
    """Whether a member column keeps its parts (see `_Column`): all but ID numbers."""
    return column < _ID * _ROLE_COUNT


def _ranks(view: _View, q: str) -> Iterator[_Rank]:
    """The ranks best first, as a generator: a search that has reached its limit does not
    search the rest."""

    def by_role(*kinds: int) -> list[list[_Column]]:
        return [[view.members[k * _ROLE_COUNT + r] for k in kinds] for r in range(_ROLE_COUNT)]

    # Pinyin keys are ASCII letters and digits; input methods may put apostrophes between
    # syllables (xi'an), and users type ü as v.
    # Digits alone are searched as numbers: a name's digits match its name anyway.
    p = q.replace("ü", "v").replace("'", "")
    is_pinyin = p.isascii() and p.isalnum() and not p.isdigit()
    yield by_role(_NAME), _SEP + q + _SEP
    yield by_role(_NAME), _SEP + q
    # One letter: a full pinyin starts with it exactly when the initials do, and every
    # initial is also a letter of the full pinyin, so one column of each rank suffices.
    one_letter = len(p) == 1
    if is_pinyin:
        yield by_role(_INITIALS), _SEP + p
        if not one_letter:
            yield by_role(_FULL), _SEP + p
    yield by_role(_NAME), q
    if is_pinyin:
        yield (by_role(_FULL) if one_letter else by_role(_INITIALS, _FULL)), p
    yield [[view.numbers]], q
    # Every ID number a person would type a fragment of has digits; requiring one keeps
    # name and pinyin queries from scanning the largest columns for nothing.
    if len(q) >= MIN_NUMBER_FRAGMENT and q.isascii() and any(c.isdigit() for c in q):
        yield by_role(_ID), q
    # Phone numbers are written with spaces, dashes or +86: compare digits only.
    digits = q.replace("-", "").replace("+", "")
    if len(digits) >= MIN_NUMBER_FRAGMENT and digits.isascii() and digits.isdigit():
        yield [[view.phones]], digits
