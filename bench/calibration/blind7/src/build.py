import json, glob, importlib.util, os, csv
here = os.path.dirname(os.path.abspath(__file__))
bank = {}
with open('/work/notes/bank_questions_v7.tsv', encoding='utf-8') as f:
    for line in f:
        p = line.rstrip('\n').split('\t')
        if len(p) >= 6:
            bank[(p[0], p[1])] = (p[2], p[5])
rows = []
for fn in sorted(glob.glob(os.path.join(here, 'batch*.py'))):
    spec = importlib.util.spec_from_file_location(os.path.basename(fn)[:-3], fn)
    m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)
    rows.extend(m.A)
out = []
for i, r in enumerate(rows, 1):
    if r['k']:
        pos, q = bank[(r['k'], r['lang'])]
        assert pos == r['pos'], r
    else:
        q = r['q']; pos = r['pos']
    out.append({"id": f"c{i:03d}", "question": q, "question_key": r['k'], "position": pos,
                "lang": r['lang'], "answer": r['a'].strip(), "tier": r['t'], "case": r['c']})
d = os.path.dirname(here)
with open(os.path.join(d, 'answers.jsonl'), 'w', encoding='utf-8') as f:
    for o in out:
        f.write(json.dumps(o, ensure_ascii=False) + '\n')
with open(os.path.join(d, 'split.json'), 'w') as f:
    json.dump({"train": [], "test": [o['id'] for o in out]}, f, indent=1)
print(len(out))
