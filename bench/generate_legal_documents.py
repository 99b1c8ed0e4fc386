"""Scale the real corpus to N legal documents by recombining its fields.

    .venv/bin/python bench/generate_legal_documents.py 100000 /tmp/legal-100k.jsonl

Numbers are made unique (a running counter), titles join the start of one real title to the end of
another, and issuing bodies, types, fields, signers and article excerpts are drawn from the corpus, so
the text has the shape and vocabulary of real documents. Deterministic for a given N (fixed seed).
"""

import datetime
import json
import random
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "documents" / "data" / "corpus.jsonl"


def main(count, output):
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    rng = random.Random(20261128)  # noqa: S311 - benchmark data, not security
    titles = [row["title"].split() for row in rows if row["title"]]
    bodies = sorted({row["issuing_body"] for row in rows if row["issuing_body"]})
    typed = [(row["type"], row["number"]) for row in rows if row["type"] and row["number"]]
    fields = sorted({field for row in rows for field in row["fields"]}) or ["Công nghệ thông tin"]
    texts = [row["text"] for row in rows if row["text"]]
    start = datetime.date(1995, 1, 1)
    with open(output, "w", encoding="utf-8") as handle:
        for index in range(count):
            doc_type, sample_number = rng.choice(typed)
            symbol = sample_number.split("/")[-1]
            issue = start + datetime.timedelta(days=rng.randrange(0, 11_300))
            effective = issue + datetime.timedelta(days=rng.choice([0, 10, 15, 45, 60, 180]))
            first, second = rng.choice(titles), rng.choice(titles)
            title = " ".join(first[: max(2, len(first) // 2)] + second[len(second) // 2 :])
            row = {
                "number": f"{index + 1}/{issue.year}/{symbol}",
                "type": doc_type,
                "title": title,
                "issuing_body": rng.choice(bodies),
                "signer": None,
                "issue_date": issue.isoformat(),
                "effective_date": effective.isoformat(),
                "expiry_date": None,
                "status": None,
                "fields": rng.sample(fields, k=min(len(fields), rng.choice([0, 1, 1, 2]))),
                "text": rng.choice(texts)[:2000],
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {count:,} documents to {output}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(int(sys.argv[1]), sys.argv[2])
