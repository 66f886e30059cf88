// A member key's safety words (client/lib/fingerprint.ts), in the language both people choose:
// the words differ between languages, so both must pick the same one.
import { useEffect, useId, useState } from "preact/hooks";
import { safetyWordsOf, WORD_LANGUAGES, type WordLanguage } from "./keys";

export const WORDS_TEXT = {
  language: "Words in",
  names: { en: "English", es: "Español", fr: "Français", pt: "Português" } satisfies Record<
    WordLanguage,
    string
  >,
} as const;

const preferred = (): WordLanguage => {
  const tag = (typeof navigator === "undefined" ? "en" : navigator.language).slice(0, 2);
  return (WORD_LANGUAGES as string[]).includes(tag) ? (tag as WordLanguage) : "en";
};

export function SafetyWords({ publicKey }: { publicKey: string }) {
  const id = useId();
  const [language, setLanguage] = useState<WordLanguage>(preferred);
  const [words, setWords] = useState<string[] | null>(null);

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
      <label for={`${id}-lang`}>{WORDS_TEXT.language} </label>
      <select
        id={`${id}-lang`}
        value={language}
        onChange={(e) => setLanguage(e.currentTarget.value as WordLanguage)}
      >
        {WORD_LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {WORDS_TEXT.names[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
