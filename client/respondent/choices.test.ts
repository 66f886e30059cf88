import { describe, expect, it } from "vitest";
import type { ChoiceQuestion } from "../../surveys/schema";
import { toggled } from "./choices";

const documents: ChoiceQuestion = {
  id: "documents",
  type: "multi",
  label: { es: "¿Qué documentos tiene?" },
  options: [
    { id: "passport", label: { es: "Pasaporte" } },
    { id: "id_card", label: { es: "Cédula" } },
    { id: "none", label: { es: "Ninguno" }, exclusive: true },
    { id: "no_say", label: { es: "Prefiero no decir" }, exclusive: true },
  ],
};
const option = (id: string) => {
  const found = documents.options.find((o) => o.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe("ticking a box of a multi question", () => {
  it("keeps definition order whatever order the boxes are ticked in", () => {
    expect(toggled(documents, ["id_card"], option("passport"), true)).toEqual([
      "passport",
      "id_card",
    ]);
    expect(toggled(documents, ["passport", "id_card"], option("passport"), false)).toEqual([
      "id_card",
    ]);
  });

  it("leaves an exclusive option alone, and unticks exclusive ones when another is ticked", () => {
    expect(toggled(documents, ["passport", "id_card"], option("none"), true)).toEqual(["none"]);
    expect(toggled(documents, ["none"], option("no_say"), true)).toEqual(["no_say"]);
    expect(toggled(documents, ["none"], option("passport"), true)).toEqual(["passport"]);
    expect(toggled(documents, ["none"], option("none"), false)).toEqual([]);
  });
});
