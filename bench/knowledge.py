#!/usr/bin/env python3
"""Knowledge-base quality and speed against the platform of bin/up (through the gateway); driven by bench/knowledge.

quality: a generated corpus with known answers -- queries only findable by keyword (part numbers of one series
         in otherwise identical maintenance records), only by meaning (synonyms, no word in common with the answer), and by
         both -- recall@5 of vector, keyword and hybrid search side by side.
scale:   N chunks ingested (chunks/s, knowledge-service CPU per chunk), then query latency (p50/p95 of vector,
         keyword and hybrid search, measured at the client through the gateway).
Standard library only. Environment: URL, KEY (a workspace key), KS_PID (knowledge-service's pid), CHUNKS.
"""
import json
import os
import random
import re
import statistics
import sys
import time
import urllib.request

URL = os.environ["URL"]
KEY = os.environ["KEY"]
KS_PID = os.environ.get("KS_PID")
TICK = os.sysconf("SC_CLK_TCK")


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(URL + path, data=data, method=method,
                                 headers={"X-API-Key": KEY, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        text = r.read()
        return json.loads(text) if text else None


def cpu_seconds():
    if not KS_PID:
        return None
    with open(f"/proc/{KS_PID}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def wait_ready(kb, docs, timeout=7200):
    deadline = time.time() + timeout
    pending = set(docs)
    while pending and time.time() < deadline:
        page, seen = 1, {}
        while True:
            r = call("GET", f"/v1/knowledge-bases/{kb}/documents?limit=100&page={page}")
            for d in r["items"]:
                seen[d["id"]] = d
            if page * 100 >= r["pagination"]["total"]:
                break
            page += 1
        for doc in list(pending):
            status = seen.get(doc, {}).get("status")
            if status == "ready":
                pending.discard(doc)
            elif status == "failed":
                sys.exit(f"document {doc} failed: {seen[doc]}")
        if pending:
            time.sleep(1)
    if pending:
        sys.exit(f"{len(pending)} documents not ready after {timeout}s")


# --- the quality corpus ------------------------------------------------------------------------------------------

PROFESSIONS = [("attorney", "lawyer"), ("physician", "doctor"), ("chef", "cook"), ("aviator", "pilot"),
               ("educator", "teacher"), ("veterinarian", "animal medic"), ("carpenter", "woodworker"),
               ("accountant", "bookkeeper"), ("firefighter", "fireman"), ("plumber", "pipefitter")]
ACTIVITIES = [("commutes by bicycle", "rides bike into work"),
              ("collects antique timepieces", "owns old clocks"),
              ("grows tomatoes in a greenhouse", "cultivates vegetables indoors"),
              ("speaks fluent Japanese", "knows language spoken across Japan"),
              ("plays cello in an orchestra", "performs string music with symphony"),
              ("climbed Mount Everest", "reached highest summit on earth"),
              ("breeds racing pigeons", "raises competitive homing birds"),
              ("writes mystery novels", "authors detective fiction books")]
PROJECTS = ["Aldebaran", "Borealis", "Cassiopeia", "Draco", "Eridanus", "Fornax", "Gemini", "Hydra", "Indus",
            "Lacerta", "Lyra", "Mensa", "Norma", "Octans", "Pavo", "Pegasus", "Perseus", "Phoenix", "Pictor",
            "Pyxis", "Reticulum", "Sagitta", "Scutum", "Sextans", "Taurus", "Triangulum", "Tucana", "Vela",
            "Volans", "Vulpecula"]
CITIES = ["Lisbon", "Oslo", "Krakow", "Porto", "Ghent", "Tallinn", "Riga", "Vilnius", "Bergen", "Malmo",
          "Turku", "Aarhus", "Bremen", "Leipzig", "Graz", "Brno", "Ljubljana", "Zagreb", "Split", "Cork",
          "Galway", "Bilbao", "Seville", "Valencia", "Bologna", "Turin", "Lyon", "Nantes", "Lille", "Utrecht"]
FILLER = ["Quarterly planning notes: budgets were reviewed and the hiring plan was approved.",
          "The cafeteria menu rotates weekly between regional dishes and vegetarian options.",
          "Security reminder: badges must be visible at all times inside the building.",
          "The intranet migration finished on schedule; old links redirect for six months.",
          "Team offsite feedback was positive, with requests for more workshop time."]
WORDS = re.compile(r"[^\w]+")


def words(text):
    return {w for w in WORDS.split(text.lower()) if w}


def quality_corpus(rng):
    """(documents [(title, text)], queries [(query, title of the answer, class)])."""
    docs, queries = [], []
    # part numbers of one series: to an embedding model they all look alike, to full text each is its own word
    codes = [f"PN-{4700 + i}" for i in range(80)]
    rng.shuffle(codes)
    for i, code in enumerate(codes):
        title = f"maintenance-{i}"
        docs.append((title, f"Maintenance record. Component {code} was inspected during the routine check; the "
                            f"technician found normal wear and scheduled the next inspection as usual."))
        queries.append((f"{code}", title, "keyword-only"))
    for p, (prof_d, prof_q) in enumerate(PROFESSIONS):
        for a, (act_d, act_q) in enumerate(ACTIVITIES):
            title = f"profile-{p}-{a}"
            text = f"Personnel file updated quarterly. Our {prof_d} {act_d}."
            query = f"Which {prof_q} {act_q}?"
            shared = words(text) & words(query)
            assert not shared, f"{title} shares {shared} with its query"
            docs.append((title, text))
            queries.append((query, title, "meaning-only"))
    for i, project in enumerate(PROJECTS):
        city = CITIES[i]
        title = f"project-{i}"
        docs.append((title, f"Project {project} is run from the {city} office. Its launch is planned for "
                            f"{rng.choice(['March', 'June', 'September', 'November'])} and its budget is fixed."))
        queries.append((f"Where is project {project} run from?", title, "both"))
        queries.append((f"{project} launch office", title, "both"))
    for i in range(50):
        docs.append((f"filler-{i}", " ".join(rng.sample(FILLER, 3))))
    return docs, queries


def quality(rng):
    docs, queries = quality_corpus(rng)
    kb = call("POST", "/v1/knowledge-bases", {"name": f"bench-quality-{int(time.time())}"})["id"]
    ids = {}
    for title, text in docs:
        ids[title] = call("POST", f"/v1/knowledge-bases/{kb}/documents", {"title": title, "text": text})["id"]
    wait_ready(kb, ids.values())
    result = {}
    for mode in ("vector", "keyword", "hybrid"):
        per_class = {}
        for query, title, cls in queries:
            r = call("POST", f"/v1/knowledge-bases/{kb}/search", {"query": query, "top_k": 5, "mode": mode,
                                                                   "min_score": -1})
            hit = any(item["document"]["id"] == ids[title] for item in r["items"])
            per_class.setdefault(cls, []).append(hit)
        result[mode] = per_class
    classes = ["keyword-only", "meaning-only", "both"]
    print(f"## Retrieval quality: recall@5, {len(docs)} documents, {len(queries)} queries with one known answer")
    print()
    print("| mode | all | " + " | ".join(f"{c} ({len(result['vector'][c])})" for c in classes) + " |")
    print("|---|---|" + "---|" * len(classes))
    for mode, per_class in result.items():
        hits = [h for c in classes for h in per_class[c]]
        print(f"| {mode} | {sum(hits) / len(hits):.3f} | "
              + " | ".join(f"{sum(per_class[c]) / len(per_class[c]):.3f}" for c in classes) + " |")
    print()
    call("DELETE", f"/v1/knowledge-bases/{kb}")


# --- scale -------------------------------------------------------------------------------------------------------

VOCAB = ("system network storage backup policy access review budget contract vendor invoice release "
         "deployment incident report customer support ticket schedule meeting training safety audit "
         "warehouse shipment inventory forecast quality testing design research product market price "
         "license renewal server cluster database query latency capacity migration upgrade hardware").split()


def paragraph(rng):
    sentences = []
    for _ in range(rng.randint(3, 6)):
        sentences.append(" ".join(rng.choice(VOCAB) for _ in range(rng.randint(8, 16))).capitalize() + ".")
    return " ".join(sentences)


def scale(rng, chunks_wanted):
    chunk_size = 64
    kb = call("POST", "/v1/knowledge-bases", {"name": f"bench-scale-{int(time.time())}",
                                              "chunking": {"size": chunk_size, "overlap": 0}})["id"]
    docs, chars_per_doc = [], 150_000
    started, cpu0 = time.time(), cpu_seconds()
    # about one chunk per 64 tokens (~330 characters of this text)
    n_docs = max(1, round(chunks_wanted / (chars_per_doc / 330)))
    for i in range(n_docs):
        text, parts = [], 0
        while parts < chars_per_doc:
            p = paragraph(rng)
            text.append(p)
            parts += len(p) + 2
        docs.append(call("POST", f"/v1/knowledge-bases/{kb}/documents",
                         {"title": f"scale-{i}", "text": "\n\n".join(text)})["id"])
    wait_ready(kb, docs)
    elapsed, cpu1 = time.time() - started, cpu_seconds()
    total = call("GET", f"/v1/knowledge-bases/{kb}")["chunk_count"]
    print(f"## Ingestion and search at scale: {n_docs} documents, {total} chunks of {chunk_size} tokens")
    print()
    print(f"- ingestion: {elapsed:.1f} s wall, {total / elapsed:.1f} chunks/s"
          + ("" if cpu0 is None else f", knowledge-service CPU {cpu1 - cpu0:.1f} s = "
                                     f"{1000 * (cpu1 - cpu0) / total:.2f} ms CPU per chunk"))
    queries = [" ".join(rng.choice(VOCAB) for _ in range(6)) for _ in range(120)]
    print()
    print("| mode | queries | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    for mode in ("vector", "keyword", "hybrid"):
        call("POST", f"/v1/knowledge-bases/{kb}/search", {"query": "warm up", "top_k": 10, "mode": mode})
        times = []
        for q in queries:
            t = time.perf_counter()
            call("POST", f"/v1/knowledge-bases/{kb}/search", {"query": q, "top_k": 10, "mode": mode})
            times.append(1000 * (time.perf_counter() - t))
        times.sort()
        print(f"| {mode} | {len(times)} | {statistics.median(times):.1f} | {times[int(0.95 * len(times))]:.1f} | "
              f"{times[-1]:.1f} |")
    print()
    call("DELETE", f"/v1/knowledge-bases/{kb}")


if __name__ == "__main__":
    what = sys.argv[1:] or ["quality", "scale"]
    rng = random.Random(22)
    if "quality" in what:
        quality(rng)
    if "scale" in what:
        scale(rng, int(os.environ.get("CHUNKS", "20000")))
