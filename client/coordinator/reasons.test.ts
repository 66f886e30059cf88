import { describe, expect, it } from "vitest";
import type { Labels } from "../lib/labels";
import { reasonText } from "./reasons";
import { en } from "./strings/en";
import { pt } from "./strings/pt";

const labels: Labels = {
  variable: (v) => ({ genero: "Gênero", pais: "País", "motivos.costo": "Motivos — Custo" })[v] ?? v,
  category: (v, c) =>
    c === null ? "Sem resposta" : v === "motivos.costo" ? (c === "yes" ? "Sim" : "Não") : `«${c}»`,
};
const history = [{ number: 1, publishedOn: "2026-05" }];
const cover = {
  why: "cover",
  protects: { "motivos.costo": "yes", genero: "otro", pais: "*" },
  release: 0,
} as const;

describe("why a cell is hidden, in words", () => {
  it("names the count a cover protects by the labels the tables use, not ids and codes", () => {
    const text = reasonText(pt.reasons, "pt", cover, 5, history, labels);
    expect(text).toBe(
      "Oculta porque, se fosse mostrada, permitiria deduzir Motivos — Custo: Sim, Gênero: «otro» a partir da publicação 1 (maio de 2026).",
    );
    expect(text).not.toMatch(/motivos\.costo|yes| = /);
  });

  it("contracts Portuguese prepositions with the publication's article", () => {
    const since = { why: "changed", since: 0 } as const;
    expect(reasonText(pt.reasons, "pt", since, 5, history)).toContain("desde a publicação 1");
    expect(reasonText(pt.reasons, "pt", { ...cover, release: 3 }, 5, [])).toBe(
      "Oculta porque, se fosse mostrada, permitiria deduzir motivos.costo = yes, genero = otro.",
    );
    const earlier = reasonText(pt.reasons, "pt", { ...cover, release: 0 }, 5, [undefined as never]);
    expect(earlier).toContain("a partir da publicação anterior");
    expect(earlier).not.toContain("a partir de a");
  });

  it("keeps codes where there are no labels (a feedback channel)", () => {
    expect(reasonText(en.reasons, "en", cover, 5, history)).toBe(
      "Hidden because, shown, it would let someone work out motivos.costo = yes, genero = otro from publication 1 (May 2026).",
    );
  });
});
