// A member key's safety words (client/lib/fingerprint.ts), in the language both people choose:
// the words differ between languages, so both must pick the same one.
import { useEffect, useId, useState } from "preact/hooks";
import { safetyWordsOf, WORD_LANGUAGES, type WordLanguage } from "./keys";
import { useStrings, workspaceLanguage } from "./strings";

// Each language named in itself, whatever the workspace speaks.
const NAMES = { en: "English", es: "Español", fr: "Français", pt: "Português" } satisfies Record<
  WordLanguage,
  string
>;

/** The workspace's language first: the one its member reads, and the likeliest both share. */
const preferred = (): WordLanguage => {
  const tag = workspaceLanguage();
  return (WORD_LANGUAGES as string[]).includes(tag) ? (tag as WordLanguage) : "en";
};

export function SafetyWords({ publicKey }: { publicKey: string }) {
  const id = useId();
  const [language, setLanguage] = useState<WordLanguage>(preferred);
  const [words, setWords] = useState<string[] | null>(null);
  const t = useStrings().words;

  useEffect(() => {
    let current = true;
    safetyWordsOf(publicKey, language).then((w) => current && setWords(w));
    return () => {
      current = false;
    };
  }, [publicKey, language]);

  return (
    <div class="safety-words">
      <ol class="words" lang={language} data-testid="safety-words">
        {(words ?? []).map((w, i) => (
          <li key={i}>{w}</li>
        ))}
      </ol>
      <label for={`${id}-lang`}>{t.language} </label>
      <select
        id={`${id}-lang`}
        value={language}
        onChange={(e) => setLanguage(e.currentTarget.value as WordLanguage)}
      >
        {WORD_LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
