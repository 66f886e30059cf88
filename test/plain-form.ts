// A browser's view of a page of the form without JavaScript, written apart from the code that
// renders and reads it: which controls the page's form has, and the body a browser would post
// when a person ticks, types and presses a button (HTML's form submission algorithm, for the
// controls these pages use). Tests drive the form through it as a respondent would — by the
// words on screen, never by the tokens the server chose.

export interface Control {
  kind: "hidden" | "radio" | "text" | "textarea" | "select" | "button";
  name: string;
  value: string;
  checked: boolean;
  /**
   * Visible words: a choice's label, a typed field's label, a button's text; a button's
   * aria-label when it has one.
   */
  words: string;
  /** The nearest legend or heading before it: which option a "Sí"/"No" pair is about. */
  legend: string;
  /** A select's options: their values and words. */
  options?: { value: string; words: string }[];
}

const ENTITIES: Record<string, string> = {
  "&quot;": '"',
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&#x27;": "'",
  "&#39;": "'",
};

export function unescapeHtml(text: string): string {
  return text.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (entity) => ENTITIES[entity] ?? entity);
}

const stripTags = (html: string) => unescapeHtml(html.replace(/<[^>]*>/g, "")).trim();

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}(?:="([^"]*)")?(?=[\\s/>]|$)`).exec(tag);
  return match ? unescapeHtml(match[1] ?? "") : undefined;
}

/** The controls of the first form in the page, in document order. */
export function readForm(html: string): Control[] {
  const start = html.indexOf("<form");
  const end = html.indexOf("</form>", start);
  if (start === -1 || end === -1) throw new Error("the page has no form");
  const form = html.slice(start, end);
  const controls: Control[] = [];
  const labels = new Map(
    [...form.matchAll(/<label for="([^"]+)">([\s\S]*?)<\/label>/g)].map((m) => [
      m[1] ?? "",
      stripTags(m[2] ?? ""),
    ]),
  );
  const labelOf = (tag: string) => labels.get(attribute(tag, "id") ?? "") ?? "";
  let legend = "";
  const pattern =
    /<legend>([\s\S]*?)<\/legend>|<input\b[^>]*>|<textarea\b([^>]*)>([\s\S]*?)<\/textarea>|<button\b([^>]*)>([\s\S]*?)<\/button>|<select\b([^>]*)>([\s\S]*?)<\/select>/g;
  for (const match of form.matchAll(pattern)) {
    const [tag] = match;
    if (match[1] !== undefined) {
      legend = stripTags(match[1]);
      continue;
    }
    if (tag.startsWith("<input")) {
      const type = attribute(tag, "type") ?? "text";
      const name = attribute(tag, "name");
      if (!name) continue;
      // The choice's words follow its input inside the label.
      const after = form.slice((match.index ?? 0) + tag.length);
      const inLabel = after.slice(0, after.indexOf("</label>"));
      const words =
        type === "radio" ? (inLabel.includes("<label") ? "" : stripTags(inLabel)) : labelOf(tag);
      controls.push({
        kind: type === "hidden" ? "hidden" : type === "radio" ? "radio" : "text",
        name,
        value: attribute(tag, "value") ?? (type === "radio" ? "on" : ""),
        checked: attribute(tag, "checked") !== undefined,
        words,
        legend,
      });
    } else if (tag.startsWith("<textarea")) {
      const name = attribute(match[2] ?? "", "name");
      if (name) {
        const value = unescapeHtml(match[3] ?? "");
        const words = labelOf(`<textarea${match[2] ?? ""}>`);
        controls.push({ kind: "textarea", name, value, checked: false, words, legend });
      }
    } else if (tag.startsWith("<select")) {
      const attrs = match[6] ?? "";
      const name = attribute(attrs, "name");
      if (!name) continue;
      const options = [...(match[7] ?? "").matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/g)].map(
        (option) => ({
          value: attribute(option[1] ?? "", "value") ?? stripTags(option[2] ?? ""),
          words: stripTags(option[2] ?? ""),
          selected: attribute(option[1] ?? "", "selected") !== undefined,
        }),
      );
      // With none marked selected, a browser posts the first option.
      const value = (options.find((o) => o.selected) ?? options[0])?.value ?? "";
      const words = labelOf(`<select${attrs}>`);
      controls.push({ kind: "select", name, value, checked: false, words, legend, options });
    } else {
      const attrs = match[4] ?? "";
      controls.push({
        kind: "button",
        name: attribute(attrs, "name") ?? "",
        value: attribute(attrs, "value") ?? "",
        checked: false,
        words: attribute(attrs, "aria-label") ?? stripTags(match[5] ?? ""),
        legend,
      });
    }
  }
  return controls;
}

