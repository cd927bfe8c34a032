#!/usr/bin/env python3
"""An independent re-implementation of the fieldseal-draw/1 algorithm, written from
shared/draw/README.md only, to show the specification is enough to check a published draw.

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


def run(plan, seed_hex):
    seed = bytes.fromhex(seed_hex)
    if 'seed_commitment' in plan:
        assert hashlib.sha256(seed).hexdigest() == plan['seed_commitment']
    key = hashlib.sha256(b'fieldseal-draw/1\x00' + len(seed).to_bytes(4, 'big') + seed + canonical(plan)).digest()
    stream = Stream(key)
    orgs = sorted((o for o in plan['organisations']
                   if o['kind'] == plan['organisation_kind'] and o['district'] in plan['districts']),
                  key=lambda o: o['uscc'])
    sample = plan['sample']
    n = sample['size'] if 'size' in sample else (len(orgs) * round(sample['ratio'] * 10000) + 9999) // 10000
    k = plan.get('inspectors_per_task', 2)
    avoid = plan.get('avoidance', {})
    draw_prefix(orgs, n, stream)
    tasks = []
    for org in orgs[:n]:
        excluded = set(avoid.get('previous_inspectors', {}).get(org['uscc'], []))
        excluded |= {c['inspector'] for c in avoid.get('conflicts', []) if c['uscc'] == org['uscc']}
        pool = sorted((p for p in plan['inspectors'] if p['id'] not in excluded and
                       (not avoid.get('same_district_only', False) or p['district'] == org['district'])),
                      key=lambda p: p['id'].encode('utf-8'))
        draw_prefix(pool, k, stream)
        tasks.append([org['uscc'], [p['id'] for p in pool[:k]]])
    return tasks


if __name__ == '__main__':
    with open(sys.argv[1], encoding='utf-8') as f:
        plan = json.load(f)
    print(json.dumps(run(plan, sys.argv[2]), ensure_ascii=False))
