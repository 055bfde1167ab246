#!/usr/bin/env python3
"""Writes a deterministic synthetic practice guide of N pages, for benchmarks.

About 20 % roles, 60 % terms, 20 % examples; 400-700 words each, 2-4 headings, a list,
5-15 wiki links, YAML front matter. With --hugo, also writes the same corpus as a Hugo
site (links as {{< ref >}} shortcodes) so both generators build the same text.

    python3 benches/generate.py N OUT_DIR [--hugo HUGO_DIR]
"""
import os
import random
import sys

WORDS = (
    "communauté pratique membre rôle coordinateur animateur partage savoir projet équipe "
    "réunion outil plateforme forum échange expérience soin patient santé infirmière médecin "
    "pharmacien réseau confiance apprentissage domaine engagement ressource document question "
    "réponse calendrier rencontre objectif négociation veille charte accueil formation "
    "soutien écoute discussion synthèse compte rendu sondage questionnaire liste diffusion"
).split()


def sentence(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def page_names(n):
    roles = max(1, n // 5)
    examples = max(1, n // 5)
    terms = max(1, n - roles - examples)
    names = [("roles", f"role-{i:05d}", "role") for i in range(roles)]
    names += [("glossaire", f"terme-{i:05d}", "term") for i in range(terms)]
    names += [("exemples", f"exemple-{i:05d}", "example") for i in range(examples)]
    return names


def body(rng, names, link):
    parts = []
    words = rng.randint(400, 700)
    headings = rng.randint(2, 4)
    links = rng.randint(5, 15)
    per_section = words // headings
    link_slots = sorted(rng.sample(range(words // 12), min(links, words // 12)))
    slot = 0
    for h in range(headings):
        parts.append(f"## {sentence(rng, 3)[:-1]} {h + 1}\n")
        written = 0
        paragraph = []
        while written < per_section:
            k = rng.randint(8, 16)
            text = sentence(rng, k)
            if link_slots and slot in link_slots:
                section, stem, _ = rng.choice(names)
                text = text[:-1] + " " + link(section, stem) + "."
            slot += 1
            paragraph.append(text)
            written += k
        parts.append(" ".join(paragraph) + "\n")
        if h == 0:
            parts.append("\n".join(f"- {sentence(rng, 5)}" for _ in range(4)) + "\n")
    return "\n".join(parts)


def front_matter(rng, title, kind, names, hugo):
    lines = ["---", f"title: \"{title}\""]
    if not hugo:
        lines.append(f"kind: {kind}")
    lines.append(f"summary: \"{sentence(rng, 12)}\"")
    if kind == "role" and not hugo:
        lines.append("tasks:")
        lines += [f"  - {sentence(rng, 6)}" for _ in range(5)]
    if kind == "example" and not hugo:
        roles = [s for (_, s, k) in names if k == "role"]
        lines.append("roles: [" + ", ".join(rng.sample(roles, min(2, len(roles)))) + "]")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    hugo = sys.argv[4] if len(sys.argv) > 4 and sys.argv[3] == "--hugo" else None
    names = page_names(n)
    write(os.path.join(out, "praxis.yaml"),
          "title: Guide synthétique\nbase_url: https://example.org/guide/\nglossary:\n  autolink: off\n")
    write(os.path.join(out, "content/_index.md"), "---\ntitle: Accueil\n---\n\nGuide de test.\n")
    for section, title in (("roles", "Rôles"), ("glossaire", "Glossaire"), ("exemples", "Exemples")):
        write(os.path.join(out, f"content/{section}/_index.md"), f"---\ntitle: {title}\n---\n\nSection.\n")
    if hugo:
        write(os.path.join(hugo, "hugo.toml"),
              "baseURL = 'https://example.org/guide/'\ntitle = 'Guide'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n")
        write(os.path.join(hugo, "layouts/_default/single.html"), "<html><body>{{ .Content }}</body></html>\n")
        write(os.path.join(hugo, "layouts/_default/list.html"), "<html><body>{{ .Content }}</body></html>\n")
    for i, (section, stem, kind) in enumerate(names):
        rng = random.Random(i)
        title = f"{kind.capitalize()} {stem.split('-')[1]}"
        text = front_matter(rng, title, kind, names, False)
        rng2 = random.Random(i)
        text += body(rng2, names, lambda s, st: f"[[{st}]]")
        write(os.path.join(out, f"content/{section}/{stem}.md"), text)
        if hugo:
            rng = random.Random(i)
            text = front_matter(rng, title, kind, names, True)
            rng2 = random.Random(i)
            text += body(rng2, names, lambda s, st: f"[{st}]({{{{< ref \"/{s}/{st}.md\" >}}}})")
            write(os.path.join(hugo, f"content/{section}/{stem}.md"), text)


if __name__ == "__main__":
    main()
