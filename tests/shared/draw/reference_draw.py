#!/usr/bin/env python3
"""An independent re-implementation of the fieldseal-draw/1 and fieldseal-draw/2 algorithms,
written from shared/draw/README.md only, to show the specification is enough to check a published
draw. (fieldseal-draw/2's "can the remaining slots still be filled" is decided here from scratch
for every candidate, by depth-first augmenting paths: slow, but a different method from the C++.)

usage: reference_draw.py PLAN.json SEED_HEX  -> prints [[uscc, [inspector ids...]], ...]

Canonical JSON: for plans holding only strings, integers, booleans, arrays and objects whose keys
are in the Basic Multilingual Plane, json.dumps(sort_keys=True, separators=(',', ':'),
ensure_ascii=False) is the RFC 8785 form."""
import hashlib
import json
import sys


def canonical(doc):
    return json.dumps(doc, sort_keys=True, separators=(',', ':'), ensure_ascii=False).encode('utf-8')


class Stream:
    def __init__(self, key):
        self.key, self.block, self.index = key, b'', 0

    def next64(self):
        if not self.block:
            self.block = hashlib.sha256(self.key + self.index.to_bytes(8, 'big')).digest()
            self.index += 1
        word, self.block = int.from_bytes(self.block[:8], 'big'), self.block[8:]
        return word

    def uniform(self, bound):
        limit = 2**64 - (2**64 % bound)
        while True:
            w = self.next64()
            if w < limit:
                return w % bound


def draw_prefix(items, count, stream):
    for i in range(count):
        j = i + stream.uniform(len(items) - i)
        items[i], items[j] = items[j], items[i]


def fillable(eligible, on_task, load, k, cap):
    """Can every task get k different inspectors (on_task[t] plus more from eligible[t]) with
    nobody above cap tasks? Greedy filling with augmenting paths (a b-matching)."""
    extra = [set() for _ in eligible]
    count = {}

    def used(r):
        return load.get(r, 0) + count.get(r, 0)

    def find(x, seen):
        for r in eligible[x]:
            if r in on_task[x] or r in extra[x] or r in seen:
                continue
            seen.add(r)
            if used(r) < cap:
                extra[x].add(r)
                count[r] = count.get(r, 0) + 1
                return True
            for y in range(len(eligible)):
                if r in extra[y] and find(y, seen):  # y found another one; it hands r to x
                    extra[y].discard(r)
                    extra[x].add(r)
                    return True
        return False

    for t in range(len(eligible)):
        for _ in range(k - len(on_task[t])):
            if not find(t, set()):
                return False
    return True


def assign_capped(pools, k, cap, stream):
    eligible = [[p['id'] for p in pool] for pool in pools]
    on_task = [[] for _ in pools]
    load = {}
    assert fillable(eligible, on_task, load, k, cap), 'refused: cannot be staffed'
    for t in range(len(pools)):
        for _ in range(k):
            candidates = []
            for p in eligible[t]:
                if p in on_task[t] or load.get(p, 0) >= cap:
                    continue
                trial_on, trial_load = [list(x) for x in on_task], dict(load)
                trial_on[t].append(p)
                trial_load[p] = trial_load.get(p, 0) + 1
                if fillable(eligible, trial_on, trial_load, k, cap):
                    candidates.append(p)
            chosen = candidates[stream.uniform(len(candidates))]
            on_task[t].append(chosen)
            load[chosen] = load.get(chosen, 0) + 1
    return on_task


def run(plan, seed_hex):
    seed = bytes.fromhex(seed_hex)
    if 'seed_commitment' in plan:
        assert hashlib.sha256(seed).hexdigest() == plan['seed_commitment']
    version = 2 if plan['format'] == 'fieldseal-draw-plan/2' else 1
    tag = b'fieldseal-draw/%d\x00' % version
    key = hashlib.sha256(tag + len(seed).to_bytes(4, 'big') + seed + canonical(plan)).digest()
    stream = Stream(key)
    orgs = sorted((o for o in plan['organisations']
                   if o['kind'] == plan['organisation_kind'] and o['district'] in plan['districts']),
                  key=lambda o: o['uscc'])
    sample = plan['sample']
    n = sample['size'] if 'size' in sample else (len(orgs) * round(sample['ratio'] * 10000) + 9999) // 10000
    k = plan.get('inspectors_per_task', 2)
    avoid = plan.get('avoidance', {})
    draw_prefix(orgs, n, stream)

    def eligible(org):
        excluded = set(avoid.get('previous_inspectors', {}).get(org['uscc'], []))
        excluded |= {c['inspector'] for c in avoid.get('conflicts', []) if c['uscc'] == org['uscc']}
        return sorted((p for p in plan['inspectors'] if p['id'] not in excluded and
                       (not avoid.get('same_district_only', False) or p['district'] == org['district'])),
                      key=lambda p: p['id'].encode('utf-8'))

    if version == 2:
        # Python sorts str by code point, which for UTF-8 is the same order as by bytes.
        assigned = assign_capped([eligible(org) for org in orgs[:n]], k, plan['max_tasks_per_inspector'], stream)
        return [[org['uscc'], ids] for org, ids in zip(orgs[:n], assigned)]
    tasks = []
    for org in orgs[:n]:
        pool = eligible(org)
        draw_prefix(pool, k, stream)
        tasks.append([org['uscc'], [p['id'] for p in pool[:k]]])
    return tasks


if __name__ == '__main__':
    with open(sys.argv[1], encoding='utf-8') as f:
        plan = json.load(f)
    print(json.dumps(run(plan, sys.argv[2]), ensure_ascii=False))