/**
 * The buttons outside the page's first form that post it (their `form` attribute names its id),
 * in document order: the top bar's languages.
 */
export function barButtons(html: string): Control[] {
  const id = /<form\b[^>]*\sid="([^"]+)"/.exec(html)?.[1];
  if (!id) return [];
  return [...html.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)]
    .filter((match) => attribute(match[1] ?? "", "form") === id)
    .map((match) => ({
      kind: "button" as const,
      name: attribute(match[1] ?? "", "name") ?? "",
      value: attribute(match[1] ?? "", "value") ?? "",
      checked: false,
      words: attribute(match[1] ?? "", "aria-label") ?? stripTags(match[2] ?? ""),
      legend: "",
    }));
}

export interface Fill {
  /** Ticks the choice with these words (in a "Sí"/"No" pair: `legend` names the option). */
  choose?: { words: string; legend?: string }[];
  /** Types into the page's one text field or text area. */
  type?: string;
  /** Types into the field with this name (the invitation code). */
  typeInto?: Record<string, string>;
  /** Types into the fields labelled with these words (a page of several questions). */
  typeAt?: Record<string, string>;
  /** Picks, in the select labelled with these words, the option with those words. */
  pick?: Record<string, string>;
  /** The words of the button pressed. */
  press: string;
}

/** The body a browser posts (application/x-www-form-urlencoded), in document order. */
export function submit(controls: Control[], fill: Fill): URLSearchParams {
  const state = controls.map((control) => ({ ...control }));
  for (const { words, legend } of fill.choose ?? []) {
    const target = state.find(
      (c) =>
        c.kind === "radio" && c.words === words && (legend === undefined || c.legend === legend),
    );
    if (!target) throw new Error(`no choice "${words}"${legend ? ` for "${legend}"` : ""}`);
    for (const c of state) if (c.kind === "radio" && c.name === target.name) c.checked = false;
    target.checked = true;
  }
  const typed = state.filter((c) => c.kind === "text" || c.kind === "textarea");
  if (fill.type !== undefined) {
    const field = typed.find((c) => fill.typeInto?.[c.name] === undefined);
    if (!field) throw new Error("no field to type into");
    field.value = fill.type;
  }
  for (const [words, value] of Object.entries(fill.typeAt ?? {})) {
    const field = typed.find((c) => c.words === words);
    if (!field) throw new Error(`no field labelled "${words}"`);
    field.value = value;
  }
  for (const [name, value] of Object.entries(fill.typeInto ?? {})) {
    const field = typed.find((c) => c.name === name);
    if (!field) throw new Error(`no field ${name}`);
    field.value = value;
  }
  for (const [label, words] of Object.entries(fill.pick ?? {})) {
    const field = state.find((c) => c.kind === "select" && c.words === label);
    const option = field?.options?.find((o) => o.words === words);
    if (!field || !option) throw new Error(`no option "${words}" in a select labelled "${label}"`);
    field.value = option.value;
  }
  const pressed = state.find((c) => c.kind === "button" && c.words === fill.press);
  if (!pressed) {
    const buttons = state.filter((c) => c.kind === "button").map((c) => c.words);
    throw new Error(`no button "${fill.press}" among ${JSON.stringify(buttons)}`);
  }
  const body = new URLSearchParams();
  for (const c of state) {
    if (c.kind === "button") {
      // A button without a name posts nothing of its own.
      if (c === pressed && c.name) body.append(c.name, c.value);
    } else if (c.kind !== "radio" || c.checked) {
      // A text area's line breaks are posted as CRLF.
      body.append(c.name, c.kind === "textarea" ? c.value.replace(/\r?\n/g, "\r\n") : c.value);
    }
  }
  return body;
}

/** The first form of the survey's own page, where the script's copy hides it in <noscript>. */
export function noscriptForm(html: string): string {
  const match = /<noscript>(<header[\s\S]*?)<\/noscript>/.exec(html);
  if (!match?.[1]) throw new Error("no form in <noscript>");
  return match[1];
}
