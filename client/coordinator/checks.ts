// The validator (surveys/) and the XLSForm importer (client/lib/xlsform/) write their messages in
// English, for the server's answers, the CLI and the logs alike; the builder shows each in the
// workspace's language by matching it against the English templates of the catalogue
// (strings/builder/en.ts `checks`, `xlsformNotes`, `xlsformConstructs`), whose {slots} capture
// what the message quotes. A message no template matches is shown as written.
import { fill } from "../lib/labels";
import { builderEn } from "./strings/builder/en";

type Checks = typeof builderEn.checks;
type Notes = typeof builderEn.xlsformNotes;
type Constructs = typeof builderEn.xlsformConstructs;

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** One pattern per template, in catalogue order: the first that matches wins. */
function patternsOf<C extends Record<string, string>>(english: C) {
  return (Object.entries(english) as [keyof C, string][]).map(([key, template]) => {
    const parts = template.split(/\{(\w+)\}/);
    const named = new Set<string>();
    // split with a capture group alternates literal text and slot names; a slot met again
    // ("an end {what} with no open {what}") must quote the same text.
    const source = parts.map((part, i) => {
      if (i % 2 === 0) return literal(part);
      if (named.has(part)) return `\\k<${part}>`;
      named.add(part);
      return `(?<${part}>.+?)`;
    });
    return { key, pattern: new RegExp(`^${source.join("")}$`, "s") };
  });
}

const CHECKS = patternsOf(builderEn.checks);
const NOTES = patternsOf(builderEn.xlsformNotes);
const CONSTRUCTS = patternsOf(builderEn.xlsformConstructs);

/**
 * Import notes quote other notes in these slots ("{note}; the constraint is left out", "seems to
 * ask for {kind}", why an expression could not be read), translated in turn; every other slot is
 * the form's own (names, columns, expressions) and stays as written.
 */
const QUOTES_A_NOTE = new Set(["note", "guess", "kind", "reason"]);

function translate<K extends string>(
  patterns: { key: K; pattern: RegExp }[],
  message: string,
  local: Record<K, string>,
): string {
  for (const { key, pattern } of patterns) {
    const match = pattern.exec(message);
    if (!match) continue;
    const slots: Record<string, string> = { ...match.groups };
    for (const [name, value] of Object.entries(slots)) {
      if (QUOTES_A_NOTE.has(name)) slots[name] = translate(patterns, value, local);
    }
    return fill(local[key], slots);
  }
  return message;
}

/** `message` in the language of `checks`, or unchanged when it is none of the validator's. */
export function localMessage(message: string, checks: Checks): string {
  return translate(CHECKS, message, checks);
}

/** An import note in the language of `notes`, or unchanged when it is none of the importer's. */
export function localNote(message: string, notes: Notes): string {
  return translate(NOTES, message, notes);
}

/** What an import note is about, in the language of `constructs`, or unchanged. */
export function localConstruct(construct: string, constructs: Constructs): string {
  return translate(CONSTRUCTS, construct, constructs);
}
