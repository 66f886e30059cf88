// The validator (surveys/) writes its messages in English, for the server's answers, the CLI and
// the logs alike; the builder shows each in the workspace's language by matching it against the
// English templates of the catalogue (strings/builder/en.ts `checks`), whose {slots} capture what
// the message quotes. A message no template matches is shown as written.
import { fill } from "../lib/labels";
import { builderEn } from "./strings/builder/en";

type Checks = typeof builderEn.checks;

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const PATTERNS = (Object.entries(builderEn.checks) as [keyof Checks, string][]).map(
  ([key, template]) => {
    const parts = template.split(/\{(\w+)\}/);
    // split with a capture group alternates literal text and slot names.
    const source = parts.map((part, i) => (i % 2 === 0 ? literal(part) : `(?<${part}>.+?)`));
    return { key, pattern: new RegExp(`^${source.join("")}$`, "s") };
  },
);

/** `message` in the language of `checks`, or unchanged when it is none of the validator's. */
export function localMessage(message: string, checks: Checks): string {
  for (const { key, pattern } of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return fill(checks[key], { ...match.groups });
  }
  return message;
}
